// SPDX-License-Identifier: BSD-2-Clause
/* A minimal downstream program: links the library and the hosted port. */
#include <stdio.h>
#include <string.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3_osal_hosted.h>

int main(void)
{
	struct smmuv3_hosted h;
	struct smmuv3_osal osal;

	if (smmuv3_hosted_init(&h, NULL, &osal) != 0)
		return 1;
	if (smmuv3_osal_validate(&osal) != 0)
		return 2;
	if (strcmp(smmuv3_strerror(SMMUV3_ETIMEDOUT), "timed out") != 0)
		return 3;
	if (smmuv3_version() != SMMUV3_VERSION)
		return 4;
	printf("consumer: libsmmuv3 %s ok\n", SMMUV3_VERSION_STRING);
	smmuv3_hosted_fini(&h);
	return 0;
}
