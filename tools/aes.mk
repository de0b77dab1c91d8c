# ---- AES portable core, 32-bit slices on this host ----
# The core picks 64-bit slices on 64-bit CPUs and 32-bit slices on 32-bit ones (or with
# -DFC_AES_CT32, which changes code only, never a layout). These gates rebuild the library
# with the 32-bit core so x86-64 CI runs both:
#   make check-aes-ct32   the AES vector suites and the S-box test (tests/test_aes*.c)
#   make ct-aes-ct32      the constant-time gate (valgrind), every program
AES_CT32_TESTS := $(filter $(BUILD)/tests/test_aes%,$(TEST_BINS))

.PHONY: check-aes-ct32 ct-aes-ct32
check-aes-ct32:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/ct32 EXTRA_CFLAGS='$(EXTRA_CFLAGS) -DFC_AES_CT32' \
	  FC_SKIP_SCRIPTS=1 TEST_BINS='$(AES_CT32_TESTS:$(BUILD)/%=$(BUILD)/ct32/%)' check

ct-aes-ct32:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/ct32-ct \
	  EXTRA_CFLAGS='-g -gdwarf-4 -DFC_CT_TEST -DFC_AES_CT32' ct-run

CI_EXTRA += check-aes-ct32 ct-aes-ct32
