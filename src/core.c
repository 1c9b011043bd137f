// SPDX-License-Identifier: BSD-2-Clause
/*
 * Library-wide basics: error names, version, OSAL validation and the one
 * bounded register poll every module uses.
 */
#include <smmuv3/smmuv3.h>

#include "internal.h"

const char *smmuv3_strerror(int err)
{
	switch (err) {
	case SMMUV3_OK: return "success";
	case SMMUV3_EPERM: return "operation not permitted";
	case SMMUV3_ENOENT: return "no such entry";
	case SMMUV3_EIO: return "hardware error";
	case SMMUV3_ENXIO: return "unsupported hardware";
	case SMMUV3_E2BIG: return "too big for buffer";
	case SMMUV3_EAGAIN: return "temporarily full";
	case SMMUV3_ENOMEM: return "out of memory";
	case SMMUV3_EFAULT: return "bad address";
	case SMMUV3_EBUSY: return "busy";
	case SMMUV3_EEXIST: return "already exists";
	case SMMUV3_ENODEV: return "no such device";
	case SMMUV3_EINVAL: return "invalid argument";
	case SMMUV3_ENOSPC: return "no space";
	case SMMUV3_ERANGE: return "out of range";
	case SMMUV3_ENOSYS: return "operation not provided";
	case SMMUV3_EBADMSG: return "malformed input";
	case SMMUV3_EOPNOTSUPP: return "not supported";
	case SMMUV3_ETIMEDOUT: return "timed out";
	default: return "unknown error";
	}
}

uint32_t smmuv3_version(void)
{
	return SMMUV3_VERSION;
}

int smmuv3_osal_validate(const struct smmuv3_osal *osal)
{
	const struct smmuv3_osal_ops *ops;

	if (!osal || !osal->ops)
		return SMMUV3_EINVAL;
	ops = osal->ops;
	if (ops->abi_version != SMMUV3_OSAL_ABI_VERSION)
		return SMMUV3_EINVAL;
	if (!ops->alloc || !ops->free || !ops->virt_to_phys || !ops->read32 ||
	    !ops->write32 || !ops->read64 || !ops->write64 || !ops->barrier ||
	    !ops->now_ns || !ops->delay_ns)
		return SMMUV3_ENOSYS;
	if (!ops->lock != !ops->unlock)
		return SMMUV3_ENOSYS;
	return 0;
}

int smmuv3_poll32(const struct smmuv3_osal *osal, uint32_t off, uint32_t mask,
		  uint32_t want, uint64_t timeout_ns, uint32_t *last)
{
	struct smmuv3_deadline dl;
	uint32_t v;

	smmuv3_deadline_start(osal, &dl, timeout_ns);
	for (;;) {
		bool late = smmuv3_deadline_passed(osal, &dl);

		/* Read after checking the clock: the last read follows the deadline. */
		v = osal->ops->read32(osal->ctx, off);
		if ((v & mask) == want)
			break;
		if (late) {
			if (last)
				*last = v;
			return SMMUV3_ETIMEDOUT;
		}
		osal->ops->delay_ns(osal->ctx, SMMUV3_POLL_DELAY_NS);
	}
	if (last)
		*last = v;
	return 0;
}
