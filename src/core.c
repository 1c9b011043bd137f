// SPDX-License-Identifier: BSD-2-Clause
/*
 * Library-wide basics: error names, version, OSAL validation and the one
 * bounded register poll every module uses.
 */
#include <smmuv3/smmuv3.h>

#include "internal.h"

/* The codes (negated) in the order of their names below. */
static const uint8_t err_codes[] = {
	(uint8_t)-SMMUV3_OK,	   (uint8_t)-SMMUV3_EPERM,
	(uint8_t)-SMMUV3_ENOENT,   (uint8_t)-SMMUV3_EIO,
	(uint8_t)-SMMUV3_ENXIO,	   (uint8_t)-SMMUV3_E2BIG,
	(uint8_t)-SMMUV3_EAGAIN,   (uint8_t)-SMMUV3_ENOMEM,
	(uint8_t)-SMMUV3_EFAULT,   (uint8_t)-SMMUV3_EBUSY,
	(uint8_t)-SMMUV3_EEXIST,   (uint8_t)-SMMUV3_ENODEV,
	(uint8_t)-SMMUV3_EINVAL,   (uint8_t)-SMMUV3_ENOSPC,
	(uint8_t)-SMMUV3_ERANGE,   (uint8_t)-SMMUV3_ENOSYS,
	(uint8_t)-SMMUV3_EBADMSG,  (uint8_t)-SMMUV3_EOPNOTSUPP,
	(uint8_t)-SMMUV3_ETIMEDOUT,
};

/* One name per code above, then the name of any other value. */
static const char err_names[] = "success\0"
				"operation not permitted\0"
				"no such entry\0"
				"hardware error\0"
				"unsupported hardware\0"
				"too big for buffer\0"
				"temporarily full\0"
				"out of memory\0"
				"bad address\0"
				"busy\0"
				"already exists\0"
				"no such device\0"
				"invalid argument\0"
				"no space\0"
				"out of range\0"
				"operation not provided\0"
				"malformed input\0"
				"not supported\0"
				"timed out\0"
				"unknown error";

const char *smmuv3_strerror(int err)
{
	unsigned int i;

	for (i = 0; i < SMMUV3_ARRAY_SIZE(err_codes); i++)
		if (err == -(int)err_codes[i])
			break;
	return smmuv3_str_nth(err_names, i);
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
	int ret = 0;

	smmuv3_deadline_start(osal, &dl, timeout_ns);
	for (;;) {
		bool late = smmuv3_deadline_passed(osal, &dl);

		/* Read after checking the clock: the last read follows the deadline. */
		v = osal->ops->read32(osal->ctx, off);
		if ((v & mask) == want)
			break;
		if (late) {
			ret = SMMUV3_ETIMEDOUT;
			break;
		}
		osal->ops->delay_ns(osal->ctx, SMMUV3_POLL_DELAY_NS);
	}
	if (last)
		*last = v;
	return ret;
}
