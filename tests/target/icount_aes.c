/*
 * Instructions per byte of AES-128-CBC encrypt on the emulated Cortex-M4 (make m4-icount).
 * Run under QEMU with -icount shift=0, where every guest instruction advances the virtual
 * clock by 1 ns; SysTick (ARMv7-M ARM B3.3) runs from that clock. A spin loop of known
 * length (2 instructions per turn) first measures instructions per SysTick tick, so the
 * figure does not rest on QEMU's clock ratio. Measures, not asserts: speed is never a test.
 */
#include <stdint.h>
#include <stdio.h>

#include "fc_aes.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define SPIN_TURNS 2000000u
#define MSG_LEN 16384u

static uint8_t buf[MSG_LEN];

static void systick_start(void)
{
    SYST_RVR = 0xFFFFFFu;
    SYST_CVR = 0;
    SYST_CSR = 5u; /* ENABLE, CLKSOURCE = processor clock, no interrupt */
}

/* SysTick counts down, 24 bits wide. */
static uint32_t ticks_since(uint32_t start)
{
    return (start - SYST_CVR) & 0xFFFFFFu;
}

static void spin(uint32_t n)
{
    __asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n) : : "cc");
}

int main(void)
{
    static const uint8_t key[16] = { 0 }; /* any key: the core is constant-time */
    uint8_t iv[FC_AES_BLOCK_SIZE] = { 0 };
    fc_aes_ctx ctx;
    uint32_t t0, empty, spin_ticks, aes_ticks, key_ticks;
    double per_tick;

    systick_start();
    t0 = SYST_CVR;
    empty = ticks_since(t0);
    t0 = SYST_CVR;
    spin(SPIN_TURNS);
    spin_ticks = ticks_since(t0) - empty;
    per_tick = 2.0 * SPIN_TURNS / spin_ticks;

    t0 = SYST_CVR;
    if (fc_aes_init(&ctx, key, sizeof key) != FC_OK)
        return 1;
    key_ticks = ticks_since(t0) - empty;
    t0 = SYST_CVR;
    if (fc_aes_cbc_encrypt(&ctx, iv, buf, buf, MSG_LEN) != FC_OK)
        return 1;
    aes_ticks = ticks_since(t0) - empty;
    fc_aes_wipe(&ctx);

    printf("calibration: %lu instructions per SysTick tick\n", (unsigned long)(per_tick + 0.5));
    printf("AES-128 key expansion: %lu instructions\n",
           (unsigned long)(key_ticks * per_tick + 0.5));
    printf("AES-128-CBC encrypt, %u bytes in one call: %lu instructions, %.1f instructions/byte\n",
           MSG_LEN, (unsigned long)(aes_ticks * per_tick + 0.5),
           aes_ticks * per_tick / MSG_LEN);
    return 0;
}
