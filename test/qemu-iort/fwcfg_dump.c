// SPDX-License-Identifier: BSD-2-Clause
/*
 * Bare-metal program for QEMU's virt machine (built with the start code,
 * linker script and platform support of examples/qemu-virt): reads the
 * ACPI tables QEMU serves through fw_cfg (file "etc/acpi/tables", no
 * firmware needed) through the MMIO selector and data registers, finds the
 * IORT in them and prints it in hex on the PL011 UART, then lists the PCI
 * requester IDs of the "edu" devices on bus 0. The host side
 * (test/qemu-iort/compare.c) parses the dump and compares the IORT path
 * with the device-tree path of the same machine.
 *
 * fw_cfg (QEMU docs/specs/fw_cfg.rst): on Arm the MMIO window at
 * 0x09020000 has the data register at +0 and the selector at +8, a 16-bit
 * big-endian register; key 0x19 selects the file directory: a big-endian
 * 32-bit count, then 64-byte entries {be32 size, be16 key, be16 reserved,
 * char name[56]}. Each data read returns the next byte of the selected
 * item.
 *
 * Output lines: "IORT-LEN <n>", "IORT-HEX <32 bytes in hex>"...,
 * "EDU-RID <rid>"..., "DONE"; exit status 0, or non-zero with "FAIL: ...".
 */
#include <stddef.h>
#include <stdint.h>

#include "platform.h"

#define FW_CFG_BASE 0x09020000ul
#define FW_CFG_DATA (FW_CFG_BASE + 0x0)
#define FW_CFG_SEL (FW_CFG_BASE + 0x8)
#define FW_CFG_FILE_DIR 0x19u

/* The tables blob is 128 KiB or more with padding; room for 1 MiB. */
static uint8_t tables[1u << 20];

static void fw_select(uint16_t key)
{
	*(volatile uint16_t *)FW_CFG_SEL =
		(uint16_t)((key >> 8) | (key << 8)); /* big-endian */
}

static uint8_t fw_byte(void)
{
	return *(volatile uint8_t *)FW_CFG_DATA;
}

static uint32_t fw_be(unsigned int n)
{
	uint32_t v = 0;

	while (n--)
		v = (v << 8) | fw_byte();
	return v;
}

static int name_is(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static void put_hex8(uint8_t v)
{
	char s[3] = {"0123456789abcdef"[v >> 4], "0123456789abcdef"[v & 15], 0};

	puts_(s);
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

int main(void);

int main(void)
{
	uint32_t count, i, size = 0, off, len = 0;
	uint16_t key = 0;

	fw_select(FW_CFG_FILE_DIR);
	count = fw_be(4);
	for (i = 0; i < count; i++) {
		char name[56];
		uint32_t sz = fw_be(4);
		uint16_t k = (uint16_t)fw_be(2);
		unsigned int j;

		(void)fw_be(2);
		for (j = 0; j < 56; j++)
			name[j] = (char)fw_byte();
		name[55] = 0;
		if (name_is(name, "etc/acpi/tables")) {
			size = sz;
			key = k;
		}
	}
	if (!key || size > sizeof(tables)) {
		puts_("FAIL: no etc/acpi/tables in fw_cfg\n");
		return 1;
	}
	fw_select(key);
	for (i = 0; i < size; i++)
		tables[i] = fw_byte();
	/* Tables are concatenated; the IORT starts with its signature. */
	for (off = 0; off + 36 <= size; off++) {
		if (tables[off] == 'I' && tables[off + 1] == 'O' &&
		    tables[off + 2] == 'R' && tables[off + 3] == 'T') {
			len = le32(tables + off + 4);
			if (len >= 48 && len <= size - off)
				break;
		}
	}
	if (off + 36 > size) {
		puts_("FAIL: no IORT in etc/acpi/tables\n");
		return 1;
	}
	puts_("IORT-LEN ");
	put_dec(len);
	puts_("\n");
	for (i = 0; i < len; i++) {
		if (i % 32 == 0)
			puts_("IORT-HEX ");
		put_hex8(tables[off + i]);
		if (i % 32 == 31 || i + 1 == len)
			puts_("\n");
	}
	/* edu devices (1234:11e8) on bus 0, by their config space in ECAM. */
	for (i = 0; i < 256; i += 8) {
		volatile uint32_t *id =
			(volatile uint32_t *)(VIRT_ECAM + ((uintptr_t)i << 12));

		if (*id == 0x11e81234u) {
			puts_("EDU-RID ");
			put_hex(i);
			puts_("\n");
		}
	}
	puts_("DONE\n");
	return 0;
}
