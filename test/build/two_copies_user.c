// SPDX-License-Identifier: BSD-2-Clause
/*
 * One user of one prefixed copy of the library. Compiled twice, each time
 * with a different SMMUV3_PREFIX_HEADER (from the copy it links) and a
 * different COPY_FN name, so the same source calls a_smmuv3_* or b_smmuv3_*.
 */
#include <smmuv3/smmuv3.h>

struct copy_probe {
	const void *strerror_fn;
	const char *(*strerror)(int);
	uint32_t (*version)(void);
	int validate_null;
};

void COPY_FN(struct copy_probe *p);

void COPY_FN(struct copy_probe *p)
{
	p->strerror_fn = (const void *)(uintptr_t)&smmuv3_strerror;
	p->strerror = smmuv3_strerror;
	p->version = smmuv3_version;
	p->validate_null = smmuv3_osal_validate(NULL);
}
