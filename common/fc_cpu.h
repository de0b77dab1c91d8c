/*
 * fernet-c CPU features: which instruction-set extensions the hardware backends may use.
 * Internal (not installed). The word is filled once per process and cached (common/cpu.c).
 */
#ifndef FC_CPU_H
#define FC_CPU_H

#include <stdint.h>

#define FC_CPU_AESNI    0x01u /* x86-64 AES-NI + SSE4.1 */
#define FC_CPU_VAES256  0x02u /* x86-64 VAES on ymm (AVX2, OS saves ymm) */
#define FC_CPU_VAES512  0x04u /* x86-64 VAES on zmm (AVX-512F, OS saves zmm) */
#define FC_CPU_SHANI    0x08u /* x86-64 SHA extensions + SSE4.1 */
#define FC_CPU_ARM_AES  0x10u /* AArch64 AESE/AESD/AESMC/AESIMC */
#define FC_CPU_ARM_SHA2 0x20u /* AArch64 SHA256H/H2/SU0/SU1 */

/*
 * The features this process may use: what the CPU and OS support, narrowed by the
 * FERNETC_HW environment variable (hosted builds; see README) and, in test builds run
 * under valgrind, without SHA-NI, which valgrind does not emulate. Freestanding builds
 * decide at compile time from the target's feature macros.
 */
uint32_t fc_cpu_features(void);

#endif /* FC_CPU_H */
