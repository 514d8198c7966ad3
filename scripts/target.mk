# target.mk - the two firmware images for QEMU mps2-an521 (two Cortex-M33), included at the
# end of the top Makefile (it uses TOP, CSTD, WARN_FLAGS, INC_FLAGS, WOLFSSL_SRC,
# WOLFCRYPT_SRCS, WOLFCRYPT_DEP, WOLFCRYPT_SETTINGS, Q from there).
#
#   make target       build build/target/core0_boot.elf (core 0's Secure boot stage),
#                     build/target/core0_host.elf (the host application, Non-secure) and
#                     build/target/core1_hsm.elf, scan them for DSP instructions and heap
#                     functions, print their sizes
#   make target-run   build, then boot both cores in QEMU under a timeout
#                     (scripts/qemu_run.sh; QEMU_TIMEOUT=seconds, default 30), under
#                     -icount shift=0 so that the report's costs are instructions
#                     (QEMU_EXTRA= for QEMU's default multi-threaded mode). The HSM's NVM
#                     persists in build/target/hsm_nvm.bin (loaded at boot, written through on
#                     every program and erase); NVM_FRESH=1 deletes it first: empty NVM.
#                     The HSM runs SHE secure boot over the host image before it starts:
#                     TAMPER=1 runs it with one byte flipped (the boot fails)
#
# Flags per ../shared/deps/wolfcrypt.md: CPU0 of mps2-an521 has no FPU and no DSP, so both
# images (and the one wolfCrypt build they share) use -mcpu=cortex-m33+nodsp
# -mfloat-abi=soft; user_settings.h then defines WOLFSSL_SP_NO_UMAAL.

# TARGET_SLICES=1: every target image with ECDSA P-256 in slices (wolfCrypt's non-blocking C
# code instead of the Cortex-M assembly; the HSM's contexts configured with slices), built
# in build/target-sliced. make test runs the on-target suites in this build too.
TARGET_SLICES  ?=
TARGET_BUILD   := $(TOP)/build/target$(if $(filter 1,$(TARGET_SLICES)),-sliced)
TARGET_PREFIX  ?= arm-none-eabi-
TARGET_CC      := $(TARGET_PREFIX)gcc
TARGET_AR      := $(TARGET_PREFIX)ar
TARGET_OBJDUMP := $(TARGET_PREFIX)objdump
TARGET_SIZE    := $(TARGET_PREFIX)size
TARGET_NM      := $(TARGET_PREFIX)nm
TARGET_DEPS    := $(TARGET_BUILD)/.deps-ok
QEMU_TIMEOUT   ?= 30
QEMU_EXTRA     ?= -icount shift=0

TARGET_ARCH    := -mcpu=cortex-m33+nodsp -mthumb -mfloat-abi=soft
# wolfCrypt (and CMocka) for size; our code for speed, linked with LTO as on the host: the
# thin layers of a request (client, comm, transport; server, comm, transport) fold together.
# (The README's benchmark section has what -O2, -O3 and LTO bought.) Full newlib, not nano:
# its memcpy copies words (we use no newlib stdio).
TARGET_OPT     := -Os -g -ffunction-sections -fdata-sections
TARGET_CODE_OPT := -O3 -flto
# TrustZone: core 0 boots Secure into its boot stage (core0_host/target/boot/), which
# partitions the board and runs the host image Non-secure; the host images' objects (obj/)
# are built with MPS2_NONSECURE (their MHU doorbells through the boot stage's entry
# functions, port/mps2/mps2_gateway.h). The boot stage's objects (objb/) are Secure, built
# with -mcmse and without LTO; linking it writes the import library of its entry functions'
# veneers (core0_boot_veneers.o), which every host image links.
# Both images: GLOBAL_KEYS on. Each core is its own CPU and the MHU interrupt wakes a
# sleeper at once: no polling. The mailbox transport and the MHU doorbells are the only ones
# in the firmware: bound at build time (TRANSPORT_MEM_ONLY, DOORBELL_HOOKS; wh_settings.h).
# The HSM image (core 1) serves three server contexts with the
# cooperative scheduler over one NVM context: it is built THREADSAFE (T_CORE1_CFG), every one
# of its objects in obj1/; the host image (core 0) is not (obj/). QEMU has no factory to
# provision the SHE: an unprovisioned HSM uses the development identity (wh_server.h).
T_SLICES_CFG   := $(if $(filter 1,$(TARGET_SLICES)),-DWH_TARGET_SLICES)
TARGET_CFG     := -DWOLFHSM_CFG_GLOBAL_KEYS -DWOLFHSM_CFG_COMM_SPIN=0 -DWOLFHSM_CFG_TRANSPORT_MEM_ONLY \
                  -DWOLFHSM_CFG_DOORBELL_HOOKS $(T_SLICES_CFG)
# One prepared MAC key per server context (wh_settings.h): some 0.6 KiB each, within the
# HSM's 64 KiB of RAM beyond its NVM image (README, "Benchmark on the target").
T_CORE1_CFG    := -DWOLFHSM_CFG_THREADSAFE -DWOLFHSM_CFG_SHE_DEV_IDENTITY \
                  -DWOLFHSM_CFG_SERVER_MAC_PREPARED=1
T_CORE0_CFG    := -DMPS2_NONSECURE
NVM_FRESH      ?= 0
TARGET_CFLAGS  := $(CSTD) $(TARGET_ARCH) $(TARGET_OPT) $(TARGET_CODE_OPT) $(WARN_FLAGS) $(TARGET_CFG) \
                  $(INC_FLAGS) -DWOLFSSL_USER_SETTINGS -isystem $(WOLFSSL_SRC) -MMD -MP
TARGET_WC_FLAGS := $(CSTD) $(TARGET_ARCH) $(TARGET_OPT) -Wall -Wextra -Werror $(T_SLICES_CFG) \
                  -DWOLFSSL_USER_SETTINGS -I$(TOP)/shared_mem -I$(WOLFSSL_SRC) -MMD -MP
TARGET_LDFLAGS := $(TARGET_ARCH) $(TARGET_OPT) $(TARGET_CODE_OPT) -nostartfiles -Wl,--gc-sections \
                  -Wl,--no-warn-rwx-segments
TARGET_LDLIBS  := -lc -lgcc

# ---- sources: library code as on the host (no POSIX ports), the mps2 ports (board; the
# HSM's semihosting file flash, nvm/port/mps2/), the Cortex-M port of the gate lock
# (lock_hw/port/cortexm/), per-core firmware
T_BOARD_SRC  := $(filter-out %/mps2_gateway.c,$(wildcard $(TOP)/shared_mem/port/mps2/*.c))
T_SHARED_SRC := $(wildcard $(TOP)/shared_mem/*.c) $(T_BOARD_SRC)
T_CLIENT_SRC := $(wildcard $(TOP)/core0_host/*.c)
T_SERVER_SRC := $(wildcard $(TOP)/core1_hsm/*.c $(TOP)/nvm/*.c $(TOP)/nvm/port/mps2/*.c \
                            $(TOP)/lock_hw/*.c $(TOP)/lock_hw/port/cortexm/*.c)
# Every image: its core's startup and shared code plus its own main. Core 0: the board code
# every core 0 image shares (core0_board.c), the demo's main (core0_main.c) with its SecOC part
# over the AUTOSAR Crypto Driver (core0_host/autosar/, secoc/: the ECU's generated driver
# configuration). Core 1: boot and serving (core1_hsm.c), the product HSM firmware's main
# (core1_main.c) with the HSM's side of that configuration (Crypto_HsmCfg.c). The on-target test
# and benchmark images have their mains under tests/ (target_test.mk, target_bench.mk).
T_CORE0_BASE := $(addprefix $(TOP)/core0_host/target/,core0_startup.c core0_board.c)
T_CORE0_SRC  := $(T_CORE0_BASE) $(TOP)/core0_host/target/core0_main.c \
                $(wildcard $(TOP)/core0_host/autosar/*.c $(TOP)/core0_host/autosar/secoc/*.c)
T_CORE1_BASE := $(addprefix $(TOP)/core1_hsm/target/,core1_startup.c core1_hsm.c core1_debug.c)
T_CORE1_SRC  := $(T_CORE1_BASE) $(TOP)/core1_hsm/target/core1_main.c \
                $(TOP)/core1_hsm/target/Crypto_HsmCfg.c
# Core 0's Secure boot stage: its own files and the board code it needs (the entry functions
# of mps2_gateway.c are its only; no doorbell, timer or client code).
T_BOOT_SRC   := $(wildcard $(TOP)/core0_host/target/boot/*.c) \
                $(addprefix $(TOP)/shared_mem/port/mps2/,mps2_console.c mps2_gateway.c mps2_rt.c \
                  mps2_semihost.c mps2_tz.c)
# Where the test and benchmark mains find the images' headers.
T_IMAGE_INC  := -I$(TOP)/core0_host/target -I$(TOP)/core1_hsm/target

tobj  = $(patsubst $(TOP)/%.c,$(TARGET_BUILD)/obj/%.o,$(1))
tobj1 = $(patsubst $(TOP)/%.c,$(TARGET_BUILD)/obj1/%.o,$(1))
tobjb = $(patsubst $(TOP)/%.c,$(TARGET_BUILD)/objb/%.o,$(1))

# The demo's SecOC part (the Crypto Driver's layer) reaches the image's board code (core0_board.h).
$(call tobj,$(wildcard $(TOP)/core0_host/autosar/secoc/*.c)): TARGET_CFLAGS += $(T_IMAGE_INC)

# The HSM's administrative paths are built for size (-Os after -O3: the last one counts, and
# LTO keeps each function's level): key management and the checks of keys from the host,
# public-key glue (wolfCrypt's time, not ours), SHE's key records, counters, requests by
# address, the debug console and the configuration table. None is on the path of an echo, a
# MAC, a SHE MAC or an NVM read (bench-target: unchanged, within 4 instructions), and the HSM
# image is 6.2 KiB smaller (README, "Benchmark on the target").
T_CORE1_SIZE_SRC := $(addprefix $(TOP)/core1_hsm/,wh_server_crypto_pk.c wh_server_crypto_key.c \
                      wh_server_key.c wh_server_she_rec.c wh_server_counter.c wh_server_dma.c \
                      target/core1_debug.c target/Crypto_HsmCfg.c)
$(call tobj1,$(T_CORE1_SIZE_SRC)): TARGET_CFLAGS += -Os

T_SHARED_OBJ := $(call tobj,$(T_SHARED_SRC))
T_CLIENT_OBJ := $(call tobj,$(T_CLIENT_SRC))
T_SHARED1_OBJ := $(call tobj1,$(T_SHARED_SRC))
T_SERVER_OBJ := $(call tobj1,$(T_SERVER_SRC))
T_CORE0_OBJ  := $(call tobj,$(T_CORE0_SRC))
T_CORE1_OBJ  := $(call tobj1,$(T_CORE1_SRC))
T_BOOT_OBJ   := $(call tobjb,$(T_BOOT_SRC))
T_BOOT_CFLAGS := $(filter-out -flto,$(TARGET_CFLAGS)) -mcmse

T_WC_OBJS    := $(addprefix $(TARGET_BUILD)/wolfcrypt/,$(WOLFCRYPT_SRCS:.c=.o))
T_WC_LIB     := $(TARGET_BUILD)/wolfcrypt/libwolfcrypt.a

BOOT_ELF     := $(TARGET_BUILD)/core0_boot.elf
BOOT_VENEERS := $(TARGET_BUILD)/core0_boot_veneers.o
CORE0_ELF    := $(TARGET_BUILD)/core0_host.elf
CORE1_ELF    := $(TARGET_BUILD)/core1_hsm.elf
BOOT_LD      := $(TOP)/core0_host/target/boot/core0_boot.ld
CORE0_LD     := $(TOP)/core0_host/target/core0.ld
CORE1_LD     := $(TOP)/core1_hsm/target/core1.ld

# Objects depend on the flags they were built with.
TARGET_FLAGS_STAMP := $(TARGET_BUILD)/.flags
T_FLAGS_LINE := $(TARGET_CFLAGS) $(T_CORE0_CFG) $(T_CORE1_CFG) $(T_BOOT_CFLAGS) $(TARGET_WC_FLAGS) \
                $(TARGET_LDFLAGS) $(T_CORE1_SIZE_SRC)
ifneq ($(filter target target-run test-target bench-target,$(MAKECMDGOALS)),)
$(shell mkdir -p $(TARGET_BUILD) && echo '$(T_FLAGS_LINE)' | cmp -s - $(TARGET_FLAGS_STAMP) || \
        echo '$(T_FLAGS_LINE)' > $(TARGET_FLAGS_STAMP))
endif
$(TARGET_FLAGS_STAMP):
	@mkdir -p $(@D) && echo '$(T_FLAGS_LINE)' > $@

$(TARGET_DEPS):
	@$(TOP)/scripts/deps.sh target
	@mkdir -p $(@D) && touch $@

$(TARGET_BUILD)/obj/%.o: $(TOP)/%.c $(TARGET_FLAGS_STAMP) $(WOLFCRYPT_SETTINGS) | $(TARGET_DEPS) $(WOLFCRYPT_DEP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      [target] $(patsubst $(TOP)/%,%,$<)")
	$(Q)$(TARGET_CC) $(TARGET_CFLAGS) $(T_CORE0_CFG) -c $< -o $@

$(TARGET_BUILD)/objb/%.o: $(TOP)/%.c $(TARGET_FLAGS_STAMP) $(WOLFCRYPT_SETTINGS) | $(TARGET_DEPS) $(WOLFCRYPT_DEP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      [target boot] $(patsubst $(TOP)/%,%,$<)")
	$(Q)$(TARGET_CC) $(T_BOOT_CFLAGS) -c $< -o $@

$(TARGET_BUILD)/obj1/%.o: $(TOP)/%.c $(TARGET_FLAGS_STAMP) $(WOLFCRYPT_SETTINGS) | $(TARGET_DEPS) $(WOLFCRYPT_DEP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      [target core1] $(patsubst $(TOP)/%,%,$<)")
	$(Q)$(TARGET_CC) $(TARGET_CFLAGS) $(T_CORE1_CFG) -c $< -o $@

$(TARGET_BUILD)/wolfcrypt/%.o: $(WOLFSSL_SRC)/wolfcrypt/src/%.c $(TARGET_FLAGS_STAMP) | $(TARGET_DEPS) $(WOLFCRYPT_DEP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      [target] wolfcrypt/$*.c")
	$(Q)$(TARGET_CC) $(TARGET_WC_FLAGS) -c $< -o $@

# wc_lms_impl.c includes wc_lms.h before settings.h.
$(TARGET_BUILD)/wolfcrypt/wc_lms_impl.o: TARGET_WC_FLAGS += -include wolfssl/wolfcrypt/settings.h

$(T_WC_LIB): $(T_WC_OBJS)
	@rm -f $@
	$(Q)$(TARGET_AR) rcs $@ $^

# The boot stage, and the import library of its entry functions' veneers.
$(BOOT_ELF): $(T_BOOT_OBJ) $(BOOT_LD)
	@$(if $(Q),echo "  LD      [target boot] $(patsubst $(TOP)/%,%,$@)")
	$(Q)$(TARGET_CC) $(filter-out -flto,$(TARGET_LDFLAGS)) -mcmse -T $(BOOT_LD) \
	    -Wl,-Map,$(@:.elf=.map) -Wl,--cmse-implib,--out-implib=$(BOOT_VENEERS) \
	    $(filter %.o,$^) $(TARGET_LDLIBS) -o $@
$(BOOT_VENEERS): $(BOOT_ELF)
	@test -f $@

# The host image never links server, NVM or lock code.
$(CORE0_ELF): $(T_CORE0_OBJ) $(T_CLIENT_OBJ) $(T_SHARED_OBJ) $(T_WC_LIB) $(BOOT_VENEERS) $(CORE0_LD)
	@$(if $(Q),echo "  LD      [target] $(patsubst $(TOP)/%,%,$@)")
	$(Q)$(TARGET_CC) $(TARGET_LDFLAGS) -T $(CORE0_LD) -Wl,-Map,$(@:.elf=.map) \
	    $(filter %.o %.a,$^) $(TARGET_LDLIBS) -o $@

$(CORE1_ELF): $(T_CORE1_OBJ) $(T_SERVER_OBJ) $(T_SHARED1_OBJ) $(T_WC_LIB) $(CORE1_LD)
	@$(if $(Q),echo "  LD      [target] $(patsubst $(TOP)/%,%,$@)")
	$(Q)$(TARGET_CC) $(TARGET_LDFLAGS) -T $(CORE1_LD) -Wl,-Map,$(@:.elf=.map) \
	    $(filter %.o %.a,$^) $(TARGET_LDLIBS) -o $@

# DSP-extension mnemonics (ARMv8-M DSP: saturating, SIMD, halfword multiplies, UMAAL...);
# plain MUL/UMULL/SMULL/SMLAL/MLA are base ARMv8-M Mainline and allowed.
TARGET_DSP_RE := [[:space:]](umaal|smla(bb|bt|tb|tt|wb|wt|d|dx)|smlal(bb|bt|tb|tt|d|dx)|smlsl?dx?|smul(bb|bt|tb|tt|wb|wt)|smu(a|s)dx?|smml(a|s)r?|smmulr?|q(d?add|d?sub|add8|add16|sub8|sub16|asx|sax)|u?q(add|sub)(8|16)|[su]h?(add|sub)(8|16)|[su]h?(asx|sax)|uq(asx|sax)|sel|[su]sat16|pkh(bt|tb)|[su]xtab?16|usada?8)(\.w|\.n)?([[:space:]]|$$)

# The product images have no heap (wolfCrypt with WOLFSSL_NO_MALLOC): none may be linked.
TARGET_HEAP_RE := _?(malloc|calloc|realloc|free|_sbrk)(_r)?

.PHONY: target target-run
target: $(BOOT_ELF) $(CORE0_ELF) $(CORE1_ELF)
	@for e in $^; do \
	    n=$$($(TARGET_OBJDUMP) -d $$e | grep -cE '$(TARGET_DSP_RE)' || true); \
	    if [ "$$n" != 0 ]; then echo "DSP instructions in $$e (CPU0 has no DSP):"; \
	        $(TARGET_OBJDUMP) -d $$e | grep -E '$(TARGET_DSP_RE)' | head; exit 1; fi; \
	done; echo "  CHECK   no DSP instructions in $(notdir $^)"
	@for e in $^; do \
	    h=$$($(TARGET_NM) $$e | grep -wE '$(TARGET_HEAP_RE)' || true); \
	    if [ -n "$$h" ]; then echo "heap functions linked into $$e (the firmware has no heap):"; \
	        echo "$$h"; exit 1; fi; \
	done; echo "  CHECK   no heap (malloc, free, sbrk) in $(notdir $^)"
	@$(TARGET_SIZE) $^

# Secure boot of the host image (README, "SHE"): the build computes the image's BOOT_MAC and
# writes the SHE factory file the HSM applies at boot (scripts/she_boot_provision.py; its
# counter file makes each new reference's counter higher). TAMPER=1 runs a copy of the host
# image with one byte flipped, after its BOOT_MAC was computed: the boot fails, and the demo
# shows its boot-protected key refused.
SHE_FACTORY    := $(TARGET_BUILD)/she_factory.bin
SHE_COUNTER    := $(TARGET_BUILD)/she_boot_mac.counter
CORE0_TAMPERED := $(TARGET_BUILD)/core0_host_tampered.elf
SHE_PROVISION  := $(TOP)/scripts/she_boot_provision.py
TAMPER         ?= 0
# PROVISION=file (README, "Provisioning: whprov"): the HSM boots from the factory NVM image
# whprov builds from that provisioning file (it replaces hsm_nvm.bin at each run), and the
# secure boot updates above are made for the UID the file provisions (she-identity), kept in
# a stamp so that a change of UID remakes them.
PROVISION      ?=
PROV_UID       := $(if $(PROVISION),$(shell sed -n 's/^[[:space:]]*she-identity.*uid=\([0-9a-fA-F]*\).*/\1/p' \
                  $(PROVISION) 2>/dev/null | head -n 1))
SHE_UID_STAMP  := $(TARGET_BUILD)/she_factory.uid
$(shell mkdir -p $(TARGET_BUILD) && echo '$(PROV_UID)' | cmp -s - $(SHE_UID_STAMP) || \
        echo '$(PROV_UID)' > $(SHE_UID_STAMP))
$(SHE_FACTORY): $(CORE0_ELF) $(SHE_PROVISION) $(TOP)/tests/she_vectors.py $(SHE_UID_STAMP)
	$(Q)python3 $(SHE_PROVISION) provision $(CORE0_ELF) $@ $(SHE_COUNTER) $(PROV_UID)
$(CORE0_TAMPERED): $(CORE0_ELF) $(SHE_PROVISION)
	$(Q)python3 $(SHE_PROVISION) tamper $(CORE0_ELF) $@
RUN_CORE0      := $(if $(filter 1,$(TAMPER)),$(CORE0_TAMPERED),$(CORE0_ELF))

target-run: target $(SHE_FACTORY) $(RUN_CORE0) $(if $(PROVISION),$(WHPROV))
ifneq ($(PROVISION),)
	@$(WHPROV) build $(PROVISION) $(TARGET_BUILD)/hsm_nvm.bin.new >/dev/null
	@test "$$(stat -c %s $(TARGET_BUILD)/hsm_nvm.bin.new)" -eq 65536 || \
	    { echo "PROVISION=$(PROVISION): the HSM's flash is 65536 bytes (geometry size=65536" \
	           "sector=4096 unit=8)"; rm -f $(TARGET_BUILD)/hsm_nvm.bin.new; exit 1; }
	@mv $(TARGET_BUILD)/hsm_nvm.bin.new $(TARGET_BUILD)/hsm_nvm.bin
	@echo "PROVISION: $(TARGET_BUILD)/hsm_nvm.bin is the factory image of $(PROVISION)" \
	      "$(if $(PROV_UID),(SHE UID $(PROV_UID)))"
endif
	@NVM_FRESH=$(if $(PROVISION),0,$(NVM_FRESH)) QEMU_EXTRA='$(QEMU_EXTRA)' \
	    $(TOP)/scripts/qemu_run.sh $(BOOT_ELF) $(RUN_CORE0) $(CORE1_ELF) $(QEMU_TIMEOUT)

# The on-target test images (make test) and the benchmark (make bench-target).
include $(TOP)/scripts/target_test.mk
include $(TOP)/scripts/target_bench.mk

-include $(shell find $(TARGET_BUILD) -name '*.d' 2>/dev/null)
