/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Private helpers shared by the library's .c files. Not installed.
 */
#ifndef SMMUV3_INTERNAL_H
#define SMMUV3_INTERNAL_H

#include <smmuv3/bits.h>
#include <smmuv3/device.h>
#include <smmuv3/err.h>
#include <smmuv3/osal.h>
#include <smmuv3/types.h>

/* The compiler provides these four even freestanding (gcc may emit calls). */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#define SMMUV3_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Keep a helper out of line: one copy instead of one per caller. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* Internal invariant checks only (never for caller or hardware input). */
#ifdef SMMUV3_DEBUG
#define SMMUV3_ASSERT(c) \
	do { \
		if (!(c)) \
			__builtin_trap(); \
	} while (0)
#else
#define SMMUV3_ASSERT(c) ((void)0)
#endif

/*
 * Tables, descriptors and queue entries are little-endian in memory
 * whatever the CPU's byte order (IHI 0070 3.x, 4.1.1, 5); one conversion
 * for every module. The swap is its own inverse.
 */
static inline uint64_t smmuv3_cpu_to_le64(uint64_t v)
{
#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && \
	__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap64(v);
#else
	return v;
#endif
}

#define smmuv3_le64_to_cpu smmuv3_cpu_to_le64

static inline bool smmuv3_is_pow2_u64(uint64_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

/*
 * Index of the lowest set bit of a non-zero value. On 32-bit targets from
 * the two halves: __builtin_ctzll becomes a call to libgcc's __ctzdi2
 * there, which kernels do not link.
 */
static inline unsigned int smmuv3_ctz64(uint64_t v)
{
#if defined(__SIZEOF_POINTER__) && __SIZEOF_POINTER__ >= 8
	return (unsigned int)__builtin_ctzll(v);
#else
	uint32_t lo = (uint32_t)v;

	return lo ? (unsigned int)__builtin_ctz(lo)
		  : 32u + (unsigned int)__builtin_ctz((uint32_t)(v >> 32));
#endif
}

/* 1 + index of the highest set bit; 0 for 0 (Linux's fls64). */
static inline unsigned int smmuv3_fls64(uint64_t v)
{
	return v ? 64u - (unsigned int)__builtin_clzll(v) : 0u;
}

/*
 * Name tables as one constant string of NUL-separated names (no table of
 * pointers: less constant data, and no relocations in position-independent
 * builds): the name at index @n. @n must be below the number of names.
 */
static inline const char *smmuv3_str_nth(const char *names, unsigned int n)
{
	while (n--)
		while (*names++)
			;
	return names;
}

static inline void smmuv3_log(const struct smmuv3_osal *osal,
			      enum smmuv3_log_level level, const char *what,
			      int err, uint64_t a0, uint64_t a1, uint64_t a2,
			      uint64_t a3)
{
	if (osal->ops->log) {
		struct smmuv3_log_event ev = {
			.level = level,
			.what = what,
			.err = err,
			.arg = { a0, a1, a2, a3 },
		};
		osal->ops->log(osal->ctx, &ev);
	}
}

/*
 * Deadline helper: every poll in the library is "read, check, compare the
 * clock, delay", and after the deadline reads once more before reporting
 * SMMUV3_ETIMEDOUT (so a delayed thread does not report a false timeout).
 */
struct smmuv3_deadline {
	uint64_t end_ns;
};

static inline void smmuv3_deadline_start(const struct smmuv3_osal *osal,
					 struct smmuv3_deadline *dl,
					 uint64_t timeout_ns)
{
	uint64_t now = osal->ops->now_ns(osal->ctx);

	dl->end_ns = (now > UINT64_MAX - timeout_ns) ? UINT64_MAX
						      : now + timeout_ns;
}

static inline bool smmuv3_deadline_passed(const struct smmuv3_osal *osal,
					  const struct smmuv3_deadline *dl)
{
	return osal->ops->now_ns(osal->ctx) >= dl->end_ns;
}

/* Default poll timeout: 1 s, as the Linux driver (ARM_SMMU_POLL_TIMEOUT_US). */
#define SMMUV3_POLL_TIMEOUT_NS 1000000000ull
/* Delay between polls of a register. */
#define SMMUV3_POLL_DELAY_NS 1000ull

/*
 * Poll the 32-bit register @off until (value & @mask) == @want, or the
 * deadline passes. *@last gets the last value read (may be NULL).
 * Return: 0 or SMMUV3_ETIMEDOUT.
 */
int smmuv3_poll32(const struct smmuv3_osal *osal, uint32_t off, uint32_t mask,
		  uint32_t want, uint64_t timeout_ns, uint32_t *last);

/*
 * dev->state is read without a lock on paths that may run concurrently
 * (the domains' invalidations, event and PRI draining) while the GERROR
 * handler may write it (SMMUV3_DEV_FAILED on service failure): every
 * access goes through these two helpers, single-copy atomic, so no reader
 * sees a torn or stale-forever value. Relaxed ordering is enough: the
 * state publishes no other data (the phase changes that set up memory,
 * probe/init/enable/disable/fini, are not concurrent with anything, by
 * device.h's contract), and a reader racing with the handler behaves as
 * if it had run just before the error: its commands then fail or time
 * out, which it reports.
 */
static inline enum smmuv3_dev_state
smmuv3_dev_state_get(const struct smmuv3_dev *dev)
{
	return (enum smmuv3_dev_state)__atomic_load_n(&dev->state,
						      __ATOMIC_RELAXED);
}

static inline void smmuv3_dev_state_set(struct smmuv3_dev *dev,
					enum smmuv3_dev_state state)
{
	__atomic_store_n(&dev->state, state, __ATOMIC_RELAXED);
}

#endif /* SMMUV3_INTERNAL_H */
