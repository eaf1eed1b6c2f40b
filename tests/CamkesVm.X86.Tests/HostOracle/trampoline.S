/* Runs one instruction on the host CPU with given register and flag inputs.
 * void oracle_run(struct oracle_regs *r, void (*code)(void));
 * struct oracle_regs { u64 rax, rcx, rdx, rbx, rbp, rsi, rdi, rflags; }  (offsets 0..56)
 * The instruction must not use RSP, R14 or R15. */
    .text
    .globl oracle_run
    .type oracle_run, @function
oracle_run:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rdi, %r15
    mov %rsi, %r14
    mov 0(%r15), %rax
    mov 8(%r15), %rcx
    mov 16(%r15), %rdx
    mov 24(%r15), %rbx
    mov 32(%r15), %rbp
    mov 40(%r15), %rsi
    mov 48(%r15), %rdi
    pushq 56(%r15)
    popfq
    call *%r14
    mov %rax, 0(%r15)
    mov %rcx, 8(%r15)
    mov %rdx, 16(%r15)
    mov %rbx, 24(%r15)
    mov %rbp, 32(%r15)
    mov %rsi, 40(%r15)
    mov %rdi, 48(%r15)
    pushfq
    popq 56(%r15)
    cld
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret
    .size oracle_run, .-oracle_run
    .section .note.GNU-stack,"",@progbits
