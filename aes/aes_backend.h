/*
 * fernet-c AES: the internal interface between the public calls (aes.c, cbc.c, cfb.c) and
 * the implementations behind them. Not installed.
 *
 * fc_aes_init picks a backend once per key and records it in ctx->backend; every later call
 * on that context switches on the field (a switch, not a function pointer, so stack analysis
 * sees every path). Each backend owns the 240-byte ctx->rk and may store any form there.
 */
#ifndef FC_AES_BACKEND_H
#define FC_AES_BACKEND_H

#include "fc_aes.h"

#define FC_AES_BACKEND_CT 0 /* portable constant-time bitsliced core (aes_ct.c) */

/* Portable core. setkey: key_len is 16, 24 or 32, ctx is zeroed; sets rk and rounds. */
void fc_aes_ct_setkey(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len);
void fc_aes_ct_encrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n);
void fc_aes_ct_decrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n);
/* The portable core's bitsliced S-box (inverse != 0: inverse S-box) on n bytes in place,
 * constant-time; the key schedule's SubWord, and what tests/test_aes_sbox.c checks. */
void fc_aes_ct_sub_bytes(uint8_t *buf, size_t n, int inverse);
/* Slice width of the portable core in this build: 64 or 32 (-DFC_AES_CT32, 32-bit CPUs). */
unsigned fc_aes_ct_word_bits(void);

#endif /* FC_AES_BACKEND_H */
