# Vector suites on other architectures, under QEMU (issues 9 §6, 10, 11 §5).
#
#   make check-s390x     big-endian: every Check suite built for s390x, run under qemu-s390x
#   make check-aarch64   every Check suite for AArch64 under qemu-aarch64 -cpu max, once with
#                        the ARMv8 Crypto Extensions and once with them hidden (portable code)
#
# Check for the target comes from Debian multiarch (check:s390x, check:arm64, linked
# statically; .ci/deps installs them). Each suite runs once per CPU setting
# (tests/cross/run_suites.sh); the CLI scripts (tests/check_*.sh) are host-only and not run
# here. The slow PBKDF2 vectors (2^24 iterations) stay off unless FC_SLOW=1.
# Each run ends with the suites' "N passed, N failed" line and fails on any failure.

CROSS_CHECK_LIBS = -L/usr/lib/$(1) -l:libcheck.a -l:libsubunit.a -lm -lrt -pthread

# $(1) build dir name, $(2) tool prefix, $(3) multiarch triplet: build the suites
cross_build = $(MAKE) --no-print-directory BUILD=$(BUILD)/$(1) CC=$(2)gcc AR=$(2)ar \
  EXTRA_CFLAGS=-Werror CHECK_CFLAGS=-pthread CHECK_LIBS='$(call CROSS_CHECK_LIBS,$(3))' \
  $(TEST_BINS:$(BUILD)/%=$(BUILD)/$(1)/%)
# $(1) build dir name, $(2) runner: run every suite once (CK_FORK=no: a fork per test is
# slow under qemu-user)
cross_run = CK_FORK=no RUNNER='$(2)' bash tests/cross/run_suites.sh $(TEST_BINS:$(BUILD)/%=$(BUILD)/$(1)/%)

.PHONY: check-s390x check-aarch64

check-s390x:
	@t0=$$(date +%s); \
	$(call cross_build,s390x,s390x-linux-gnu-,s390x-linux-gnu) || exit 1; \
	$(call cross_run,s390x,qemu-s390x) || exit 1; \
	echo "check-s390x: big-endian suites passed in $$(( $$(date +%s) - t0 )) s"

NOHWCAP := $(BUILD)/aarch64/nohwcap.so
HWPROBE := $(BUILD)/aarch64/hwcap_probe

$(NOHWCAP): tests/cross/nohwcap.c
	@mkdir -p $(dir $@)
	aarch64-linux-gnu-gcc -std=c99 -Wall -Wextra -Werror -O2 -shared -fPIC -o $@ $< -ldl

$(HWPROBE): tests/cross/hwcap_probe.c
	@mkdir -p $(dir $@)
	aarch64-linux-gnu-gcc -std=c99 -Wall -Wextra -Werror -O2 -o $@ $<

# The second run proves the shim worked (the probe must see no AES/SHA2) before it counts.
check-aarch64: $(NOHWCAP) $(HWPROBE)
	@t0=$$(date +%s); \
	echo "-- aarch64, -cpu max: CPU reports $$(qemu-aarch64 -cpu max $(HWPROBE))"; \
	$(call cross_build,aarch64,aarch64-linux-gnu-,aarch64-linux-gnu) || exit 1; \
	$(call cross_run,aarch64,qemu-aarch64 -cpu max) || exit 1; \
	seen=$$(qemu-aarch64 -cpu max -E LD_PRELOAD=$(abspath $(NOHWCAP)) $(HWPROBE)); \
	echo "-- aarch64, -cpu max with the Crypto Extensions hidden: CPU reports $$seen"; \
	[ "$$seen" = none ] || { echo "check-aarch64: nohwcap shim did not hide the extensions"; exit 1; }; \
	$(call cross_run,aarch64,qemu-aarch64 -cpu max -E LD_PRELOAD=$(abspath $(NOHWCAP))) || exit 1; \
	echo "check-aarch64: suites passed with and without the Crypto Extensions in $$(( $$(date +%s) - t0 )) s"

CI_EXTRA += check-s390x check-aarch64

# ---- on-target runs on emulated microcontrollers (issue 11 §5) ----
#
#   make check-m4        the suites on a Cortex-M4 (qemu-system-arm -M mps2-an386), newlib +
#                        semihosting: the program reads vectors/ from the host and exits with
#                        its status; once as the default build (-O2) and once as -Os
#   make check-m33       the same on a Cortex-M33 (qemu-system-arm -M mps2-an505), default build
#   make check-rv32      the same on RV32IMAC (qemu-system-riscv32 -M virt), picolibc semihost
#
# The suites are the unchanged tests/test_*.c (every one but interop, new ones included) and
# tests/fc_test.c compiled against tests/target/check.h, a Check-compatible subset (Check
# itself needs fork and an OS). Left out on the targets: the interop suite (runs python3)
# and the Fernet suite's "platform" case (OS clock and CSPRNG); the slow 2^24-iteration
# PBKDF2 vector stays off as on the host (no FC_SLOW without an environment).
TGT_SUITES  ?= $(filter-out interop,$(TEST_SRCS:tests/test_%.c=%))
# The library builds with -Werror; test code with the same warnings shown but not fatal
# (the host gcc and clang runs hold the tests to -Werror).
TGT_CFLAGS   = $(FC_WARN) $(FC_INC) -Werror
TGT_TCFLAGS  = $(FC_WARN) $(FC_INC) -isystem tests/target -Itests -Wno-missing-prototypes \
               -DFC_VECTORS_DIR='"$(CURDIR)/vectors"' -DFCT_SKIP_TCASES='"platform"'
TGT_TIMEOUT ?= 900
M4_ARCH     := -mcpu=cortex-m4 -mthumb --specs=rdimon.specs
M4_LINK     := -nostartfiles -T tests/target/mps2.ld
M4_RUN       = timeout $(TGT_TIMEOUT) qemu-system-arm -M mps2-an386 -nographic -monitor none \
               -semihosting-config enable=on,target=native -kernel
# Cortex-M33 on the AN505 (ARMv8-M Mainline, boots Secure): the same startup, its memory map.
M33_ARCH    := -mcpu=cortex-m33 -mthumb --specs=rdimon.specs
M33_LINK    := $(M4_LINK) -Wl,--defsym=fct_code=0x10000000 -Wl,--defsym=fct_ram=0x80000000
M33_RUN      = $(subst mps2-an386,mps2-an505,$(M4_RUN))

# RV32IMAC on QEMU's virt board (RAM at 0x80000000, 128 MiB): picolibc's crt0 and
# semihosting library, its linker script placed into that RAM.
RV32_ARCH   := -march=rv32imac -mabi=ilp32 --specs=picolibc.specs
RV32_LINK   := --crt0=semihost --oslib=semihost -Wl,--defsym=__flash=0x80000000 \
               -Wl,--defsym=__flash_size=0x400000 -Wl,--defsym=__ram=0x80400000 \
               -Wl,--defsym=__ram_size=0x3c00000 -Wl,--defsym=__stack_size=0x100000
RV32_RUN     = timeout $(TGT_TIMEOUT) qemu-system-riscv32 -M virt -bios none -nographic -monitor none \
               -semihosting-config enable=on,target=native -kernel

# $(1) build name, $(2) tool prefix, $(3) arch flags, $(4) optimisation, $(5) link flags,
# $(6) extra objects (startup code)
define tgt_build
$(BUILD)/$(1)/%.o: %.c
	@mkdir -p $$(dir $$@)
	$(2)gcc $(3) $(4) $$(TGT_CFLAGS) -c $$< -o $$@

$(BUILD)/$(1)/tests/%.o: tests/%.c
	@mkdir -p $$(dir $$@)
	$(2)gcc $(3) $(4) $$(TGT_TCFLAGS) -c $$< -o $$@

$(BUILD)/$(1)/libfernetc.a: $$(LIB_SRCS:%.c=$(BUILD)/$(1)/%.o)
	rm -f $$@
	$(2)ar rcs $$@ $$^

$(BUILD)/$(1)/test_%.elf: $(BUILD)/$(1)/tests/test_%.o $(BUILD)/$(1)/tests/fc_test.o \
		$(BUILD)/$(1)/tests/target/minicheck.o $(6) $(BUILD)/$(1)/libfernetc.a
	$(2)gcc $(3) $(4) $(5) -o $$@ $$^ -lm

$(BUILD)/$(1)/selftest.elf: $(BUILD)/$(1)/tests/target/selftest.o \
		$(BUILD)/$(1)/tests/target/minicheck.o $(6)
	$(2)gcc $(3) $(4) $(5) -o $$@ $$^ -lm

$(1)-tests: $(BUILD)/$(1)/selftest.elf $(TGT_SUITES:%=$(BUILD)/$(1)/test_%.elf)
endef

# $(1) runner, $(2) build name: the harness self-test (tests/target/selftest.c), then the
# suites through tests/cross/run_suites.sh, which prints the closing "N passed, N failed".
tgt_run = $(1) $(BUILD)/$(2)/selftest.elf > $(BUILD)/$(2)/selftest.log 2>&1 \
	  || { cat $(BUILD)/$(2)/selftest.log; echo "minicheck self-test failed"; exit 1; }; \
	  tail -n 2 $(BUILD)/$(2)/selftest.log | head -n 1; \
	  RUNNER='$(1)' bash tests/cross/run_suites.sh $(TGT_SUITES:%=$(BUILD)/$(2)/test_%.elf) || exit 1

$(eval $(call tgt_build,m4,$(ARM_PREFIX),$(M4_ARCH),$(CFLAGS),$(M4_LINK),$(BUILD)/m4/tests/target/m_start.o))
$(eval $(call tgt_build,m4-os,$(ARM_PREFIX),$(M4_ARCH),-Os,$(M4_LINK),$(BUILD)/m4-os/tests/target/m_start.o))
$(eval $(call tgt_build,m33,$(ARM_PREFIX),$(M33_ARCH),$(CFLAGS),$(M33_LINK),$(BUILD)/m33/tests/target/m_start.o))
$(eval $(call tgt_build,rv32,$(RISCV_PREFIX),$(RV32_ARCH),$(CFLAGS),$(RV32_LINK)))

.PHONY: check-m4 m4-tests m4-os-tests

check-m4: m4-tests m4-os-tests
	@t0=$$(date +%s); \
	for b in m4 m4-os; do \
	  echo "-- Cortex-M4 (mps2-an386), $$b build"; \
	  $(call tgt_run,$(M4_RUN),$$b); \
	done; \
	echo "check-m4: suites passed on the Cortex-M4, default and -Os builds, in $$(( $$(date +%s) - t0 )) s"

# Instructions per byte of AES-128-CBC encrypt on the Cortex-M4, default and -Os builds
# (tests/target/icount_aes.c, QEMU -icount shift=0). A measurement, not a gate.
$(BUILD)/%/icount_aes.elf: $(BUILD)/%/tests/target/icount_aes.o $(BUILD)/%/tests/target/m_start.o \
		$(BUILD)/%/libfernetc.a
	$(ARM_PREFIX)gcc $(M4_ARCH) $(M4_LINK) -o $@ $^ -lm

.PHONY: m4-icount
m4-icount: $(BUILD)/m4/icount_aes.elf $(BUILD)/m4-os/icount_aes.elf
	@for b in m4 m4-os; do \
	  echo "-- Cortex-M4 (mps2-an386, -icount shift=0), $$b build ($$( [ $$b = m4 ] && echo '$(CFLAGS)' || echo -Os))"; \
	  $(M4_RUN:-kernel=-icount shift=0 -kernel) $(BUILD)/$$b/icount_aes.elf || exit 1; \
	done

.PHONY: check-m33 m33-tests
check-m33: m33-tests
	@t0=$$(date +%s); \
	echo "-- Cortex-M33 (mps2-an505)"; \
	$(call tgt_run,$(M33_RUN),m33); \
	echo "check-m33: suites passed on the Cortex-M33 in $$(( $$(date +%s) - t0 )) s"

.PHONY: check-rv32 rv32-tests
check-rv32: rv32-tests
	@t0=$$(date +%s); \
	echo "-- RV32IMAC (qemu-system-riscv32 -M virt)"; \
	$(call tgt_run,$(RV32_RUN),rv32); \
	echo "check-rv32: suites passed on RV32IMAC in $$(( $$(date +%s) - t0 )) s"

CI_EXTRA += check-m4 check-m33 check-rv32
