// SPDX-License-Identifier: BSD-2-Clause
/*
 * struct smmuv3_domain is caller-allocated (often static, or on an EL2
 * stack): print its size and fail above 1 KiB. Nothing in it may scale
 * with streams, SMMUs or the commands of a plan.
 */
#include <stdio.h>

#include <smmuv3/domain.h>

int main(void)
{
	size_t n = sizeof(struct smmuv3_domain);

	printf("sizeof(struct smmuv3_domain) = %zu bytes (limit 1024)\n", n);
	printf("sizeof(struct smmuv3_stream) = %zu bytes\n",
	       sizeof(struct smmuv3_stream));
	printf("sizeof(struct smmuv3_domain_smmu) = %zu bytes\n",
	       sizeof(struct smmuv3_domain_smmu));
	return n <= 1024 ? 0 : 1;
}
