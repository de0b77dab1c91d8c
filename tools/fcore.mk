# The umbrella header in a firmware-style build: MODULES without platform/. Builds the
# library that way, then compiles tests/umbrella.c with only those modules on the include
# path (-Werror, gcc and clang alike) and runs it.
NOPLAT_MODULES := $(filter-out platform,$(MODULES))
NOPLAT_BUILD   := $(BUILD)/noplatform

umbrella-noplatform:
	@$(MAKE) --no-print-directory BUILD=$(NOPLAT_BUILD) MODULES='$(NOPLAT_MODULES)' lib
	$(CC) $(FC_WARN) -Werror -DFC_NO_PLATFORM $(addprefix -I,$(NOPLAT_MODULES) include) \
	  $(CFLAGS) -o $(NOPLAT_BUILD)/umbrella tests/umbrella.c $(NOPLAT_BUILD)/libfernetc.a
	$(NOPLAT_BUILD)/umbrella

.PHONY: umbrella-noplatform
CI_EXTRA += umbrella-noplatform
