# dist.mk - make dist: the stack as per-core static libraries and header sets in dist/ (ignored
# by git), for each CPU of DIST_CPUS, and make test-dist: the example consumers of tests/dist/
# built against dist/ only. Included at the end of the top Makefile, after target.mk (it uses
# TOP, CSTD, WARN_FLAGS, INC_FLAGS, Q, DEPS_STAMP, the wolfCrypt variables of wolfcrypt.mk and
# TARGET_* of target.mk). README, "Libraries for ECU builds: make dist"; PORTING.md.
#
#   dist/<cpu>/lib/        libwolfcrypt.a (wolfCrypt as both cores use it) and the CPU's port
#                          library (libwolfhsm_port_cortexm.a: the LDREX/STREX gate of the
#                          NVM lock; host: libwolfhsm_port_posix.a, the POSIX ports)
#   dist/<cpu>/include/    wolfSSL's headers and the user_settings.h they were built with
#   dist/<cpu>/core0/      the host core: lib/libwolfhsm_client.a (client API, crypto-callback
#                          bridge, comm and transport), lib/libwolfhsm_crypto_driver.a (the
#                          AUTOSAR Crypto Driver), include/ (their headers, wh_build_config.h)
#   dist/<cpu>/core1/      the HSM core: lib/libwolfhsm_server.a (server, scheduler, keystore,
#                          SHE, NVM store, lock, comm and transport), include/
#   dist/<cpu>/SIZES.txt   text, data and bss of each library (arm-none-eabi-size / size)
#
# Each core's include/wh_build_config.h is the configuration its libraries were built with
# (WOLFHSM_CFG_* and WOLFSSL_USER_SETTINGS); a consumer includes it first (-include) and it
# stops a compile for another CPU or float ABI. The libraries hold the portable code only: the
# board's port (doorbells, flash, entropy, time, the SHE debugger input; PORTING.md) is the
# consumer's. Objects are built without LTO, so the libraries link into any build and their
# sizes are the code's. DIST_OPT: the Cortex-M optimisation (default -Os, as wolfCrypt on the
# target).

DIST       := $(TOP)/dist
DIST_BUILD := $(TOP)/build/dist
DIST_CPUS  := cortex-m33 cortex-m4f cortex-m7 host
DIST_OPT   ?= -Os

# Cortex-M33 as the target images (CPU0 of mps2-an521 has no DSP and no FPU); Cortex-M4F and
# Cortex-M7 (ARMv7E-M) with their single- and double-precision FPUs, hard-float ABI.
DIST_ARCH_cortex-m33 := $(TARGET_ARCH)
DIST_ARCH_cortex-m4f := -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard
DIST_ARCH_cortex-m7  := -mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard
DIST_ARCH_host       :=
# What the consumer's compiler must predefine (else wh_build_config.h stops the build).
DIST_CHECK_cortex-m33 := defined(__ARM_ARCH_8M_MAIN__) && !defined(__ARM_PCS_VFP)
DIST_CHECK_cortex-m4f := defined(__ARM_ARCH_7EM__) && defined(__ARM_PCS_VFP)
DIST_CHECK_cortex-m7  := defined(__ARM_ARCH_7EM__) && defined(__ARM_PCS_VFP)
DIST_CHECK_host       := !defined(__arm__) && (__SIZEOF_POINTER__ == 8)

# The configuration: on the Cortex-Ms the target images' (target.mk: TARGET_CFG for both
# cores; the HSM THREADSAFE, one prepared MAC key per context), without the SHE development
# identity (a product build: an unprovisioned SHE refuses its keys); on the host the default
# host variant's, also without it.
# DIST_CFG_DROP and DIST_CFG_ADD change it on both cores (scripts/dist_cost.sh measures what
# settings cost that way; each core's wh_build_config.h records what it was built with).
DIST_CFG_DROP  ?=
DIST_CFG_ADD   ?=
dist_cfg        = $(filter-out $(DIST_CFG_DROP),$(1)) $(DIST_CFG_ADD)
DIST_CFG0_M    := $(call dist_cfg,$(TARGET_CFG))
DIST_CFG1_M    := $(call dist_cfg,$(TARGET_CFG) -DWOLFHSM_CFG_THREADSAFE \
                  -DWOLFHSM_CFG_SERVER_MAC_PREPARED=1)
DIST_CFG0_host := $(call dist_cfg,-DWOLFHSM_CFG_GLOBAL_KEYS)
DIST_CFG1_host := $(call dist_cfg,-DWOLFHSM_CFG_GLOBAL_KEYS)

DIST_SHARED_SRC := $(wildcard $(TOP)/shared_mem/*.c)
DIST_CLIENT_SRC := $(DIST_SHARED_SRC) $(wildcard $(TOP)/core0_host/*.c)
DIST_DRIVER_SRC := $(wildcard $(TOP)/core0_host/autosar/*.c)
DIST_SERVER_SRC := $(DIST_SHARED_SRC) $(wildcard $(TOP)/core1_hsm/*.c $(TOP)/nvm/*.c $(TOP)/lock_hw/*.c)
DIST_PORT_M     := cortexm
DIST_PORT_host  := posix
DIST_PORT_SRC_M    := $(wildcard $(TOP)/lock_hw/port/cortexm/*.c)
DIST_PORT_SRC_host := $(wildcard $(TOP)/shared_mem/port/posix/*.c $(TOP)/lock_hw/port/posix/*.c \
                      $(TOP)/nvm/port/posix/*.c $(TOP)/core1_hsm/port/posix/*.c)

DIST_DEPS := $(DIST_BUILD)/.deps-ok
$(DIST_DEPS):
	@$(TOP)/scripts/deps.sh host dist
	@mkdir -p $(@D) && touch $@

# $(1): a CPU of DIST_CPUS; $(2): M (a Cortex-M) or host.
define DIST_CPU_RULES
DIST_CC_$(1)    := $(if $(filter M,$(2)),$(TARGET_CC),gcc)
DIST_AR_$(1)    := $(if $(filter M,$(2)),$(TARGET_AR),ar)
DIST_SIZE_$(1)  := $(if $(filter M,$(2)),$(TARGET_SIZE),size)
DIST_CFLAGS_$(1) := $(CSTD) $(DIST_ARCH_$(1)) $(if $(filter M,$(2)),$(DIST_OPT),-O2) -g \
                    -ffunction-sections -fdata-sections $(WARN_FLAGS) $(INC_FLAGS) \
                    -DWOLFSSL_USER_SETTINGS -I$(TOP)/shared_mem -isystem $(WOLFSSL_SRC) -MMD -MP
DIST_WCFLAGS_$(1) := $(CSTD) $(DIST_ARCH_$(1)) -Os -g -ffunction-sections -fdata-sections -Wall \
                    -Wextra -Werror -DWOLFSSL_USER_SETTINGS -I$(TOP)/shared_mem -I$(WOLFSSL_SRC) \
                    -MMD -MP
DIST_CFG0_$(1)  := $(DIST_CFG0_$(2))
DIST_CFG1_$(1)  := $(DIST_CFG1_$(2))
DIST_STAMP_$(1) := $(DIST_BUILD)/$(1)/.flags
DIST_LINE_$(1)  := $$(DIST_CC_$(1)) $$(DIST_CFLAGS_$(1)) $$(DIST_CFG0_$(1)) $$(DIST_CFG1_$(1)) \
                   $$(DIST_WCFLAGS_$(1))
ifneq ($(filter dist test-dist dist-$(1),$(MAKECMDGOALS)),)
$$(shell mkdir -p $(DIST_BUILD)/$(1) && echo '$$(DIST_LINE_$(1))' | cmp -s - $$(DIST_STAMP_$(1)) || \
         echo '$$(DIST_LINE_$(1))' > $$(DIST_STAMP_$(1)))
endif
$$(DIST_STAMP_$(1)):
	@mkdir -p $$(@D) && echo '$$(DIST_LINE_$(1))' > $$@

DIST_C0_OBJ_$(1)  := $$(patsubst $(TOP)/%.c,$(DIST_BUILD)/$(1)/core0/%.o,$(DIST_CLIENT_SRC))
DIST_DRV_OBJ_$(1) := $$(patsubst $(TOP)/%.c,$(DIST_BUILD)/$(1)/core0/%.o,$(DIST_DRIVER_SRC))
DIST_C1_OBJ_$(1)  := $$(patsubst $(TOP)/%.c,$(DIST_BUILD)/$(1)/core1/%.o,$(DIST_SERVER_SRC))
DIST_PORT_OBJ_$(1) := $$(patsubst $(TOP)/%.c,$(DIST_BUILD)/$(1)/core1/%.o,$(DIST_PORT_SRC_$(2)))
# wolfCrypt: the target's own objects on the Cortex-M33 (the same flags), the host variant's
# on the host, built here for the others.
DIST_WC_OBJ_$(1)  := $(if $(filter cortex-m33,$(1)),$$(T_WC_OBJS),$(if $(filter host,$(1)),\
                     $$(WOLFCRYPT_OBJS),$$(addprefix $(DIST_BUILD)/$(1)/wolfcrypt/,$(WOLFCRYPT_SRCS:.c=.o))))

$(DIST_BUILD)/$(1)/core0/%.o: $(TOP)/%.c $$(DIST_STAMP_$(1)) $(WOLFCRYPT_SETTINGS) | $(DIST_DEPS) $(DEPS_STAMP) $(WOLFCRYPT_DEP)
	@mkdir -p $$(@D)
	@$$(if $(Q),echo "  CC      [dist $(1) core0] $$(patsubst $(TOP)/%,%,$$<)")
	$(Q)$$(DIST_CC_$(1)) $$(DIST_CFLAGS_$(1)) $$(DIST_CFG0_$(1)) -c $$< -o $$@
$(DIST_BUILD)/$(1)/core1/%.o: $(TOP)/%.c $$(DIST_STAMP_$(1)) $(WOLFCRYPT_SETTINGS) | $(DIST_DEPS) $(DEPS_STAMP) $(WOLFCRYPT_DEP)
	@mkdir -p $$(@D)
	@$$(if $(Q),echo "  CC      [dist $(1) core1] $$(patsubst $(TOP)/%,%,$$<)")
	$(Q)$$(DIST_CC_$(1)) $$(DIST_CFLAGS_$(1)) $$(DIST_CFG1_$(1)) -c $$< -o $$@
$(DIST_BUILD)/$(1)/wolfcrypt/%.o: $(WOLFSSL_SRC)/wolfcrypt/src/%.c $$(DIST_STAMP_$(1)) | $(DIST_DEPS) $(DEPS_STAMP) $(WOLFCRYPT_DEP)
	@mkdir -p $$(@D)
	@$$(if $(Q),echo "  CC      [dist $(1)] wolfcrypt/$$*.c")
	$(Q)$$(DIST_CC_$(1)) $$(DIST_WCFLAGS_$(1)) -c $$< -o $$@
$(DIST_BUILD)/$(1)/wolfcrypt/wc_lms_impl.o: DIST_WCFLAGS_$(1) += -include wolfssl/wolfcrypt/settings.h

DIST_LIBS_$(1) := $(DIST)/$(1)/lib/libwolfcrypt.a \
                  $(DIST)/$(1)/lib/libwolfhsm_port_$(DIST_PORT_$(2)).a \
                  $(DIST)/$(1)/core0/lib/libwolfhsm_client.a \
                  $(DIST)/$(1)/core0/lib/libwolfhsm_crypto_driver.a \
                  $(DIST)/$(1)/core1/lib/libwolfhsm_server.a
$(DIST)/$(1)/lib/libwolfcrypt.a: $$(DIST_WC_OBJ_$(1))
$(DIST)/$(1)/lib/libwolfhsm_port_$(DIST_PORT_$(2)).a: $$(DIST_PORT_OBJ_$(1))
$(DIST)/$(1)/core0/lib/libwolfhsm_client.a: $$(DIST_C0_OBJ_$(1))
$(DIST)/$(1)/core0/lib/libwolfhsm_crypto_driver.a: $$(DIST_DRV_OBJ_$(1))
$(DIST)/$(1)/core1/lib/libwolfhsm_server.a: $$(DIST_C1_OBJ_$(1))
$$(DIST_LIBS_$(1)):
	@mkdir -p $$(@D) && rm -f $$@
	@$$(if $(Q),echo "  AR      $$(patsubst $(TOP)/%,%,$$@)")
	$(Q)$$(DIST_AR_$(1)) rcs $$@ $$^

# The headers, the configuration headers and SIZES.txt (scripts/dist_pack.sh).
.PHONY: dist-$(1)
dist-$(1): $$(DIST_LIBS_$(1)) | $(WOLFCRYPT_DEP)
	$(Q)TOP='$(TOP)' DIST='$(DIST)' WOLFSSL_SRC='$(WOLFSSL_SRC)' CC_LINE='$$(DIST_CC_$(1)) $$(DIST_ARCH_$(1))' \
	    SIZE='$$(DIST_SIZE_$(1))' CFG0='$$(DIST_CFG0_$(1))' CFG1='$$(DIST_CFG1_$(1))' \
	    CHECK='$(DIST_CHECK_$(1))' $(TOP)/scripts/dist_pack.sh $(1)
endef

$(eval $(call DIST_CPU_RULES,cortex-m33,M))
$(eval $(call DIST_CPU_RULES,cortex-m4f,M))
$(eval $(call DIST_CPU_RULES,cortex-m7,M))
$(eval $(call DIST_CPU_RULES,host,host))

.PHONY: dist test-dist
dist: $(addprefix dist-,$(DIST_CPUS))
	@$(TOP)/scripts/dist_pack.sh --table $(DIST_CPUS)

# The example consumers (tests/dist/), against dist/ only: scripts/dist_test.sh. Without -j on
# the command line, dist builds two jobs at a time (the CI machines have two cores).
DIST_JOBS := $(if $(filter -j%,$(MAKEFLAGS)),,-j2)
test-dist:
	@$(MAKE) --no-print-directory $(DIST_JOBS) dist
	@$(TOP)/scripts/dist_test.sh

-include $(shell find $(DIST_BUILD) -name '*.d' 2>/dev/null)
