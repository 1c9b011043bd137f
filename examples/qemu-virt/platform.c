// SPDX-License-Identifier: BSD-2-Clause
/*
 * QEMU virt platform support for the bare-metal example: console, exit
 * status, PCI enumeration and the edu device (QEMU docs/specs/edu.txt:
 * BAR0 registers 0x80 DMA source, 0x88 destination, 0x90 count, 0x98
 * command (bit 0 start, bit 1 direction: 1 = device to RAM); the device's
 * 4 KiB buffer is at device address 0x40000 and reachable only by DMA, so
 * the example checks a round trip RAM -> device -> RAM).
 */
#include "platform.h"

static void mmio_w32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static uint32_t mmio_r32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

void puts_(const char *s)
{
	for (; *s; s++) {
		while (mmio_r32(VIRT_UART + 0x18) & (1u << 5)) /* TXFF */
			;
		mmio_w32(VIRT_UART, (uint8_t)*s);
	}
}

void put_hex(uint64_t v)
{
	char b[19];
	int i;

	b[0] = '0';
	b[1] = 'x';
	for (i = 0; i < 16; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	b[18] = 0;
	puts_(b);
}

void put_dec(uint64_t v)
{
	char b[21];
	int i = 20;

	b[i] = 0;
	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	puts_(b + i);
}

/* Semihosting SYS_EXIT with ADP_Stopped_ApplicationExit and a status. */
void platform_exit(int code)
{
	uint64_t block[2] = { 0x20026, (uint64_t)(int64_t)code };
	register uint64_t x0 __asm__("x0") = 0x18;
	register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;

	__asm__ volatile("hlt #0xf000" : : "r"(x0), "r"(x1) : "memory");
	for (;;)
		__asm__ volatile("wfe");
}

static uintptr_t ecam(unsigned int bus, unsigned int devfn, unsigned int off)
{
	return VIRT_ECAM + ((uintptr_t)bus << 20) + ((uintptr_t)devfn << 12) + off;
}

bool edu_find(struct edu *e)
{
	for (unsigned int devfn = 0; devfn < 256; devfn += 8) {
		uint32_t id = mmio_r32(ecam(0, devfn, 0));

		if (id != 0x11e81234u)
			continue;
		/* BAR0: 1 MiB of 32-bit MMIO at the start of the window. */
		mmio_w32(ecam(0, devfn, 0x10), (uint32_t)VIRT_PCI_MMIO);
		/* COMMAND: memory space + bus master. */
		mmio_w32(ecam(0, devfn, 0x04), 0x6);
		e->bar0 = (volatile uint8_t *)VIRT_PCI_MMIO;
		e->rid = (uint16_t)devfn;
		/* Identification register: 0xRRrr00edu. */
		return (mmio_r32((uintptr_t)e->bar0) & 0xff) == 0xed;
	}
	return false;
}

void edu_dma_start(const struct edu *e, uint64_t src, uint64_t dst,
		   uint32_t len, bool to_ram)
{
	volatile uint64_t *r64 = (volatile uint64_t *)(e->bar0 + 0x80);
	volatile uint32_t *cmd = (volatile uint32_t *)(e->bar0 + 0x98);

	r64[0] = src;
	r64[1] = dst;
	*(volatile uint32_t *)(e->bar0 + 0x90) = len;
	__asm__ volatile("dsb sy" ::: "memory");
	*cmd = 1u | (to_ram ? 2u : 0u);
}

bool edu_dma_busy(const struct edu *e)
{
	return (*(volatile uint32_t *)(e->bar0 + 0x98) & 1u) != 0;
}

static bool edu_dma(const struct edu *e, uint64_t src, uint64_t dst,
		    uint32_t len, bool to_ram)
{
	uint64_t frq, start, now;

	edu_dma_start(e, src, dst, len, to_ram);
	/* QEMU completes edu DMA from a 100 ms virtual-clock timer: allow 2 s. */
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frq));
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(start)::"memory");
	do {
		if (!edu_dma_busy(e))
			return true;
		__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(now)::"memory");
	} while (now - start < 2 * frq);
	return false;
}

bool edu_dma_to_ram(const struct edu *e, uint64_t addr, uint32_t len)
{
	return edu_dma(e, 0x40000, addr, len, true);
}

bool edu_dma_from_ram(const struct edu *e, uint64_t addr, uint32_t len)
{
	return edu_dma(e, addr, 0x40000, len, false);
}

void platform_exception(uint64_t esr, uint64_t elr, uint64_t far);

void platform_exception(uint64_t esr, uint64_t elr, uint64_t far)
{
	puts_("\nFAIL: unexpected exception ESR ");
	put_hex(esr);
	puts_(" ELR ");
	put_hex(elr);
	puts_(" FAR ");
	put_hex(far);
	puts_("\n");
	platform_exit(99);
}

/*
 * Identity-map the machine with 1 GiB blocks and turn the MMU and caches on,
 * so RAM is Normal Write-Back memory (as the SMMU's tables and queues must
 * be, and as the library's code may assume: unaligned and exclusive accesses
 * need Normal memory) and devices are Device-nGnRE. 4 KiB granule,
 * T0SZ = 25 (39-bit VA): level-1 table, 512 entries of 1 GiB.
 */
static uint64_t mmu_l1[512] __attribute__((aligned(4096)));

void platform_mmu_on(void)
{
	const uint64_t dev = (0ull << 2) | (1ull << 10) | 1ull;          /* AttrIndx 0, AF, block */
	const uint64_t ram = (1ull << 2) | (3ull << 8) | (1ull << 10) | 1ull; /* AttrIndx 1, ISH, AF */
	uint64_t mair = 0x04ull | (0xffull << 8);
	uint64_t tcr = 25ull | (1ull << 8) | (1ull << 10) | (3ull << 12) | (0ull << 14) |
		       (1ull << 23) /* EPD1 */ | (2ull << 32) /* IPS 40 bits */;
	uint64_t sctlr;

	mmu_l1[0] = 0x00000000ull | dev;        /* UART, SMMU, PCI MMIO window */
	mmu_l1[1] = 0x40000000ull | ram;        /* RAM (first GiB) */
	mmu_l1[256] = 0x4000000000ull | dev;    /* high PCIe ECAM (256 GiB) */
	/*
	 * The table was written with the MMU off (non-cacheable); the walker
	 * will read it cacheable: make sure no stale line shadows it. (A
	 * real board would also invalidate the whole data cache by set/way
	 * before turning caches on; QEMU models no caches.)
	 */
	for (unsigned int i = 0; i < 512; i += 8)
		__asm__ volatile("dc civac, %0" ::"r"(&mmu_l1[i]) : "memory");
	__asm__ volatile("dsb sy; ic iallu; dsb sy; isb" ::: "memory");
	__asm__ volatile("msr mair_el1, %0" ::"r"(mair));
	__asm__ volatile("msr tcr_el1, %0" ::"r"(tcr));
	__asm__ volatile("msr ttbr0_el1, %0" ::"r"((uint64_t)(uintptr_t)mmu_l1));
	__asm__ volatile("tlbi vmalle1; dsb sy; isb" ::: "memory");
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	sctlr |= (1ull << 0) | (1ull << 2) | (1ull << 12); /* M, C, I */
	__asm__ volatile("msr sctlr_el1, %0; isb" ::"r"(sctlr) : "memory");
}
