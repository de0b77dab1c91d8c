# libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang, ASan and UBSan over the library
# sources. Seeds: tests/fuzz/corpus/TARGET/, written by tools/fuzz_seeds.py (Python's
# cryptography makes them, so they do not come from the code under test).
#
#   make fuzz-build            build every target into $(BUILD)/fuzz/
#   make fuzz-ci               replay each seed corpus, then fuzz each target FUZZ_SECONDS
#   make fuzz-long FUZZ_RUNS=10000000   a long run of each target; prints cov/ft at the end
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 15
FUZZ_RUNS    ?= 10000000
FUZZ_FLAGS   := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer
FUZZ_NAMES   := $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BINS    := $(FUZZ_NAMES:%=$(BUILD)/fuzz/%)
FUZZ_LIBSRCS := $(filter-out platform/%,$(LIB_SRCS))

.PHONY: fuzz-build fuzz-ci fuzz-long fuzz-seeds
fuzz-build: $(FUZZ_BINS)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(FUZZ_LIBSRCS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FC_WARN) $(FC_INC) -Wno-missing-prototypes $(FUZZ_FLAGS) \
	  -o $@ $< $(FUZZ_LIBSRCS)

# Replay first (every seed once: -runs=0), then a short time-boxed run whose new inputs go
# to a scratch directory, so the committed corpus is not rewritten by CI.
fuzz-ci: fuzz-build
	@set -e; for t in $(FUZZ_NAMES); do \
	  echo "fuzz: $$t replay"; \
	  $(BUILD)/fuzz/$$t -runs=0 tests/fuzz/corpus/$$t 2>$(BUILD)/fuzz/$$t.replay.log \
	    || { tail -n 40 $(BUILD)/fuzz/$$t.replay.log; exit 1; }; \
	  rm -rf $(BUILD)/fuzz/work-$$t; mkdir -p $(BUILD)/fuzz/work-$$t; \
	  $(BUILD)/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=$(BUILD)/fuzz/$$t- $(BUILD)/fuzz/work-$$t tests/fuzz/corpus/$$t \
	    2>$(BUILD)/fuzz/$$t.log || { tail -n 40 $(BUILD)/fuzz/$$t.log; exit 1; }; \
	  grep -h '^#[0-9]*.*DONE' $(BUILD)/fuzz/$$t.log | sed "s/^/fuzz: $$t /"; \
	done; echo "fuzz: $(words $(FUZZ_NAMES)) targets replayed and fuzzed, no finding"

fuzz-long: fuzz-build
	@set -e; for t in $(FUZZ_NAMES); do \
	  rm -rf $(BUILD)/fuzz/long-$$t; mkdir -p $(BUILD)/fuzz/long-$$t; \
	  $(BUILD)/fuzz/$$t -runs=$(FUZZ_RUNS) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)/fuzz/$$t- $(BUILD)/fuzz/long-$$t tests/fuzz/corpus/$$t \
	    2>$(BUILD)/fuzz/$$t.long.log || { tail -n 40 $(BUILD)/fuzz/$$t.long.log; exit 1; }; \
	  grep -h 'DONE\|stat::number_of_executed_units\|stat::average_exec_per_sec' \
	    $(BUILD)/fuzz/$$t.long.log | sed "s/^/fuzz-long: $$t /"; \
	done

fuzz-seeds:
	python3 tools/fuzz_seeds.py tests/fuzz/corpus

CI_EXTRA += fuzz-ci

# The fernet command under a mutation loop (tests/fuzz/cli_mutate.py), built with ASan+UBSan.
# Any crash, sanitizer report, hang, or exit status outside 0-3 fails. CLI_FUZZ_SEED unset:
# the script's fixed seed; set it to explore.
CLI_FUZZ_RUNS ?= 1500
.PHONY: cli-fuzz
cli-fuzz:
	@$(MAKE) --no-print-directory CC=clang BUILD=$(BUILD)/asan \
	  EXTRA_CFLAGS='-g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
	  EXTRA_LDFLAGS='-fsanitize=address,undefined' $(BUILD)/asan/fernet >/dev/null
	python3 tests/fuzz/cli_mutate.py $(BUILD)/asan/fernet $(CLI_FUZZ_RUNS) $(CLI_FUZZ_SEED)

CI_EXTRA += cli-fuzz
