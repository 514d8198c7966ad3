# wolfcrypt.mk - build wolfCrypt (Debian trixie's wolfssl 5.7.2 source) as a static library
# for one host build variant. Included by the top Makefile; see deps/wolfcrypt.md.
#
# Input (set before including): TOP, BUILD, DEPS_CACHE, DEPS_STAMP, CC, ARCH_FLAGS, SAN_FLAGS, OPT_FLAGS,
# CSTD.
# Output:
#   WOLFSSL_SRC       unpacked wolfssl source tree (in the cache, outside git)
#   WOLFCRYPT_CFLAGS  flags for any project file that includes wolfSSL headers
#   WOLFCRYPT_DEP     order-only prerequisite for such files (the unpacked source tree)
#   WOLFCRYPT_SETTINGS  the settings header: make such files depend on it (normal
#                     prerequisite); -MMD does not record it, as it is included from
#                     wolfSSL's settings.h, a system header under -isystem
#   WOLFCRYPT_LIB     $(BUILD)/wolfcrypt/libwolfcrypt.a (wolfCrypt + host entropy hook)

WOLFSSL_VERSION  := 5.7.2
WOLFSSL_SRC      := $(DEPS_CACHE)/wolfssl-$(WOLFSSL_VERSION)
WOLFCRYPT_DEP    := $(WOLFSSL_SRC)/.unpacked
# -isystem: wolfSSL's headers must not trip the project's strict warnings.
WOLFCRYPT_CFLAGS := -DWOLFSSL_USER_SETTINGS -I$(TOP)/shared_mem -isystem $(WOLFSSL_SRC)
WOLFCRYPT_SETTINGS := $(TOP)/shared_mem/user_settings.h
WOLFCRYPT_LIB    := $(BUILD)/wolfcrypt/libwolfcrypt.a

# Sources in wolfcrypt/src/. Files disabled by user_settings.h compile to empty objects (e.g.
# only one of sp_c32.c / sp_c64.c / sp_cortexm.c has content). misc.c is not compiled: the
# other files include it inline.
WOLFCRYPT_SRCS := aes.c asn.c cmac.c cryptocb.c curve25519.c ed25519.c fe_low_mem.c \
    ge_low_mem.c fe_operations.c ge_operations.c ecc.c error.c hash.c hmac.c logging.c \
    memory.c random.c sha256.c sha512.c sp_int.c sp_c32.c sp_c64.c sp_cortexm.c wc_port.c \
    wolfmath.c wc_lms.c wc_lms_impl.c

WOLFCRYPT_OBJS := $(addprefix $(BUILD)/wolfcrypt/,$(WOLFCRYPT_SRCS:.c=.o))
WOLFCRYPT_PORT_OBJS := $(BUILD)/wolfcrypt/posix_entropy.o

# UBSan reports known wolfCrypt idioms (unaligned word access, shifts, signed overflow in
# constant-time code); keep the other checks on for wolfCrypt objects.
WOLFCRYPT_UBSAN_EXCLUDE := -fno-sanitize=alignment,shift,signed-integer-overflow
# wolfCrypt itself is built with -I (not -isystem) so that -MMD records its headers and
# user_settings.h.
WOLFCRYPT_BUILD_FLAGS := $(CSTD) $(ARCH_FLAGS) $(OPT_FLAGS) $(SAN_FLAGS) \
    $(if $(findstring undefined,$(SAN_FLAGS)),$(WOLFCRYPT_UBSAN_EXCLUDE)) \
    -DWOLFSSL_USER_SETTINGS -I$(TOP)/shared_mem -I$(WOLFSSL_SRC) -MMD -MP

# The source tree: fetched and unpacked once per cache; the stamp is written last. Whatever
# compiles also names DEPS_STAMP itself: the top Makefile's .SECONDARY makes every target
# secondary, and make does not build a missing secondary prerequisite of a file that exists
# (the unpacked tree of an earlier variant), so the compiler would race deps.sh.
$(WOLFCRYPT_DEP): | $(DEPS_STAMP)
	$(TOP)/scripts/wolfssl.sh $(DEPS_CACHE)

# The .c files appear once the tree is unpacked.
$(addprefix $(WOLFSSL_SRC)/wolfcrypt/src/,$(WOLFCRYPT_SRCS)): | $(WOLFCRYPT_DEP)

$(BUILD)/wolfcrypt/%.o: $(WOLFSSL_SRC)/wolfcrypt/src/%.c | $(DEPS_STAMP) $(WOLFCRYPT_DEP)
	@mkdir -p $(@D)
	$(CC) $(WOLFCRYPT_BUILD_FLAGS) -c $< -o $@

# wc_lms_impl.c includes wc_lms.h before settings.h.
$(BUILD)/wolfcrypt/wc_lms_impl.o: WOLFCRYPT_BUILD_FLAGS += -include wolfssl/wolfcrypt/settings.h

# Host DRBG seed source (project code, so the project's usual strictness).
$(BUILD)/wolfcrypt/posix_entropy.o: $(TOP)/shared_mem/port/posix/posix_entropy.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(ARCH_FLAGS) $(OPT_FLAGS) $(SAN_FLAGS) -Wall -Wextra -Wmissing-prototypes \
	    -Werror -I$(TOP)/shared_mem -MMD -MP -c $< -o $@

$(WOLFCRYPT_LIB): $(WOLFCRYPT_OBJS) $(WOLFCRYPT_PORT_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

-include $(WOLFCRYPT_OBJS:.o=.d) $(WOLFCRYPT_PORT_OBJS:.o=.d)
