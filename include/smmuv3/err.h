/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Error codes. Every fallible public function returns 0 or one of these
 * negative values (numerically equal to the Linux/POSIX errno of the same
 * name, so integrators can pass them through unchanged).
 */
#ifndef SMMUV3_ERR_H
#define SMMUV3_ERR_H

#include <smmuv3/types.h>

#define SMMUV3_OK 0
#define SMMUV3_EPERM (-1)      /* operation not permitted in this state */
#define SMMUV3_ENOENT (-2)     /* no such entry (unmapped address, no node) */
#define SMMUV3_EIO (-5)        /* hardware reported an error (CERROR, abort) */
#define SMMUV3_ENXIO (-6)      /* hardware lacks something the library needs */
#define SMMUV3_E2BIG (-7)      /* output buffer or batch too small */
#define SMMUV3_EAGAIN (-11)    /* resource temporarily full; retry */
#define SMMUV3_ENOMEM (-12)    /* allocation failed */
#define SMMUV3_EFAULT (-14)    /* bad address (translation, virt_to_phys) */
#define SMMUV3_EBUSY (-16)     /* already enabled / in use */
#define SMMUV3_EEXIST (-17)    /* already mapped / already present */
#define SMMUV3_ENODEV (-19)    /* no such device (firmware description) */
#define SMMUV3_EINVAL (-22)    /* invalid argument */
#define SMMUV3_ENOSPC (-28)    /* table or queue has no room */
#define SMMUV3_ERANGE (-34)    /* value outside the probed/architected range */
#define SMMUV3_ENOSYS (-38)    /* OSAL operation missing */
#define SMMUV3_EBADMSG (-74)   /* malformed input bytes (device tree, record) */
#define SMMUV3_EOPNOTSUPP (-95) /* feature not supported by this SMMU */
#define SMMUV3_ETIMEDOUT (-110) /* a deadline passed while polling hardware */

/**
 * smmuv3_strerror() - a short, constant, human-readable name for @err.
 * @err: 0 or a negative SMMUV3_E* value.
 * Return: a static string; "unknown error" for values not listed above.
 */
SMMUV3_API const char *smmuv3_strerror(int err);

#endif /* SMMUV3_ERR_H */
