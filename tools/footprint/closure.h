/*
 * Shared by the footprint closures (tools/footprint.mk): each closure is a tiny main that
 * calls just the API it measures. Inputs come from buffers main owns, so nothing can be
 * folded away; main's own code and data are not counted as the library's.
 */
#ifndef FC_FOOTPRINT_CLOSURE_H
#define FC_FOOTPRINT_CLOSURE_H

#include <stddef.h>
#include <stdint.h>

/* The message and the working buffers of the stub, placed in main's .bss, not the library's. */
#define FP_MSG_LEN 100
extern volatile uint32_t fp_sink;

#endif
