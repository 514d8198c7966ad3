#!/usr/bin/env python3
"""scripts/crypto_cfg.py: one configuration of the AUTOSAR Crypto Driver for both cores.

From a JSON configuration (driver objects with their queue sizes and mailboxes, keys and their
elements with sizes, access rights and HSM keys, a key's ECDSA signature form
("signatureFormat": "RS", the default, or "DER"), whether the ECU reports the HSM's doorbell
interrupt ("doorbellIndication": true, Crypto_DoorbellIndication), the HSM's client table and
key policies; see README "AUTOSAR Crypto Driver", tests/autosar/crypto_config.json for an
example) it writes:

  core 0 (--core0 DIR): Crypto_Cfg.h, Crypto_Cfg.c    the Crypto_ConfigType for Crypto_Init
  core 1 (--core1 DIR): Crypto_HsmCfg.h, Crypto_HsmCfg.c  the HSM's client table (mailbox,
                        client id, policy) and the policies, for its whServerConfig

Both sides carry the configuration's digest (CRYPTO_CFG_DIGEST, CRYPTO_HSMCFG_DIGEST): the
first 8 bytes of SHA-256 over the configuration's canonical form (JSON, keys sorted, no
whitespace, "comment" members left out), big-endian. The driver presents it when its clients
connect; an HSM context configured with a digest refuses another (WH_ERROR_CONFIG_MISMATCH).

The configuration is checked before anything is written: unknown names, sizes out of range,
mailboxes without an HSM client (or two users of one), an HSM key or record used twice, and
driver clients whose policy does not give them use, create and modify rights on every HSM key
and record of the driver (the driver's clients share its keys) are errors (exit 1).

    python3 scripts/crypto_cfg.py CONFIG.json --core0 DIR [--core1 DIR]

Stdlib only. The output is laid out by the tree's clang-format (scripts/check_format.sh --fix
for committed copies; scripts/check_crypto_cfg.sh compares committed copies with this script's
output).
"""
import argparse
import hashlib
import json
import os
import sys
import textwrap

ELEMENT_IDS = {
    "MAC_KEY": 1, "MAC_PROOF": 2, "SIGNATURE_KEY": 1, "RANDOM_SEED_STATE": 3,
    "RANDOM_ALGORITHM": 4, "CIPHER_KEY": 1, "CIPHER_IV": 5, "CIPHER_PROOF": 6,
    "CIPHER_2NDKEY": 7, "KEYEXCHANGE_BASE": 8, "KEYEXCHANGE_PRIVKEY": 9,
    "KEYEXCHANGE_OWNPUBKEY": 10, "KEYEXCHANGE_SHAREDVALUE": 1, "KEYEXCHANGE_ALGORITHM": 12,
    "KEYDERIVATION_PASSWORD": 1, "KEYDERIVATION_SALT": 13, "KEYDERIVATION_ITERATIONS": 14,
    "KEYDERIVATION_ALGORITHM": 15, "KEYGENERATE_KEY": 1, "KEYGENERATE_SEED": 16,
    "KEYGENERATE_ALGORITHM": 17, "CUSTOM_HKDF_INFO": 98,
}
ACCESS = ("DENIED", "INTERNAL_COPY", "ALLOWED", "ENCRYPTED")
KEY_TYPES = ("SECRET", "ECC_P256", "ED25519", "X25519")
USAGES = ("ENCRYPT", "DECRYPT", "SIGN", "VERIFY", "DERIVE")
SHE_SLOTS = {"MASTER_ECU_KEY": "WH_SHE_MASTER_ECU_KEY"}
SHE_SLOTS.update({"KEY_%d" % n: "(WH_SHE_KEY_1 + %du)" % (n - 1) for n in range(1, 11)})
SHE_SLOTS["KEY_1"] = "WH_SHE_KEY_1"
GROUPS = ("COMM", "NVM", "KEY", "CRYPTO", "COUNTER", "SHE")
KINDS = {"keys": "WH_POLICY_KEYS", "objects": "WH_POLICY_OBJECTS",
         "counters": "WH_POLICY_COUNTERS"}
RIGHTS = {"use": "WH_RIGHT_USE", "create": "WH_RIGHT_CREATE", "modify": "WH_RIGHT_MODIFY",
          "erase": "WH_RIGHT_ERASE"}
SHE_POLICY = {"no_load_key": "WH_POLICY_SHE_NO_LOAD_KEY", "provision": "WH_POLICY_SHE_PROVISION"}
SIG_FORMATS = ("RS", "DER")  # ECDSA signatures: fixed-size r || s, or DER
MAILBOX_MAX = 15  # client ids are 1..WH_CLIENT_ID_MAX


class ConfigError(Exception):
    pass


def num(v, what, lo, hi):
    try:
        n = int(v, 0) if isinstance(v, str) else int(v)
    except (TypeError, ValueError):
        raise ConfigError("%s: %r is not a number" % (what, v))
    if isinstance(v, bool) or not lo <= n <= hi:
        raise ConfigError("%s: %r is outside %d..%d" % (what, v, lo, hi))
    return n


def name_of(v, what):
    if not isinstance(v, str) or not v.isidentifier():
        raise ConfigError("%s: %r is not a C identifier" % (what, v))
    return v


def pick(v, allowed, what):
    if v not in allowed:
        raise ConfigError("%s: %r is not one of %s" % (what, v, ", ".join(sorted(allowed))))
    return v


def strip_comments(v):
    if isinstance(v, dict):
        return {k: strip_comments(x) for k, x in v.items() if k != "comment"}
    if isinstance(v, list):
        return [strip_comments(x) for x in v]
    return v


def digest_of(cfg):
    canon = json.dumps(strip_comments(cfg), sort_keys=True, separators=(",", ":"))
    d = int.from_bytes(hashlib.sha256(canon.encode()).digest()[:8], "big")
    return d if d != 0 else 1  # 0 means "no digest" to the HSM


def parse(cfg):
    """Check the configuration; return it in the form the writers use."""
    hsm = cfg.get("hsm") or {}
    policies = {}
    for pname, p in (hsm.get("policies") or {}).items():
        name_of(pname, "policy name")
        groups = p.get("groups", "all")
        if groups != "all":
            groups = [pick(g, GROUPS, "policy %s: group" % pname) for g in groups]
        rules = []
        for i, r in enumerate(p.get("rules") or []):
            what = "policy %s: rule %d" % (pname, i)
            kinds = [pick(k, KINDS, what + ": kind") for k in r["kinds"]]
            first = num(r["first"], what + ": first", 1, 255)
            last = num(r["last"], what + ": last", first, 255)
            rights = [pick(x, RIGHTS, what + ": right") for x in r["rights"]]
            rules.append((kinds, first, last, rights))
        quota = p.get("globalKeyQuota", "default")
        if quota != "default":
            quota = num(quota, "policy %s: globalKeyQuota" % pname, 1, 255)
        she = [pick(s, SHE_POLICY, "policy %s: she" % pname) for s in p.get("she") or []]
        policies[pname] = {"groups": groups, "rules": rules, "quota": quota, "she": she}
    clients = []
    ids, boxes = set(), set()
    for c in hsm.get("clients") or []:
        cid = num(c["id"], "hsm client id", 1, MAILBOX_MAX)
        box = num(c["mailbox"], "hsm client %d: mailbox" % cid, 0, MAILBOX_MAX - 1)
        pol = c.get("policy", "default")
        if pol != "default" and pol not in policies:
            raise ConfigError("hsm client %d: no policy %r" % (cid, pol))
        if cid in ids or box in boxes:
            raise ConfigError("hsm client %d (mailbox %d): id or mailbox used twice" % (cid, box))
        ids.add(cid)
        boxes.add(box)
        clients.append({"id": cid, "mailbox": box, "policy": pol})
    by_box = {c["mailbox"]: c for c in clients}

    objects, used = [], set()
    for o in cfg.get("objects") or []:
        name = name_of(o["name"], "object name")
        q = num(o.get("queueSize", 0), "object %s: queueSize" % name, 0, 64)
        box = num(o["mailbox"], "object %s: mailbox" % name, 0, MAILBOX_MAX - 1)
        objects.append({"name": name, "queue": q, "mailbox": box})
    if not objects:
        raise ConfigError("no driver objects")
    key_box = num(cfg["keyClientMailbox"], "keyClientMailbox", 0, MAILBOX_MAX - 1)
    for what, box in [("object " + o["name"], o["mailbox"]) for o in objects] + \
            [("the key client", key_box)]:
        if box not in by_box:
            raise ConfigError("%s: mailbox %d has no HSM client (hsm.clients)" % (what, box))
        if box in used:
            raise ConfigError("%s: mailbox %d has another user" % (what, box))
        used.add(box)

    keys, hsm_keys, nvm_ids, names = [], set(), set(), set()
    for k in cfg.get("keys") or []:
        kname = name_of(k["name"], "key name")
        if kname in names:
            raise ConfigError("key %s: name used twice" % kname)
        names.add(kname)
        nvm = num(k["nvmId"], "key %s: nvmId" % kname, 1, 255) if "nvmId" in k else 0
        if nvm:
            if nvm in nvm_ids:
                raise ConfigError("key %s: nvmId 0x%02X used twice" % (kname, nvm))
            nvm_ids.add(nvm)
        she = pick(k["sheSlot"], SHE_SLOTS, "key %s: sheSlot" % kname) if "sheSlot" in k else None
        elements, eids = [], set()
        for e in k.get("elements") or []:
            eid = pick(e["id"], ELEMENT_IDS, "key %s: element id" % kname)
            what = "key %s: element %s" % (kname, eid)
            if ELEMENT_IDS[eid] in eids:
                raise ConfigError("%s: the element id %d is there twice" % (what, ELEMENT_IDS[eid]))
            eids.add(ELEMENT_IDS[eid])
            el = {"id": eid, "size": num(e["size"], what + ": size", 1, 4096),
                  "read": pick(e["read"], ACCESS, what + ": read"),
                  "write": pick(e["write"], ACCESS, what + ": write"), "hsmKey": 0}
            if "hsmKey" in e:
                hk = num(e["hsmKey"], what + ": hsmKey", 1, 255)
                if hk in hsm_keys:
                    raise ConfigError("%s: HSM key 0x%02X used twice" % (what, hk))
                hsm_keys.add(hk)
                el["hsmKey"] = hk
                el["keyType"] = pick(e.get("keyType", "SECRET"), KEY_TYPES, what + ": keyType")
                el["usage"] = [pick(u, USAGES, what + ": usage") for u in e.get("usage") or []]
            elif "keyType" in e or "usage" in e:
                raise ConfigError("%s: keyType and usage need an hsmKey" % what)
            elements.append(el)
        if not elements:
            raise ConfigError("key %s: no elements" % kname)
        fmt = pick(k.get("signatureFormat", "RS"), SIG_FORMATS, "key %s: signatureFormat" % kname)
        keys.append({"name": kname, "comment": k.get("comment", ""), "nvm": nvm, "she": she,
                     "elements": elements, "der": fmt == "DER"})

    # The driver's clients share its keys: each needs USE, CREATE and MODIFY on all of them.
    need = {"use", "create", "modify"}
    for box in sorted(used):
        c = by_box[box]
        if c["policy"] == "default":
            continue  # the default policy: USE and CREATE on all, MODIFY on its own only
        pol = policies[c["policy"]]
        for kind, items in (("keys", hsm_keys), ("objects", nvm_ids)):
            for n in sorted(items):
                have = set()
                for kinds, first, last, rights in pol["rules"]:
                    if kind in kinds and first <= n <= last:
                        have.update(rights)
                if not need <= have:
                    raise ConfigError("hsm client %d (policy %s): lacks %s on the driver's %s 0x%02X"
                                      % (c["id"], c["policy"], "/".join(sorted(need - have)),
                                         kind[:-1], n))
    bell = cfg.get("doorbellIndication", False)
    if not isinstance(bell, bool):
        raise ConfigError("doorbellIndication: %r is not true or false" % (bell,))
    return {"objects": objects, "keyBox": key_box, "keys": keys, "clients": clients, "bell": bell,
            "policies": policies, "hsmKeys": hsm_keys, "nvmIds": nvm_ids}


def header_comment(fname, src, what):
    text = "%s: GENERATED by scripts/crypto_cfg.py from %s; do not edit. %s" % (
        fname, src, " ".join(what.replace("\n * ", " ").split()))
    return "/*\n%s\n */" % "\n".join(" * " + x for x in textwrap.wrap(text, 92))


def write_core0(p, digest, src):
    objs, keys = p["objects"], p["keys"]
    h = [header_comment("Crypto_Cfg.h", src,
                        "The AUTOSAR Crypto Driver's configuration (core 0). The mailboxes "
                        "(whClientConfig) are\n * the integration's: fill CryptoCfg_ObjectClients "
                        "and CryptoCfg_KeyClient before Crypto_Init."),
         "#ifndef CRYPTO_CFG_H", "#define CRYPTO_CFG_H", "", '#include "Crypto.h"', "",
         "/* The configuration's digest; the HSM's configuration carries the same. */",
         "#define CRYPTO_CFG_DIGEST 0x%016Xull" % digest, "", "/* Driver objects */"]
    for i, o in enumerate(objs):
        h.append("#define CryptoConf_CryptoDriverObject_%s %du" % (o["name"], i))
    h.append("#define CRYPTO_CFG_OBJECT_COUNT %du" % len(objs))
    for o in objs:
        h.append("#define CRYPTO_CFG_QUEUE_SIZE_%s %du" % (o["name"].upper(), o["queue"]))
    h += ["", "/* The mailbox (the HSM's client table's) of each object and of the key client. */"]
    for o in objs:
        h.append("#define CRYPTO_CFG_MAILBOX_%s %du" % (o["name"].upper(), o["mailbox"]))
    h.append("#define CRYPTO_CFG_MAILBOX_KEYCLIENT %du" % p["keyBox"])
    h += ["", "/* Keys */"]
    for i, k in enumerate(keys):
        c = (" /* %s */" % k["comment"]) if k["comment"] else ""
        h.append("#define CryptoConf_CryptoKey_%s %du%s" % (k["name"], i, c))
    h.append("#define CRYPTO_CFG_KEY_COUNT %du" % len(keys))
    h += ["", "/* The HSM key numbers these keys use (global ids), and the HSM NVM object numbers",
          " * of the key state records. */"]
    h.append("#define CRYPTO_CFG_HSM_KEY_FIRST 0x%02Xu" % min(p["hsmKeys"] or {0}))
    h.append("#define CRYPTO_CFG_HSM_KEY_LAST 0x%02Xu" % max(p["hsmKeys"] or {0}))
    h.append("#define CRYPTO_CFG_NVM_KEY_FIRST 0x%02Xu" % min(p["nvmIds"] or {0}))
    h.append("#define CRYPTO_CFG_NVM_KEY_LAST 0x%02Xu" % max(p["nvmIds"] or {0}))
    h += ["", "extern whClientConfig CryptoCfg_ObjectClients[CRYPTO_CFG_OBJECT_COUNT];",
          "extern whClientConfig CryptoCfg_KeyClient;", "",
          "extern const Crypto_ConfigType CryptoCfg_Config;", "", "#endif /* !CRYPTO_CFG_H */", ""]

    nel = sum(len(k["elements"]) for k in keys)
    c = [header_comment("Crypto_Cfg.c", src, "See Crypto_Cfg.h."), '#include "Crypto_Cfg.h"', "",
         '#include "wolfhsm/wh_message.h"', '#include "wolfhsm/wh_message_she.h"',
         '#include "wolfhsm/wh_nvm_types.h"', "",
         "whClientConfig CryptoCfg_ObjectClients[CRYPTO_CFG_OBJECT_COUNT];",
         "whClientConfig CryptoCfg_KeyClient;", "", "/* ---- driver objects ---- */"]
    for o in objs:
        c.append("static Crypto_JobType* CryptoCfg_Queue_%s[%du];" % (o["name"], max(o["queue"], 1)))
    c += ["static Crypto_ObjectStateType CryptoCfg_ObjectState[CRYPTO_CFG_OBJECT_COUNT];", "",
          "static const Crypto_DriverObjectConfigType CryptoCfg_Objects[CRYPTO_CFG_OBJECT_COUNT] = {"]
    for i, o in enumerate(objs):
        c.append("{&CryptoCfg_ObjectClients[%d], CRYPTO_CFG_QUEUE_SIZE_%s, CryptoCfg_Queue_%s, "
                 "&CryptoCfg_ObjectState[%d]}," % (i, o["name"].upper(), o["name"], i))
    c += ["};", "", "/* ---- keys ---- */",
          "static Crypto_KeyStateType CryptoCfg_KeyState[CRYPTO_CFG_KEY_COUNT];",
          "static Crypto_KeyElementStateType CryptoCfg_ElementState[%du];" % nel]
    for k in keys:
        for e in k["elements"]:
            if not e["hsmKey"]:
                c.append("static uint8 CryptoCfg_Ram_%s_%s[%du];" % (k["name"], e["id"], e["size"]))
    c.append("")
    st = 0
    for k in keys:
        c.append("static const Crypto_KeyElementConfigType CryptoCfg_Elements_%s[] = {" % k["name"])
        for e in k["elements"]:
            acc = "CRYPTO_KE_%s, %du, CRYPTO_RA_%s, CRYPTO_WA_%s" % (e["id"], e["size"], e["read"],
                                                                     e["write"])
            if e["hsmKey"]:
                usage = " | ".join("WH_NVM_FLAGS_USAGE_" + u for u in e["usage"]) or "0u"
                c.append("{%s, (uint16)(0x%02Xu | WH_ID_GLOBAL), (uint16)((%s) | "
                         "WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_%s)), NULL, &CryptoCfg_ElementState[%d]},"
                         % (acc, e["hsmKey"], usage, e["keyType"], st))
            else:
                c.append("{%s, 0u, 0u, CryptoCfg_Ram_%s_%s, &CryptoCfg_ElementState[%d]},"
                         % (acc, k["name"], e["id"], st))
            st += 1
        c += ["};"]
    c += ["", "static const Crypto_KeyConfigType CryptoCfg_Keys[CRYPTO_CFG_KEY_COUNT] = {"]
    for i, k in enumerate(keys):
        nvm = "(uint16)(0x%02Xu | WH_ID_GLOBAL)" % k["nvm"] if k["nvm"] else "0u"
        she = SHE_SLOTS[k["she"]] if k["she"] else "0u"
        der = ", TRUE" if k["der"] else ", FALSE"
        c.append("{CryptoCfg_Elements_%s, %du, &CryptoCfg_KeyState[%d], %s, %s%s},"
                 % (k["name"], len(k["elements"]), i, nvm, she, der))
    c += ["};", "", "const Crypto_ConfigType CryptoCfg_Config = {",
          ".objects = CryptoCfg_Objects,", ".objectCount = CRYPTO_CFG_OBJECT_COUNT,",
          ".keys = CryptoCfg_Keys,", ".keyCount = CRYPTO_CFG_KEY_COUNT,",
          ".keyClient = &CryptoCfg_KeyClient,", ".configDigest = CRYPTO_CFG_DIGEST,",
          ".doorbellIndication = %s," % ("TRUE" if p["bell"] else "FALSE"), "};", ""]
    return "\n".join(h), "\n".join(c)


def write_core1(p, digest, src):
    clients, policies = p["clients"], p["policies"]
    h = [header_comment("Crypto_HsmCfg.h", src,
                        "The HSM's side of the AUTOSAR Crypto Driver's configuration (core 1): "
                        "its client table\n * (mailbox, client id, policy) for the whServerConfig "
                        "of each mailbox's context, and\n * the configuration's digest (the "
                        "driver's Crypto_Cfg.h carries the same) for its configDigest."),
         "#ifndef CRYPTO_HSMCFG_H", "#define CRYPTO_HSMCFG_H", "", "#include <stdint.h>", "",
         '#include "wolfhsm/wh_server.h"', "",
         "#define CRYPTO_HSMCFG_DIGEST 0x%016Xull" % digest,
         "#define CRYPTO_HSMCFG_CLIENT_COUNT %du" % len(clients), "",
         "/* Each mailbox's client id and policy, for an HSM whose contexts are laid out by",
         " * mailbox. */"] + \
        sum([["#define CRYPTO_HSMCFG_CLIENT_ID_MAILBOX%d %du" % (cl["mailbox"], cl["id"]),
              "#define CRYPTO_HSMCFG_POLICY_MAILBOX%d %s" % (
                  cl["mailbox"], "NULL" if cl["policy"] == "default"
                  else "(&CryptoHsmCfg_Policy_%s)" % cl["policy"])] for cl in clients], []) + \
        ["",
         "typedef struct {", "uint16_t mailbox;", "uint16_t clientId;",
         "const whServerPolicy* policy; /* NULL: wh_Server_DefaultPolicy */",
         "} CryptoHsmCfg_ClientType;", "",
         "extern const CryptoHsmCfg_ClientType CryptoHsmCfg_Clients[CRYPTO_HSMCFG_CLIENT_COUNT];"] + \
        ["extern const whServerPolicy CryptoHsmCfg_Policy_%s;" % n for n in sorted(policies)] + \
        ["", "#endif /* !CRYPTO_HSMCFG_H */", ""]
    c = [header_comment("Crypto_HsmCfg.c", src, "See Crypto_HsmCfg.h."),
         '#include "Crypto_HsmCfg.h"', "", '#include "wolfhsm/wh_message.h"',
         '#include "wolfhsm/wh_settings.h"', ""]
    for pname in sorted(policies):
        pol = policies[pname]
        if pol["rules"]:
            c.append("static const whServerGlobalRule CryptoHsmCfg_Rules_%s[] = {" % pname)
            for kinds, first, last, rights in pol["rules"]:
                c.append("{%s, 0x%02Xu, 0x%02Xu, %s}," % (" | ".join(KINDS[k] for k in kinds),
                                                        first, last,
                                                        " | ".join(RIGHTS[r] for r in rights)))
            c.append("};")
        groups = ("WH_POLICY_GROUPS_ALL" if pol["groups"] == "all" else
                  " | ".join("WH_POLICY_GROUP(WH_MESSAGE_GROUP_%s)" % g for g in pol["groups"])
                  or "0u")
        rules = ("CryptoHsmCfg_Rules_%s" % pname, "%du" % len(pol["rules"])) if pol["rules"] \
            else ("NULL", "0u")
        she = " | ".join(SHE_POLICY[s] for s in pol["she"]) or "0u"
        c += ["const whServerPolicy CryptoHsmCfg_Policy_%s = {" % pname,
              ".groups = %s," % groups, ".rules = %s," % rules[0], ".ruleCount = %s," % rules[1],
              ".globalKeyQuota = %s," % ("WOLFHSM_CFG_GLOBAL_KEY_QUOTA" if pol["quota"] == "default"
                                          else "%du" % pol["quota"]), ".she = %s," % she, "};", ""]
    c.append("const CryptoHsmCfg_ClientType CryptoHsmCfg_Clients[CRYPTO_HSMCFG_CLIENT_COUNT] = {")
    for cl in clients:
        pol = "NULL" if cl["policy"] == "default" else "&CryptoHsmCfg_Policy_%s" % cl["policy"]
        c.append("{%du, %du, %s}," % (cl["mailbox"], cl["id"], pol))
    c += ["};", ""]
    return "\n".join(h), "\n".join(c)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("config")
    ap.add_argument("--core0", required=True, help="folder for Crypto_Cfg.h/.c")
    ap.add_argument("--core1", help="folder for Crypto_HsmCfg.h/.c (none: core 0's side only, "
                    "for an HSM configured otherwise)")
    a = ap.parse_args()
    try:
        with open(a.config) as f:
            cfg = json.load(f)
        p = parse(cfg)
    except (OSError, ValueError, KeyError, TypeError, ConfigError) as e:
        what = "missing member %s" % e if isinstance(e, KeyError) else str(e)
        print("crypto_cfg: %s: %s" % (a.config, what), file=sys.stderr)
        return 1
    digest = digest_of(cfg)
    src = a.config.replace(os.sep, "/")
    outputs = [(a.core0, "Crypto_Cfg", write_core0(p, digest, src))]
    if a.core1:
        outputs.append((a.core1, "Crypto_HsmCfg", write_core1(p, digest, src)))
    for folder, base, files in outputs:
        os.makedirs(folder, exist_ok=True)
        for ext, text in zip(("h", "c"), files):
            with open(os.path.join(folder, "%s.%s" % (base, ext)), "w") as f:
                f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
