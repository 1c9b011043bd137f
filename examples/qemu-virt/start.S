// SPDX-License-Identifier: BSD-2-Clause
// Entry for the QEMU virt bare-metal example. QEMU enters at EL1, or at EL2
// with -M virt,virtualization=on: then drop to EL1 first. Set a stack, zero
// .bss, install the vectors, turn the MMU and caches on (platform_mmu_on:
// with the MMU off all data accesses are Device memory, where unaligned or
// exclusive accesses fault), then call main(); its return value becomes the
// QEMU exit status through semihosting.
	.section .text.boot, "ax"
	.global _start
_start:
	mrs	x0, CurrentEL
	lsr	x0, x0, #2
	cmp	x0, #2
	b.ne	1f
	// EL2 -> EL1: AArch64 EL1 (HCR_EL2.RW), EL1 may use the timer
	// (CNTHCTL_EL2.EL1PCTEN/EL1PCEN), no virtual offset, masked DAIF.
	mov	x0, #(1 << 31)
	msr	hcr_el2, x0
	mov	x0, #3
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	mov	x0, #0x3c5
	msr	spsr_el2, x0
	adr	x0, 1f
	msr	elr_el2, x0
	eret
1:	ldr	x0, =__stack_top
	mov	sp, x0
	ldr	x0, =vectors
	msr	vbar_el1, x0
	isb
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
2:	cmp	x0, x1
	b.hs	3f
	str	xzr, [x0], #8
	b	2b
3:	bl	platform_mmu_on
	bl	main
	bl	platform_exit
4:	wfe
	b	4b

// Any exception is a test failure: report it and exit (never hang).
	.balign	2048
vectors:
	.rept	16
	.balign	128
	b	exception_entry
	.endr
exception_entry:
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	mrs	x2, far_el1
	bl	platform_exception
	b	.
