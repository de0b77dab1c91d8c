# Vector suites on other architectures, under QEMU (issues 9 §6, 10, 11 §5).
#
#   make check-s390x     big-endian: every Check suite built for s390x, run under qemu-s390x
#   make check-aarch64   every Check suite for AArch64 under qemu-aarch64 -cpu max, once with
#                        the ARMv8 Crypto Extensions and once with them hidden (portable code)
#
# Check for the target comes from Debian multiarch (check:s390x, check:arm64, linked
# statically; .ci/deps installs them). The CLI scripts (tests/check_*.sh) are host-only and
# not run here. The slow PBKDF2 vectors (2^24 iterations) stay off unless FC_SLOW=1.
# Each run ends with the suites' "N passed, N failed" line and fails on any failure.

CROSS_CHECK_LIBS = -L/usr/lib/$(1) -l:libcheck.a -l:libsubunit.a -lm -lrt -pthread

# $(1) build dir name, $(2) tool prefix, $(3) multiarch triplet, $(4) runner
cross_check = CK_FORK=no $(MAKE) --no-print-directory BUILD=$(BUILD)/$(1) CC=$(2)gcc AR=$(2)ar \
  EXTRA_CFLAGS=-Werror CHECK_CFLAGS=-pthread CHECK_LIBS='$(call CROSS_CHECK_LIBS,$(3))' \
  FC_SKIP_SCRIPTS=1 RUNNER='$(4)' check

.PHONY: check-s390x check-aarch64

check-s390x:
	@t0=$$(date +%s); \
	$(call cross_check,s390x,s390x-linux-gnu-,s390x-linux-gnu,qemu-s390x) || exit 1; \
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
	$(call cross_check,aarch64,aarch64-linux-gnu-,aarch64-linux-gnu,qemu-aarch64 -cpu max) || exit 1; \
	seen=$$(qemu-aarch64 -cpu max -E LD_PRELOAD=$(abspath $(NOHWCAP)) $(HWPROBE)); \
	echo "-- aarch64, -cpu max with the Crypto Extensions hidden: CPU reports $$seen"; \
	[ "$$seen" = none ] || { echo "check-aarch64: nohwcap shim did not hide the extensions"; exit 1; }; \
	$(call cross_check,aarch64,aarch64-linux-gnu-,aarch64-linux-gnu,qemu-aarch64 -cpu max -E LD_PRELOAD=$(abspath $(NOHWCAP))) || exit 1; \
	echo "check-aarch64: suites passed with and without the Crypto Extensions in $$(( $$(date +%s) - t0 )) s"

CI_EXTRA += check-s390x check-aarch64
