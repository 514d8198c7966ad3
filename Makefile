# Dual-core HSM stack: top-level Makefile.
#
#   make run        the main job: both cores in QEMU (make run-host: the POSIX host demo);
#                   TAMPER=1: the host image with a byte flipped, SHE secure boot fails
#   make test       build and run every test: the host test programs, then (default variant
#                   only) the on-target suites in QEMU. T=name runs one host test program,
#                   T=target only the on-target runs (make test-target)
#   make bench      benchmarks (figures, not pass/fail); make bench-target in QEMU
#   make fuzz       the libFuzzer targets of tests/fuzz/, each for FUZZ_SECONDS (scripts/fuzz.mk)
#   make dist       per-core static libraries and headers for Cortex-M33/M4F/M7 and the host in
#                   dist/ (scripts/dist.mk); make test-dist builds tests/dist/'s consumers on them
#
# Switches (each selects its own build folder under build/, so variants never mix):
#   THREADSAFE=1  define WOLFHSM_CFG_THREADSAFE       ASAN=1  address + undefined sanitizers
#   GLOBAL_KEYS=0 leave WOLFHSM_CFG_GLOBAL_KEYS out (default: on)
#   TSAN=1        thread sanitizer                     DEBUG=1 -O0 -g3
#   COVERAGE=1    gcov instrumentation                 M32=1   32-bit host build
# Missing packages and sources are installed by scripts/deps.sh and scripts/wolfssl.sh.

THREADSAFE ?= 0
GLOBAL_KEYS ?= 1
ASAN       ?= 0
TSAN       ?= 0
DEBUG      ?= 0
COVERAGE   ?= 0
M32        ?= 0

ifeq ($(ASAN)$(TSAN),11)
$(error ASAN=1 and TSAN=1 cannot be combined: pick one)
endif

TOP        := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
DEPS_CACHE ?= $(HOME)/.cache/wolfhsm-deps

VARIANT := host$(if $(filter 1,$(THREADSAFE)),-ts)$(if $(filter 0,$(GLOBAL_KEYS)),-nogk)$(if $(filter 1,$(M32)),-m32)$(if \
           $(filter 1,$(ASAN)),-asan)$(if $(filter 1,$(TSAN)),-tsan)$(if \
           $(filter 1,$(DEBUG)),-debug)$(if $(filter 1,$(COVERAGE)),-cov)
BUILD   := $(TOP)/build/$(VARIANT)

CC         := gcc
CSTD       := -std=gnu11
ARCH_FLAGS := $(if $(filter 1,$(M32)),-m32)
OPT_FLAGS  := $(if $(filter 1,$(DEBUG) $(COVERAGE)),-O0 -g3,-O2 -g)
ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_FLAGS  := $(if $(filter 1,$(ASAN)),$(ASAN_FLAGS))$(if $(filter 1,$(TSAN)),-fsanitize=thread)
COV_FLAGS  := $(if $(filter 1,$(COVERAGE)),--coverage)
# Link-time optimisation folds the thin layers (client -> comm -> transport) together: about
# 40% fewer instructions per round trip. Off when debugging or measuring coverage.
LTO_FLAGS  := $(if $(filter 1,$(DEBUG) $(COVERAGE)),,-flto=auto)
# FUZZ=1 (set by make fuzz): the libFuzzer build in build/fuzz, clang, every object (wolfCrypt
# too) instrumented for coverage and sanitized (ASAN, TSAN and LTO do not apply).
ifeq ($(FUZZ),1)
VARIANT    := fuzz
BUILD      := $(TOP)/build/fuzz
CC         := clang
SAN_FLAGS  := -fsanitize=fuzzer-no-link $(ASAN_FLAGS)
LTO_FLAGS  :=
endif
WARN_FLAGS := -Wall -Wextra -Wpedantic -Werror -Wmissing-prototypes -Wstrict-prototypes \
              -Wshadow -Wcast-align -Wundef
# Every build of this tree is a development one: an unprovisioned SHE uses the public
# development identity (wh_server.h, README "SHE").
CFG_FLAGS  := $(if $(filter 1,$(THREADSAFE)),-DWOLFHSM_CFG_THREADSAFE) \
              $(if $(filter 1,$(GLOBAL_KEYS)),-DWOLFHSM_CFG_GLOBAL_KEYS) \
              -DWOLFHSM_CFG_SHE_DEV_IDENTITY
INC_FLAGS  := -I$(TOP)/shared_mem -I$(TOP)/lock_hw -I$(TOP)/nvm -I$(TOP)/core1_hsm \
              -I$(TOP)/core0_host -I$(TOP)/core0_host/autosar

# Installs the Debian packages a host build needs; every fetched or system dependency waits
# for it (the fragments below use it).
DEPS_STAMP := $(BUILD)/.deps-ok

include $(TOP)/scripts/wolfcrypt.mk
include $(TOP)/scripts/cmocka.mk

CFLAGS  := $(CSTD) $(ARCH_FLAGS) $(OPT_FLAGS) $(LTO_FLAGS) $(SAN_FLAGS) $(COV_FLAGS) $(WARN_FLAGS) \
           $(CFG_FLAGS) $(INC_FLAGS) $(WOLFCRYPT_CFLAGS) -MMD -MP
LDFLAGS := $(ARCH_FLAGS) $(OPT_FLAGS) $(LTO_FLAGS) $(SAN_FLAGS) $(COV_FLAGS)
LDLIBS  := -lpthread

# Keep objects that pattern rules make on the way to a program.
.SECONDARY:

# ---- library sources, by folder (the host image never links core1_hsm) ----
SHARED_SRC := $(wildcard $(TOP)/shared_mem/*.c)
POSIX_SRC  := $(TOP)/shared_mem/port/posix/posix_doorbell.c \
              $(TOP)/shared_mem/port/posix/posix_shm.c
LOCK_SRC   := $(wildcard $(TOP)/lock_hw/*.c $(TOP)/lock_hw/port/posix/*.c)
NVM_SRC    := $(wildcard $(TOP)/nvm/*.c $(TOP)/nvm/port/posix/*.c)
SERVER_SRC := $(wildcard $(TOP)/core1_hsm/*.c $(TOP)/core1_hsm/port/posix/*.c) $(LOCK_SRC) \
              $(NVM_SRC)
CLIENT_SRC := $(wildcard $(TOP)/core0_host/*.c)
# The AUTOSAR Crypto Driver: linked only into the programs that use it (it calls the ECU's
# CryIf_CallbackNotification and Det_ReportError).
AUTOSAR_SRC := $(wildcard $(TOP)/core0_host/autosar/*.c)

obj = $(patsubst $(TOP)/%.c,$(BUILD)/obj/%.o,$(1))

SHARED_OBJ := $(call obj,$(SHARED_SRC) $(POSIX_SRC))
SERVER_OBJ := $(call obj,$(SERVER_SRC))
CLIENT_OBJ := $(call obj,$(CLIENT_SRC))
LIB_OBJ    := $(SHARED_OBJ) $(SERVER_OBJ) $(CLIENT_OBJ)

# V=1 shows full command lines.
Q := $(if $(filter 1,$(V)),,@)

# Objects depend on the flags they were built with: a changed setting rebuilds them.
FLAGS_STAMP := $(BUILD)/.flags
$(shell mkdir -p $(BUILD) && echo '$(CFLAGS) $(LDFLAGS)' | cmp -s - $(FLAGS_STAMP) || \
        echo '$(CFLAGS) $(LDFLAGS)' > $(FLAGS_STAMP))

# wolfCrypt's headers come from the unpacked source; -MMD does not see user_settings.h.
$(BUILD)/obj/%.o: $(TOP)/%.c $(FLAGS_STAMP) $(WOLFCRYPT_SETTINGS) | $(DEPS_STAMP) $(WOLFCRYPT_DEP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $(patsubst $(TOP)/%,%,$<)")
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(DEPS_STAMP):
	@$(TOP)/scripts/deps.sh host $(if $(filter 1,$(M32)),m32) $(if $(filter 1,$(FUZZ)),fuzz)
	@mkdir -p $(@D) && touch $@

# ---- the provisioning tool (core1_hsm/tools/whprov.c; README, "Provisioning: whprov"): the
# HSM's own NVM store and SHE record helper on the RAM flash simulator, for the host.
WHPROV     := $(BUILD)/whprov
WHPROV_OBJ := $(call obj,$(TOP)/core1_hsm/tools/whprov.c $(TOP)/core1_hsm/wh_server_she_rec.c \
              $(TOP)/nvm/wh_nvm_flash.c $(TOP)/nvm/wh_flash_ramsim.c \
              $(TOP)/shared_mem/wh_utils.c)
$(WHPROV): $(WHPROV_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $(patsubst $(TOP)/%,%,$@)")
	$(Q)$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@
.PHONY: whprov
whprov: $(WHPROV)

# ---- make install PREFIX=dir (README, "Installing the host libraries"): the Linux client and
# server static libraries of this variant, the wolfCrypt they need, their headers (and
# wolfSSL's with the user_settings.h they were built with) and a pkg-config file for each.
PREFIX      ?= /usr/local
INST_INC    := $(PREFIX)/include/wolfhsm
INST_LIB    := $(PREFIX)/lib
INST_CFG    := $(filter -D%,$(CFG_FLAGS)) -DWOLFSSL_USER_SETTINGS
INST_HDRS   := $(wildcard $(TOP)/shared_mem/wolfhsm/*.h $(TOP)/lock_hw/wolfhsm/*.h \
               $(TOP)/nvm/wolfhsm/*.h $(TOP)/core1_hsm/wolfhsm/*.h $(TOP)/core0_host/wolfhsm/*.h)
INST_PORT   := $(wildcard $(TOP)/shared_mem/port/posix/*.h $(TOP)/lock_hw/port/posix/*.h \
               $(TOP)/nvm/port/posix/*.h $(TOP)/core1_hsm/port/posix/*.h)
CLIENT_LIB  := $(BUILD)/lib/libwolfhsm_client.a
SERVER_LIB  := $(BUILD)/lib/libwolfhsm_server.a
$(CLIENT_LIB): $(SHARED_OBJ) $(CLIENT_OBJ)
$(SERVER_LIB): $(SHARED_OBJ) $(SERVER_OBJ)
$(CLIENT_LIB) $(SERVER_LIB):
	@mkdir -p $(@D) && rm -f $@
	@$(if $(Q),echo "  AR      $(patsubst $(TOP)/%,%,$@)")
	$(Q)gcc-ar rcs $@ $^
# The pkg-config file $(1) (name), $(2) (description), $(3) (library).
pc_file = printf '%s\n' 'prefix=$(PREFIX)' 'includedir=$${prefix}/include/wolfhsm' \
    'libdir=$${prefix}/lib' '' 'Name: $(1)' 'Description: $(2) (variant $(VARIANT))' \
    'Version: 0.1.0' 'Cflags: -I$${includedir} $(INST_CFG)' \
    'Libs: -L$${libdir} -l$(3) -lwolfhsm_wolfcrypt -lpthread' >$(INST_LIB)/pkgconfig/$(1).pc
.PHONY: install
install: $(CLIENT_LIB) $(SERVER_LIB) $(WOLFCRYPT_LIB) $(WHPROV)
	@mkdir -p $(INST_INC)/wolfhsm $(INST_INC)/port/posix $(INST_LIB)/pkgconfig $(PREFIX)/bin
	$(Q)cp $(INST_HDRS) $(INST_INC)/wolfhsm/
	$(Q)cp $(INST_PORT) $(INST_INC)/port/posix/
	$(Q)cp $(WOLFCRYPT_SETTINGS) $(INST_INC)/
	$(Q)cd $(WOLFSSL_SRC) && find wolfssl -name '*.h' -exec cp --parents {} $(INST_INC)/ \;
	$(Q)cp $(CLIENT_LIB) $(SERVER_LIB) $(INST_LIB)/
	$(Q)cp $(WOLFCRYPT_LIB) $(INST_LIB)/libwolfhsm_wolfcrypt.a
	$(Q)cp $(WHPROV) $(PREFIX)/bin/
	$(Q)$(call pc_file,wolfhsm-client,wolfHSM-style HSM client API,wolfhsm_client)
	$(Q)$(call pc_file,wolfhsm-server,wolfHSM-style HSM server: NVM store; keys; SHE; POSIX ports,wolfhsm_server)
	@echo "installed into $(PREFIX): lib/libwolfhsm_{client,server,wolfcrypt}.a," \
	      "include/wolfhsm/, lib/pkgconfig/wolfhsm-{client,server}.pc, bin/whprov"

# The installed tree at work: two small programs built with pkg-config only (make test).
.PHONY: test-install
test-install:
	@$(TOP)/scripts/install_test.sh

# ---- tests ----
# Each tests/test_*.c is one CMocka program linked with the libraries.
TEST_SRC   := $(wildcard $(TOP)/tests/test_*.c)
TEST_NAMES := $(patsubst $(TOP)/tests/%.c,%,$(TEST_SRC))
TEST_BINS  := $(addprefix $(BUILD)/tests/,$(TEST_NAMES))
TEST_UTIL  := $(call obj,$(wildcard $(TOP)/tests/util/*.c))

TEST_OBJ   := $(call obj,$(TEST_SRC) $(wildcard $(TOP)/tests/util/*.c $(TOP)/tests/bench/*.c))

$(BUILD)/obj/tests/%.o: CFLAGS += $(CMOCKA_CFLAGS)
$(TEST_OBJ): | $(CMOCKA_DEP)

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(TEST_UTIL) $(LIB_OBJ) $(WOLFCRYPT_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $(patsubst $(TOP)/%,%,$@)")
	$(Q)$(CC) $(LDFLAGS) $^ $(CMOCKA_LIBS) $(LDLIBS) -o $@

# The driver's test programs: the driver, and the test configuration with the stand-ins for
# Csm, CryIf and Det (tests/autosar/).
AUTOSAR_TESTS := $(BUILD)/tests/test_crypto_driver $(BUILD)/tests/test_crypto_constants \
                 $(BUILD)/bench/bench_crypto_driver
$(AUTOSAR_TESTS): $(call obj,$(AUTOSAR_SRC) $(wildcard $(TOP)/tests/autosar/*.c))

# test_she_unprovisioned builds the SHE server itself (it includes wh_server_she.c) without
# the development identity: the product's behaviour before provisioning.
$(BUILD)/tests/test_she_unprovisioned: $(BUILD)/obj/tests/test_she_unprovisioned.o $(TEST_UTIL) \
                                       $(filter-out %/wh_server_she.o,$(LIB_OBJ)) $(WOLFCRYPT_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $(patsubst $(TOP)/%,%,$@)")
	$(Q)$(CC) $(LDFLAGS) $^ $(CMOCKA_LIBS) $(LDLIBS) -o $@

# test_whprov runs the tool on the sample provisioning file.
$(BUILD)/obj/tests/test_whprov.o: CFLAGS += -DWHPROV_BIN='"$(WHPROV)"' \
                                            -DWHPROV_SAMPLE='"$(TOP)/tests/whprov_sample.prov"'
$(BUILD)/tests/test_whprov: | $(WHPROV)

# The padding check: every wire struct declared under -Wpadded.
$(BUILD)/obj/tests/test_padding.o: CFLAGS += -Wpadded

# Every public header compiles on its own.
PUBLIC_HDRS := $(wildcard $(TOP)/shared_mem/wolfhsm/*.h $(TOP)/shared_mem/port/posix/*.h \
               $(TOP)/lock_hw/wolfhsm/*.h $(TOP)/lock_hw/port/posix/*.h \
               $(TOP)/nvm/wolfhsm/*.h $(TOP)/nvm/port/posix/*.h $(TOP)/core1_hsm/wolfhsm/*.h \
               $(TOP)/core1_hsm/port/posix/*.h $(TOP)/core0_host/wolfhsm/*.h \
               $(TOP)/core0_host/autosar/*.h)
HDR_CHECKS  := $(patsubst $(TOP)/%.h,$(BUILD)/hdrcheck/%.ok,$(PUBLIC_HDRS))

$(BUILD)/hdrcheck/%.ok: $(TOP)/%.h | $(DEPS_STAMP) $(WOLFCRYPT_DEP)
	@mkdir -p $(@D)
	@printf '#include "%s"\ntypedef int whHeaderCheck;\n' $< > $(@:.ok=.c)
	$(Q)$(CC) $(filter-out -MMD -MP,$(CFLAGS)) -fsyntax-only $(@:.ok=.c)
	@touch $@

TEST_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
            UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1

RUN_TESTS := $(if $(T),$(filter $(T) test_$(T),$(TEST_NAMES)),$(TEST_NAMES))
# The target images do not change with the host switches: the default variant runs them.
RUN_TARGET := $(if $(T),$(filter target,$(T)),$(filter host,$(VARIANT)))

.PHONY: all test tests run bench bench-instr clean distclean headers
all: $(TEST_BINS) demo $(WHPROV)

tests: $(TEST_BINS)
headers: $(HDR_CHECKS)

# The lock macros are no code without THREADSAFE: no server/NVM object references a lock.
LOCK_USERS := $(call obj,$(wildcard $(TOP)/core1_hsm/*.c $(TOP)/nvm/*.c))
.PHONY: lock-refs
lock-refs: $(LOCK_USERS)
	@$(TOP)/scripts/check_lock_refs.sh $(if $(filter 1,$(THREADSAFE)),1,0) $^

# The tree's rules (default variant, whole run only): the layering of the README's table,
# the naming scheme, the .clang-format layout and 100 columns, and a self-test that each
# check catches a violation planted in a scratch copy.
RUN_CHECKS := $(if $(T),,$(filter host,$(VARIANT)))
.PHONY: checks
checks: | $(DEPS_STAMP)
	@$(TOP)/scripts/check_layers.sh
	@$(TOP)/scripts/check_names.sh
	@$(TOP)/scripts/check_format.sh && echo "format: every C file as .clang-format lays it out"
	@$(TOP)/scripts/check_vectors.sh && echo "vectors: every committed vector header is its script's output"
	@$(TOP)/scripts/test_checks.sh

test: $(if $(filter target,$(T)),,test-host) $(if $(RUN_CHECKS),checks)
	$(if $(RUN_CHECKS),@$(MAKE) --no-print-directory test-install)
	$(if $(RUN_TARGET),@$(MAKE) --no-print-directory test-target)
	$(if $(RUN_CHECKS),@$(MAKE) --no-print-directory test-dist)

.PHONY: test-host
test-host: headers lock-refs $(WHPROV) $(addprefix $(BUILD)/tests/,$(RUN_TESTS))
	@$(if $(RUN_TESTS),,echo "no test named '$(T)'; tests: $(TEST_NAMES) target"; exit 1)
	@fail=0; for t in $(RUN_TESTS); do \
	    echo "== $$t ($(VARIANT))"; \
	    $(TEST_ENV) WH_STRESS_ROUNDS=$(WH_STRESS_ROUNDS) $(BUILD)/tests/$$t || \
	        { echo "FAILED: $$t"; fail=1; }; \
	done; \
	if [ $$fail -ne 0 ]; then echo "== $(VARIANT): some tests FAILED"; exit 1; fi; \
	echo "== $(VARIANT): all $(words $(RUN_TESTS)) test programs passed"

# ---- stress: the long form of tests/test_stress.c, under TSAN with the lock ----
STRESS_ROUNDS ?= 1000
.PHONY: stress
stress:
	@$(MAKE) --no-print-directory TSAN=1 THREADSAFE=1 T=stress WH_STRESS_ROUNDS=$(STRESS_ROUNDS) test

# ---- host demo: an HSM process and a host process over POSIX shared memory ----
DEMO_HSM  := $(BUILD)/demo/hsm_demo
DEMO_HOST := $(BUILD)/demo/host_demo
.PHONY: demo
demo: $(DEMO_HSM) $(DEMO_HOST)

$(DEMO_HSM): $(call obj,$(TOP)/core1_hsm/demo/hsm_demo.c) $(SHARED_OBJ) $(SERVER_OBJ) $(WOLFCRYPT_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $(patsubst $(TOP)/%,%,$@)")
	$(Q)$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@
$(DEMO_HOST): $(call obj,$(TOP)/core0_host/demo/host_demo.c) $(SHARED_OBJ) $(CLIENT_OBJ) $(WOLFCRYPT_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $(patsubst $(TOP)/%,%,$@)")
	$(Q)$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

# The main job: both cores in QEMU (target-run, in a sub-make so that target.mk's flag stamp
# sees its goal; NVM_FRESH=1 starts from an empty NVM). The host demo: make run-host.
run:
	@$(MAKE) --no-print-directory target-run
.PHONY: run-host
run-host: demo
	@$(TOP)/scripts/run_host_demo.sh $(DEMO_HSM) $(DEMO_HOST)

# ---- benchmarks ----
BENCH_SRC  := $(wildcard $(TOP)/tests/bench/bench_*.c)
BENCH_BINS := $(patsubst $(TOP)/tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))

$(BUILD)/bench/%: $(BUILD)/obj/tests/bench/%.o $(TEST_UTIL) $(LIB_OBJ) $(WOLFCRYPT_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $(patsubst $(TOP)/%,%,$@)")
	$(Q)$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

# bench_sched measures nested passes, which need WOLFHSM_CFG_THREADSAFE: a plain make bench
# builds and runs it from the THREADSAFE=1 build.
BENCH_TS_ONLY := $(if $(filter 1,$(THREADSAFE)),,$(BUILD)/bench/bench_sched)
bench: $(filter-out $(BENCH_TS_ONLY),$(BENCH_BINS))
	@for b in $^; do echo "== $$(basename $$b)"; $$b || exit 1; done
ifneq ($(BENCH_TS_ONLY),)
	@$(MAKE) --no-print-directory THREADSAFE=1 $(TOP)/build/host-ts/bench/bench_sched
	@echo "== bench_sched (THREADSAFE=1 build)"; $(TOP)/build/host-ts/bench/bench_sched
endif
	@$(MAKE) --no-print-directory bench-instr
	@$(MAKE) --no-print-directory bench-tscost

# Instructions per operation, counted by callgrind (stable on a noisy machine).
INSTR_BENCHES := $(BUILD)/bench/bench_instr $(BUILD)/bench/bench_lockinstr \
                 $(BUILD)/bench/bench_crypto_driver
bench-instr: $(INSTR_BENCHES)
	@for b in $^; do $(TOP)/scripts/callgrind_per_op.sh $$b; done

# What THREADSAFE=1 costs a single client: the same requests, instructions in both builds.
.PHONY: bench-tscost
bench-tscost:
	@$(MAKE) --no-print-directory THREADSAFE=0 $(TOP)/build/host/bench/bench_instr
	@$(MAKE) --no-print-directory THREADSAFE=1 $(TOP)/build/host-ts/bench/bench_instr
	@echo "== cost of THREADSAFE=1 for a single client (callgrind)"
	@$(TOP)/scripts/compare_instr.sh plain $(TOP)/build/host/bench/bench_instr \
	    threadsafe $(TOP)/build/host-ts/bench/bench_instr

clean:
	rm -rf $(BUILD)
distclean:
	rm -rf $(TOP)/build $(TOP)/dist

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
include $(TOP)/scripts/target.mk
include $(TOP)/scripts/fuzz.mk
include $(TOP)/scripts/dist.mk
