# ---- make footprint: linked firmware closures, sizes and worst stack, budgets ----
#
#   make footprint                 build every closure for every target, print the tables,
#                                  rewrite docs/FOOTPRINT.md and docs/STACK.md, and fail when
#                                  a budget (tools/footprint.py, BUDGETS) is exceeded
#   make footprint FOOTPRINT_ENFORCE=0   the same, but budgets are reported, not enforced
#
# Each closure (tools/footprint/<name>.c) is a tiny main that calls just the API it measures,
# linked with -ffunction-sections -fdata-sections -Wl,--gc-sections against the library built
# -Os for the target (newlib-nano on Arm, picolibc on RV32). Counted are the LIBRARY's own
# input sections in the link map (not main's, not libc's); helpers are the libc/libgcc
# functions the library's reachable code calls; stack is -fstack-usage along the static call
# graph (tools/stack_usage.py), from main's calls down.

FOOTPRINT_ENFORCE ?= 1
FP_DIR      := $(BUILD)/footprint
FP_TARGETS  := m0 m4 m33 rv32
FP_CLOSURES := aes_cbc sha256 hmac fernet stream
FP_SRCS     := $(sort $(wildcard $(addsuffix /*.c,$(CORE_MODULES))))
FP_CFLAGS   := -Os -ffunction-sections -fdata-sections -fstack-usage -MMD -MP -Werror $(FC_WARN) \
               $(addprefix -I,$(CORE_MODULES) include) $(FP_EXTRA_CFLAGS)
FP_LDFLAGS  := -Wl,--gc-sections

FP_PREFIX_m0   := $(ARM_PREFIX)
FP_ARCH_m0     := -mcpu=cortex-m0 -mthumb
FP_LIBC_m0     := --specs=nano.specs --specs=nosys.specs
FP_PREFIX_m4   := $(ARM_PREFIX)
FP_ARCH_m4     := -mcpu=cortex-m4 -mthumb
FP_LIBC_m4     := --specs=nano.specs --specs=nosys.specs
FP_PREFIX_m33  := $(ARM_PREFIX)
FP_ARCH_m33    := -mcpu=cortex-m33 -mthumb
FP_LIBC_m33    := --specs=nano.specs --specs=nosys.specs
FP_PREFIX_rv32 := $(RISCV_PREFIX)
FP_ARCH_rv32   := -march=rv32imac -mabi=ilp32
FP_LIBC_rv32   := --specs=picolibc.specs

.PHONY: footprint footprint-build

# One target's library, closures and context-size object.
define FP_TARGET
$(FP_DIR)/$(1)/lib/%.o: %.c
	@mkdir -p $$(dir $$@)
	$(FP_PREFIX_$(1))gcc $(FP_ARCH_$(1)) $(FP_LIBC_$(1)) $(FP_CFLAGS) -c $$< -o $$@

$(FP_DIR)/$(1)/libfernetc.a: $(FP_SRCS:%.c=$(FP_DIR)/$(1)/lib/%.o)
	rm -f $$@
	$(FP_PREFIX_$(1))ar rcs $$@ $$^

$(FP_DIR)/$(1)/%.o: tools/footprint/%.c tools/footprint/closure.h
	@mkdir -p $$(dir $$@)
	$(FP_PREFIX_$(1))gcc $(FP_ARCH_$(1)) $(FP_LIBC_$(1)) $(FP_CFLAGS) -Itools/footprint -c $$< -o $$@

$(FP_DIR)/$(1)/%.elf: $(FP_DIR)/$(1)/%.o $(FP_DIR)/$(1)/libfernetc.a
	$(FP_PREFIX_$(1))gcc $(FP_ARCH_$(1)) $(FP_LIBC_$(1)) -Os $(FP_LDFLAGS) \
	  -Wl,-Map=$$(@:.elf=.map) -o $$@ $$< $(FP_DIR)/$(1)/libfernetc.a

footprint-build: $(FP_CLOSURES:%=$(FP_DIR)/$(1)/%.elf) $(FP_DIR)/$(1)/ctx_sizes.o
endef
$(foreach t,$(FP_TARGETS),$(eval $(call FP_TARGET,$(t))))

footprint: footprint-build
	python3 tools/footprint.py --dir $(FP_DIR) --targets '$(FP_TARGETS)' \
	  --closures '$(FP_CLOSURES)' --arm-prefix '$(ARM_PREFIX)' --riscv-prefix '$(RISCV_PREFIX)' \
	  $(foreach t,$(FP_TARGETS),--arch '$(t)=$(FP_ARCH_$(t)) $(FP_LIBC_$(t))') \
	  --docs docs --enforce $(FOOTPRINT_ENFORCE)

# The size forms (FC_SMALL, common/fc_internal.h: rolled SHA-256, base64's bit-buffer loops,
# Fernet's shared paths) forced on the host, through every vector suite; the default build
# runs the suites on the speed forms, the -Os on-target runs (check-m4) on the size forms.
# Then the SHA-256 objects are compared, so a switch that silently stopped working fails.
FP_SMALL_BUILD := $(BUILD)/small
.PHONY: check-small
check-small:
	@$(MAKE) --no-print-directory BUILD=$(FP_SMALL_BUILD) EXTRA_CFLAGS='-Werror -DFC_SMALL=1' \
	  FC_SKIP_SCRIPTS=1 TEST_BINS='$(TEST_BINS:$(BUILD)/%=$(FP_SMALL_BUILD)/%)' check
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/sha256-fast EXTRA_CFLAGS='-Werror -DFC_SMALL=0' \
	  $(BUILD)/sha256-fast/obj/sha256/sha256.o
	@set -- $$(size $(FP_SMALL_BUILD)/obj/sha256/sha256.o | awk 'NR == 2 { print $$1 }') \
	        $$(size $(BUILD)/sha256-fast/obj/sha256/sha256.o | awk 'NR == 2 { print $$1 }'); \
	 echo "sha256.o text: size form $$1 B, unrolled form $$2 B"; \
	 [ "$$1" -lt "$$2" ] || { echo "check-small: the SHA-256 size form was not built"; exit 1; }

# The constant-time gate (valgrind, tests/ct) on the same size forms.
.PHONY: ct-small
ct-small:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/ct-small \
	  EXTRA_CFLAGS='-g -gdwarf-4 -DFC_CT_TEST -DFC_SMALL=1' ct-run

CI_EXTRA += check-small ct-small

# ---- make nolibc: no libc headers, no libc (common/fernetc_libc.h, FC_NO_LIBC_HEADERS) ----
# The library is compiled -ffreestanding -nostdinc (only the compiler's own <stddef.h> and
# <stdint.h>) for RV32IMAC and Cortex-M4, and the closures are linked -nostdlib with just
# libgcc and tools/footprint/nolibc_mem.c's memcpy and memset: any other libc call fails the
# link. NOLIBC_PENDING lists sources that still include <string.h> or call memmove; they are
# left out, with the closures that need them, until they move to fernetc_libc.h.
NOLIBC_PENDING  ?=
NOLIBC_SRCS     := $(filter-out $(NOLIBC_PENDING),$(FP_SRCS))
NOLIBC_CLOSURES ?= $(if $(strip $(NOLIBC_PENDING)),aes_cbc sha256 hmac,$(FP_CLOSURES))
NOLIBC_TARGETS  := rv32 m4
NOLIBC_DIR      := $(BUILD)/nolibc
.PHONY: nolibc

define NOLIBC_TARGET
NOLIBC_CC_$(1) := $(FP_PREFIX_$(1))gcc $(FP_ARCH_$(1)) -Os -ffreestanding -nostdinc \
  -isystem $$(shell $(FP_PREFIX_$(1))gcc $(FP_ARCH_$(1)) -print-file-name=include) \
  -DFC_NO_LIBC_HEADERS -ffunction-sections -fdata-sections -MMD -MP -Werror $(FC_WARN) \
  $(addprefix -I,$(CORE_MODULES) include)

$(NOLIBC_DIR)/$(1)/lib/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(NOLIBC_CC_$(1)) -c $$< -o $$@

$(NOLIBC_DIR)/$(1)/libfernetc.a: $(NOLIBC_SRCS:%.c=$(NOLIBC_DIR)/$(1)/lib/%.o)
	rm -f $$@
	$(FP_PREFIX_$(1))ar rcs $$@ $$^

$(NOLIBC_DIR)/$(1)/nolibc_mem.o: tools/footprint/nolibc_mem.c
	@mkdir -p $$(dir $$@)
	$$(NOLIBC_CC_$(1)) -fno-builtin -fno-tree-loop-distribute-patterns -c $$< -o $$@

$(NOLIBC_DIR)/$(1)/%.o: tools/footprint/%.c tools/footprint/closure.h
	@mkdir -p $$(dir $$@)
	$$(NOLIBC_CC_$(1)) -Itools/footprint -c $$< -o $$@

$(NOLIBC_DIR)/$(1)/%.elf: $(NOLIBC_DIR)/$(1)/%.o $(NOLIBC_DIR)/$(1)/nolibc_mem.o $(NOLIBC_DIR)/$(1)/libfernetc.a
	$(FP_PREFIX_$(1))gcc $(FP_ARCH_$(1)) -nostdlib -Wl,--gc-sections -Wl,-e,main -o $$@ $$^ -lgcc

nolibc: $(NOLIBC_CLOSURES:%=$(NOLIBC_DIR)/$(1)/%.elf)
endef
$(foreach t,$(NOLIBC_TARGETS),$(eval $(call NOLIBC_TARGET,$(t))))

nolibc:
	@echo "nolibc: $(words $(NOLIBC_SRCS)) library files built with no libc headers for $(NOLIBC_TARGETS);" \
	  "closures $(NOLIBC_CLOSURES) linked with no libc$(if $(strip $(NOLIBC_PENDING)), (pending: $(NOLIBC_PENDING)))"

CI_EXTRA += nolibc

# Last of this fragment's gates: CI fails when any budget, helper or libc rule is broken
# (issue 11's budgets, tools/footprint.py BUDGETS; the figures are in docs/FOOTPRINT.md).
# FOOTPRINT_CI_ENFORCE=0 reports without failing. In a git work tree it also fails when the
# committed docs/FOOTPRINT.md or docs/STACK.md differ from what this run wrote, so no size
# figure in the docs is older than the code.
FOOTPRINT_CI_ENFORCE ?= 1
.PHONY: footprint-ci
footprint-ci:
	@$(MAKE) --no-print-directory footprint FOOTPRINT_ENFORCE=$(FOOTPRINT_CI_ENFORCE)
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1 \
	    && ! git diff --quiet -- docs/FOOTPRINT.md docs/STACK.md; then \
	  git --no-pager diff --stat -- docs/FOOTPRINT.md docs/STACK.md; \
	  echo "footprint: the committed size docs are stale: run make footprint and commit them"; \
	  exit 1; fi
CI_EXTRA += footprint-ci
