// SPDX-License-Identifier: BSD-2-Clause
// Entry for the QEMU virt bare-metal example: QEMU enters at EL1 (or EL2 with
// virtualization=on) with the MMU off. Set a stack, zero .bss, enable
// FP access (gcc may not use it: -mgeneral-regs-only, but be safe) and call
// main(); its return value becomes the QEMU exit status via semihosting.
	.section .text.boot, "ax"
	.global _start
_start:
	ldr	x0, =__stack_top
	mov	sp, x0
	ldr	x0, =vectors
	msr	vbar_el1, x0
	isb
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	bl	main
	bl	platform_exit
3:	wfe
	b	3b

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
