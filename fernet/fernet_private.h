/*
 * fernet-c Fernet internals shared by fernet.c and stream.c: token layout (Fernet spec,
 * "Token Format") and the streaming contexts' private states. Not installed.
 */
#ifndef FERNET_PRIVATE_H
#define FERNET_PRIVATE_H

#define FERNET_HDR_SIZE 25 /* version (1) || timestamp (8, big-endian) || IV (16) */
#define FERNET_TAG_SIZE 32 /* HMAC-SHA256 over everything before it */
#define FERNET_MIN_RAW  73 /* header, one ciphertext block, tag */
#define FERNET_SUBKEY   16 /* signing key = key[0..16), encryption key = key[16..32) */

/* Context states: magic values, so a zeroed (wiped) context is out of order. */
#define FERNET_ENC_LIVE   0x464e4531u
#define FERNET_DEC_PASS1  0x464e4431u /* verifying */
#define FERNET_DEC_PASS2  0x464e4432u /* verified, decrypting */
#define FERNET_DEC_DEAD   0x464e4458u /* the text was rejected */

/* fc_fernet_dec_ctx.flags: the text is in memory and cannot change between the passes (the
 * one-shot calls), so pass 2 need not recompute the HMAC. */
#define FERNET_DEC_ONE_SHOT 1u

#endif /* FERNET_PRIVATE_H */
