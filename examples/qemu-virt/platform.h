/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The QEMU virt machine as the example needs it: PL011 console, semihosting
 * exit, PCIe ECAM enumeration and the "edu" DMA test device.
 */
#ifndef QEMU_VIRT_PLATFORM_H
#define QEMU_VIRT_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#define VIRT_UART 0x09000000ul
#define VIRT_SMMU 0x09050000ul
#define VIRT_ECAM 0x4010000000ul   /* high ECAM (virt with highmem): 256 buses \
				    */
#define VIRT_PCI_MMIO 0x10000000ul /* 32-bit PCI MMIO window */

void puts_(const char *s);
void put_hex(uint64_t v);
void put_dec(uint64_t v);
void platform_exit(int code);
/* Called from start.S before main(), with the MMU off. */
void platform_mmu_on(void);

struct edu {
	volatile uint8_t *bar0;
	uint16_t rid; /* bus << 8 | devfn: its StreamID on virt */
};

/* Find the first edu device (1234:11e8) on bus 0 and enable it. */
bool edu_find(struct edu *e);
/* DMA @len bytes between the device buffer and bus address @addr. */
bool edu_dma_to_ram(const struct edu *e, uint64_t addr, uint32_t len);
bool edu_dma_from_ram(const struct edu *e, uint64_t addr, uint32_t len);
/* Start a DMA between the device buffer (edu address 0x40000) and RAM
 * without waiting; edu_dma_busy() is true until it completed. */
void edu_dma_start(const struct edu *e, uint64_t src, uint64_t dst,
		   uint32_t len, bool to_ram);
bool edu_dma_busy(const struct edu *e);

#endif
