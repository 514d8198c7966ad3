# fuzz.mk - the libFuzzer targets tests/fuzz/fuzz_*.c, included at the end of the top Makefile.
#
#   make fuzz          build them in build/fuzz (the FUZZ=1 variant: clang, -fsanitize=fuzzer,
#                      address, undefined, wolfCrypt built the same way in build/fuzz/wolfcrypt),
#                      run each for FUZZ_SECONDS (default 60) from its seed corpus
#                      tests/fuzz/corpus/<target>/ (new inputs go to build/fuzz/corpus/<target>/,
#                      the seeds are never written), print per target executions per second and
#                      coverage (libFuzzer's final cov: and ft:), fail if a target found a crash,
#                      a leak or a timeout (the input is saved in build/fuzz/artifacts/<target>/)
#   make fuzz FUZZ_TARGETS="fuzz_nvm"   only those targets
#   make fuzz-corpus   regenerate the seed corpora with tests/fuzz/gen_corpus.c
#
# Per-target libFuzzer flags (-max_len) are in tests/fuzz/<target>.options.

FUZZ_SECONDS ?= 60
FUZZ_NAMES   := $(patsubst $(TOP)/tests/fuzz/%.c,%,$(wildcard $(TOP)/tests/fuzz/fuzz_*.c))
FUZZ_TARGETS ?= $(FUZZ_NAMES)

.PHONY: fuzz fuzz-corpus
ifeq ($(FUZZ),1)

FUZZ_BINS := $(addprefix $(BUILD)/bin/,$(FUZZ_TARGETS))

$(BUILD)/bin/%: $(BUILD)/obj/tests/fuzz/%.o $(TEST_UTIL) $(LIB_OBJ) $(WOLFCRYPT_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $(patsubst $(TOP)/%,%,$@)")
	$(Q)$(CC) $(LDFLAGS) -fsanitize=fuzzer $^ $(LDLIBS) -o $@

fuzz: $(FUZZ_BINS)
	@$(TOP)/scripts/fuzz_run.sh $(FUZZ_SECONDS) $(BUILD) $(TOP)/tests/fuzz $(FUZZ_BINS)

# The generator is plain C (no sanitizers, no fuzzer), with the wire translators compiled in.
FUZZ_GEN     := $(BUILD)/bin/gen_corpus
FUZZ_GEN_SRC := $(TOP)/tests/fuzz/gen_corpus.c $(wildcard $(TOP)/shared_mem/wh_message*.c)
$(FUZZ_GEN): $(FUZZ_GEN_SRC) $(FLAGS_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(CC) $(CSTD) $(OPT_FLAGS) $(WARN_FLAGS) $(INC_FLAGS) -I$(TOP)/tests $(FUZZ_GEN_SRC) -o $@

fuzz-corpus: $(FUZZ_GEN)
	@mkdir -p $(addprefix $(TOP)/tests/fuzz/corpus/,$(FUZZ_NAMES))
	$(FUZZ_GEN) $(TOP)/tests/fuzz/corpus

else
fuzz fuzz-corpus:
	@$(MAKE) --no-print-directory FUZZ=1 $@
endif
