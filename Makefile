# fernet-c: GNU make build. Products go under $(BUILD) only.
#
#   make                 static + shared library and the fernet command
#   make check           Check suites and test scripts; fails on any failure
#   make demo            build, then a short session with the fernet command
#   make check-slow      the same plus the slow vectors (PBKDF2 with 2^24 iterations)
#   make asan            the suites under AddressSanitizer + UndefinedBehaviorSanitizer
#   make valgrind        the suites under valgrind memcheck
#   make ct              the constant-time gate (valgrind, secrets marked undefined)
#   make cross-arm       library for Cortex-M4, freestanding, -Werror
#   make cross-riscv     library for RV32IMAC, freestanding, -Werror
#   make bench           benchmark table beside OpenSSL (and Python where relevant)
#   make install / uninstall   honour PREFIX, DESTDIR, LIBDIR, INCLUDEDIR, BINDIR, MANDIR,
#                        PKGCONFIGDIR, CMAKEDIR; LDCONFIG=: skips ldconfig (tools/build.mk: checks)

VERSION    := 0.1.0
SOVERSION  := 0

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR    ?=

BUILD      ?= build
CFLAGS     ?= -O2
PKG_CONFIG ?= pkg-config

# Library modules, lowest layer first. Leave one out (MODULES="...") to compile it out;
# platform/ (OS clock and randomness) is the only one that calls the OS.
MODULES    ?= common sha256 hmac pbkdf2 base64 aes fernet platform
CORE_MODULES := $(filter-out platform,$(MODULES))

# Mandatory flags live here so a user's CFLAGS add to them instead of replacing them.
FC_WARN    := -std=c99 -pedantic -Wall -Wextra -Wconversion -Wsign-conversion -Wshadow \
              -Wstrict-prototypes -Wmissing-prototypes -Wcast-qual -Wvla -Wpointer-arith \
              -Wundef -Wwrite-strings -Wformat=2
FC_INC     := $(addprefix -I,$(MODULES) include)
# Without platform/, include/fernetc.h must not pull in fc_platform.h.
FC_DEFS    := $(if $(filter platform,$(MODULES)),,-DFC_NO_PLATFORM)
FC_CFLAGS  := $(FC_WARN) $(FC_INC) $(FC_DEFS) $(EXTRA_CFLAGS)
FC_LDFLAGS := $(EXTRA_LDFLAGS)

LIB_SRCS   := $(sort $(wildcard $(addsuffix /*.c,$(MODULES))))
LIB_OBJS   := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
PUB_HDRS   := $(filter-out %/fc_internal.h,$(wildcard $(addsuffix /fc_*.h,$(MODULES)))) include/fernetc.h

STATIC_LIB := $(BUILD)/libfernetc.a
SHARED_LIB := $(BUILD)/libfernetc.so.$(VERSION)

CLI_SRCS   := $(sort $(wildcard cli/*.c))
CLI        := $(if $(CLI_SRCS),$(BUILD)/fernet)

CHECK_CFLAGS := $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)
TEST_SRCS  := $(sort $(wildcard tests/test_*.c))
TEST_BINS  := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
TEST_CFLAGS := -DFC_VECTORS_DIR='"$(CURDIR)/vectors"' -Itests $(CHECK_CFLAGS)

.PHONY: all lib check check-slow asan valgrind ct ct-run cross-arm cross-riscv bench install uninstall clean \
        tests demo symbols ci amalgamation check-amalgamation

all: lib $(CLI)

lib: $(STATIC_LIB) $(SHARED_LIB)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(FC_CFLAGS) -fPIC $(CPPFLAGS) $(CFLAGS) $(FC_OBJ_FLAGS) -MMD -MP -c $< -o $@

# The portable 64-bit AES core's one-block rounds keep more values live than x86-64 has
# registers. Where the compiler has them (gcc; clang has neither), schedule its code before
# register allocation with gcc's register-pressure model, which spills less: AES-128-CBC
# encryption on the portable core 6-10% faster (README, "Portable core"). Code only: no
# layout, no result changes, and the constant-time checks run on this build.
FC_SCHED_FLAGS := $(shell printf 'int fc_x;\n' | $(CC) -fschedule-insns -fsched-pressure -Werror \
                    -x c -c -o /dev/null - 2>/dev/null && echo -fschedule-insns -fsched-pressure)
$(BUILD)/obj/aes/aes_ct64.o: FC_OBJ_FLAGS := $(FC_SCHED_FLAGS)

$(STATIC_LIB): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(SHARED_LIB): $(LIB_OBJS)
	$(CC) -shared -Wl,-soname,libfernetc.so.$(SOVERSION) $(FC_LDFLAGS) $(LDFLAGS) -o $@ $^
	ln -sf libfernetc.so.$(VERSION) $(BUILD)/libfernetc.so.$(SOVERSION)
	ln -sf libfernetc.so.$(VERSION) $(BUILD)/libfernetc.so

$(BUILD)/cli/%.o: cli/%.c
	@mkdir -p $(dir $@)
	$(CC) $(FC_CFLAGS) -D_POSIX_C_SOURCE=200809L -DFC_VERSION='"$(VERSION)"' $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/fernet: $(CLI_SRCS:cli/%.c=$(BUILD)/cli/%.o) $(STATIC_LIB)
	$(CC) $(FC_LDFLAGS) $(LDFLAGS) -o $@ $^

# ---- tests ----

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(FC_CFLAGS) $(TEST_CFLAGS) -D_POSIX_C_SOURCE=200809L -Wno-missing-prototypes $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(BUILD)/tests/fc_test.o $(STATIC_LIB)
	$(CC) $(FC_LDFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS)

tests: $(TEST_BINS) $(CLI)

# A short, readable session with the fernet command (cli/demo.sh).
demo: all
	@BUILD='$(BUILD)' bash cli/demo.sh

# RUNNER wraps each test binary (valgrind); FC_SLOW=1 enables slow vectors.
check: tests
	@BUILD='$(BUILD)' RUNNER='$(RUNNER)' FC_SKIP_SCRIPTS='$(FC_SKIP_SCRIPTS)' bash tests/run.sh $(TEST_BINS)

check-slow:
	@$(MAKE) --no-print-directory check FC_SLOW=1
export FC_SLOW

# CK_FORK=no: one process per suite, so LeakSanitizer runs once per suite, not per test.
asan:
	@CK_FORK=no $(MAKE) --no-print-directory BUILD=$(BUILD)/asan \
	  EXTRA_CFLAGS='-g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
	  EXTRA_LDFLAGS='-fsanitize=address,undefined' check

valgrind:
	@CK_FORK=no FC_SKIP_SCRIPTS=1 $(MAKE) --no-print-directory BUILD=$(BUILD)/valgrind EXTRA_CFLAGS='-g -gdwarf-4' \
	  RUNNER='valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite' check

# ---- constant-time gate: library and gate programs built with FC_CT_TEST ----
CT_SRCS := $(sort $(wildcard tests/ct/*.c))
ct:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/ct EXTRA_CFLAGS='-g -gdwarf-4 -DFC_CT_TEST' ct-run

ct-run: $(STATIC_LIB) $(CT_SRCS:tests/ct/%.c=$(BUILD)/ct/%)
	@BUILD='$(BUILD)' bash tests/ct/run.sh

$(BUILD)/ct/%: tests/ct/%.c tests/ct/ct.h $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(FC_CFLAGS) -Itests -Wno-missing-prototypes $(CFLAGS) -o $@ $(filter-out %.h,$^)

# ---- cross builds: core library only (no platform unit), freestanding, -Werror ----
# make cross-arm: Cortex-M4 (newlib headers); make cross-riscv: RV32IMAC (picolibc headers).
# Both write -fstack-usage files (.su) beside the objects.
CROSS_SRCS  := $(sort $(wildcard $(addsuffix /*.c,$(CORE_MODULES))))
CROSS_FLAGS := -Os -ffreestanding -ffunction-sections -fdata-sections -fstack-usage -Werror \
               $(FC_WARN) $(addprefix -I,$(CORE_MODULES) include) -DFC_NO_PLATFORM
ARM_PREFIX  ?= arm-none-eabi-
ARM_FLAGS   := -mcpu=cortex-m4 -mthumb
RISCV_PREFIX ?= riscv64-unknown-elf-
RISCV_FLAGS := --specs=picolibc.specs -march=rv32imac -mabi=ilp32

cross-arm: $(CROSS_SRCS:%.c=$(BUILD)/arm/%.o)
	rm -f $(BUILD)/arm/libfernetc.a
	$(ARM_PREFIX)ar rcs $(BUILD)/arm/libfernetc.a $^
	$(ARM_PREFIX)size -t $(BUILD)/arm/libfernetc.a | tail -n 1

cross-riscv: $(CROSS_SRCS:%.c=$(BUILD)/riscv/%.o)
	rm -f $(BUILD)/riscv/libfernetc.a
	$(RISCV_PREFIX)ar rcs $(BUILD)/riscv/libfernetc.a $^
	$(RISCV_PREFIX)size -t $(BUILD)/riscv/libfernetc.a | tail -n 1

$(BUILD)/arm/%.o: %.c
	@mkdir -p $(dir $@)
	$(ARM_PREFIX)gcc $(ARM_FLAGS) $(CROSS_FLAGS) -c $< -o $@

$(BUILD)/riscv/%.o: %.c
	@mkdir -p $(dir $@)
	$(RISCV_PREFIX)gcc $(RISCV_FLAGS) $(CROSS_FLAGS) -c $< -o $@

# ---- benchmark (OpenSSL linked here only, never into the library) ----
BENCH_SRCS := $(sort $(wildcard bench/bench_*.c))
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)
bench: $(BENCH_BINS) $(CLI)
	@BUILD='$(BUILD)' bash bench/run.sh $(BENCH_BINS)

$(BUILD)/bench/%: bench/%.c bench/bench.h $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(FC_CFLAGS) -Ibench -D_POSIX_C_SOURCE=200809L -Wno-missing-prototypes -O2 \
	  $(shell $(PKG_CONFIG) --cflags libcrypto) -o $@ $< $(STATIC_LIB) \
	  $(shell $(PKG_CONFIG) --libs libcrypto)

# ---- whole CI gate: both compilers with -Werror, sanitizers, valgrind, ct, symbols, cross ----
symbols: $(STATIC_LIB)
	@bad=$$(nm -g --defined-only $(STATIC_LIB) | awk 'NF == 3 { print $$3 }' | grep -v '^fc_' || true); \
	if [ -n "$$bad" ]; then echo "symbols without the fc_ prefix:"; echo "$$bad"; exit 1; fi; \
	echo "symbols: every global in $(STATIC_LIB) starts with fc_"

ci:
	@echo "== gcc -Werror"; $(MAKE) --no-print-directory BUILD=$(BUILD)/gcc CC=gcc EXTRA_CFLAGS=-Werror all check
	@echo "== clang -Werror"; $(MAKE) --no-print-directory BUILD=$(BUILD)/clang CC=clang EXTRA_CFLAGS=-Werror all check
	@echo "== symbols"; $(MAKE) --no-print-directory BUILD=$(BUILD)/gcc CC=gcc EXTRA_CFLAGS=-Werror symbols
	@echo "== asan+ubsan"; $(MAKE) --no-print-directory CC=clang asan
	@echo "== valgrind"; $(MAKE) --no-print-directory valgrind
	@echo "== constant-time gate"; $(MAKE) --no-print-directory ct
	@echo "== amalgamation"; $(MAKE) --no-print-directory CC=gcc check-amalgamation
	@echo "== cortex-m4"; $(MAKE) --no-print-directory cross-arm
	@echo "== rv32imac"; $(MAKE) --no-print-directory cross-riscv
	@for t in $(CI_EXTRA); do echo "== $$t"; $(MAKE) --no-print-directory $$t || exit 1; done

# ---- single-file amalgamation for vendoring, tested like the rest ----
AMALG := $(BUILD)/amalgamation
amalgamation:
	python3 tools/amalgamate.py $(AMALG) $(MODULES)
	$(CC) $(FC_WARN) -Werror -fPIC $(CFLAGS) -c $(AMALG)/fernetc.c -o $(AMALG)/fernetc.o
	@echo "amalgamation: $(AMALG)/fernetc.h $(AMALG)/fernetc.c"

# The Check suites linked against the amalgamation instead of the module objects.
check-amalgamation: amalgamation
	$(AR) rcs $(AMALG)/libfernetc.a $(AMALG)/fernetc.o
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/amalg-tests STATIC_LIB=$(CURDIR)/$(AMALG)/libfernetc.a \
	  FC_SKIP_SCRIPTS=1 check

# ---- install ----
# Also a CMake package (find_package(fernetc CONFIG)) in CMAKEDIR. install_helper.sh records
# the directories install creates (uninstall removes them again when empty) and runs ldconfig
# when DESTDIR is empty and LIBDIR is a directory ld.so searches (LDCONFIG=: skips it).
CMAKEDIR   ?= $(LIBDIR)/cmake/fernetc
INSTALL_MANIFEST := $(CMAKEDIR)/install-dirs.txt
INSTALL_DIRS = $(LIBDIR) $(INCLUDEDIR) $(PKGCONFIGDIR) $(CMAKEDIR) $(if $(CLI),$(BINDIR)) \
               $(if $(wildcard docs/fernet.1),$(MANDIR)/man1) \
               $(if $(wildcard cli/completion/fernet.bash),$(PREFIX)/share/bash-completion/completions \
                                                          $(PREFIX)/share/zsh/site-functions)
FC_SUBST = sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
    -e 's|@VERSION@|$(VERSION)|' -e 's|@SOVERSION@|$(SOVERSION)|' -e 's|@MODULES@|$(MODULES)|' -e 's|@DEFS@|$(FC_DEFS)|' -e 's| *$$||' \
    -e 's|@VERSION_MAJOR@|$(word 1,$(subst ., ,$(VERSION)))|' -e 's|@VERSION_MINOR@|$(word 2,$(subst ., ,$(VERSION)))|'

# Regenerated on every install: PREFIX or LIBDIR may differ from the last run.
$(BUILD)/fernetc.pc: fernetc.pc.in FORCE
	@mkdir -p $(dir $@)
	$(FC_SUBST) $< > $@

$(BUILD)/cmake/fernetcConfig.cmake: cmake/fernetcConfig-make.cmake.in FORCE
	@mkdir -p $(dir $@)
	$(FC_SUBST) $< > $@

$(BUILD)/cmake/fernetcConfigVersion.cmake: cmake/fernetcConfigVersion-make.cmake.in FORCE
	@mkdir -p $(dir $@)
	$(FC_SUBST) $< > $@

install: all $(BUILD)/fernetc.pc $(BUILD)/cmake/fernetcConfig.cmake $(BUILD)/cmake/fernetcConfigVersion.cmake
	@DESTDIR='$(DESTDIR)' sh tools/install_helper.sh mkdirs '$(INSTALL_MANIFEST)' $(foreach d,$(INSTALL_DIRS),'$(d)')
	install -m 644 $(STATIC_LIB) '$(DESTDIR)$(LIBDIR)/'
	install -m 755 $(SHARED_LIB) '$(DESTDIR)$(LIBDIR)/'
	ln -sf libfernetc.so.$(VERSION) '$(DESTDIR)$(LIBDIR)/libfernetc.so.$(SOVERSION)'
	ln -sf libfernetc.so.$(VERSION) '$(DESTDIR)$(LIBDIR)/libfernetc.so'
	install -m 644 $(PUB_HDRS) '$(DESTDIR)$(INCLUDEDIR)/'
	install -m 644 $(BUILD)/fernetc.pc '$(DESTDIR)$(PKGCONFIGDIR)/'
	install -m 644 $(BUILD)/cmake/fernetcConfig.cmake $(BUILD)/cmake/fernetcConfigVersion.cmake '$(DESTDIR)$(CMAKEDIR)/'
	$(if $(CLI),install -m 755 $(CLI) '$(DESTDIR)$(BINDIR)/')
	$(if $(wildcard docs/fernet.1),install -m 644 docs/fernet.1 '$(DESTDIR)$(MANDIR)/man1/')
	install -m 644 cli/completion/fernet.bash '$(DESTDIR)$(PREFIX)/share/bash-completion/completions/fernet'
	install -m 644 cli/completion/_fernet '$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_fernet'
	@DESTDIR='$(DESTDIR)' LDCONFIG='$(LDCONFIG)' sh tools/install_helper.sh ldconfig '$(LIBDIR)'

.PHONY: FORCE
FORCE:

uninstall:
	rm -f '$(DESTDIR)$(LIBDIR)/libfernetc.a' '$(DESTDIR)$(LIBDIR)/libfernetc.so' \
	      '$(DESTDIR)$(LIBDIR)/libfernetc.so.$(SOVERSION)' '$(DESTDIR)$(LIBDIR)/libfernetc.so.$(VERSION)' \
	      '$(DESTDIR)$(PKGCONFIGDIR)/fernetc.pc' '$(DESTDIR)$(BINDIR)/fernet' \
	      '$(DESTDIR)$(MANDIR)/man1/fernet.1' \
	      '$(DESTDIR)$(CMAKEDIR)/fernetcConfig.cmake' '$(DESTDIR)$(CMAKEDIR)/fernetcConfigVersion.cmake'
	rm -f $(addprefix '$(DESTDIR)$(INCLUDEDIR)'/,$(notdir $(PUB_HDRS)))
	rm -f '$(DESTDIR)$(PREFIX)/share/bash-completion/completions/fernet' '$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_fernet'
	@DESTDIR='$(DESTDIR)' sh tools/install_helper.sh rmdirs '$(INSTALL_MANIFEST)'

clean:
	rm -rf $(BUILD)

# Further gates, one fragment per job (fuzzing, footprint, cross-architecture runs, build
# systems). Each defines its targets and appends the CI ones to CI_EXTRA.
CI_EXTRA :=
include $(sort $(wildcard tools/*.mk))

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
.SECONDARY:
