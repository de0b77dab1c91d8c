/*
 * Reset code for the Cortex-M runs under QEMU (ARMv7-M ARM B1.5.3: the vector table gives
 * the initial SP and the reset handler). Copies .data, clears .bss, opens newlib's
 * semihosting stdio (librdimon) and calls main; its status leaves through semihosting
 * SYS_EXIT, which QEMU turns into its own exit status.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern uint32_t __etext, __data_start__, __data_end__, __bss_start__, __bss_end__, __stack_top;
extern void initialise_monitor_handles(void);
extern void __libc_init_array(void);
int main(void);
void fct_reset(void);
void fct_fault(void);
void _init(void);
void _fini(void);

/* newlib's __libc_init_array / __libc_fini_array call these (crti/crtn are not linked). */
void _init(void)
{
}

void _fini(void)
{
}

void fct_reset(void)
{
    memcpy(&__data_start__, &__etext, (size_t)((char *)&__data_end__ - (char *)&__data_start__));
    memset(&__bss_start__, 0, (size_t)((char *)&__bss_end__ - (char *)&__bss_start__));
    initialise_monitor_handles();
    __libc_init_array();
    exit(main());
}

/* Any fault ends the run with a failure status rather than a hang. */
void fct_fault(void)
{
    exit(99);
}

/* Initial SP, then reset, NMI, HardFault, MemManage, BusFault, UsageFault. */
__attribute__((section(".vectors"), used)) static const struct {
    uint32_t *sp;
    void (*handler[15])(void);
} vectors = {
    &__stack_top, { fct_reset, fct_fault, fct_fault, fct_fault, fct_fault, fct_fault } };
