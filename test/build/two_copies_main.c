// SPDX-License-Identifier: BSD-2-Clause
/*
 * Two copies of libsmmuv3 in one program, under the prefixes a_ and b_ (as a
 * hypervisor links its own copy beside the kernel's). Each works, and they
 * are distinct code.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct copy_probe {
	const void *strerror_fn;
	const char *(*strerror)(int);
	uint32_t (*version)(void);
	int validate_null;
};

void use_copy_a(struct copy_probe *p);
void use_copy_b(struct copy_probe *p);
/* The prefixed names exist as real symbols. */
const char *a_smmuv3_strerror(int err);
const char *b_smmuv3_strerror(int err);

int main(void)
{
	struct copy_probe a, b;

	use_copy_a(&a);
	use_copy_b(&b);
	if (a.strerror_fn == b.strerror_fn) {
		printf("FAIL: both users reached the same copy\n");
		return 1;
	}
	if (a.strerror_fn != (const void *)(uintptr_t)&a_smmuv3_strerror ||
	    b.strerror_fn != (const void *)(uintptr_t)&b_smmuv3_strerror) {
		printf("FAIL: users did not reach their prefixed copies\n");
		return 1;
	}
	if (strcmp(a.strerror(-110), "timed out") || strcmp(b.strerror(-110), "timed out") ||
	    a.version() != b.version() || a.validate_null != -22 || b.validate_null != -22) {
		printf("FAIL: a prefixed copy misbehaves\n");
		return 1;
	}
	printf("two prefixed copies: PASS\n");
	return 0;
}
