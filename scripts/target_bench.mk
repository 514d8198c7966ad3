# target_bench.mk - make bench-target, included by target.mk (it uses that file's variables
# and object rules).
#
#   make bench-target   build the two benchmark images into build/target/bench/, boot them
#                       in QEMU under -icount shift=0 (deterministic: 1 ns of virtual time =
#                       1 guest instruction, both cores summed) with a timeout, core 0
#                       through the product's Secure boot stage, then print the flash and
#                       RAM size of the product images (core0_boot.elf, the Secure boot
#                       stage; core0_host.elf, core1_hsm.elf) and of the bench images against
#                       the HSM's targets; then the same in the TARGET_SLICES build
#                       (bench-target-sliced, below).
#                       Fails when the build or the run fails; a missed target is reported.
#
# The bench images, mains in tests/bench/target/: core 0 runs core0_bench.c (the table:
# instructions per request through the HSM, per direct call on the HSM core, overhead) with
# core 0's board code; core 1 runs core1_bench.c, the product's boot and serving
# (core1_hsm.c) after its direct wolfCrypt calls. The HSM's NVM file is the bench's own
# (build/target/bench/hsm_nvm.bin), erased at every run, so two runs print the same figures.
#
# Sizes: flash = .text (code and read-only data) + .ARM.exidx + .gnu.sgstubs (the boot
# stage's veneers) + .data; RAM = .data + .bss + .stack. The HSM's RAM target counts what is beyond its NVM image (flashMem in the image's
# main, the RAM-simulated NOR flash, which stands in for real flash).

BENCH_BUILD := $(TARGET_BUILD)/bench
BENCH0_ELF  := $(BENCH_BUILD)/core0_bench.elf
BENCH1_ELF  := $(BENCH_BUILD)/core1_bench.elf
BENCH_SRC   := $(TOP)/tests/bench/target
BENCH0_OBJ  := $(call tobj,$(T_CORE0_BASE) $(BENCH_SRC)/core0_bench.c)
BENCH1_OBJ  := $(call tobj1,$(T_CORE1_BASE) $(BENCH_SRC)/core1_bench.c)

$(call tobj,$(BENCH_SRC)/core0_bench.c) $(call tobj1,$(BENCH_SRC)/core1_bench.c): \
    TARGET_CFLAGS += $(T_IMAGE_INC)
# Core 0's SHE rows load keys with the spec's messages (tests/she_vectors.h).
$(call tobj,$(BENCH_SRC)/core0_bench.c): TARGET_CFLAGS += -I$(TOP)/tests

# The plain build (the NVM lock's cost per NVM read): core 1's bench image again, its server
# without WOLFHSM_CFG_THREADSAFE (obj1p/, the server and shared sources only: the same
# wolfCrypt library), core1_bench.c with WH_BENCH_PLAIN (no direct runs). Run against the same
# core 0 image, which then measures the NVM read alone; make prints both builds' figures.
BENCH1P_ELF  := $(BENCH_BUILD)/plain/core1_bench.elf
tobj1p       = $(patsubst $(TOP)/%.c,$(TARGET_BUILD)/obj1p/%.o,$(1))
BENCH1P_OBJ  := $(call tobj1p,$(T_CORE1_BASE) $(BENCH_SRC)/core1_bench.c $(T_SERVER_SRC) \
                  $(T_SHARED_SRC))
T_CORE1P_CFG := $(filter-out -DWOLFHSM_CFG_THREADSAFE,$(T_CORE1_CFG)) -DWH_BENCH_PLAIN

$(TARGET_BUILD)/obj1p/%.o: $(TOP)/%.c $(TARGET_FLAGS_STAMP) $(WOLFCRYPT_SETTINGS) | $(TARGET_DEPS) $(WOLFCRYPT_DEP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      [target core1 plain] $(patsubst $(TOP)/%,%,$<)")
	$(Q)$(TARGET_CC) $(TARGET_CFLAGS) $(T_CORE1P_CFG) -c $< -o $@
$(call tobj1p,$(BENCH_SRC)/core1_bench.c): TARGET_CFLAGS += $(T_IMAGE_INC)
$(call tobj1p,$(T_CORE1_SIZE_SRC)): TARGET_CFLAGS += -Os

$(BENCH1P_ELF): $(BENCH1P_OBJ) $(T_WC_LIB) $(CORE1_LD)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      [bench plain] $(patsubst $(TOP)/%,%,$@)")
	$(Q)$(TARGET_CC) $(TARGET_LDFLAGS) -T $(CORE1_LD) -Wl,-Map,$(@:.elf=.map) \
	    $(filter %.o %.a,$^) $(TARGET_LDLIBS) -o $@

# The HSM's targets: 160 KiB of flash, 64 KiB of RAM beyond the NVM image.
HSM_FLASH_TARGET := 163840
HSM_RAM_TARGET   := 65536


$(BENCH0_ELF): $(BENCH0_OBJ) $(T_CLIENT_OBJ) $(T_SHARED_OBJ) $(T_WC_LIB) $(BOOT_VENEERS) $(CORE0_LD)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      [bench] $(patsubst $(TOP)/%,%,$@)")
	$(Q)$(TARGET_CC) $(TARGET_LDFLAGS) -T $(CORE0_LD) -Wl,-Map,$(@:.elf=.map) \
	    $(filter %.o %.a,$^) $(TARGET_LDLIBS) -o $@

$(BENCH1_ELF): $(BENCH1_OBJ) $(T_SERVER_OBJ) $(T_SHARED1_OBJ) $(T_WC_LIB) $(CORE1_LD)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      [bench] $(patsubst $(TOP)/%,%,$@)")
	$(Q)$(TARGET_CC) $(TARGET_LDFLAGS) -T $(CORE1_LD) -Wl,-Map,$(@:.elf=.map) \
	    $(filter %.o %.a,$^) $(TARGET_LDLIBS) -o $@

# One line per image: flash and RAM from `size -A`; for an HSM image (it has flashMem) the
# RAM beyond the NVM image as well, and the targets. $(1): elf files.
define bench_sizes
	@for e in $(1); do \
	    nvm=$$($(TARGET_PREFIX)nm -S -t d $$e | awk '$$4 == "flashMem" { print $$2 + 0 }'); \
	    $(TARGET_SIZE) -A $$e | awk -v name=$$(basename $$e) -v nvm="$$nvm" \
	        -v ftarget=$(HSM_FLASH_TARGET) -v rtarget=$(HSM_RAM_TARGET) ' \
	        $$1 == ".text" || $$1 == ".ARM.exidx" || $$1 == ".gnu.sgstubs" { flash += $$2 } \
	        $$1 == ".data" { flash += $$2; ram += $$2 } \
	        $$1 == ".bss" { ram += $$2; bss = $$2 } \
	        $$1 == ".stack" { ram += $$2; stack = $$2 } \
	        function kib(n) { return sprintf("%.1f KiB", n / 1024) } \
	        function verdict(n, t) { return (n <= t) ? "met" : "MISSED" } \
	        END { \
	            printf "  %-16s flash %7u B (%s)   RAM %7u B (%s: stack %u B)%s\n", \
	                name, flash, kib(flash), ram, kib(ram), stack, \
	                (name == "core0_boot.elf") ? "   core 0'"'"'s Secure boot stage" : ""; \
	            if (nvm != "") { \
	                beyond = ram - nvm; \
	                printf "  %-16s   HSM: flash %s, target <= 160 KiB: %s; RAM beyond the " \
	                    "%s NVM image %u B (%s: stack %u B + data/bss %u B), target <= " \
	                    "64 KiB: %s\n", "", kib(flash), verdict(flash, ftarget), kib(nvm), \
	                    beyond, kib(beyond), stack, beyond - stack, verdict(beyond, rtarget); \
	            } \
	        }'; \
	done
endef

.PHONY: bench-target
bench-target: $(BOOT_ELF) $(CORE0_ELF) $(CORE1_ELF) $(BENCH0_ELF) $(BENCH1_ELF) $(BENCH1P_ELF)
	@for e in $(BENCH0_ELF) $(BENCH1_ELF); do \
	    n=$$($(TARGET_OBJDUMP) -d $$e | grep -cE '$(TARGET_DSP_RE)' || true); \
	    if [ "$$n" != 0 ]; then echo "DSP instructions in $$e (CPU0 has no DSP):"; \
	        $(TARGET_OBJDUMP) -d $$e | grep -E '$(TARGET_DSP_RE)' | head; exit 1; fi; \
	done
	@{ NVM_FRESH=1 QEMU_EXTRA="-icount shift=0" $(TOP)/scripts/qemu_run.sh $(BOOT_ELF) \
	    $(BENCH0_ELF) $(BENCH1_ELF) $(QEMU_TIMEOUT); echo $$? > $(BENCH_BUILD)/run.rc; } | \
	    tee $(BENCH_BUILD)/run.log; rc=$$(cat $(BENCH_BUILD)/run.rc); \
	 if [ $$rc != 0 ]; then echo "bench-target: the benchmark run FAILED (exit $$rc)"; fi; \
	 exit $$rc
	@echo "bench-target: the NVM read again, against core 1's plain build (no NVM lock)"
	@{ NVM_FRESH=1 QEMU_EXTRA="-icount shift=0" $(TOP)/scripts/qemu_run.sh $(BOOT_ELF) \
	    $(BENCH0_ELF) $(BENCH1P_ELF) $(QEMU_TIMEOUT); echo $$? > $(BENCH_BUILD)/plain/run.rc; } | \
	    grep -E 'core0:   NVM read|core0: bench|FAIL|error' | tee $(BENCH_BUILD)/plain/run.log; \
	 rc=$$(cat $(BENCH_BUILD)/plain/run.rc); \
	 if [ $$rc != 0 ]; then echo "bench-target: the plain build's run FAILED (exit $$rc)"; fi; \
	 ts=$$(sed -n 's/.*NVM read 16 B, THREADSAFE build.*: \([0-9]*\)$$/\1/p' $(BENCH_BUILD)/run.log); \
	 pl=$$(sed -n 's/.*NVM read 16 B, plain build.*: \([0-9]*\)$$/\1/p' $(BENCH_BUILD)/plain/run.log); \
	 [ $$rc = 0 ] && [ -n "$$ts" ] && [ -n "$$pl" ] || exit 1; \
	 awk -v ts=$$ts -v pl=$$pl 'BEGIN { d = (ts - pl) * 100 / pl; \
	     printf "bench-target: NVM read 16 B, THREADSAFE build / plain build: %u / %u " \
	         "instructions, the NVM lock %+.1f %% (target <= +5 %%: %s)\n", ts, pl, d, \
	         (d <= 5) ? "met" : "MISSED" }'
	@echo "bench-target: image sizes (flash = text + rodata + data; RAM = data + bss + stack)"
	$(call bench_sizes,$(BOOT_ELF) $(CORE0_ELF) $(CORE1_ELF) $(BENCH0_ELF) $(BENCH1_ELF))
	@echo "bench-target: largest RAM objects of core1_hsm.elf (bytes):"
	@$(TARGET_PREFIX)nm --size-sort -S -t d $(CORE1_ELF) | awk '$$3 ~ /^[bBdD]$$/' | \
	    tail -6 | awk '{ printf "  %7u  %s\n", $$2, $$4 }'
	@$(MAKE) --no-print-directory bench-target-sliced TARGET_SLICES=1

# The TARGET_SLICES build (ECDSA P-256 in slices, wolfCrypt's C code: target.mk), its own
# bench images in build/target-sliced/bench/: its table (direct: the same C code in one
# piece), the MAC's latency beside ECDSA and compaction, and ECDSA's throughput against the
# default build's (the Cortex-M assembly, in one piece), from that run's log.
.PHONY: bench-target-sliced
bench-target-sliced: $(BOOT_ELF) $(BENCH0_ELF) $(BENCH1_ELF)
	@echo "bench-target: the TARGET_SLICES build (ECDSA P-256 in slices)"
	@{ NVM_FRESH=1 QEMU_EXTRA="-icount shift=0" $(TOP)/scripts/qemu_run.sh $(BOOT_ELF) \
	    $(BENCH0_ELF) $(BENCH1_ELF) 300; echo $$? > $(BENCH_BUILD)/run.rc; } | \
	    tee $(BENCH_BUILD)/run.log; rc=$$(cat $(BENCH_BUILD)/run.rc); \
	 if [ $$rc != 0 ]; then echo "bench-target: the TARGET_SLICES run FAILED (exit $$rc)"; fi; \
	 [ $$rc = 0 ] || exit $$rc; \
	 ecc() { awk '/ECDSA P-256 (sign|verify) / { n += $$5 } END { print n + 0 }' $$1; }; \
	 sl=$$(ecc $(BENCH_BUILD)/run.log); un=$$(ecc $(TOP)/build/target/bench/run.log); \
	 [ "$$sl" -gt 0 ] && [ "$$un" -gt 0 ] || exit 1; \
	 awk -v sl=$$sl -v un=$$un 'BEGIN { \
	     printf "bench-target: ECDSA P-256 sign + verify, TARGET_SLICES build (sliced) / " \
	         "default build (assembly, in one piece): %u / %u instructions, throughput " \
	         "%.2f (target >= 0.95: %s)\n", sl, un, un / sl, (un / sl >= 0.95) ? "met" : "MISSED" }'
	$(call bench_sizes,$(BENCH1_ELF))
