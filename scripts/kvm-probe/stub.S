/*
 * The smallest guest that proves an accelerator can run code: a Multiboot
 * image (QEMU's -kernel loads it directly) whose only instruction of note
 * writes to the isa-debug-exit port. QEMU then exits with status
 * (0x31 << 1) | 1 = 99, which no failure mode of QEMU produces.
 */
	.code32
	.section .text
	.align 4
	.long 0x1badb002		/* Multiboot magic */
	.long 0				/* flags: none needed for an ELF image */
	.long -0x1badb002		/* checksum */
	.globl _start
_start:
	movb $0x31, %al
	outb %al, $0xf4
1:	hlt
	jmp 1b
