#!/usr/bin/env python3
"""Independent verifier of a cercle ledger export, written from docs/FORMAT.md alone.

Standard library only (Python 3.11).  Usage:

    verify.py FILE.jsonl [--checkpoint NOTE]... [--no-signatures | --sample N] [--quiet] [--details]
    verify.py --self-test

On success prints a JSON summary and exits 0; on the first failing entry prints
`entry <position>: <rule> (<detail>)` on stderr and exits 1 (2 on usage or I/O errors).

Envelope entries (kind 17, FORMAT.md §12) are verified in full: the envelope's decoding, the
keeper's rules, the window and replay rules, the envelope's own signature (checked whenever the
entry's signature is: --no-signatures and --sample skip both), then the act as its author's.  A
tree checkpoint (--checkpoint) may be signed by the support key as `cercle-support` or by a
soucieux current at the end of the export as `cercle-keeper`.

Proxies (kind 18, FORMAT.md §13) are verified as entries and inside envelopes: their rules, their
voiding when the giver attends, and how a meeting-close's recorded outcomes count them (the
quorum counts the valid proxies with the members present; an item's tally adds each holder's
vote once more per valid proxy they hold, but for a giver the item pays, with recusal on).

Funding agreements, fund receipts into them and payouts with receipts (kinds 19, 20 and 21,
FORMAT.md §14) are decoded (rates above 100 %, actions not strictly ascending, a kind 20 or 21
with neither flag, a receipt name that names a folder: refused) and verified, as entries and
inside envelopes: agreement-taken, agreement-period, no-such-action, no-such-agreement,
agreement-over-awarded, and duplicate-reference for fund receipts (kinds 6 and 20) and, apart,
payouts (kinds 14 and 21), references compared without ASCII case, a reference refused only when
its most recent use was recorded on a day at most 400 days before this entry's.  --details lists
the agreements with what each received.

Corrections (kinds 22, 23 and 24, FORMAT.md §15) are decoded and verified, as entries and inside
envelopes: a fund receipt corrected or a payout reversed counts once countersigned by another
soucieux or the support team, each naming a fund receipt or a payout recorded on a day at most
400 days before the correction's and its countersignature's (not-soucieux-or-support, not-a-fund-receipt,
correction-changes-nothing, duplicate-reference, not-a-reversible-payout, already-reversed,
nothing-to-countersign, countersigned-by-author, correction-leaves-books-short,
agreement-over-awarded).  --details lists the corrections and the fund receipts as corrected.

Governance proposals (kind 25, FORMAT.md §16) are decoded (a count of 0 or above 7, an unknown
setting code, codes not strictly ascending, a bad quorum, a four-eyes threshold above the maximum:
refused) and verified, as entries and inside envelopes (governance-changes-nothing); adopted at a
closing, their settings apply once the closing's outcomes are computed.  A proxy is refused when
proxies are not allowed (proxies-not-allowed).  A payout above the four-eyes threshold is checked
when recorded and counts once countersigned (kind 24) by a soucieux or the support team other
than its recorder, its rules checked again then as of its own entry.  --details lists the settings
changed, the four-eyes threshold, whether proxies are allowed and the payouts waiting.
"""

import base64
import hashlib
import heapq
import json
import os
import re
import sys
import unicodedata

# ---------------------------------------------------------------------------------------------
# Ed25519 (RFC 8032), pure Python, verification as ed25519-dalek's verify_strict (FORMAT.md §3).
# ---------------------------------------------------------------------------------------------

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
IDENTITY = (0, 1, 1, 0)


def _add(p, q):
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a = (y1 - x1) * (y2 - x2) % P
    b = (y1 + x1) * (y2 + x2) % P
    c = 2 * t1 * t2 * D % P
    d = 2 * z1 * z2 % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _dbl(p):
    x1, y1, z1, _ = p
    a = x1 * x1 % P
    b = y1 * y1 % P
    c = 2 * z1 * z1 % P
    h = a + b
    e = h - (x1 + y1) * (x1 + y1)
    g = a - b
    f = c + g
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _neg(p):
    x, y, z, t = p
    return ((-x) % P, y, z, (-t) % P)


def _mul(s, p):
    q = IDENTITY
    for i in range(s.bit_length() - 1, -1, -1):
        q = _dbl(q)
        if (s >> i) & 1:
            q = _add(q, p)
    return q


def _double_mul(s1, p1, s2, p2):
    """[s1]p1 + [s2]p2 (Straus-Shamir)."""
    p12 = _add(p1, p2)
    q = IDENTITY
    for i in range(max(s1.bit_length(), s2.bit_length()) - 1, -1, -1):
        q = _dbl(q)
        b1, b2 = (s1 >> i) & 1, (s2 >> i) & 1
        if b1 and b2:
            q = _add(q, p12)
        elif b1:
            q = _add(q, p1)
        elif b2:
            q = _add(q, p2)
    return q


def _encode(p):
    x, y, z, _ = p
    zi = pow(z, P - 2, P)
    x, y = x * zi % P, y * zi % P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def _decompress(s, canonical=False):
    """Point decoding; None if not a point.  RFC 8032 §5.1.3 refuses y >= p and (x = 0, sign 1);
    the reference (curve25519-dalek) accepts both (y is reduced mod p; -0 = 0), and so do we
    unless canonical=True.  Found by comparison: a member-add key with y = p + 3 is accepted."""
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    if y >= P:
        if canonical:
            return None
        y -= P
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        if sign and canonical:
            return None
        x = 0
    else:
        x = pow(x2, (P + 3) // 8, P)
        if (x * x - x2) % P:
            x = x * SQRT_M1 % P
        if (x * x - x2) % P:
            return None
        if (x & 1) != sign:
            x = P - x
    return (x, y, 1, x * y % P)


def _is_small_order(p):
    q = _dbl(_dbl(_dbl(p)))
    return q[0] % P == 0 and (q[1] - q[2]) % P == 0


_BY = 4 * pow(5, P - 2, P) % P
BASE = _decompress(_BY.to_bytes(32, "little"))


def key_is_strong(key):
    """A key entering a circle: decodes to a point that is not of small order."""
    pt = _decompress(key)
    return pt is not None and not _is_small_order(pt)


def ed25519_verify_strict(public, message, signature):
    if len(signature) != 64 or len(public) != 32:
        return False
    r_bytes, s = signature[:32], int.from_bytes(signature[32:], "little")
    if s >= L:
        return False
    a = _decompress(public)
    r = _decompress(r_bytes)
    if a is None or r is None or _is_small_order(a) or _is_small_order(r):
        return False
    k = int.from_bytes(hashlib.sha512(r_bytes + public + message).digest(), "little") % L
    # cofactorless: [S]B = R + [k]A  <=>  encode([S]B - [k]A) == R (R as encoded, canonical)
    return _encode(_double_mul(s, BASE, k, _neg(a))) == r_bytes


def ed25519_keypair(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    return a, h[32:], _encode(_mul(a, BASE))


def ed25519_sign(seed, message):
    a, prefix, public = ed25519_keypair(seed)
    r = int.from_bytes(hashlib.sha512(prefix + message).digest(), "little") % L
    r_bytes = _encode(_mul(r, BASE))
    k = int.from_bytes(hashlib.sha512(r_bytes + public + message).digest(), "little") % L
    return r_bytes + ((r + k * a) % L).to_bytes(32, "little")


# ---------------------------------------------------------------------------------------------
# Constants and codes (FORMAT.md §1)
# ---------------------------------------------------------------------------------------------

LABEL = b"cercle/entry/v1\n"
HEADER_END = 16 + 112  # label, then circle, seq, prev, recorded_at, author: the kind is at 128
ENTRY_BYTES_MAX = 16384
AGENDA_LENGTH_MAX = 100
MEMBERS_MAX = 10000
LINE_BYTES_MAX = ENTRY_BYTES_MAX * 4 // 3 + 256  # 22101
CHECKPOINT_BYTES_MAX = 4096
AMOUNT_MAX = 100_000_000_000
ZERO32 = bytes(32)

KINDS = {
    1: "genesis", 2: "member-add", 3: "member-role", 4: "member-leave", 5: "circle-status",
    6: "fund-received", 7: "propose-action", 8: "propose-spend", 9: "withdraw",
    10: "meeting-open", 11: "attend", 12: "vote", 13: "meeting-close", 14: "payout",
    15: "spend-close", 16: "checkpoint", 17: "envelope", 18: "proxy",
    19: "agreement", 20: "fund-received-v2", 21: "payout-v2",
    22: "fund-correction", 23: "payout-reversal", 24: "countersign", 25: "propose-governance",
    26: "member-key", 27: "support-key",
}
# FORMAT.md §13: the most proxies one member may hold at a meeting.
PROXIES_PER_HOLDER_MAX = 1
# FORMAT.md §7 (meeting-open): a meeting is dated at most this many days after the day it opens.
MEETING_AHEAD_DAYS_MAX = 366
# FORMAT.md §12: envelopes.
ENVELOPE_LABEL = b"cercle/envel/v1\n"
ENVELOPE_BYTES_MAX = 12288
ENVELOPE_WINDOW_SECONDS = 30 * 24 * 3600  # 2 592 000
ENVELOPE_AHEAD_SECONDS = 24 * 3600  # 86 400
NOT_IN_ENVELOPE = (1, 16, 17)  # genesis, checkpoint, envelope
ROLES = {1: "soucieux", 2: "contributor", 3: "participant"}
STATUSES = {1: "emerging", 2: "active"}
THRESHOLDS = {1: "majority", 2: "two-thirds", 3: "consent"}
CHOICES = {1: "for", 2: "against", 3: "abstain"}
SPEND_KINDS = {1: "retribution", 2: "expense"}
OUTCOMES = {1: "adopted", 2: "rejected-vote", 3: "rejected-insufficient-funds",
            4: "rejected-over-envelope", 5: "no-quorum"}
SOUCIEUX, CONTRIBUTOR = 1, 2
# FORMAT.md §14: funding agreements.
AGREEMENT_ACTIONS_MAX = 100
RATE_MAX = 10000  # basis points: 100 %
# FORMAT.md §14 and §15: the window, in days, counted back from the UTC day of an entry's
# recorded_at: a reference used by an entry recorded on a day at least this many days before is
# refused as a duplicate; a fund receipt or a payout recorded at least this many days before may be
# corrected or reversed. An entry recorded on the day exactly 400 days before is within it.
WINDOW_DAYS = 400
# FORMAT.md §16: the settings a governance proposal may change, by code.
SETTINGS = {1: "quorum", 2: "threshold", 3: "recusal", 4: "four_eyes", 5: "proxies", 6: "name", 7: "territory"}
SETTINGS_MAX = 7


def days_from_civil(y, m, d):
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z):
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return y + (m <= 2), m, d


# "the reference reader accepts years -262 143 to 262 142" (chrono's NaiveDate range).
DAY_MIN = days_from_civil(-262143, 1, 1)
DAY_MAX = days_from_civil(262142, 12, 31)
SECONDS_MIN = DAY_MIN * 86400
SECONDS_MAX = DAY_MAX * 86400 + 86399

# Unicode White_Space (PropList.txt); stable since Unicode 6.3.
WHITE_SPACE = set(map(chr, [*range(0x09, 0x0E), 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B),
                            0x2028, 0x2029, 0x202F, 0x205F, 0x3000]))


def is_latin_letter(c):
    # FORMAT.md §1: ASCII letters, Latin-1 but × and ÷, Latin Extended-A and -B, Latin Extended
    # Additional.
    o = ord(c)
    return (("A" <= c <= "Z") or ("a" <= c <= "z") or 0xC0 <= o <= 0xD6 or 0xD8 <= o <= 0xF6
            or 0xF8 <= o <= 0x24F or 0x1E00 <= o <= 0x1EFF)


# FORMAT.md §1: invisible characters, or characters that turn the text's direction.
INVISIBLE = set(map(chr, [0xAD, 0x61C, *range(0x200B, 0x2010), *range(0x2028, 0x202F),
                          *range(0x2060, 0x2065), *range(0x2066, 0x2070), 0xFEFF,
                          *range(0xFFF9, 0xFFFC)]))


# FORMAT.md §1, rule member-name-confusable: the UTS #39 prototypes of the characters a member
# name's NFD may hold, as the skeletons of the reference writer's unicode-security 0.1.3 give
# them (a test of cercle-core, ids.rs, checks this table against the crate).
MEMBER_NAME_PROTOTYPES = {
    "\u0022": "\u0027\u0027",
    "\u0025": "\u00b0\u002f\u2080",
    "\u0030": "\u004f",
    "\u0031": "\u006c",
    "\u0049": "\u006c",
    "\u0060": "\u0027",
    "\u006d": "\u0072\u006e",
    "\u007c": "\u006c",
    "\u00a0": "\u0020",
    "\u00a1": "\u0069",
    "\u00a2": "\u0063\u0338",
    "\u00a5": "\u0059\u0335",
    "\u00a6": "\u208f",
    "\u00ad": "",
    "\u00af": "\u02c9",
    "\u00b2": "\u14be",
    "\u00b4": "\u0027",
    "\u00b5": "\u03bc",
    "\u00b8": "\u002c",
    "\u00b9": "\u18f3",
    "\u00ba": "\u00b0",
    "\u00bc": "\u006c\u002f\u0034",
    "\u00bd": "\u006c\u002f\u0032",
    "\u00be": "\u0033\u002f\u0034",
    "\u00c6": "\u0041\u0045",
    "\u00d0": "\u0044\u0335",
    "\u00d7": "\u0078",
    "\u00d8": "\u004f\u0338",
    "\u00e6": "\u0061\u0065",
    "\u00f0": "\u2202\u0335",
    "\u00f8": "\u006f\u0338",
    "\u00fe": "\u0070",
    "\u0110": "\u0044\u0335",
    "\u0111": "\u0064\u0335",
    "\u0126": "\u0048\u0335",
    "\u0127": "\u0068\u0335",
    "\u0131": "\u0069",
    "\u0132": "\u006c\u004a",
    "\u0133": "\u0069\u006a",
    "\u013f": "\u004c\u00b7",
    "\u0140": "\u006c\u00b7",
    "\u0141": "\u004c\u0338",
    "\u0142": "\u006c\u0338",
    "\u0149": "\u0027\u006e",
    "\u014b": "\u006e\u0329",
    "\u0152": "\u004f\u0045",
    "\u0153": "\u006f\u0065",
    "\u0166": "\u0054\u0335",
    "\u0167": "\u0074\u0335",
    "\u017f": "\u0066",
    "\u0180": "\u0062\u0335",
    "\u0181": "\u0027\u0042",
    "\u0182": "\u0062\u0304",
    "\u0183": "\u0062\u0304",
    "\u0184": "\u0062",
    "\u0187": "\u0043\u0027",
    "\u0189": "\u0044\u0335",
    "\u018a": "\u0027\u0044",
    "\u018b": "\u0064\u0304",
    "\u018c": "\u0064\u0304",
    "\u018d": "\u0067",
    "\u0191": "\u0046\u0326",
    "\u0192": "\u0066",
    "\u0193": "\u0047\u0027",
    "\u0196": "\u006c",
    "\u0197": "\u006c\u0335",
    "\u0198": "\u004b\u0027",
    "\u0199": "\u006b\u0314",
    "\u019a": "\u006c\u0335",
    "\u019b": "\u03bb\u0338",
    "\u019d": "\u004e\u0326",
    "\u019e": "\u006e\u0329",
    "\u019f": "\u004f\u0335",
    "\u01a4": "\u0027\u0050",
    "\u01a5": "\u0070\u0314",
    "\u01a6": "\u0052",
    "\u01a7": "\u0032",
    "\u01ab": "\u0074\u0326",
    "\u01ac": "\u0027\u0054",
    "\u01ad": "\u0074\u0314",
    "\u01ae": "\u0054\u0328",
    "\u01b3": "\u0027\u0059",
    "\u01b4": "\u0079\u0314",
    "\u01b5": "\u005a\u0335",
    "\u01b6": "\u007a\u0335",
    "\u01b7": "\u0033",
    "\u01bb": "\u0032\u0335",
    "\u01bc": "\u0035",
    "\u01bd": "\u0073",
    "\u01bf": "\u0070",
    "\u01c0": "\u006c",
    "\u01c1": "\u006c\u006c",
    "\u01c3": "\u0021",
    "\u01c4": "\u0044\u005a\u0306",
    "\u01c5": "\u0044\u007a\u0306",
    "\u01c6": "\u0064\u007a\u0306",
    "\u01c7": "\u004c\u004a",
    "\u01c8": "\u004c\u006a",
    "\u01c9": "\u006c\u006a",
    "\u01ca": "\u004e\u004a",
    "\u01cb": "\u004e\u006a",
    "\u01cc": "\u006e\u006a",
    "\u01e4": "\u0047\u0335",
    "\u01e5": "\u0067\u0335",
    "\u01f1": "\u0044\u005a",
    "\u01f2": "\u0044\u007a",
    "\u01f3": "\u0064\u007a",
    "\u021c": "\u0033",
    "\u0222": "\u0038",
    "\u0223": "\u0038",
    "\u0224": "\u005a\u0326",
    "\u0225": "\u007a\u0326",
    "\u0237": "\u006a",
    "\u0239": "\u0278",
    "\u023c": "\u0063\u0338",
    "\u023e": "\u0054\u0338",
    "\u0241": "\u003f",
    "\u0244": "\u0055\u0335",
    "\u0246": "\u0045\u0338",
    "\u0247": "\u0065\u0338",
    "\u0248": "\u004a\u0335",
    "\u0249": "\u006a\u0335",
    "\u024c": "\u0052",
    "\u024d": "\u0072\u0335",
    "\u024e": "\u0059\u0335",
    "\u024f": "\u0079\u0335",
    "\u0251": "\u0061",
    "\u0253": "\u0062\u0314",
    "\u0256": "\u0064\u0328",
    "\u0257": "\u0064\u0314",
    "\u0259": "\u01dd",
    "\u025a": "\u01dd\u02de",
    "\u025b": "\ua793",
    "\u025f": "\u006a\u0335",
    "\u0260": "\u0067\u0314",
    "\u0261": "\u0067",
    "\u0263": "\u0079",
    "\u0266": "\u0068\u0314",
    "\u0268": "\u0069\u0335",
    "\u0269": "\u0069",
    "\u026a": "\u0069",
    "\u026b": "\u006c\u0334",
    "\u026d": "\u006c\u0328",
    "\u026e": "\u006c\u021d",
    "\u026f": "\u0077",
    "\u0271": "\u0072\u006e\u0326",
    "\u0272": "\u006e\u0326",
    "\u0273": "\u006e\u0328",
    "\u0275": "\u006f\u0335",
    "\u0276": "\u006f\u1d07",
    "\u0279": "\u1df70",
    "\u027c": "\u0072\u0329",
    "\u027d": "\u0072\u0328",
    "\u0282": "\u0073\u0328",
    "\u0284": "\u0066",
    "\u028b": "\u0075",
    "\u028f": "\u0079",
    "\u0290": "\u007a\u0328",
    "\u0292": "\u021d",
    "\u0294": "\u003f",
    "\u0295": "\ua7ce",
    "\u02a0": "\u0071\u0314",
    "\u02a3": "\u0064\u007a",
    "\u02a4": "\u0064\u021d",
    "\u02a5": "\u0064\u0291",
    "\u02a6": "\u0074\u0073",
    "\u02a7": "\u0074\u0283",
    "\u02a8": "\u0074\u0255",
    "\u02a9": "\u0066\u006e\u0329",
    "\u02aa": "\u006c\u0073",
    "\u02ab": "\u006c\u007a",
    "\u02b2": "\u1e04d",
    "\u02b3": "\u18f4",
    "\u02b8": "\u1e041",
    "\u02b9": "\u0027",
    "\u02ba": "\u0027\u0027",
    "\u02bb": "\u0027",
    "\u02bc": "\u0027",
    "\u02bd": "\u0027",
    "\u02be": "\u0027",
    "\u02bf": "\u0559",
    "\u02c2": "\u003c",
    "\u02c3": "\u003e",
    "\u02c4": "\u005e",
    "\u02c6": "\u005e",
    "\u02c8": "\u0027",
    "\u02ca": "\u0027",
    "\u02cb": "\u0027",
    "\u02d0": "\u003a",
    "\u02d1": "\u00b7",
    "\u02d3": "\u0559",
    "\u02d7": "\u002d",
    "\u02d8": "\u02c7",
    "\u02d9": "\u0971",
    "\u02da": "\u00b0",
    "\u02dc": "\u007e",
    "\u02dd": "\u0027\u0027",
    "\u02e1": "\u18f3",
    "\u02e2": "\u18f5",
    "\u02e3": "\u1e043",
    "\u02e4": "\u02c1",
    "\u02ed": "\u167f",
    "\u02ee": "\u0027\u0027",
    "\u02f4": "\u0027",
    "\u02f6": "\u0027\u0027",
    "\u02f8": "\u003a",
    "\u02fb": "\u02ea",
    "\u0305": "\u0304",
    "\u0309": "\u0350",
    "\u030b": "\u0301\u0301",
    "\u030c": "\u0306",
    "\u030d": "\u0e48",
    "\u0310": "\u0306\u0307",
    "\u0311": "\u0302",
    "\u0315": "\u0313",
    "\u0317": "\u0650",
    "\u031a": "\u1ae9",
    "\u0320": "\u0331",
    "\u0321": "\u0326",
    "\u0322": "\u0328",
    "\u0327": "\u0326",
    "\u032e": "\u11b62",
    "\u0336": "\u0335",
    "\u0337": "\u0338",
    "\u0339": "\u0326",
    "\u0342": "\u0303",
    "\u0345": "\u0328",
    "\u0347": "\u0333",
    "\u0348": "\u10efa",
    "\u034f": "",
    "\u0357": "\u0350",
    "\u0358": "\u0307",
    "\u0365": "\u1e08f",
    "\u0366": "\u030a",
    "\u036e": "\u0306",
    "\u1e9a": "\u0061\u0027",
    "\u1e9d": "\u0066",
    "\u1e9e": "\u00df",
    "\u1efa": "\u006c\u004c",
    "\u1eff": "\u0079",
}


def member_name_forms(name):
    """FORMAT.md §1: the UTS #39 skeletons of the name as written and of its lowercase form."""
    def skeleton(text):
        nfd = unicodedata.normalize("NFD", text)
        return unicodedata.normalize("NFD", "".join(MEMBER_NAME_PROTOTYPES.get(c, c) for c in nfd))
    return {skeleton(name), skeleton(name.lower())}


def fmt_amount(cents):
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return "%s%d.%02d" % (sign, cents // 100, cents % 100)


def reference_key(reference):
    """FORMAT.md §14: references are compared with ASCII letters lowercased, everything else
    as it is (bytes.lower() touches ASCII letters only)."""
    return reference.encode("utf-8").lower().decode("utf-8")


def fmt_date(days):
    y, m, d = civil_from_days(days)
    return "%04d-%02d-%02d" % (y, m, d)


def utc_day(seconds):
    """The UTC day (days since 1970-01-01) of a time in seconds since 1970-01-01T00:00:00Z."""
    return seconds // 86400


# ---------------------------------------------------------------------------------------------
# Decoding (FORMAT.md §1)
# ---------------------------------------------------------------------------------------------


class Refused(Exception):
    def __init__(self, rule, detail=""):
        super().__init__(rule, detail)
        self.rule = rule
        self.detail = detail


class FormatError(Refused):
    def __init__(self, detail):
        super().__init__("format", detail)


class Reader:
    def __init__(self, data, end):
        self.data, self.pos, self.end = data, 0, end

    def take(self, n, what):
        if self.pos + n > self.end:
            raise FormatError("truncated (in %s)" % what)
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def uint(self, n, what):
        return int.from_bytes(self.take(n, what), "big")

    def sint(self, n, what):
        return int.from_bytes(self.take(n, what), "big", signed=True)

    def code(self, table, what):
        v = self.uint(1, what)
        if v not in table:
            raise FormatError("unknown %s code %d" % (what, v))
        return v

    def boolean(self, what):
        v = self.uint(1, what)
        if v > 1:
            raise FormatError("%s is a bool other than 0 or 1 (%d)" % (what, v))
        return v == 1

    def ident(self, what):
        v = self.uint(4, what)
        if v == 0:
            raise FormatError("%s id is 0" % what)
        return v

    def amount(self, what):
        v = self.uint(8, what)
        if v < 1 or v > AMOUNT_MAX:
            raise FormatError("%s amount %d out of range" % (what, v))
        return v

    def date(self, what):
        v = self.sint(4, what)
        if v < DAY_MIN or v > DAY_MAX:
            raise FormatError("%s date %d out of range" % (what, v))
        return v

    def key(self, what):
        return self.take(32, what)

    def string(self, what):
        n = self.uint(2, what)
        raw = self.take(n, what)
        try:
            return raw.decode("utf-8", "strict")
        except UnicodeDecodeError:
            raise FormatError("%s is not UTF-8" % what) from None

    def text(self, maxlen, what):
        s = self.string(what)
        if not 1 <= len(s) <= maxlen:
            raise FormatError("%s has %d characters (1 to %d)" % (what, len(s), maxlen))
        if any(unicodedata.category(c) == "Cc" for c in s):
            raise FormatError("%s holds a control character" % what)
        if any(c in INVISIBLE for c in s):
            raise FormatError("%s holds an invisible or direction-changing character" % what)
        if s[0] in WHITE_SPACE or s[-1] in WHITE_SPACE:
            raise FormatError("%s starts or ends with white space" % what)
        return s

    def receipt_name(self, what):
        """A "receipt name" text (FORMAT.md §1): a file's name alone, no folder."""
        s = self.text(200, what)
        if "/" in s or "\\" in s or s in (".", ".."):
            raise FormatError("%s %r is not a file's name alone (no / nor \\, not . nor ..)" % (what, s))
        return s

    def name(self, what):
        s = self.string(what)
        if not 1 <= len(s) <= 64:
            raise FormatError("%s has %d characters (1 to 64)" % (what, len(s)))
        for c in s:
            if not (c in "-_." or is_latin_letter(c) or "0" <= c <= "9"):
                raise FormatError("%s holds %r, not a Latin letter, digit, '-', '_' or '.'" % (what, c))
        return s

    def count(self, what):
        n = self.uint(2, what)
        if n > AGENDA_LENGTH_MAX:
            raise FormatError("%s count %d above %d" % (what, n, AGENDA_LENGTH_MAX))
        return n


def signed_reader(raw, maximum, label, what):
    """A reader of the signed message of `raw` (label, fields, then a 64-byte signature), after
    its length and label are checked; and where the signature starts."""
    if len(raw) > maximum:
        raise FormatError("%s of %d bytes, more than %d" % (what, len(raw), maximum))
    if len(raw) < 16 + 64:
        raise FormatError("%s of %d bytes, fewer than 80" % (what, len(raw)))
    if raw[:16] != label:
        raise FormatError("not a %s (label %r)" % (what, raw[:16]))
    msg_end = len(raw) - 64
    r = Reader(raw, msg_end)
    r.pos = 16
    return r, msg_end


def decode_entry(raw):
    """Decode an entry's bytes into a dict, refusing what FORMAT.md §1 refuses."""
    r, msg_end = signed_reader(raw, ENTRY_BYTES_MAX, LABEL, "cercle/entry/v1 entry")
    e = {"message": raw[:msg_end], "signature": raw[msg_end:], "bytes": raw}
    e["circle"] = r.take(32, "header")
    e["seq"] = r.uint(8, "header")
    e["prev"] = r.take(32, "header")
    e["recorded_at"] = r.sint(8, "header")
    if not SECONDS_MIN <= e["recorded_at"] <= SECONDS_MAX:
        raise FormatError("recorded_at %d out of range" % e["recorded_at"])
    e["author"] = r.take(32, "header")
    k = r.code(KINDS, "kind")
    e["kind"] = KINDS[k]
    decode_body(r, e)
    if r.pos != msg_end:
        raise FormatError("trailing bytes (%d after the body)" % (msg_end - r.pos))
    return e


def decode_body(r, e):
    """Read the fields of kind e["kind"] (FORMAT.md §1's table) into e: an entry's body, or the
    act of an envelope (§12)."""
    kind = e["kind"]
    if kind == "genesis":
        e["name"] = r.text(100, "circle name")
        e["territory"] = r.text(200, "territory")
        e["status"] = r.code(STATUSES, "circle status")
        cur = r.string("currency")
        if cur != "EUR":
            raise FormatError("currency %r is not EUR" % cur)
        e["quorum"] = read_quorum(r)
        e["threshold"] = r.code(THRESHOLDS, "threshold")
        e["recusal"] = r.boolean("recusal")
        e["founder"] = r.name("founder")
        e["support"] = r.key("support key") if r.boolean("support flag") else None
    elif kind == "member-add":
        e["name"] = r.name("member name")
        e["key"] = r.key("member key")
        e["role"] = r.code(ROLES, "role")
    elif kind == "member-role":
        e["name"] = r.name("member name")
        e["role"] = r.code(ROLES, "role")
    elif kind == "member-leave":
        e["name"] = r.name("member name")
    elif kind == "circle-status":
        e["status"] = r.code(STATUSES, "circle status")
    elif kind == "fund-received":
        e["amount"] = r.amount("funds")
        e["source"] = r.text(100, "source")
        e["reference"] = r.text(200, "reference")
    elif kind == "propose-action":
        e["title"] = r.text(200, "title")
        e["envelope"] = r.amount("envelope")
    elif kind == "propose-spend":
        e["action"] = r.ident("action")
        e["amount"] = r.amount("spend line")
        e["spend_kind"] = r.code(SPEND_KINDS, "spend kind")
        if e["spend_kind"] == 1:
            e["payee"] = r.name("payee")
        else:
            e["payee"] = r.text(200, "supplier")
        e["purpose"] = r.text(1000, "purpose")
    elif kind == "withdraw":
        e["proposal"] = r.ident("proposal")
    elif kind == "meeting-open":
        e["date"] = r.date("meeting")
        n = r.count("agenda")
        e["agenda"] = [r.ident("agenda item") for _ in range(n)]
    elif kind == "attend":
        e["meeting"] = r.ident("meeting")
    elif kind == "vote":
        e["meeting"] = r.ident("meeting")
        e["proposal"] = r.ident("proposal")
        e["choice"] = r.code(CHOICES, "choice")
    elif kind == "meeting-close":
        e["meeting"] = r.ident("meeting")
        n = r.count("outcomes")
        outs = []
        for _ in range(n):
            pid = r.ident("outcome proposal")
            oc = r.code(OUTCOMES, "outcome")
            outs.append((pid, oc, r.uint(4, "tally"), r.uint(4, "tally"), r.uint(4, "tally")))
        e["outcomes"] = outs
    elif kind == "payout":
        e["proposal"] = r.ident("proposal")
        e["amount"] = r.amount("payout")
        e["date"] = r.date("payout")
        e["reference"] = r.text(200, "reference")
    elif kind == "spend-close":
        e["proposal"] = r.ident("proposal")
    elif kind == "proxy":
        e["meeting"] = r.ident("meeting")
        e["holder"] = r.name("proxy holder")
    elif kind == "envelope":
        n = r.uint(2, "envelope length")
        e["envelope"] = decode_envelope(r.take(n, "envelope"))
    elif kind == "agreement":
        e["reference"] = r.text(200, "agreement reference")
        e["funder"] = r.text(100, "funder")
        e["amount"] = r.amount("amount awarded")
        e["rate"] = r.uint(2, "rate")
        if e["rate"] > RATE_MAX:
            raise FormatError("rate %d basis points, above %d" % (e["rate"], RATE_MAX))
        e["from"] = r.date("from")
        e["to"] = r.date("to")
        n = r.uint(2, "actions")
        if n > AGREEMENT_ACTIONS_MAX:
            raise FormatError("actions count %d above %d" % (n, AGREEMENT_ACTIONS_MAX))
        e["actions"] = [r.ident("action") for _ in range(n)]
        if any(a >= b for a, b in zip(e["actions"], e["actions"][1:])):
            raise FormatError("the agreement's actions are not strictly ascending")
    elif kind == "fund-received-v2":
        e["amount"] = r.amount("funds")
        e["source"] = r.text(100, "source")
        e["reference"] = r.text(200, "reference")
        e["agreement"] = r.text(200, "agreement reference") if r.boolean("agreement flag") else None
        e["duplicate_ok"] = r.boolean("duplicate reference flag")
        if e["agreement"] is None and not e["duplicate_ok"]:
            raise FormatError("a fund-received-v2 with neither flag (that is kind 6)")
    elif kind == "payout-v2":
        e["proposal"] = r.ident("proposal")
        e["amount"] = r.amount("payout")
        e["date"] = r.date("payout")
        e["reference"] = r.text(200, "reference")
        if r.boolean("receipt flag"):
            e["receipt"] = (r.take(32, "receipt hash"), r.receipt_name("receipt's file name"))
        else:
            e["receipt"] = None
        e["duplicate_ok"] = r.boolean("duplicate reference flag")
        if e["receipt"] is None and not e["duplicate_ok"]:
            raise FormatError("a payout-v2 with neither flag (that is kind 14)")
    elif kind == "fund-correction":
        e["target"] = r.uint(8, "target")
        e["amount"] = r.amount("corrected funds")
        e["source"] = r.text(100, "source")
        e["reference"] = r.text(200, "reference")
        e["reason"] = r.text(1000, "reason")
    elif kind == "payout-reversal":
        e["target"] = r.uint(8, "target")
        e["reason"] = r.text(1000, "reason")
    elif kind == "countersign":
        e["target"] = r.uint(8, "target")
    elif kind == "member-key":
        e["name"] = r.name("member name")
        e["key"] = r.key("new key")
    elif kind == "support-key":
        e["key"] = r.key("new key")
    elif kind == "propose-governance":
        n = r.uint(1, "settings count")
        if not 1 <= n <= SETTINGS_MAX:
            raise FormatError("settings count %d (1 to %d)" % (n, SETTINGS_MAX))
        settings = []  # (code, value), codes strictly ascending
        for _ in range(n):
            code = r.uint(1, "setting")
            if code == 1:
                value = read_quorum(r)
            elif code == 2:
                value = r.code(THRESHOLDS, "threshold")
            elif code == 3:
                value = r.boolean("recusal")
            elif code == 4:
                value = r.uint(8, "four-eyes threshold")
                if value > AMOUNT_MAX:
                    raise FormatError("four-eyes threshold %d above %d" % (value, AMOUNT_MAX))
            elif code == 5:
                value = r.boolean("proxies")
            elif code == 6:
                value = r.text(100, "circle name")
            elif code == 7:
                value = r.text(200, "territory")
            else:
                raise FormatError("unknown setting code %d" % code)
            if settings and settings[-1][0] >= code:
                raise FormatError("settings not strictly ascending (code %d after %d)" % (code, settings[-1][0]))
            settings.append((code, value))
        e["settings"] = settings


def read_quorum(r):
    """A quorum: numerator u16 || denominator u16, in lowest terms and in (0, 1] (FORMAT.md §1)."""
    n, d = r.uint(2, "quorum"), r.uint(2, "quorum")
    if not (0 < n <= d):
        raise FormatError("quorum %d/%d not in (0, 1]" % (n, d))
    if _gcd(n, d) != 1:
        raise FormatError("quorum %d/%d not in lowest terms" % (n, d))
    return (n, d)


def decode_envelope(raw):
    """Decode an envelope's bytes (FORMAT.md §12) into a dict shaped like an entry's (author,
    kind, the act's fields), refusing what §12 refuses.  Its signature is checked by the rules."""
    r, msg_end = signed_reader(raw, ENVELOPE_BYTES_MAX, ENVELOPE_LABEL, "cercle/envel/v1 envelope")
    v = {"message": raw[:msg_end], "signature": raw[msg_end:], "bytes": raw,
         "id": hashlib.sha256(raw).digest()}
    v["circle"] = r.take(32, "envelope")
    v["author"] = r.take(32, "envelope")
    v["created_at"] = r.sint(8, "envelope")
    if not SECONDS_MIN <= v["created_at"] <= SECONDS_MAX:
        raise FormatError("envelope created_at %d out of range" % v["created_at"])
    v["nonce"] = r.take(16, "envelope")
    k = r.code(KINDS, "envelope's kind")
    if k in NOT_IN_ENVELOPE:
        raise FormatError("an envelope may not carry a %s" % KINDS[k])
    v["kind"] = KINDS[k]
    decode_body(r, v)
    if r.pos != msg_end:
        raise FormatError("trailing bytes (%d after the envelope's act)" % (msg_end - r.pos))
    return v


def _gcd(a, b):
    while b:
        a, b = b, a % b
    return a


def entry_hash(raw):
    return hashlib.sha256(b"\x00" + raw).digest()


# ---------------------------------------------------------------------------------------------
# Export lines (FORMAT.md §4)
# ---------------------------------------------------------------------------------------------

HEX64 = re.compile(r"[0-9a-fA-F]{64}")  # the reference reader accepts upper-case hex too


class _Escaped(str):
    """A JSON string value that held an escape sequence."""


class _LineDecoder(json.JSONDecoder):
    # The reference reader refuses escapes (even `\/`) inside the `hash` and `entry` values
    # (serde borrowed strings); keys may be escaped.  Mark the string values that hold one.
    def __init__(self):
        super().__init__(object_pairs_hook=_no_duplicates)

        def parse_string(string, idx, strict):
            val, end = json.decoder.scanstring(string, idx, strict)
            return (_Escaped(val) if "\\" in string[idx:end] else val), end

        self.parse_string = parse_string
        self.scan_once = json.scanner.py_make_scanner(self)


def _no_duplicates(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise FormatError("duplicate key %r" % k)
        obj[k] = v
    return obj


def b64decode_strict(s, what):
    if not isinstance(s, str):
        raise FormatError("%s is not a string" % what)
    # The reference reader accepts the padding or its absence (not a partial one), and refuses
    # non-zero trailing bits; FORMAT.md only says "with = padding".
    if not re.fullmatch(r"[A-Za-z0-9+/]*", s.rstrip("=")):
        raise FormatError("%s is not base64" % what)
    core = s.rstrip("=")
    full = core + "=" * (-len(core) % 4)
    if s not in (core, full) or len(core) % 4 == 1:
        raise FormatError("%s is not base64" % what)
    raw = base64.b64decode(full, validate=True)
    if base64.b64encode(raw).decode("ascii") != full:
        raise FormatError("%s is not canonical base64 (non-zero trailing bits)" % what)
    return raw


def parse_line(line):
    """line: bytes without its final newline.  Returns the decoded entry and its hash."""
    if len(line) > LINE_BYTES_MAX:
        raise FormatError("line of %d bytes, longer than %d" % (len(line), LINE_BYTES_MAX))
    try:
        obj = _LineDecoder().decode(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        if isinstance(err, Refused):
            raise
        raise FormatError("not JSON: %s" % err) from None
    if not isinstance(obj, dict) or set(obj) != {"seq", "hash", "entry"}:
        raise FormatError("the line is not an object with exactly seq, hash, entry")
    seq, hsh = obj["seq"], obj["hash"]
    if type(seq) is not int or seq < 0 or seq >= 2**64:
        raise FormatError("seq is not a u64")
    if isinstance(hsh, _Escaped) or isinstance(obj["entry"], _Escaped):
        raise FormatError("an escape sequence in the hash or entry string")
    if not isinstance(hsh, str) or not HEX64.fullmatch(hsh):
        raise FormatError("hash is not 64 hex digits")
    raw = b64decode_strict(obj["entry"], "entry")
    e = decode_entry(raw)
    h = entry_hash(raw)
    if e["seq"] != seq:
        raise FormatError("the line's seq %d is not the entry's seq %d" % (seq, e["seq"]))
    if h.hex() != hsh.lower():
        raise FormatError("the line's hash is not the hash of its entry")
    e["hash"] = h
    return e


def format_line(raw):
    e = decode_entry(raw)
    return '{"seq":%d,"hash":"%s","entry":"%s"}' % (
        e["seq"], entry_hash(raw).hex(), base64.b64encode(raw).decode("ascii"))


# ---------------------------------------------------------------------------------------------
# The rules (FORMAT.md §7)
# ---------------------------------------------------------------------------------------------


class Ledger:
    def __init__(self):
        self.n = 0
        self.head = None  # (seq, hash, recorded_at)
        self.hashes = []
        self.circle = None
        self.members = []  # dicts: name, lower, key, role, current
        self.by_key = {}
        self.by_lower = {}
        self.lookalikes = {}  # FORMAT.md §1: each member's name forms, current or former
        self.proposals = []  # dicts
        self.actions = []  # proposal dicts of adopted actions
        self.meetings = []
        self.received = self.paid = self.committed = 0
        self.checkpointed = []
        # FORMAT.md §12: the envelopes sequenced, id -> created_at (those older than the window
        # are forgotten: an envelope that old is refused as too old before its replay is seen).
        self.envelopes = {}
        self.envelope_times = []  # a heap of (created_at, id), to forget the oldest first
        self.sequenced = 0
        self.check_envelope_signatures = True
        # FORMAT.md §14: agreements by reference key, in declaration order; the references of
        # fund receipts and of payouts (two namespaces), key -> (seq, UTC day) of the most recent
        # entry using it (a corrected receipt's reference: the receipt's own seq and day).
        self.agreements = {}
        self.fund_refs = {}
        self.payout_refs = {}
        # FORMAT.md §15: every fund receipt as the books count it now (seq -> amount, source,
        # reference, agreement key, recording day); every payout counted (seq -> amount, action,
        # recording day, reversed), reversible while recorded within the window; the corrections waiting for a countersignature (seq of the
        # correction -> dict); those applied, in order; and what was reversed, by action.
        self.funds = {}
        self.payouts = {}
        self.pending = {}
        self.corrections = []
        self.reversed_by_action = {}
        # FORMAT.md §16: the settings changed by vote, in order (proposal, meeting, settings).
        self.governance = []
        # FORMAT.md §17: key replacements waiting (by the request's seq), those that count, and
        # the keys replaced (key -> (holder, seq from which it signs nothing)).
        self.key_pending = {}
        self.key_changes = []
        self.old_keys = {}

    # -- helpers ---------------------------------------------------------------------------
    def member_of(self, key):
        m = self.by_key.get(key)
        # A member's old keys stay in by_key (taken, and naming what they signed) but sign nothing.
        return m if m is not None and m["current"] and m["key"] == key else None

    def check_author(self, key, what):
        """FORMAT.md §7 step 4 and §17: the support key or a current member's key; a replaced
        key is refused by its own rule."""
        if key == self.circle["support"]:
            return
        if key in self.old_keys:
            holder, seq = self.old_keys[key]
            raise Refused("key-replaced", "%s signs with a new key since entry %d" % (holder, seq))
        if not self.member_of(key):
            raise Refused("unknown-author", what)

    def holder_of(self, key):
        """FORMAT.md §17: who holds or held `key`: ("support",), ("member", lowercase name), None."""
        if key == self.circle["support"] or (key in self.old_keys and self.old_keys[key][0] == "the support team"):
            return ("support",)
        m = self.by_key.get(key)
        return ("member", m["lower"]) if m is not None else None

    def current_key(self, key):
        h = self.holder_of(key)
        if h == ("support",):
            return self.circle["support"]
        if h is not None:
            return self.by_lower[h[1]]["key"]
        return key

    def check_new_key(self, key):
        h = self.holder_of(key)
        if h is not None:
            raise Refused("key-taken", "the support team" if h == ("support",) else self.by_lower[h[1]]["name"])
        if not key_is_strong(key):
            raise Refused("weak-key", key.hex())

    def signer_of(self, e):
        return ("support",) if e["author"] == self.circle["support"] else ("member", self.by_key[e["author"]]["lower"])

    def all_soucieux_signed(self, signers):
        return all(("member", m["lower"]) in signers for m in self.members if m["current"] and m["role"] == SOUCIEUX)

    def k_member_key(self, e):
        """Kind 26 (FORMAT.md §17): a member's new key, waiting for the other side."""
        self.need_soucieux_or_support(e)
        m = self.existing_member(e["name"])
        self.check_new_key(e["key"])
        holder = ("member", m["lower"])
        for seq in [s for s, q in self.key_pending.items() if q["holder"] == holder]:
            del self.key_pending[seq]
        self.key_pending[e["seq"]] = {"seq": e["seq"], "holder": holder, "key": e["key"],
                                      "by_support": e["author"] == self.circle["support"],
                                      "signers": [self.signer_of(e)]}

    def k_support_key(self, e):
        """Kind 27 (FORMAT.md §17): the support team's new key, at once by its current key, or
        once every current soucieux signed it."""
        self.need_soucieux_or_support(e)
        if self.circle["support"] is None:
            raise Refused("no-support-team", "")
        self.check_new_key(e["key"])
        for seq in [s for s, q in self.key_pending.items() if q["holder"] == ("support",)]:
            del self.key_pending[seq]
        q = {"seq": e["seq"], "holder": ("support",), "key": e["key"],
             "by_support": e["author"] == self.circle["support"], "signers": [self.signer_of(e)]}
        if q["by_support"] or self.all_soucieux_signed(q["signers"]):
            self.make_key_count(q, e)
        else:
            self.key_pending[e["seq"]] = q

    def countersign_key(self, e):
        q = self.key_pending[e["target"]]
        who = self.signer_of(e)
        if q["signers"][0] == who:
            raise Refused("countersigned-by-author", "the key replacement at entry %d" % e["target"])
        if q["holder"] != ("support",):
            if who == q["holder"]:
                raise Refused("countersigned-by-key-holder", "the key replacement at entry %d" % e["target"])
            if not q["by_support"] and self.circle["support"] is not None and who != ("support",):
                raise Refused("not-support", "a member's new key asked by a soucieux")
            self.existing_member(self.by_lower[q["holder"][1]]["name"])
        else:
            if who == ("support",):
                raise Refused("not-soucieux", "the support team's new key")
            if who in q["signers"]:
                raise Refused("already-countersigned", "entry %d" % e["target"])
        self.check_new_key(q["key"])
        q["signers"].append(who)
        if q["holder"] == ("support",) and not self.all_soucieux_signed(q["signers"]):
            return
        del self.key_pending[e["target"]]
        self.make_key_count(q, e)

    def make_key_count(self, q, e):
        if q["holder"] == ("support",):
            old = self.circle["support"]
            self.circle["support"] = q["key"]
            self.old_keys[old] = ("the support team", e["seq"])
        else:
            m = self.by_lower[q["holder"][1]]
            old = m["key"]
            m["key"] = q["key"]
            self.by_key[q["key"]] = m
            self.old_keys[old] = (m["name"], e["seq"])
        self.key_changes.append({"holder": q["holder"], "old": old, "new": q["key"],
                                 "requested": q["seq"], "seq": e["seq"], "signers": list(q["signers"])})

    def need_soucieux(self, e, rule="not-soucieux"):
        m = self.member_of(e["author"])
        if m is None or m["role"] != SOUCIEUX:
            raise Refused(rule, "the author is not a soucieux")
        return m

    def need_member(self, e):
        m = self.member_of(e["author"])
        if m is None:
            raise Refused("unknown-author", "the author is not a member")
        return m

    def need_soucieux_or_support(self, e):
        if e["author"] == self.circle["support"]:
            return
        m = self.member_of(e["author"])
        if m is None or m["role"] != SOUCIEUX:
            raise Refused("not-soucieux-or-support", "the author is neither a soucieux nor the support")

    def soucieux_count(self):
        return sum(1 for m in self.members if m["current"] and m["role"] == SOUCIEUX)

    def existing_member(self, name):
        m = self.by_lower.get(name.lower())
        if m is None:
            raise Refused("no-such-member", name)
        if not m["current"]:
            raise Refused("member-left", name)
        return m

    def proposal(self, pid):
        if not 1 <= pid <= len(self.proposals):
            raise Refused("no-such-proposal", "P%d" % pid)
        return self.proposals[pid - 1]

    def meeting(self, mid):
        if not 1 <= mid <= len(self.meetings):
            raise Refused("no-such-meeting", "M%d" % mid)
        mt = self.meetings[mid - 1]
        if not mt["open"]:
            raise Refused("meeting-closed", "M%d" % mid)
        return mt

    def on_open_agenda(self, pid):
        return any(mt["open"] and pid in mt["agenda"] for mt in self.meetings)

    def spend_line(self, pid):
        p = self.proposal(pid)
        if p["type"] != "spend":
            raise Refused("not-spend-line", "P%d" % pid)
        if p["status"] != "adopted":
            raise Refused("line-not-adopted", "P%d is %s" % (pid, p["status"]))
        if p["amount"] - p["paid"] - p["released"] <= 0:
            raise Refused("line-fully-paid", "P%d" % pid)
        return p

    def add_member(self, name, key, role):
        m = {"name": name, "lower": name.lower(), "key": key, "role": role, "current": True}
        self.members.append(m)
        self.by_key[key] = m
        self.by_lower[m["lower"]] = m
        for form in member_name_forms(name):
            self.lookalikes[form] = m

    # -- one entry ---------------------------------------------------------------------------
    def append(self, e, check_signature=True):
        # 2. signature
        if check_signature and not ed25519_verify_strict(e["author"], e["message"], e["signature"]):
            raise Refused("bad-signature", "strict ed25519 verification failed")
        kind = e["kind"]
        # 3. chain
        if self.n == 0:
            if kind != "genesis":
                raise Refused("not-genesis", "the first entry is a %s" % kind)
            if e["seq"] != 0:
                raise Refused("wrong-sequence", "the genesis is numbered %d" % e["seq"])
            if e["circle"] != ZERO32:
                raise Refused("wrong-circle", "the genesis names a circle")
            if e["prev"] != ZERO32:
                raise Refused("broken-chain", "the genesis names a previous entry")
        else:
            seq, prev, at = self.head
            if kind == "genesis":
                raise Refused("second-genesis", "")
            if e["circle"] != self.circle["id"]:
                raise Refused("wrong-circle", "entry of circle %s" % e["circle"].hex())
            if e["seq"] != seq + 1:
                raise Refused("wrong-sequence", "numbered %d, expected %d" % (e["seq"], seq + 1))
            if e["prev"] != prev:
                raise Refused("broken-chain", "prev is not the previous entry's hash")
            if e["recorded_at"] < at:
                raise Refused("time-goes-backwards", "")
            # 4. author
            self.check_author(e["author"], e["author"].hex())
        # 5. the kind's rules
        self.check_envelope_signatures = check_signature
        getattr(self, "k_" + kind.replace("-", "_"))(e)
        # 6. the books
        avail = self.received - self.paid - self.committed
        if avail < 0 or self.committed < 0:
            raise Refused("books", "received %d paid %d committed %d" % (
                self.received, self.paid, self.committed))
        self.n += 1
        self.head = (e["seq"], e["hash"], e["recorded_at"])
        self.hashes.append(e["hash"])

    def k_genesis(self, e):
        if not key_is_strong(e["author"]):
            raise Refused("weak-key", "the author key")
        if e["support"] is not None:
            if not key_is_strong(e["support"]):
                raise Refused("weak-key", "the support key")
            if e["support"] == e["author"]:
                raise Refused("key-taken", "the support key is the author's")
        self.circle = {"id": e["hash"], "name": e["name"], "territory": e["territory"],
                       "status": e["status"], "quorum": e["quorum"], "threshold": e["threshold"],
                       "recusal": e["recusal"], "support": e["support"],
                       "founded": utc_day(e["recorded_at"]),
                       # FORMAT.md §16: no four-eyes threshold (0), proxies allowed, until a vote.
                       "four_eyes": 0, "proxies": True}
        self.add_member(e["founder"], e["author"], SOUCIEUX)

    def k_member_add(self, e):
        self.need_soucieux(e)
        if e["name"].lower() in self.by_lower:
            raise Refused("name-taken", e["name"])
        forms = member_name_forms(e["name"])
        for form in sorted(forms):
            if form in self.lookalikes:
                raise Refused("member-name-confusable",
                              "%s looks like %s" % (e["name"], self.lookalikes[form]["name"]))
        self.check_new_key(e["key"])
        if len(self.members) >= MEMBERS_MAX:
            raise Refused("too-many-members", "")
        self.add_member(e["name"], e["key"], e["role"])

    def _last_soucieux(self, m):
        if m["role"] == SOUCIEUX and self.soucieux_count() == 1:
            raise Refused("last-soucieux", m["name"])

    def k_member_role(self, e):
        self.need_soucieux(e)
        m = self.existing_member(e["name"])
        if m["role"] == e["role"]:
            raise Refused("same-role", m["name"])
        self._last_soucieux(m)
        m["role"] = e["role"]

    def k_member_leave(self, e):
        self.need_soucieux(e)
        m = self.existing_member(e["name"])
        self._last_soucieux(m)
        m["current"] = False
        # What was adopted for them stays owed (FORMAT.md §7, payout).
        for p in self.proposals:
            if (p.get("spend_kind") == 1 and p["status"] == "adopted"
                    and p["payee"].lower() == m["name"].lower()):
                p["owed_after_leaving"] = True

    def k_circle_status(self, e):
        self.need_soucieux(e)
        if self.circle["status"] == e["status"]:
            raise Refused("same-status", STATUSES[e["status"]])
        self.circle["status"] = e["status"]

    def check_reference(self, refs, reference, day, what, duplicate_ok=False):
        """FORMAT.md §14: a reference used by a fund receipt (or payout) recorded on a day at most
        WINDOW_DAYS before `day`, compared without ASCII case, is refused unless the entry says the
        duplicate is meant; the message names the most recent entry that used it."""
        used = refs.get(reference_key(reference))
        if used is not None and used[1] >= day - WINDOW_DAYS and not duplicate_ok:
            raise Refused("duplicate-reference", "the reference %s was already used by the %s at entry %d"
                          % (reference, what, used[0]))

    @staticmethod
    def use_reference(refs, reference, seq, day):
        """FORMAT.md §14: a reference remembers only its most recent use."""
        refs[reference_key(reference)] = (seq, day)

    def k_fund_received(self, e):
        """Kinds 6 and 20 (FORMAT.md §7 and §14)."""
        self.need_soucieux_or_support(e)
        day = utc_day(e["recorded_at"])
        self.check_reference(self.fund_refs, e["reference"], day, "fund receipt", e.get("duplicate_ok", False))
        into = None
        if e.get("agreement") is not None:
            into = self.agreements.get(reference_key(e["agreement"]))
            if into is None:
                raise Refused("no-such-agreement", e["agreement"])
            if into["received"] + e["amount"] > into["amount"]:
                raise Refused("agreement-over-awarded", "%s: %s received, %s awarded" % (
                    into["reference"], fmt_amount(into["received"] + e["amount"]), fmt_amount(into["amount"])))
        self.received += e["amount"]
        self.use_reference(self.fund_refs, e["reference"], e["seq"], day)
        if into is not None:
            into["received"] += e["amount"]
        self.funds[e["seq"]] = {"amount": e["amount"], "source": e["source"], "reference": e["reference"],
                                "agreement": reference_key(e["agreement"]) if into is not None else None,
                                "recorded": day}

    k_fund_received_v2 = k_fund_received

    def k_agreement(self, e):
        """Kind 19 (FORMAT.md §14)."""
        self.need_soucieux_or_support(e)
        key = reference_key(e["reference"])
        if key in self.agreements:
            raise Refused("agreement-taken", self.agreements[key]["reference"])
        if e["to"] < e["from"]:
            raise Refused("agreement-period", "%s before %s" % (fmt_date(e["to"]), fmt_date(e["from"])))
        for a in e["actions"]:
            if not 1 <= a <= len(self.actions):
                raise Refused("no-such-action", "A%d" % a)
        self.agreements[key] = {"reference": e["reference"], "funder": e["funder"], "amount": e["amount"],
                                "rate": e["rate"], "from": e["from"], "to": e["to"],
                                "actions": list(e["actions"]), "seq": e["seq"], "received": 0}

    def k_propose_action(self, e):
        self.need_member(e)
        self.proposals.append({"id": len(self.proposals) + 1, "type": "action", "author": e["author"],
                               "status": "pending", "title": e["title"],
                               "envelope": e["envelope"], "action_no": None})

    def k_propose_governance(self, e):
        """Kind 25 (FORMAT.md §16): a proposal like an action proposal; each setting must change."""
        self.need_member(e)
        for code, value in e["settings"]:
            if self.circle[SETTINGS[code]] == value:
                raise Refused("governance-changes-nothing", "the circle already has %s %r" % (SETTINGS[code], value))
        self.proposals.append({"id": len(self.proposals) + 1, "type": "governance", "author": e["author"],
                               "status": "pending", "settings": list(e["settings"])})

    def k_propose_spend(self, e):
        self.need_member(e)
        if not 1 <= e["action"] <= len(self.actions):
            raise Refused("no-such-action", "A%d" % e["action"])
        action = self.actions[e["action"] - 1]
        if e["amount"] > action["envelope"]:
            raise Refused("spend-over-envelope", "")
        payee = e["payee"]
        if e["spend_kind"] == 1:
            m = self.by_lower.get(payee.lower())
            if m is None or not m["current"]:
                raise Refused("payee-not-member", payee)
            payee = m["name"]
        self.proposals.append({"id": len(self.proposals) + 1, "type": "spend", "author": e["author"],
                               "status": "pending", "action": e["action"], "amount": e["amount"],
                               "spend_kind": e["spend_kind"], "payee": payee, "paid": 0,
                               "released": 0})

    def k_withdraw(self, e):
        self.need_member(e)
        p = self.proposal(e["proposal"])
        if p["status"] != "pending":
            raise Refused("not-pending", "P%d is %s" % (p["id"], p["status"]))
        if self.on_open_agenda(p["id"]):
            raise Refused("on-open-agenda", "P%d" % p["id"])
        if p["author"] != e["author"]:
            raise Refused("not-proposal-author", "P%d" % p["id"])
        p["status"] = "withdrawn"

    def k_meeting_open(self, e):
        self.need_soucieux(e)
        date, recorded = e["date"], utc_day(e["recorded_at"])
        if date < self.circle["founded"]:
            raise Refused("meeting-before-circle", "dated %s, the circle founded on %s" % (
                fmt_date(date), fmt_date(self.circle["founded"])))
        if date - recorded > MEETING_AHEAD_DAYS_MAX:
            raise Refused("meeting-too-far-ahead", "dated %s, opened on %s" % (fmt_date(date), fmt_date(recorded)))
        if not e["agenda"]:
            raise Refused("empty-agenda", "")
        if len(e["agenda"]) > AGENDA_LENGTH_MAX:
            raise Refused("agenda-too-long", "")
        seen = set()
        for pid in e["agenda"]:
            if pid in seen:
                raise Refused("duplicate-on-agenda", "P%d" % pid)
            seen.add(pid)
            p = self.proposal(pid)
            if p["status"] != "pending":
                raise Refused("not-pending", "P%d is %s" % (pid, p["status"]))
            if self.on_open_agenda(pid):
                raise Refused("on-open-agenda", "P%d" % pid)
        voting = {m["key"] for m in self.members if m["current"]}
        self.meetings.append({"id": len(self.meetings) + 1, "agenda": list(e["agenda"]),
                              "date": e["date"], "voting": voting, "present": set(),
                              "votes": {pid: {} for pid in e["agenda"]}, "open": True,
                              "proxies": {}, "outcomes": None})

    def k_attend(self, e):
        self.need_member(e)
        mt = self.meeting(e["meeting"])
        if e["author"] not in mt["voting"]:
            raise Refused("not-voting-member", "")
        if e["author"] in mt["present"]:
            raise Refused("already-present", "")
        # FORMAT.md §13: a proxy is void once its giver attends.
        mt["proxies"].pop(e["author"], None)
        mt["present"].add(e["author"])

    def k_proxy(self, e):
        """FORMAT.md §7 (row `proxy`) and §13: the author gives their vote at a meeting."""
        m = self.need_member(e)
        if not self.circle["proxies"]:
            raise Refused("proxies-not-allowed", "this circle does not allow proxies")
        mt = self.meeting(e["meeting"])
        if e["author"] not in mt["voting"]:
            raise Refused("not-voting-member", "%s at M%d" % (m["name"], mt["id"]))
        if e["holder"].lower() == m["lower"]:
            raise Refused("proxy-to-self", m["name"])
        h = self.existing_member(e["holder"])
        if h["key"] not in mt["voting"]:
            raise Refused("not-voting-member", "%s at M%d" % (h["name"], mt["id"]))
        proxies = mt["proxies"]  # giver key -> holder key, the valid ones
        if e["author"] in mt["present"]:
            raise Refused("proxy-giver-present", "%s at M%d" % (m["name"], mt["id"]))
        if e["author"] in proxies:
            raise Refused("proxy-already-given", "%s at M%d" % (m["name"], mt["id"]))
        if e["author"] in proxies.values():
            raise Refused("proxy-chain", "%s holds a proxy at M%d" % (m["name"], mt["id"]))
        if h["key"] in proxies:
            raise Refused("proxy-chain", "%s gave a proxy at M%d" % (h["name"], mt["id"]))
        if list(proxies.values()).count(h["key"]) >= PROXIES_PER_HOLDER_MAX:
            raise Refused("proxy-holder-full", "%s at M%d" % (h["name"], mt["id"]))
        proxies[e["author"]] = h["key"]

    def recused(self, p, key):
        """Whether the member of `key` may not vote on proposal `p` (a retribution paying them)."""
        return (self.circle["recusal"] and p["type"] == "spend" and p["spend_kind"] == 1
                and p["payee"].lower() == self.by_key[key]["lower"])

    def k_vote(self, e):
        m = self.need_member(e)
        mt = self.meeting(e["meeting"])
        pid = e["proposal"]
        if pid not in mt["votes"]:
            raise Refused("not-on-agenda", "P%d" % pid)
        if e["author"] not in mt["present"]:
            raise Refused("voter-not-present", "")
        if e["author"] in mt["votes"][pid]:
            raise Refused("already-voted", "P%d" % pid)
        p = self.proposals[pid - 1]
        if self.recused(p, m["key"]):
            raise Refused("recused-voter", "P%d" % pid)
        mt["votes"][pid][e["author"]] = e["choice"]

    def passes(self, f, a):
        t = self.circle["threshold"]
        if t == 1:
            return f > a
        if t == 2:
            return f > 0 and 3 * f >= 2 * (f + a)
        return a == 0 and f > 0

    def k_meeting_close(self, e):
        self.need_soucieux(e)
        mt = self.meeting(e["meeting"])
        rec = e["outcomes"]
        if len(rec) != len(mt["agenda"]):
            raise Refused("outcome-count", "%d outcomes for %d items" % (len(rec), len(mt["agenda"])))
        n, d = self.circle["quorum"]
        # FORMAT.md §7 and §13: members present or represented by a valid proxy.
        quorum = (len(mt["present"]) + len(mt["proxies"])) * d >= n * len(mt["voting"])
        # Compute on copies of what can change, compare, then apply (nothing changes on failure).
        received, paid, committed = self.received, self.paid, self.committed
        adopted_now = []  # proposals adopted in this closing, in order
        outcomes = []
        for pid in mt["agenda"]:
            p = self.proposals[pid - 1]
            cast = mt["votes"][pid]
            votes = list(cast.values())
            # Each valid proxy: the holder's vote once more, unless the item pays the giver.
            votes += [cast[holder] for giver, holder in mt["proxies"].items()
                      if holder in cast and not self.recused(p, giver)]
            f, a, ab = votes.count(1), votes.count(2), votes.count(3)
            if not quorum:
                oc = 5
            elif not self.passes(f, a):
                oc = 2
            elif p["type"] in ("action", "governance"):
                oc = 1
            else:
                env = self.actions[p["action"] - 1]["envelope"]
                used = sum(q["amount"] - q["released"] for q in self.proposals
                           if q["type"] == "spend" and q["action"] == p["action"]
                           and q["status"] in ("adopted", "closed"))
                used += sum(q["amount"] for q in adopted_now
                            if q["type"] == "spend" and q["action"] == p["action"])
                # FORMAT.md §15: a payout reversed gives its amount back to its action.
                used -= self.reversed_by_action.get(p["action"], 0)
                available = received - paid - committed
                if used + p["amount"] > env:
                    oc = 4
                elif p["amount"] > available:
                    oc = 3
                else:
                    oc = 1
                    committed += p["amount"]
            if oc == 1:
                adopted_now.append(p)
            outcomes.append((pid, oc, f, a, ab))
        for i, (got, want) in enumerate(zip(rec, outcomes)):
            if got != want:
                raise Refused("outcome-mismatch", "item %d: recorded %s, computed %s" % (
                    i + 1, _fmt_outcome(got), _fmt_outcome(want)))
        for pid, oc, *_ in outcomes:
            p = self.proposals[pid - 1]
            if oc == 1:
                p["status"] = "adopted"
                p["adopted_on"] = mt["date"]
                if p["type"] == "action":
                    self.actions.append(p)
                    p["action_no"] = len(self.actions)
                elif p["type"] == "governance":
                    # FORMAT.md §16: computed under the settings before the closing, applied now.
                    for code, value in p["settings"]:
                        self.circle[SETTINGS[code]] = value
                    self.governance.append({"proposal": pid, "meeting": mt["id"], "date": mt["date"],
                                            "settings": list(p["settings"])})
                else:
                    self.committed += p["amount"]
            elif oc in (2, 3, 4):
                p["status"] = "rejected"
        mt["open"] = False
        mt["outcomes"] = outcomes

    def k_payout(self, e):
        """Kinds 14 and 21 (FORMAT.md §7 and §14); above the four-eyes threshold (§16), checked
        now and counted once countersigned."""
        p, recorded = self.payout_checks(e)
        if self.circle["four_eyes"] and e["amount"] > self.circle["four_eyes"]:
            self.pending[e["seq"]] = {"seq": e["seq"], "change": "payout", "target": e["seq"], "key": e["author"],
                                      "payout": {k: e.get(k) for k in ("proposal", "amount", "date", "reference",
                                                                       "duplicate_ok", "recorded_at", "seq")},
                                      "reason": "a payout above the four-eyes threshold of %s"
                                                % fmt_amount(self.circle["four_eyes"])}
            return
        self.payout_apply(e, p, recorded)

    def payout_checks(self, e):
        """Every rule of a payout (FORMAT.md §7), in order, as recorded by e["author"] in entry
        e["seq"] at e["recorded_at"]; returns the spend line and the recording day."""
        self.need_soucieux_or_support(e)
        p = self.spend_line(e["proposal"])
        self.check_reference(self.payout_refs, e["reference"], utc_day(e["recorded_at"]), "payout",
                             e.get("duplicate_ok", False))
        if e["amount"] > p["amount"] - p["paid"] - p["released"]:
            raise Refused("payout-exceeds-line", "P%d" % p["id"])
        if p["spend_kind"] == 1:
            m = self.by_lower.get(p["payee"].lower())
            if not (m is not None and not m["current"] and p.get("owed_after_leaving")):
                m = self.existing_member(p["payee"])
            if m["role"] not in (SOUCIEUX, CONTRIBUTOR):
                raise Refused("payee-not-paid-role", m["name"])
            if m["key"] == e["author"]:
                raise Refused("self-payout", m["name"])
        date, recorded = e["date"], utc_day(e["recorded_at"])
        if date < p["adopted_on"]:
            raise Refused("payout-before-adoption", "dated %s, P%d adopted on %s" % (
                fmt_date(date), p["id"], fmt_date(p["adopted_on"])))
        if date > recorded:
            raise Refused("payout-in-future", "dated %s, recorded on %s" % (fmt_date(date), fmt_date(recorded)))
        return p, recorded

    def payout_apply(self, e, p, recorded):
        """A payout's effect on the books, as of its entry e["seq"] (FORMAT.md §7 and §15)."""
        p["paid"] += e["amount"]
        self.paid += e["amount"]
        self.committed -= e["amount"]
        self.use_reference(self.payout_refs, e["reference"], e["seq"], recorded)
        # FORMAT.md §15: reversible by a reversal (and its countersignature) recorded within the
        # window of the payout's own recording day.
        self.payouts[e["seq"]] = {"amount": e["amount"], "action": p["action"], "recorded": recorded,
                                  "reversed": False}

    k_payout_v2 = k_payout

    def correction(self, e, change):
        """Kinds 22 and 23 (FORMAT.md §15): checked now, applied once countersigned."""
        self.need_soucieux_or_support(e)
        target, day = e["target"], utc_day(e["recorded_at"])
        if change == "fund":
            f = self.recent_fund(target, day)
            if (f["amount"], f["source"], f["reference"]) == (e["amount"], e["source"], e["reference"]):
                raise Refused("correction-changes-nothing", "entry %d" % target)
            if reference_key(f["reference"]) != reference_key(e["reference"]):
                self.check_reference(self.fund_refs, e["reference"], day, "fund receipt")
        else:
            q = self.reversible_payout(target, day)
            if q["reversed"]:
                raise Refused("already-reversed", "the payout at entry %d" % target)
        # A correction still waiting for the same entry is superseded: it never counts.
        for seq in [s for s, c in self.pending.items() if c["target"] == target]:
            del self.pending[seq]
        self.pending[e["seq"]] = {"seq": e["seq"], "change": change, "target": target, "key": e["author"],
                                  "amount": e.get("amount"), "source": e.get("source"),
                                  "reference": e.get("reference"), "reason": e["reason"]}

    def recent_fund(self, target, day):
        """FORMAT.md §15: the fund receipt at seq `target`, if recorded within the window of
        `day` (the correction's, or its countersignature's)."""
        f = self.funds.get(target)
        if f is None or f["recorded"] < day - WINDOW_DAYS:
            raise Refused("not-a-fund-receipt", "entry %d is not a fund receipt recorded in the %d days before"
                          % (target, WINDOW_DAYS))
        return f

    def reversible_payout(self, target, day):
        """FORMAT.md §15: the payout counted at seq `target`, if recorded within the window of
        `day` (the reversal's, or its countersignature's)."""
        q = self.payouts.get(target)
        if q is None or q["recorded"] < day - WINDOW_DAYS:
            raise Refused("not-a-reversible-payout", "entry %d is not a payout recorded in the last %d days"
                          % (target, WINDOW_DAYS))
        return q

    def k_fund_correction(self, e):
        self.correction(e, "fund")

    def k_payout_reversal(self, e):
        self.correction(e, "reversal")

    def k_countersign(self, e):
        """Kind 24 (FORMAT.md §15): a second signer applies the correction it names."""
        self.need_soucieux_or_support(e)
        if e["target"] in self.key_pending:
            return self.countersign_key(e)
        c = self.pending.get(e["target"])
        if c is None:
            raise Refused("nothing-to-countersign", "entry %d is not a correction waiting" % e["target"])
        # The same person, even with a key replaced since (FORMAT.md §17).
        if c["key"] == e["author"] or self.holder_of(c["key"]) == self.holder_of(e["author"]):
            raise Refused("countersigned-by-author", "the correction at entry %d" % e["target"])
        if c["change"] == "payout":
            # FORMAT.md §16: the payee of a retribution does not countersign it.
            try:
                line = self.spend_line(c["payout"]["proposal"])
            except Refused:
                line = None  # payout_checks below refuses it with the line's own rule
            if line is not None and line["spend_kind"] == 1:
                m = self.by_lower.get(line["payee"].lower())
                if m is not None and m["key"] == e["author"]:
                    raise Refused("countersigned-by-payee", "the payout at entry %d" % e["target"])
            # FORMAT.md §16: the payout counts now, as its recorder recorded it in its own entry:
            # its rules are checked again.
            recorder = self.current_key(c["key"])
            self.check_author(recorder, "the payout's recorder %s" % recorder.hex())
            recorded_payout = dict(c["payout"], author=recorder)
            p, recorded = self.payout_checks(recorded_payout)
            self.payout_apply(recorded_payout, p, recorded)
        elif c["change"] == "fund":
            day = utc_day(e["recorded_at"])
            f = self.recent_fund(c["target"], day)
            # Checked again: a receipt recorded while the correction waited may hold the reference.
            changed = reference_key(f["reference"]) != reference_key(c["reference"])
            if changed:
                self.check_reference(self.fund_refs, c["reference"], day, "fund receipt")
            received = self.received - f["amount"] + c["amount"]
            if received < self.paid + self.committed:
                raise Refused("correction-leaves-books-short", "%s received, %s paid or committed" % (
                    fmt_amount(received), fmt_amount(self.paid + self.committed)))
            into = self.agreements[f["agreement"]] if f["agreement"] is not None else None
            if into is not None and into["received"] - f["amount"] + c["amount"] > into["amount"]:
                raise Refused("agreement-over-awarded", "%s: %s received, %s awarded" % (
                    into["reference"], fmt_amount(into["received"] - f["amount"] + c["amount"]),
                    fmt_amount(into["amount"])))
            self.received = received
            if into is not None:
                into["received"] += c["amount"] - f["amount"]
            if changed:
                self.use_reference(self.fund_refs, c["reference"], c["target"], f["recorded"])
            f.update(amount=c["amount"], source=c["source"], reference=c["reference"])
        else:
            q = self.reversible_payout(c["target"], utc_day(e["recorded_at"]))
            if q["reversed"]:
                raise Refused("already-reversed", "the payout at entry %d" % c["target"])
            self.paid -= q["amount"]
            self.reversed_by_action[q["action"]] = self.reversed_by_action.get(q["action"], 0) + q["amount"]
            q["reversed"] = True
        del self.pending[e["target"]]
        self.corrections.append(dict(c, countersigned=e["seq"]))

    def k_spend_close(self, e):
        self.need_soucieux(e)
        p = self.spend_line(e["proposal"])
        rest = p["amount"] - p["paid"] - p["released"]
        p["released"] += rest
        self.committed -= rest
        p["status"] = "closed"

    def k_checkpoint(self, e):
        if self.circle["support"] is None or e["author"] != self.circle["support"]:
            raise Refused("not-support", "")
        self.checkpointed.append(self.head[0])

    def k_envelope(self, e):
        """FORMAT.md §12: the keeper's checks, the envelope's, then its act as its author's."""
        self.need_soucieux(e)
        v = e["envelope"]
        if v["circle"] != self.circle["id"]:
            raise Refused("envelope-other-circle", "the envelope is for circle %s" % v["circle"].hex())
        created, recorded = v["created_at"], e["recorded_at"]
        if created < recorded - ENVELOPE_WINDOW_SECONDS:
            raise Refused("envelope-too-old", "created at %d, sequenced at %d" % (created, recorded))
        if created > recorded + ENVELOPE_AHEAD_SECONDS:
            raise Refused("envelope-from-future", "created at %d, sequenced at %d" % (created, recorded))
        if v["id"] in self.envelopes:
            raise Refused("envelope-replayed", "envelope %s" % v["id"].hex())
        if self.check_envelope_signatures and not ed25519_verify_strict(
                v["author"], v["message"], v["signature"]):
            raise Refused("envelope-bad-signature", "strict ed25519 verification of envelope %s failed"
                          % v["id"].hex())
        self.check_author(v["author"], "the envelope's author %s" % v["author"].hex())
        act = dict(v, recorded_at=recorded, hash=e["hash"], seq=e["seq"])
        getattr(self, "k_" + v["kind"].replace("-", "_"))(act)
        cutoff = recorded - ENVELOPE_WINDOW_SECONDS
        while self.envelope_times and self.envelope_times[0][0] < cutoff:
            del self.envelopes[heapq.heappop(self.envelope_times)[1]]
        self.envelopes[v["id"]] = created
        heapq.heappush(self.envelope_times, (created, v["id"]))
        self.sequenced += 1

    def keepers(self):
        """The keys that may sign a published checkpoint as `cercle-keeper` (FORMAT.md §12):
        the current soucieux'."""
        return [m["key"] for m in self.members if m["current"] and m["role"] == SOUCIEUX]

    def details(self):
        name = lambda key: self.by_key[key]["name"] if key in self.by_key else "support"
        return {
            "actions": [{"id": "A%d" % (i + 1), "envelope": fmt_amount(a["envelope"]),
                         "committed": fmt_amount(sum(q["amount"] - q["paid"] - q["released"]
                                                     for q in self.proposals if q["type"] == "spend"
                                                     and q["action"] == i + 1 and q["status"] == "adopted")),
                         "paid": fmt_amount(sum(q["paid"] for q in self.proposals if q["type"] == "spend"
                                                and q["action"] == i + 1)
                                            - self.reversed_by_action.get(i + 1, 0)),
                         "proposal": "P%d" % a["id"]} for i, a in enumerate(self.actions)],
            "proposals": [{"id": "P%d" % p["id"], "kind": p["type"], "status": p["status"],
                           "author": name(p["author"]),
                           "paid": fmt_amount(p.get("paid", 0)),
                           "released": fmt_amount(p.get("released", 0))} for p in self.proposals],
            "members": [{"name": m["name"], "role": ROLES[m["role"]], "active": m["current"],
                         "key": m["key"].hex()} for m in self.members],
            "meetings": [{"id": "M%d" % mt["id"], "open": mt["open"], "present": len(mt["present"]),
                          "voting": len(mt["voting"]),
                          "proxies": [{"giver": name(g), "holder": name(h)}
                                      for g, h in sorted(mt["proxies"].items(), key=lambda gh: name(gh[0]).lower())],
                          "outcomes": [{"proposal": "P%d" % o[0], "outcome": OUTCOMES[o[1]], "for": o[2],
                                        "against": o[3], "abstain": o[4]} for o in (mt["outcomes"] or [])]}
                         for mt in self.meetings],
            "checkpoints": self.checkpointed,
            "envelopes": self.sequenced,
            "agreements": [{"reference": a["reference"], "funder": a["funder"], "awarded": fmt_amount(a["amount"]),
                            "rate": a["rate"] or None, "from": fmt_date(a["from"]), "to": fmt_date(a["to"]),
                            "actions": ["A%d" % x for x in a["actions"]], "received": fmt_amount(a["received"])}
                           for a in sorted(self.agreements.values(), key=lambda a: a["seq"])],
            "corrections": [{"seq": c["seq"], "kind": {"fund": "fund-correction", "reversal": "payout-reversal",
                                                       "payout": "four-eyes"}[c["change"]],
                             "target": c["target"], "author": name(c["key"]), "reason": c["reason"],
                             "countersigned": c.get("countersigned")}
                            for c in sorted(self.corrections + list(self.pending.values()), key=lambda c: c["seq"])],
            "governance": [{"proposal": "P%d" % g["proposal"], "meeting": "M%d" % g["meeting"],
                            "date": fmt_date(g["date"]),
                            "settings": {SETTINGS[code]: _fmt_setting(code, value)
                                         for code, value in g["settings"]}} for g in self.governance],
            "four_eyes": fmt_amount(self.circle["four_eyes"]) if self.circle["four_eyes"] else None,
            "proxies": self.circle["proxies"],
            "waiting": sorted(seq for seq, c in self.pending.items() if c["change"] == "payout"),
            "funds": [{"seq": seq, "amount": fmt_amount(f["amount"]), "source": f["source"],
                       "reference": f["reference"]} for seq, f in sorted(self.funds.items())],
        }

    def summary(self):
        return {
            "entries": self.n,
            "head": {"seq": self.head[0], "hash": self.head[1].hex()},
            "circle": {"id": self.circle["id"].hex(), "name": self.circle["name"]},
            "totals": {"received": fmt_amount(self.received),
                       "committed": fmt_amount(self.committed),
                       "paid": fmt_amount(self.paid),
                       "available": fmt_amount(self.received - self.paid - self.committed)},
        }


def check_doc_entries(check, docv, prefix, names, raws):
    """Each rebuilt entry against FORMAT.md's blocks `PREFIX NAME hash` (always) and, where the
    page gives them, `PREFIX NAME bytes` and `PREFIX NAME line`."""
    for name, raw in zip(names, raws):
        check(docv.get("%s %s hash" % (prefix, name), "").strip() == entry_hash(raw).hex(),
              "%s %s: hash equals FORMAT.md's block" % (prefix, name))
        if "%s %s bytes" % (prefix, name) in docv:
            check("".join(docv["%s %s bytes" % (prefix, name)].split()) == raw.hex(),
                  "%s %s: rebuilt bytes equal FORMAT.md's block" % (prefix, name))
            check(docv.get("%s %s line" % (prefix, name), "").strip() == format_line(raw),
                  "%s %s: export line equals FORMAT.md's block" % (prefix, name))


def _fmt_setting(code, value):
    """A setting's value as --details shows it: quorum "n/d", four eyes an amount or None."""
    if code == 1:
        return "%d/%d" % value
    if code == 4:
        return fmt_amount(value) if value else None
    return value


def _fmt_outcome(o):
    return "P%d %s %d/%d/%d" % (o[0], OUTCOMES[o[1]], o[2], o[3], o[4])


# ---------------------------------------------------------------------------------------------
# Checkpoint notes (FORMAT.md §5)
# ---------------------------------------------------------------------------------------------

SIG_PREFIX = "\u2014 "


def note_key_id(name, key):
    """C2SP signed-note key id of an ed25519 key: SHA-256(name || "\n" || 0x01 || key)[:4]."""
    return hashlib.sha256(name.encode("utf-8") + b"\n\x01" + key).digest()[:4]


def support_key_id(key):
    return note_key_id("cercle-support", key)


def merkle_root(leaves):
    """RFC 6962 / RFC 9162 §2.1 MTH of leaf hashes (FORMAT.md §10): SHA-256 of nothing for none,
    the leaf for one, else SHA-256(0x01 || MTH(first k) || MTH(rest)), k the largest power of 2
    below n."""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return hashlib.sha256(b"\x01" + merkle_root(leaves[:k]) + merkle_root(leaves[k:])).digest()


def merkle_root_iter(leaves):
    """The same root, without recursion: a frontier of perfect subtrees (for a million leaves)."""
    stack = []  # (height, hash)
    for leaf in leaves:
        h, node = 0, leaf
        while stack and stack[-1][0] == h:
            _, left = stack.pop()
            node = hashlib.sha256(b"\x01" + left + node).digest()
            h += 1
        stack.append((h, node))
    if not stack:
        return hashlib.sha256(b"").digest()
    node = stack.pop()[1]
    while stack:
        node = hashlib.sha256(b"\x01" + stack.pop()[1] + node).digest()
    return node


def parse_tree_note(text, lines):
    """A tree checkpoint note (FORMAT.md §10): (circle id, size, root, head or None, signed, sigs)."""
    m = re.fullmatch(r"cercle\.invalid/([0-9a-f]{64})", lines[0])
    if not m:
        raise Refused("checkpoint", "bad origin line %r" % lines[0])
    try:
        blank = lines.index("")
    except ValueError:
        raise Refused("checkpoint", "no blank line before the signatures") from None
    body, sig_lines = lines[:blank], lines[blank + 1:]
    if len(body) not in (3, 4) or not sig_lines:
        raise Refused("checkpoint", "expected origin, size, root, an optional head line, a blank line and signatures")
    if not re.fullmatch(r"0|[1-9][0-9]*", body[1]):
        raise Refused("checkpoint", "bad size line %r" % body[1])
    size = int(body[1])
    try:
        root = base64.b64decode(body[2], validate=True)
    except ValueError:
        raise Refused("checkpoint", "root line is not base64") from None
    if len(root) != 32 or base64.b64encode(root).decode() != body[2]:
        raise Refused("checkpoint", "root line is not the base64 of 32 bytes")
    head = None
    if len(body) == 4:
        hm = re.fullmatch(r"head (0|[1-9][0-9]*) ([0-9a-f]{64})", body[3])
        if not hm or size == 0 or int(hm.group(1)) != size - 1:
            raise Refused("checkpoint", "bad head line %r" % body[3])
        head = bytes.fromhex(hm.group(2))
    sigs = []
    for sl in sig_lines:
        sm = re.fullmatch(SIG_PREFIX + r"(\S+) ([A-Za-z0-9+/=]+)", sl)
        if not sm:
            raise Refused("checkpoint", "bad signature line %r" % sl)
        sigs.append((sm.group(1), sm.group(2)))
    signed = ("\n".join(body) + "\n").encode("utf-8")
    return bytes.fromhex(m.group(1)), size, root, head, signed, sigs


def parse_note(data):
    """Returns (circle id bytes, size, hash bytes, signed text bytes, [(name, b64 blob)])."""
    if len(data) > CHECKPOINT_BYTES_MAX:
        raise Refused("checkpoint", "note of %d bytes, more than %d" % (len(data), CHECKPOINT_BYTES_MAX))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("checkpoint", "note is not UTF-8") from None
    # The reference reader accepts a note without its final newline (FORMAT.md does not say).
    lines = (text[:-1] if text.endswith("\n") else text).split("\n")
    if lines[0].startswith("cercle.invalid/"):
        cid, size, root, head, signed, sigs = parse_tree_note(text, lines)
        return cid, size, ("tree", root, head), signed, sigs
    if len(lines) < 5 or lines[3] != "":
        raise Refused("checkpoint", "expected three lines, a blank line and signature lines")
    origin, size, hsh = lines[0], lines[1], lines[2]
    m = re.fullmatch(r"cercle/([0-9a-f]{64})", origin)
    if not m:
        raise Refused("checkpoint", "bad origin line %r" % origin)
    if not re.fullmatch(r"[1-9][0-9]*", size):
        raise Refused("checkpoint", "bad size line %r (a size of 0 is refused)" % size)
    try:
        h = base64.b64decode(hsh, validate=True)
    except ValueError:
        raise Refused("checkpoint", "hash line is not base64") from None
    if len(h) != 32 or base64.b64encode(h).decode() != hsh:
        raise Refused("checkpoint", "hash line is not the base64 of 32 bytes")
    sigs = []
    for sl in lines[4:]:
        sm = re.fullmatch(SIG_PREFIX + r"(\S+) ([A-Za-z0-9+/=]+)", sl)
        if not sm:
            raise Refused("checkpoint", "bad signature line %r" % sl)
        sigs.append((sm.group(1), sm.group(2)))
    signed = ("\n".join(lines[:3]) + "\n").encode("utf-8")
    return bytes.fromhex(m.group(1)), int(size), h, signed, sigs


def verify_note(data, support, keepers=()):
    """A note signed by the support key as `cercle-support`; a tree note may instead (or also) be
    signed as `cercle-keeper` by one of `keepers` (FORMAT.md §12: a current soucieux)."""
    cid, size, h, signed, sigs = parse_note(data)
    known = [] if support is None else [("cercle-support", support)]
    if isinstance(h, tuple):
        known += [("cercle-keeper", key) for key in keepers]
    if not known:
        raise Refused("checkpoint", "the circle has no support key")
    for name, blob in sigs:
        try:
            raw = base64.b64decode(blob, validate=True)
        except ValueError:
            continue
        for known_name, key in known:
            if (name == known_name and len(raw) == 68 and raw[:4] == note_key_id(name, key)
                    and ed25519_verify_strict(key, signed, raw[4:])):
                return cid, size, h
    raise Refused("checkpoint", "no signature line by the circle's support key%s verifies"
                  % (" or by a current soucieux as cercle-keeper" if isinstance(h, tuple) else ""))


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------


def verify_file(path, notes=(), sig_every=1, quiet=False, details=False):
    led = Ledger()
    pos = 0
    try:
        with open(path, "rb") as f:
            data = f.read()
        lines = data.split(b"\n")  # a last line without its "\n" is accepted, like the reference
        pos = 0
        for line in lines:
            # The reference reader strips a "\r" before "\n" (before the length check) and skips
            # blank lines (empty or only Unicode white space) anywhere; positions count entries.
            if line.endswith(b"\r"):
                line = line[:-1]
            if len(line) <= LINE_BYTES_MAX and not line.decode("utf-8", "replace").strip(
                    "".join(WHITE_SPACE)):
                continue
            e = parse_line(line)
            check = sig_every > 0 and pos % sig_every == 0
            led.append(e, check_signature=check)
            pos += 1
        if led.n == 0:
            raise Refused("empty", "the export holds no entry")
        for note in notes:
            with open(note, "rb") as f:
                cid, size, h = verify_note(f.read(), led.circle["support"], led.keepers())
            if cid != led.circle["id"]:
                raise Refused("checkpoint", "%s: note of another circle" % note)
            if isinstance(h, tuple):  # a tree note: the root of the first `size` entries
                _, root, head = h
                if size > led.n or merkle_root_iter(led.hashes[:size]) != root:
                    raise Refused("checkpoint", "%s: the ledger's first %d entries do not have the root %s"
                                  % (note, size, root.hex()))
                if head is not None and led.hashes[size - 1] != head:
                    raise Refused("checkpoint", "%s: entry %d is not the note's head" % (note, size - 1))
                continue
            if size > led.n or led.hashes[size - 1] != h:
                raise Refused("checkpoint", "%s: the ledger does not hold entry %d with hash %s"
                              % (note, size - 1, h.hex()))
    except Refused as err:
        where = "entry %d" % pos if err.rule != "checkpoint" else "checkpoint"
        print("%s: %s (%s)" % (where, err.rule, err.detail), file=sys.stderr)
        print(json.dumps({"verified": False, "position": pos if err.rule != "checkpoint" else None,
                          "rule": err.rule, "detail": err.detail}))
        return 1
    s = led.summary()
    if notes:
        s["checkpoints"] = len(notes)
    if details:
        s["details"] = led.details()
    print(json.dumps(s, ensure_ascii=False, indent=None if quiet else 2))
    return 0


# ---------------------------------------------------------------------------------------------
# Self-test: FORMAT.md §8 and §12
# ---------------------------------------------------------------------------------------------

VECTORS = {
    "key-1 public": "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c",
    "key-2 public": "8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394",
    "key-9 public": "fd1724385aa0c75b64fb78cd602fa1d991fdebf76b13c58ed702eac835e9f618",
    "genesis hash": "9519c68850b41ca29ef9255abfdf55f8ca0cc5a35702caac911e48e20ac54546",
    "member-add hash": "df656ff3a2fa95823cce8623f9371e74885c7d3fee96df393afcdd18117632af",
    "fund-received hash": "5dcf71da4121efac5eeca14363bebcafb38f3c0608394bd37660ada4749938d6",
    "propose-action hash": "3c27ed88509e56c4ecb60b1310ea12748d01a2456b2acb0007d640b72aa310f6",
    "meeting-open hash": "fa17c283eb5a6a8626a677cf73f467a961368871d3716495c05061e1687c6cda",
    # FORMAT.md §12
    "attend hash": "62322116bb43d1f74c69d17cb5e5fa06b5f4d5d3480e88698ca929bf7860daef",
    "vote-envelope id": "7900f361854b5e7a2d3884808d061856fd22cb8beea977e72d5040a4b3f4a15c",
    "envelope hash": "7f19ebd046d74ef0e1e82ab34361265a8811d2fa3d86e8e48a788f81ae7eecc9",
    # FORMAT.md §13
    "proxy hash": "5150da7368c2de38f4cef0d0cde299b4ec44a2807924ddecace04b29e6a4d063",
    "genesis signature": "772ed4dfc30f71377f6760b7fcaac0780565e5c9a4bbdda8ed77ca3248debec4"
                         "73a6de4dd5b21e6b55e2a7602e838f0dbce6c8836a2dd9a0a7ada0c3e0205e0c",
    "meeting-open signature": "54ef13850c074d1ab1c94d7acfc37510a6962e72fcbb261dc75173edb1cd417e"
                              "8b928c97f031940110838bae32da2fa26fedf553d4a55a004695847129ae6a0d",
    "checkpoint note": "cercle/9519c68850b41ca29ef9255abfdf55f8ca0cc5a35702caac911e48e20ac54546\n"
                       "5\n+hfCg+taaoYmpnfPc/RnqWE2iHHTcWSVwFBh4Wh8bNo=\n\n"
                       "\u2014 cercle-support TWax0WNdwrJx0KY3Ds9z8rIO2Rkiig2n2JK4reOwcSttDfpd+gy45QZ2"
                       "tJK0l23sxROAQpMrhcVSNY8qMeZXqS/HzQk=\n",
}


TREE_NOTE_VECTOR = (
    "cercle.invalid/" + "c1" * 32 + "\n7\nNWAZGAMChESyMgGKwEf9tWHAnCOnpodsheCLXk1I6fM=\n"
    "head 6 40d88127d4d31a3891f41598eeed41174e5bc89b1eb9bbd66a8cbfc09956a3fd\n\n"
    "\u2014 cercle-support TWax0ZfLBja04VX9n+kwRGSsUk/ayrZKTmWreeirvmsgUCiOvcb8FSzkm/ym/soo6I1mXQSsqMM3lRLA0dEYxlGjcAA=\n"
    "\u2014 witness.invalid/opale jZ8xlXa4aqCkHtjQOE7MrMEYJ/v2DOkF5bvSQQvD0R05JVXV5qWhte6F4TN4Fk/XyS3Pf2xlI+SPlDpQJJfW/U5y2g8=\n"
)


def _s(s):
    b = s.encode("utf-8")
    return len(b).to_bytes(2, "big") + b


def _u(n, v):
    return v.to_bytes(n, "big")


def build_vector_ledger():
    """Re-encode and re-sign the five vector entries from their documented fields."""
    seeds = {k: bytes([k]) * 32 for k in (1, 2, 9)}
    pub = {k: ed25519_keypair(s)[2] for k, s in seeds.items()}
    bodies = [
        (1, 1, _s("Littoral") + _s("Côte d'Opale") + _u(1, 2) + _s("EUR") + _u(2, 1) + _u(2, 2)
         + _u(1, 1) + _u(1, 1) + _s("alice") + _u(1, 1) + pub[9]),
        (1, 2, _s("bob") + pub[2] + _u(1, 2)),
        (9, 6, _u(8, 1000000) + _s("FEDER") + _s("CONV-2024-17")),
        (2, 7, _s("Forum des tiers-lieux") + _u(8, 200000)),
        (1, 10, _u(4, days_from_civil(2024, 5, 14)) + _u(2, 1) + _u(4, 1)),
    ]
    entries, circle, prev = [], ZERO32, ZERO32
    for n, (who, kind, body) in enumerate(bodies):
        msg = (LABEL + circle + _u(8, n) + prev + _u(8, 1715000000 + 60 * n) + pub[who]
               + _u(1, kind) + body)
        raw = msg + ed25519_sign(seeds[who], msg)
        entries.append(raw)
        prev = entry_hash(raw)
        if n == 0:
            circle = prev
    return pub, entries


def sign_entry(seed, circle, seq, prev, at, kind, body):
    """An entry's bytes, signed by the key of `seed` (FORMAT.md §1)."""
    msg = (LABEL + circle + _u(8, seq) + prev + _u(8, at) + ed25519_keypair(seed)[2] + _u(1, kind)
           + body)
    return msg + ed25519_sign(seed, msg)


def sign_envelope(seed, circle, created_at, nonce, kind, body):
    """An envelope's bytes, signed by the key of `seed` (FORMAT.md §12)."""
    msg = (ENVELOPE_LABEL + circle + ed25519_keypair(seed)[2] + _u(8, created_at) + nonce + _u(1, kind)
           + body)
    return msg + ed25519_sign(seed, msg)


def envelope_body(envelope):
    """The body of an entry of kind 17: u16 length || the envelope."""
    return _u(2, len(envelope)) + envelope


def build_envelope_vectors(entries):
    """FORMAT.md §12's vectors, from their documented fields: seq 5 (bob attends M1), bob's vote
    for P1 as an envelope, and seq 6 (alice sequences it)."""
    alice, bob = bytes([1]) * 32, bytes([2]) * 32
    circle = entry_hash(entries[0])
    attend = sign_entry(bob, circle, 5, entry_hash(entries[4]), 1715000300, 11, _u(4, 1))
    vote = sign_envelope(bob, circle, 1715000330, bytes(range(16)), 12, _u(4, 1) + _u(4, 1) + _u(1, 1))
    sequenced = sign_entry(alice, circle, 6, entry_hash(attend), 1715000360, 17, envelope_body(vote))
    return attend, vote, sequenced


def proxy_body(meeting, holder):
    """The body of an entry (or envelope) of kind 18: meeting id || holder name (FORMAT.md §13)."""
    return _u(4, meeting) + _s(holder)


def close_body(meeting, outcomes):
    """The body of a meeting-close: meeting || count || (proposal, outcome, for, against, abstain)*."""
    return _u(4, meeting) + _u(2, len(outcomes)) + b"".join(
        _u(4, pid) + _u(1, oc) + _u(4, f) + _u(4, a) + _u(4, ab) for pid, oc, f, a, ab in outcomes)


class _Chain:
    """Entries signed in order (seq, prev and circle filled in), entry n recorded at
    1715000000 + 60 n unless `at` says when, for the self-test's own ledgers."""

    def __init__(self, raws=()):
        self.raws = list(raws)

    def make(self, seed, kind, body, at=None):
        n = len(self.raws)
        circle = entry_hash(self.raws[0]) if self.raws else ZERO32
        prev = entry_hash(self.raws[-1]) if self.raws else ZERO32
        return sign_entry(seed, circle, n, prev, 1715000000 + 60 * n if at is None else at, kind, body)

    def add(self, seed, kind, body, at=None):
        self.raws.append(self.make(seed, kind, body, at))
        return self

    def envelope(self, keeper, seed, kind, body):
        """An act of `seed`'s, as an envelope created when it is sequenced by `keeper`."""
        circle = entry_hash(self.raws[0])
        act = sign_envelope(seed, circle, 1715000000 + 60 * len(self.raws), bytes(16), kind, body)
        return self.add(keeper, 17, envelope_body(act))

    def fork(self):
        return _Chain(self.raws)


def doc_vectors():
    """The `<!-- vector X -->` blocks of docs/FORMAT.md, if the page is next to this script."""
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "docs", "FORMAT.md")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        doc = f.read()
    out = {}
    for m in re.finditer(r"<!-- vector ([^>]+?) -->\n```text\n(.*?)```", doc, re.S):
        out[m.group(1)] = m.group(2)
    return out


def self_test():
    failures = []

    def check(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            failures.append(what)

    # RFC 8032 §7.1 test 1 and 2
    for seed, pk, msg, sig in [
        ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    ]:
        s, p, m_, g = (bytes.fromhex(x) for x in (seed, pk, msg, sig))
        check(ed25519_keypair(s)[2] == p and ed25519_sign(s, m_) == g
              and ed25519_verify_strict(p, m_, g), "RFC 8032 test vector %s..." % pk[:8])
    check(not key_is_strong(_encode(IDENTITY)), "the identity is a weak key")

    pub, entries = build_vector_ledger()
    for k in (1, 2, 9):
        check(pub[k].hex() == VECTORS["key-%d public" % k], "key-%d public" % k)
    names = ["genesis", "member-add", "fund-received", "propose-action", "meeting-open"]
    docv = doc_vectors()
    if docv is None:
        print("note: docs/FORMAT.md not found; checking the embedded vectors only")
    for name, raw in zip(names, entries):
        check(entry_hash(raw).hex() == VECTORS[name + " hash"], "%s: rebuilt entry has the hash" % name)
        if name + " signature" in VECTORS:
            check(raw[-64:].hex() == VECTORS[name + " signature"], "%s signature" % name)
        if docv is not None:
            dhex = "".join(docv.get(name + " bytes", "").split())
            check(dhex == raw.hex(), "%s: rebuilt bytes equal FORMAT.md's block" % name)
            check("".join(docv.get(name + " signature", "").split()) == raw[-64:].hex(),
                  "%s: signature equals FORMAT.md's block" % name)
            check(docv.get(name + " hash", "").strip() == entry_hash(raw).hex(),
                  "%s: hash equals FORMAT.md's block" % name)
            check(docv.get(name + " line", "").strip() == format_line(raw),
                  "%s: export line equals FORMAT.md's block" % name)
    if docv is not None:
        for k in (1, 2, 9):
            check(docv.get("key-%d public" % k, "").strip() == VECTORS["key-%d public" % k],
                  "key-%d public equals FORMAT.md's block" % k)
        check(docv.get("checkpoint note") == VECTORS["checkpoint note"],
              "checkpoint note equals FORMAT.md's block")

    # The whole vector ledger through the verifier, and the checkpoint note.
    led = Ledger()
    for raw in entries:
        led.append(parse_line(format_line(raw).encode()))
    s = led.summary()
    check(s["entries"] == 5 and s["totals"] == {"received": "10000.00", "committed": "0.00",
                                                 "paid": "0.00", "available": "10000.00"},
          "vector ledger verifies: %s" % json.dumps(s["totals"]))
    check(len(led.proposals) == 1 and led.meetings[0]["agenda"] == [1], "P1 is on M1's agenda")
    cid, size, h = verify_note(VECTORS["checkpoint note"].encode(), led.circle["support"])
    check(cid == led.circle["id"] and size == 5 and led.hashes[size - 1] == h,
          "checkpoint note verifies and names the head")

    def refused(fn, rule):
        try:
            fn()
        except Refused as err:
            return err.rule == rule
        return False

    def run(raws):
        lg = Ledger()
        for r in raws:
            lg.append(parse_line(format_line(r).encode()))

    bad = bytearray(entries[2])
    bad[140] ^= 1
    check(refused(lambda: run(entries[:2] + [bytes(bad)]), "bad-signature"), "tampered entry: bad-signature")
    check(refused(lambda: run(entries[:2] + entries[3:]), "wrong-sequence"), "missing entry: wrong-sequence")
    check(refused(lambda: decode_entry(entries[1] + b"\0"), "format"), "one byte more: refused")
    check(refused(lambda: decode_entry(entries[0].replace(b"\x00\x01\x00\x02\x01\x01", b"\x00\x02\x00\x04\x01\x01")),
                  "format"), "quorum 2/4: refused")
    check(refused(lambda: decode_entry(entries[0].replace(b"\x00\x01\x00\x02\x01\x01", b"\x00\x01\x00\x02\x01\x02")),
                  "format"), "bool 2: refused")
    check(refused(lambda: decode_entry(b"cercle/entry/v2\n" + entries[0][16:]), "format"), "label v2: refused")
    check(refused(lambda: parse_line(b" " * (LINE_BYTES_MAX + 1)), "format"), "over-long line: refused")
    note = VECTORS["checkpoint note"].replace("\n5\n", "\n4\n").encode()
    check(refused(lambda: verify_note(note, led.circle["support"]), "checkpoint"), "altered note: refused")

    # FORMAT.md §12: the envelope vectors, rebuilt from their fields, then the rules at their bounds.
    attend, vote, sequenced = build_envelope_vectors(entries)
    rebuilt = {"attend": attend, "vote-envelope": vote, "envelope": sequenced}
    check(entry_hash(attend).hex() == VECTORS["attend hash"], "attend: rebuilt entry has the hash")
    check(hashlib.sha256(vote).hexdigest() == VECTORS["vote-envelope id"], "vote envelope: rebuilt, has the id")
    check(entry_hash(sequenced).hex() == VECTORS["envelope hash"], "envelope entry: rebuilt, has the hash")
    if docv is not None:
        for name, raw in rebuilt.items():
            check("".join(docv.get(name + " bytes", "").split()) == raw.hex(),
                  "%s: rebuilt bytes equal FORMAT.md's block" % name)
        for name in ("vote-envelope", "envelope"):
            check("".join(docv.get(name + " signature", "").split()) == rebuilt[name][-64:].hex(),
                  "%s: signature equals FORMAT.md's block" % name)
        check(docv.get("attend hash", "").strip() == entry_hash(attend).hex(), "attend: hash equals FORMAT.md's block")
        check(docv.get("vote-envelope id", "").strip() == hashlib.sha256(vote).hexdigest(),
              "vote envelope: id equals FORMAT.md's block")
        check(docv.get("vote-envelope file", "").strip() == hashlib.sha256(vote).hexdigest() + ".envelope",
              "vote envelope: file name equals FORMAT.md's block")
        check(docv.get("envelope hash", "").strip() == entry_hash(sequenced).hex(),
              "envelope entry: hash equals FORMAT.md's block")
        check(docv.get("envelope line", "").strip() == format_line(sequenced),
              "envelope entry: export line equals FORMAT.md's block")
    decoded = decode_entry(sequenced)
    check(decoded["kind"] == "envelope" and decoded["envelope"]["kind"] == "vote"
          and decoded["envelope"]["author"] == pub[2] and decoded["envelope"]["bytes"] == vote,
          "envelope entry: decodes to bob's vote, carried by alice")
    led7 = Ledger()
    for raw in entries + [attend, sequenced]:
        led7.append(parse_line(format_line(raw).encode()))
    check(led7.n == 7 and led7.meetings[0]["votes"][1] == {pub[2]: 1} and led7.sequenced == 1,
          "the seven entries verify, and bob's vote for P1 counts as his")

    alice, bob = bytes([1]) * 32, bytes([2]) * 32
    circle = led7.circle["id"]
    h5, h6 = entry_hash(attend), entry_hash(sequenced)
    base6 = entries + [attend]

    def at6(envelope, at=1715000360, seed=alice):
        """Sequence `envelope` at seq 6 (after bob's attendance), at `at`, signed by `seed`."""
        return base6 + [sign_entry(seed, circle, 6, h5, at, 17, envelope_body(envelope))]

    def at7(envelope, at=1715000420):
        return base6 + [sequenced, sign_entry(alice, circle, 7, h6, at, 17, envelope_body(envelope))]

    def vote_at(created, nonce=bytes(range(16)), where=None):
        return sign_envelope(bob, where or circle, created, nonce, 12, _u(4, 1) + _u(4, 1) + _u(1, 1))

    window, ahead = ENVELOPE_WINDOW_SECONDS, ENVELOPE_AHEAD_SECONDS
    check(window == 2592000 and ahead == 86400, "the window: 30 days back, 1 day ahead")
    def ok(raws):
        try:
            run(raws)
        except Refused:
            return False
        return True

    check(ok(at6(vote, at=1715000330 + window)), "an envelope 30 days old: accepted")
    check(refused(lambda: run(at6(vote, at=1715000330 + window + 1)), "envelope-too-old"),
          "an envelope 30 days and a second old: envelope-too-old")
    check(ok(at6(vote_at(1715000300 + ahead), at=1715000300)), "an envelope a day ahead: accepted")
    check(refused(lambda: run(at6(vote_at(1715000300 + ahead + 1), at=1715000300)), "envelope-from-future"),
          "an envelope a day and a second ahead: envelope-from-future")
    check(refused(lambda: run(at6(vote, seed=bob)), "not-soucieux"), "sequenced by bob: not-soucieux")
    check(refused(lambda: run(at6(vote_at(1715000330, where=bytes([7]) * 32))), "envelope-other-circle"),
          "an envelope of another circle: envelope-other-circle")
    flipped = bytearray(vote)
    flipped[-1] ^= 1
    check(refused(lambda: run(at6(bytes(flipped))), "envelope-bad-signature"),
          "a flipped byte in the envelope's signature, re-signed by the keeper: envelope-bad-signature")
    check(refused(lambda: run(at7(vote)), "envelope-replayed"), "the same envelope again: envelope-replayed")
    check(refused(lambda: run(at7(vote, at=1715000330 + window)), "envelope-replayed"),
          "the same envelope again, 30 days later: envelope-replayed")
    check(refused(lambda: run(at7(vote, at=1715000330 + window + 1)), "envelope-too-old"),
          "the same envelope again, after the window: envelope-too-old")
    check(refused(lambda: run(at7(vote_at(1715000330, nonce=bytes([255]) * 16))), "already-voted"),
          "bob's second vote, in another envelope: already-voted (the act's rules, as bob's)")
    stranger = sign_envelope(bytes([5]) * 32, circle, 1715000330, bytes(16), 11, _u(4, 1))
    check(refused(lambda: run(at6(stranger)), "unknown-author"), "a stranger's envelope: unknown-author")
    early = sign_envelope(bob, circle, 1715000330, bytes(16), 12, _u(4, 1) + _u(4, 1) + _u(1, 1))
    check(refused(lambda: run(entries + [sign_entry(alice, circle, 5, entry_hash(entries[4]), 1715000300, 17,
                                                    envelope_body(early))]), "voter-not-present"),
          "bob's vote before he attends: voter-not-present")
    checkpoint_in = sign_envelope(bob, circle, 1715000330, bytes(16), 16, b"")
    check(refused(lambda: decode_envelope(checkpoint_in), "format"), "a checkpoint in an envelope: refused")
    check(refused(lambda: decode_entry(sign_entry(alice, circle, 6, h5, 1715000360, 17, envelope_body(vote)[:-1])),
                  "format"), "an envelope cut short in its entry: refused")
    check(refused(lambda: decode_entry(sign_entry(alice, circle, 6, h5, 1715000360, 17, envelope_body(vote) + b"\0")),
                  "format"), "a byte after the envelope in its entry: refused")
    check(refused(lambda: decode_envelope(b"cercle/entry/v1\n" + vote[16:]), "format"), "an entry label on an envelope: refused")

    self_test_proxies(check, refused, entries, attend, sequenced, docv)
    self_test_dates(check)
    self_test_funding(check, refused, entries, attend, sequenced, docv)
    self_test_corrections(check, entries, attend, sequenced, docv)
    self_test_governance(check, entries, attend, sequenced, docv)
    self_test_keys(check, entries, attend, sequenced, docv)

    # FORMAT.md §10: the tree checkpoint vector (leaves entry_hash([i]) for i in 0..7).
    leaves = [entry_hash(bytes([i])) for i in range(7)]
    root = merkle_root(leaves)
    check(base64.b64encode(root).decode() == "NWAZGAMChESyMgGKwEf9tWHAnCOnpodsheCLXk1I6fM=", "tree vector: root")
    check(merkle_root_iter(leaves) == root and all(merkle_root_iter(leaves[:n]) == merkle_root(leaves[:n])
                                                   for n in range(8)), "tree: iterative root = recursive root")
    check(merkle_root([]) == hashlib.sha256(b"").digest(), "tree: the empty tree's root")
    tree_note = TREE_NOTE_VECTOR.encode()
    support9 = bytes.fromhex(VECTORS["key-9 public"])
    cid, size, h, _, _ = parse_note(tree_note)
    check(cid == bytes([0xC1]) * 32 and size == 7 and h[1] == root and h[2] == leaves[6], "tree note vector: parsed")
    check(verify_note(tree_note, support9)[1] == 7, "tree note vector: the support key's signature verifies")
    check(refused(lambda: verify_note(tree_note.replace(b"\n7\n", b"\n6\n"), support9), "checkpoint"),
          "altered tree note: refused")
    check(days_from_civil(1970, 1, 2) == 1 and days_from_civil(2024, 5, 14) == 19857, "dates")

    print("self-test: %d failure(s)" % len(failures))
    return 1 if failures else 0


def self_test_proxies(check, refused, entries, attend, sequenced, docv):
    """FORMAT.md §13: the proxy vector, rebuilt from its fields; its closings and refusals; then
    a ledger of the self-test's own where proxies change outcomes, with every proxy rule."""
    alice, bob = bytes([1]) * 32, bytes([2]) * 32
    circle = entry_hash(entries[0])
    base = entries + [attend, sequenced]
    proxy = sign_entry(alice, circle, 7, entry_hash(sequenced), 1715000420, 18, proxy_body(1, "bob"))
    check(entry_hash(proxy).hex() == VECTORS["proxy hash"], "proxy: rebuilt entry has the hash")
    if docv is not None:
        check("".join(docv.get("proxy bytes", "").split()) == proxy.hex(),
              "proxy: rebuilt bytes equal FORMAT.md's block")
        check(docv.get("proxy hash", "").strip() == entry_hash(proxy).hex(), "proxy: hash equals FORMAT.md's block")
        check(docv.get("proxy line", "").strip() == format_line(proxy), "proxy: export line equals FORMAT.md's block")
    d = decode_entry(proxy)
    check(d["kind"] == "proxy" and d["meeting"] == 1 and d["holder"] == "bob" and len(proxy) == 138 + 64,
          "proxy: decodes to M1, holder bob")
    check(refused(lambda: decode_entry(proxy[:-64 - 1] + proxy[-64:]), "format"), "proxy cut short: refused")
    check(refused(lambda: decode_entry(sign_entry(alice, circle, 7, entry_hash(sequenced), 1715000420, 18,
                                                  _u(4, 1) + _s("b b"))), "format"),
          "a proxy holder that is no member name: refused")

    def verdict(raws, check_signatures=False):
        """None if the entries verify, else the rule of the first that fails (signatures are
        checked on the vectors above; these entries are all signed by this script)."""
        lg = Ledger()
        try:
            for r in raws:
                lg.append(parse_line(format_line(r).encode()), check_signature=check_signatures)
        except Refused as err:
            return err.rule
        return None

    def at(raws, seq_time, seed, kind, body):
        return raws + [sign_entry(seed, circle, len(raws), entry_hash(raws[-1]), seq_time, kind, body)]

    eight = base + [proxy]
    check(verdict(eight, check_signatures=True) is None, "the eight entries verify")
    t = 1715000480
    check(verdict(at(eight, t, alice, 13, close_body(1, [(1, 1, 2, 0, 0)]))) is None,
          "closing M1 after the proxy: P1 adopted, for 2 (bob's vote counts for alice)")
    check(verdict(at(eight, t, alice, 13, close_body(1, [(1, 1, 1, 0, 0)]))) == "outcome-mismatch",
          "a closing whose tally ignores the proxy: outcome-mismatch")
    attended = at(eight, t, alice, 11, _u(4, 1))
    check(verdict(at(attended, t, alice, 13, close_body(1, [(1, 1, 1, 0, 0)]))) is None
          and verdict(at(attended, t, alice, 13, close_body(1, [(1, 1, 2, 0, 0)]))) == "outcome-mismatch",
          "alice attends after all: her proxy is void, P1 for 1")
    t7 = 1715000420
    for seed, body, rule, what in [
        (alice, proxy_body(1, "alice"), "proxy-to-self", "alice to herself"),
        (alice, proxy_body(1, "ALICE"), "proxy-to-self", "alice to ALICE (names without case)"),
        (bob, proxy_body(1, "alice"), "proxy-giver-present", "bob, present, to alice"),
        (alice, proxy_body(2, "bob"), "no-such-meeting", "alice, for M2"),
        (alice, proxy_body(1, "nobody"), "no-such-member", "alice to nobody"),
        (bytes([9]) * 32, proxy_body(1, "bob"), "unknown-author", "the support team to bob"),
    ]:
        check(verdict(at(base, t7, seed, 18, body)) == rule, "proxy at seq 7 by %s: %s" % (what, rule))
    check(verdict(at(eight, t, alice, 18, proxy_body(1, "bob"))) == "proxy-already-given",
          "alice's proxy again at seq 8: proxy-already-given")
    by_envelope = sign_envelope(alice, circle, t7, bytes(16), 18, proxy_body(1, "bob"))
    check(verdict(at(at(base, t7, alice, 17, envelope_body(by_envelope)), t, alice, 13,
                     close_body(1, [(1, 1, 2, 0, 0)])), check_signatures=True) is None,
          "alice's proxy as an envelope, then the closing with for 2: accepted")

    # A circle of the self-test's own: alice (soucieux), bob and dave (contributors), carol
    # (participant); quorum one half, majority, recusal on.
    c = _Chain()
    genesis = (_s("Essai") + _s("Somme") + _u(1, 2) + _s("EUR") + _u(2, 1) + _u(2, 2) + _u(1, 1) + _u(1, 1)
               + _s("alice") + _u(1, 1) + ed25519_keypair(bytes([9]) * 32)[2])
    seeds = {name: bytes([i]) * 32 for i, name in enumerate(["", "alice", "bob", "carol", "dave", "erin"]) if name}
    seeds["support"] = bytes([9]) * 32
    key = lambda name: ed25519_keypair(seeds[name])[2]
    c.add(seeds["alice"], 1, genesis)
    for name, role in [("bob", 2), ("carol", 3), ("dave", 2)]:
        c.add(seeds["alice"], 2, _s(name) + key(name) + _u(1, role))
    c.add(seeds["support"], 6, _u(8, 500000) + _s("FEDER") + _s("CONV-1"))
    c.add(seeds["bob"], 7, _s("Forum") + _u(8, 200000))  # P1
    c.add(seeds["alice"], 10, _u(4, 19857) + _u(2, 1) + _u(4, 1))  # M1: P1
    c.add(seeds["bob"], 18, proxy_body(1, "carol"))

    def tried(chain, who, kind, body):
        return verdict(chain.fork().add(seeds[who], kind, body).raws)

    for who, holder, rule in [("dave", "carol", "proxy-holder-full"), ("carol", "alice", "proxy-chain"),
                              ("dave", "bob", "proxy-chain"), ("bob", "alice", "proxy-already-given"),
                              ("bob", "Bob", "proxy-to-self")]:
        check(tried(c, who, 18, proxy_body(1, holder)) == rule, "%s gives to %s: %s" % (who, holder, rule))
    c.add(seeds["alice"], 2, _s("erin") + key("erin") + _u(1, 2))
    check(tried(c, "erin", 18, proxy_body(1, "alice")) == "not-voting-member",
          "erin, added after M1 opened, gives a proxy: not-voting-member")
    check(tried(c, "dave", 18, proxy_body(1, "erin")) == "not-voting-member",
          "dave gives to erin, added after M1 opened: not-voting-member")
    left = c.fork().add(seeds["alice"], 4, _s("dave"))
    check(tried(left, "alice", 18, proxy_body(1, "dave")) == "member-left",
          "alice gives to dave, who left: member-left")
    c.add(seeds["carol"], 11, _u(4, 1)).add(seeds["carol"], 12, _u(4, 1) + _u(4, 1) + _u(1, 1))
    # carol present and bob represented: 2 of 4, the quorum; without the proxy, no quorum.
    check(tried(c, "alice", 13, close_body(1, [(1, 5, 1, 0, 0)])) == "outcome-mismatch",
          "M1 closed as if bob's proxy did not count (no quorum, for 1): outcome-mismatch")
    check(tried(c, "alice", 13, close_body(1, [(1, 1, 1, 0, 0)])) == "outcome-mismatch",
          "M1 closed with the quorum but carol's vote once: outcome-mismatch")
    c.add(seeds["alice"], 13, close_body(1, [(1, 1, 2, 0, 0)]))  # P1 adopted: A1
    check(verdict(c.raws) is None, "M1 closed: P1 adopted, for 2 (carol's vote, and bob's by proxy)")
    check(tried(c, "dave", 18, proxy_body(1, "alice")) == "meeting-closed", "a proxy for M1, closed: meeting-closed")
    # P2: a retribution paying bob; M2 on it. bob gives his vote to carol, but is recused.
    c.add(seeds["carol"], 8, _u(4, 1) + _u(8, 30000) + _u(1, 1) + _s("bob") + _s("Animation"))
    c.add(seeds["alice"], 10, _u(4, 19858) + _u(2, 1) + _u(4, 2))  # M2: P2
    c.add(seeds["bob"], 18, proxy_body(2, "carol"))
    for who in ("carol", "alice"):
        c.add(seeds[who], 11, _u(4, 2))
    c.add(seeds["carol"], 12, _u(4, 2) + _u(4, 2) + _u(1, 1))
    c.add(seeds["alice"], 12, _u(4, 2) + _u(4, 2) + _u(1, 2))
    # Present carol and alice, bob represented: 3 of 5. For 1 (carol; not bob: he is paid), against 1.
    check(tried(c, "alice", 13, close_body(2, [(2, 1, 2, 1, 0)])) == "outcome-mismatch",
          "M2 closed counting bob's proxied vote on his own retribution: outcome-mismatch")
    check(tried(c, "alice", 13, close_body(2, [(2, 2, 1, 1, 0)])) is None,
          "M2 closed without bob's proxied vote (recusal): P2 rejected, 1 for, 1 against")
    # dave gives his vote to alice in an envelope the keeper sequences: it counts against.
    c.envelope(seeds["alice"], seeds["dave"], 18, proxy_body(2, "alice"))
    check(tried(c, "alice", 13, close_body(2, [(2, 2, 1, 1, 0)])) == "outcome-mismatch",
          "M2 closed ignoring dave's proxy, given in an envelope: outcome-mismatch")
    check(tried(c, "alice", 13, close_body(2, [(2, 2, 1, 2, 0)])) is None,
          "M2 closed with dave's proxy, given in an envelope: P2 rejected, 1 for, 2 against")
    c.add(seeds["alice"], 13, close_body(2, [(2, 2, 1, 2, 0)]))
    lg = Ledger()
    try:
        for r in c.raws:
            lg.append(parse_line(format_line(r).encode()))
        det = lg.details()
        kept = ([m["proxies"] for m in det["meetings"]]
                == [[{"giver": "bob", "holder": "carol"}],
                    [{"giver": "bob", "holder": "carol"}, {"giver": "dave", "holder": "alice"}]]
                and lg.sequenced == 1 and det["proposals"][1]["status"] == "rejected")
    except Refused as err:
        print("     entry %d: %s (%s)" % (lg.n, err.rule, err.detail))
        kept = False
    check(kept, "the self-test's circle verifies, signatures included, and keeps its meetings' proxies")


def self_test_dates(check):
    """FORMAT.md §7: the dates of meetings and payouts, each rule refused just outside its bound
    and accepted on it, on a circle of the self-test's own founded on 2024-05-06 (UTC)."""
    alice, bob = bytes([1]) * 32, bytes([2]) * 32

    def verdict(raws):
        lg = Ledger()
        try:
            for r in raws:
                lg.append(parse_line(format_line(r).encode()), check_signature=False)
        except Refused as err:
            return err.rule
        return None

    def meeting(day, *agenda):
        return _u(4, day) + _u(2, len(agenda)) + b"".join(_u(4, pid) for pid in agenda)

    def payout(pid, cents, day):
        return _u(4, pid) + _u(8, cents) + _u(4, day) + _s("VIR-0042")

    founded = days_from_civil(2024, 5, 6)
    c = _Chain()
    c.add(alice, 1, _s("Dates") + _s("Somme") + _u(1, 2) + _s("EUR") + _u(2, 1) + _u(2, 2) + _u(1, 1)
          + _u(1, 1) + _s("alice") + _u(1, 0))
    c.add(alice, 2, _s("bob") + ed25519_keypair(bob)[2] + _u(1, 2))
    c.add(alice, 6, _u(8, 100000) + _s("FEDER") + _s("CONV-1"))
    c.add(bob, 7, _s("Forum") + _u(8, 100000))  # P1
    late = 1715039999  # 2024-05-06T23:59:59Z
    for day, rule, what in [
        (founded - 1, "meeting-before-circle", "the day before the genesis"),
        (founded, None, "the genesis's day"),
        (founded + 366, None, "366 days after the day it opens"),
        (founded + 367, "meeting-too-far-ahead", "367 days after the day it opens"),
    ]:
        got = verdict(c.fork().add(alice, 10, meeting(day, 1), at=late).raws)
        check(got == rule, "a meeting dated %s, %s: %s" % (fmt_date(day), what, rule or "accepted"))

    def decided(pid, day):
        m = len([r for r in c.raws if r[128] == 10]) + 1
        c.add(alice, 10, meeting(day, pid))
        for who in (alice, bob):
            c.add(who, 11, _u(4, m)).add(who, 12, _u(4, m) + _u(4, pid) + _u(1, 1))
        c.add(alice, 13, close_body(m, [(pid, 1, 2, 0, 0)]))

    decided(1, founded)  # A1
    c.add(bob, 8, _u(4, 1) + _u(8, 30000) + _u(1, 2) + _s("Traiteur") + _s("Repas"))  # P2
    decided(2, founded + 1)  # adopted on 2024-05-07
    check(verdict(c.raws) is None, "P2 adopted at a meeting dated 2024-05-07, opened the day before")
    june = 1717236000  # 2024-06-01T10:00:00Z
    for day, at, rule, what in [
        (founded, june, "payout-before-adoption", "the day before its line was adopted"),
        (founded + 1, june, None, "the day its line was adopted"),
        (founded + 1, late, "payout-in-future", "the day after it is recorded (23:59:59 UTC)"),
        (founded + 1, late + 1, None, "the day it is recorded (00:00:00 UTC)"),
    ]:
        got = verdict(c.fork().add(alice, 14, payout(2, 10000, day), at=at).raws)
        check(got == rule, "a payout dated %s, %s: %s" % (fmt_date(day), what, rule or "accepted"))


def agreement_body(reference="FEDER-HDF-2024-03", funder="FEDER", amount=600000, rate=6000,
                   start=(2024, 1, 1), end=(2024, 12, 31), actions=(1,)):
    """The body of a kind 19 (FORMAT.md §14)."""
    return (_s(reference) + _s(funder) + _u(8, amount) + _u(2, rate) + _u(4, days_from_civil(*start))
            + _u(4, days_from_civil(*end)) + _u(2, len(actions)) + b"".join(_u(4, a) for a in actions))


def fund_v2_body(amount, source, reference, agreement=None, duplicate_ok=False):
    """The body of a kind 20 (FORMAT.md §14)."""
    return (_u(8, amount) + _s(source) + _s(reference)
            + (_u(1, 1) + _s(agreement) if agreement is not None else _u(1, 0)) + _u(1, int(duplicate_ok)))


def payout_v2_body(proposal, amount, date, reference, receipt=None, duplicate_ok=False):
    """The body of a kind 21 (FORMAT.md §14); receipt = (sha256 bytes, file name)."""
    return (_u(4, proposal) + _u(8, amount) + _u(4, days_from_civil(*date)) + _s(reference)
            + (_u(1, 1) + receipt[0] + _s(receipt[1]) if receipt is not None else _u(1, 0))
            + _u(1, int(duplicate_ok)))


FUNDING_RECEIPT = (hashlib.sha256(b"Facture F-2024-117").digest(), "facture-F-2024-117.pdf")


def build_funding_vectors(base):
    """FORMAT.md §14's vector, from its documented fields: (name, author seed, kind, body) of
    seq 8 to 17, after section 13's eight entries `base`; returns the names and the entries."""
    alice, bob, support = bytes([1]) * 32, bytes([2]) * 32, bytes([9]) * 32
    steps = [
        ("close-m1", alice, 13, close_body(1, [(1, 1, 2, 0, 0)])),
        ("agreement", alice, 19, agreement_body()),
        ("fund-into-agreement", support, 20, fund_v2_body(300000, "FEDER", "VIR-2024-0611", "FEDER-HDF-2024-03")),
        ("propose-spend", bob, 8, _u(4, 1) + _u(8, 120000) + _u(1, 2) + _s("Imprimerie du Port")
         + _s("Affiches du forum")),
        ("open-m2", alice, 10, _u(4, days_from_civil(2024, 5, 6)) + _u(2, 1) + _u(4, 2)),
        ("attend-m2", alice, 11, _u(4, 2)),
        ("vote-m2", alice, 12, _u(4, 2) + _u(4, 2) + _u(1, 1)),
        ("close-m2", alice, 13, close_body(2, [(2, 1, 1, 0, 0)])),
        ("payout-v2", alice, 21, payout_v2_body(2, 100000, (2024, 5, 6), "VIR-2024-0625", FUNDING_RECEIPT)),
        ("fund-duplicate", support, 20, fund_v2_body(50000, "Région Hauts-de-France", "VIR-2024-0611",
                                                     duplicate_ok=True)),
    ]
    c = _Chain(base)
    for _, seed, kind, body in steps:
        c.add(seed, kind, body)
    return [name for name, _, _, _ in steps], c


def self_test_funding(check, refused, entries, attend, sequenced, docv):
    """FORMAT.md §14: the funding vector, rebuilt from its fields and compared with the page; its
    totals; the decoder's refusals; and every rule of kinds 19, 20 and 21 at the vector."""
    alice, bob, support = bytes([1]) * 32, bytes([2]) * 32, bytes([9]) * 32
    circle = entry_hash(entries[0])
    proxy = sign_entry(alice, circle, 7, entry_hash(sequenced), 1715000420, 18, proxy_body(1, "bob"))
    base = entries + [attend, sequenced, proxy]
    names, chain = build_funding_vectors(base)
    raws = chain.raws[len(base):]
    if docv is not None:
        check(docv.get("funding receipt sha256", "").strip() == FUNDING_RECEIPT[0].hex(),
              "funding: the receipt's SHA-256 equals FORMAT.md's block")
        check_doc_entries(check, docv, "funding", names, raws)
    lg = Ledger()
    try:
        for r in chain.raws:
            lg.append(parse_line(format_line(r).encode()))
        totals = lg.summary()["totals"]
        agreement = lg.details()["agreements"]
    except Refused as err:
        print("     entry %d: %s (%s)" % (lg.n, err.rule, err.detail))
        totals = agreement = None
    check(totals == {"received": "13500.00", "committed": "200.00", "paid": "1000.00", "available": "12300.00"}
          and agreement == [{"reference": "FEDER-HDF-2024-03", "funder": "FEDER", "awarded": "6000.00",
                             "rate": 6000, "from": "2024-01-01", "to": "2024-12-31", "actions": ["A1"],
                             "received": "3000.00"}],
          "funding: the eighteen entries verify, signatures included: %s" % json.dumps(totals))
    d = decode_entry(raws[8])
    check(d["kind"] == "payout-v2" and d["receipt"] == FUNDING_RECEIPT and d["duplicate_ok"] is False,
          "funding: seq 16 decodes to a payout with its receipt")

    # The decoder (FORMAT.md §1 and §14).
    def decodes(kind, body):
        try:
            decode_entry(sign_entry(alice, circle, 9, ZERO32, 1715000540, kind, body))
        except FormatError:
            return False
        return True

    for body, ok, what in [
        (agreement_body(rate=10000), True, "rate 10000 (100 %)"),
        (agreement_body(rate=0), True, "rate 0 (none)"),
        (agreement_body(rate=10001), False, "rate 10001"),
        (agreement_body(actions=()), True, "no action (all)"),
        (agreement_body(actions=(1, 2, 7)), True, "actions 1, 2, 7"),
        (agreement_body(actions=(2, 1)), False, "actions 2, 1"),
        (agreement_body(actions=(1, 1)), False, "actions 1, 1"),
        (agreement_body(actions=(0,)), False, "action 0"),
        (agreement_body(actions=range(1, 101)), True, "100 actions"),
        (agreement_body(actions=range(1, 102)), False, "101 actions"),
    ]:
        check(decodes(19, body) == ok, "agreement with %s: %s" % (what, "decodes" if ok else "refused"))
    check(not decodes(20, fund_v2_body(100, "FEDER", "X")), "fund-received-v2 with neither flag: refused")
    check(not decodes(20, fund_v2_body(100, "FEDER", "X", duplicate_ok=True)[:-1] + b"\x02"),
          "fund-received-v2 with duplicate-ok 2: refused")
    check(decodes(20, fund_v2_body(100, "FEDER", "X", duplicate_ok=True)), "fund-received-v2, duplicate meant: decodes")
    check(not decodes(21, payout_v2_body(2, 100, (2024, 6, 25), "X")), "payout-v2 with neither flag: refused")
    check(decodes(21, payout_v2_body(2, 100, (2024, 6, 25), "X", duplicate_ok=True)),
          "payout-v2, duplicate meant, no receipt: decodes")
    for name, ok in [("facture.pdf", True), ("...", True), (".facture", True), ("a/b.pdf", False),
                     ("a\\b.pdf", False), (".", False), ("..", False), (" facture.pdf", False), ("", False)]:
        body = payout_v2_body(2, 100, (2024, 6, 25), "X", (bytes(32), name))
        check(decodes(21, body) == ok, "receipt name %r: %s" % (name, "decodes" if ok else "refused"))
    check(not decodes(21, payout_v2_body(2, 100, (2024, 6, 25), "X", FUNDING_RECEIPT)[:-1]),
          "payout-v2 cut short: refused")

    # The rules, at the vector's seq 9, 10, 17 and 18 (FORMAT.md §14's list).
    def tried(n, seed, kind, body):
        """The rule refusing `body` as seq n (after the vector's seq 0 to n - 1), or None."""
        lg = Ledger()
        c = _Chain(chain.raws[:n]).add(seed, kind, body)
        try:
            for r in c.raws:
                lg.append(parse_line(format_line(r).encode()), check_signature=False)
        except Refused as err:
            return err.rule if lg.n == n else "entry %d: %s" % (lg.n, err.rule)
        return None

    def enveloped(n, seed, kind, body):
        act = sign_envelope(seed, circle, 1715000000 + 60 * n, bytes([seed[0]]) * 16, kind, body)
        return tried(n, alice, 17, envelope_body(act))

    kind6 = lambda reference: _u(8, 50000) + _s("Région Hauts-de-France") + _s(reference)
    into = lambda amount, agreement: fund_v2_body(amount, "FEDER", "VIR-X", agreement)
    kind14 = lambda amount, reference: _u(4, 2) + _u(8, amount) + _u(4, days_from_civil(2024, 5, 6)) + _s(reference)
    for n, seed, kind, body, rule, what in [
        (9, bob, 19, agreement_body(), "not-soucieux-or-support", "the agreement by bob"),
        (9, support, 19, agreement_body(), None, "the agreement by the support team"),
        (9, alice, 19, agreement_body(end=(2023, 12, 31)), "agreement-period", "an agreement ending before it starts"),
        (9, alice, 19, agreement_body(end=(2024, 1, 1)), None, "an agreement of one day"),
        (9, alice, 19, agreement_body(actions=(2,)), "no-such-action", "an agreement naming A2"),
        (9, alice, 19, agreement_body(actions=()), None, "an agreement naming no action"),
        (10, alice, 19, agreement_body(reference="feder-hdf-2024-03"), "agreement-taken", "feder-hdf-2024-03 again"),
        (10, alice, 19, agreement_body(reference="FEDER-HDF-2024-04"), None, "FEDER-HDF-2024-04"),
        (10, support, 20, into(600000, "feder-hdf-2024-03"), None, "6 000,00 into it"),
        (10, support, 20, into(600001, "FEDER-HDF-2024-03"), "agreement-over-awarded", "6 000,01 into it"),
        (10, support, 20, into(100, "FEDER-HDF-2024-04"), "no-such-agreement", "funds into an unknown agreement"),
        (10, bob, 20, into(100, "FEDER-HDF-2024-03"), "not-soucieux-or-support", "funds into it by bob"),
        (17, support, 6, kind6("vir-2024-0611"), "duplicate-reference", "a kind 6 reusing vir-2024-0611"),
        (17, support, 6, kind6("CONV-2024-17"), "duplicate-reference", "a kind 6 reusing seq 2's reference"),
        (17, support, 6, kind6("VIR-2024-0625"), None, "a kind 6 with a payout's reference"),
        (17, support, 20, into(300000, "FEDER-HDF-2024-03"), None, "3 000,00 more into it"),
        (17, support, 20, into(300001, "FEDER-HDF-2024-03"), "agreement-over-awarded", "3 000,01 more into it"),
        (18, alice, 14, kind14(20000, "vir-2024-0625"), "duplicate-reference", "a kind 14 reusing vir-2024-0625"),
        (18, alice, 14, kind14(20000, "VIR-2024-0611"), None, "a kind 14 with a fund receipt's reference"),
        (18, alice, 21, payout_v2_body(2, 20000, (2024, 5, 6), "vir-2024-0625", duplicate_ok=True), None,
         "a kind 21 reusing vir-2024-0625, meant"),
        (18, alice, 14, kind14(20001, "VIR-2024-0701"), "payout-exceeds-line", "a kind 14 of 200,01"),
    ]:
        check(tried(n, seed, kind, body) == rule, "funding, at seq %d, %s: %s" % (n, what, rule or "accepted"))
    for n, seed, kind, body, rule, what in [
        (9, bob, 19, agreement_body(), "not-soucieux-or-support", "bob's agreement"),
        (9, support, 19, agreement_body(), None, "the support team's agreement"),
        (17, support, 20, fund_v2_body(100, "FEDER", "vir-2024-0611", duplicate_ok=True), None,
         "the support team's meant duplicate"),
        (17, support, 6, kind6("vir-2024-0611"), "duplicate-reference", "the support team's kind 6 reusing a reference"),
        (18, support, 21, payout_v2_body(2, 20000, (2024, 5, 6), "VIR-2024-0625", FUNDING_RECEIPT),
         "duplicate-reference", "the support team's payout reusing VIR-2024-0625"),
    ]:
        check(enveloped(n, seed, kind, body) == rule,
              "funding, at seq %d, in an envelope, %s: %s" % (n, what, rule or "accepted"))


def fund_correction_body(target, amount, source, reference, reason):
    """The body of a kind 22 (FORMAT.md §15)."""
    return _u(8, target) + _u(8, amount) + _s(source) + _s(reference) + _s(reason)


def reversal_body(target, reason):
    """The body of a kind 23 (FORMAT.md §15)."""
    return _u(8, target) + _s(reason)


def corrections_steps():
    """FORMAT.md §15's vector, from its documented fields: (name, author seed, kind, body) of
    seq 18 to 21, after section 14's eighteen entries."""
    alice, support = bytes([1]) * 32, bytes([9]) * 32
    return [
        ("fund-correction", alice, 22,
         fund_correction_body(10, 250000, "FEDER", "VIR-2024-0611", "2 500 reçus, pas 3 000")),
        ("countersign-fund", support, 24, _u(8, 18)),
        ("payout-reversal", support, 23, reversal_body(16, "virement rejeté par la banque")),
        ("countersign-reversal", alice, 24, _u(8, 20)),
    ]


def self_test_corrections(check, entries, attend, sequenced, docv):
    """FORMAT.md §15: the corrections vector, rebuilt from its fields and compared with the page;
    the books step by step; every rule of kinds 22, 23 and 24 at the vector; and a reversal
    past the 400-day window and a correction leaving the books short, on chains of its own."""
    alice, bob, support = bytes([1]) * 32, bytes([2]) * 32, bytes([9]) * 32
    circle = entry_hash(entries[0])
    proxy = sign_entry(alice, circle, 7, entry_hash(sequenced), 1715000420, 18, proxy_body(1, "bob"))
    _, chain = build_funding_vectors(entries + [attend, sequenced, proxy])
    why = "2 500 reçus, pas 3 000"
    steps = corrections_steps()
    base = len(chain.raws)
    for _, seed, kind, body in steps:
        chain.add(seed, kind, body)
    raws = chain.raws[base:]
    if docv is not None:
        check_doc_entries(check, docv, "corrections", [step[0] for step in steps], raws)
    lg, seen = Ledger(), []
    try:
        for r in chain.raws:
            lg.append(parse_line(format_line(r).encode()))
            if lg.n >= base:
                t = lg.summary()["totals"]
                seen.append((t["received"], t["paid"], t["committed"], lg.details()["agreements"][0]["received"]))
        det = lg.details()
    except Refused as err:
        print("     entry %d: %s (%s)" % (lg.n, err.rule, err.detail))
        det = None
    check(seen == [("13500.00", "1000.00", "200.00", "3000.00"), ("13500.00", "1000.00", "200.00", "3000.00"),
                   ("13000.00", "1000.00", "200.00", "2500.00"), ("13000.00", "1000.00", "200.00", "2500.00"),
                   ("13000.00", "0.00", "200.00", "2500.00")]
          and det is not None and det["actions"][0]["paid"] == "0.00" and det["proposals"][1]["paid"] == "1000.00"
          and [(c["seq"], c["target"], c["countersigned"]) for c in det["corrections"]] == [(18, 10, 19), (20, 16, 21)],
          "corrections: the twenty-two entries verify, signatures included, and count once countersigned: %s"
          % json.dumps(seen))

    def tried(n, seed, kind, body, extra=()):
        """The rule refusing `body` as seq n (after the vector's seq 0 to n - 1, then `extra`,
        (seed, kind, body) each), or None."""
        c = _Chain(chain.raws[:n])
        for x in extra:
            c.add(*x)
        c.add(seed, kind, body)
        lg = Ledger()
        try:
            for r in c.raws:
                lg.append(parse_line(format_line(r).encode()), check_signature=False)
        except Refused as err:
            return err.rule if lg.n == len(c.raws) - 1 else "entry %d: %s" % (lg.n, err.rule)
        return None

    fix = lambda amount, reference: fund_correction_body(10, amount, "FEDER", reference, why)
    countersign = lambda target: _u(8, target)
    for n, seed, kind, body, extra, rule, what in [
        (18, bob, 22, fix(250000, "VIR-2024-0611"), (), "not-soucieux-or-support", "the correction by bob"),
        (18, support, 22, fix(250000, "VIR-2024-0611"), (), None, "the correction by the support team"),
        (18, alice, 22, fund_correction_body(16, 250000, "FEDER", "VIR-2024-0611", why), (), "not-a-fund-receipt",
         "a correction of seq 16, a payout"),
        (18, alice, 22, fund_correction_body(9, 250000, "FEDER", "VIR-2024-0611", why), (), "not-a-fund-receipt",
         "a correction of seq 9, an agreement"),
        (18, alice, 22, fix(300000, "VIR-2024-0611"), (), "correction-changes-nothing", "a correction changing nothing"),
        (18, alice, 22, fix(300000, "vir-2024-0611"), (), None, "a correction of the reference's case"),
        (18, alice, 22, fix(300000, "conv-2024-17"), (), "duplicate-reference", "a correction to seq 2's reference"),
        (18, alice, 22, fix(300000, "VIR-2024-0612"), (), None, "a correction to a new reference"),
        (18, alice, 23, reversal_body(17, why), (), "not-a-reversible-payout", "a reversal of a fund receipt"),
        (18, alice, 24, countersign(10), (), "nothing-to-countersign", "a countersignature of seq 10"),
        (19, alice, 24, countersign(18), (), "countersigned-by-author", "alice countersigning her own"),
        (19, bob, 24, countersign(18), (), "not-soucieux-or-support", "bob countersigning"),
        (19, support, 24, countersign(17), (), "nothing-to-countersign", "a countersignature of seq 17"),
        (19, support, 24, countersign(18), ((alice, 22, fix(240000, "VIR-2024-0611")),), "nothing-to-countersign",
         "a countersignature of seq 18, superseded at seq 19"),
        (19, support, 24, countersign(19), ((alice, 22, fix(240000, "VIR-2024-0611")),), None,
         "a countersignature of seq 19, which superseded seq 18"),
        (18, support, 24, countersign(18), ((alice, 22, fix(600001, "VIR-2024-0611")),), "agreement-over-awarded",
         "a countersignature of a correction to 6 000,01 into the agreement"),
        (18, support, 24, countersign(18), ((alice, 22, fix(600000, "VIR-2024-0611")),), None,
         "a countersignature of a correction to 6 000,00 into the agreement"),
        (20, bob, 23, reversal_body(16, why), (), "not-soucieux-or-support", "the reversal by bob"),
        (20, alice, 23, reversal_body(10, why), (), "not-a-reversible-payout", "a reversal of seq 10"),
        (21, support, 24, countersign(20), (), "countersigned-by-author", "the support team countersigning its own"),
        (22, alice, 23, reversal_body(16, why), (), "already-reversed", "a second reversal of seq 16"),
        (22, support, 24, countersign(20), (), "nothing-to-countersign", "a countersignature of seq 20 again"),
    ]:
        check(tried(n, seed, kind, body, extra) == rule, "corrections, at seq %d, %s: %s" % (
            n + len(extra), what, rule or "accepted"))

    # A payout forgotten past the window, and a correction leaving the books short, on a small
    # chain of its own: funds 1 000,00, a line of 900,00 adopted, payouts of 100,00.
    day = 86400
    c = _Chain()
    c.add(alice, 1, _s("Fenêtre") + _s("Somme") + _u(1, 2) + _s("EUR") + _u(2, 1) + _u(2, 2) + _u(1, 1)
          + _u(1, 1) + _s("alice") + _u(1, 1) + ed25519_keypair(support)[2])
    c.add(alice, 2, _s("bob") + ed25519_keypair(bob)[2] + _u(1, 2))
    c.add(alice, 6, _u(8, 100000) + _s("FEDER") + _s("CONV-1"))  # seq 2
    c.add(bob, 7, _s("Forum") + _u(8, 100000))  # P1
    c.add(alice, 10, _u(4, days_from_civil(2024, 5, 6)) + _u(2, 1) + _u(4, 1))
    for who in (alice, bob):
        c.add(who, 11, _u(4, 1)).add(who, 12, _u(4, 1) + _u(4, 1) + _u(1, 1))
    c.add(alice, 13, close_body(1, [(1, 1, 2, 0, 0)]))
    c.add(bob, 8, _u(4, 1) + _u(8, 90000) + _u(1, 2) + _s("Traiteur") + _s("Repas"))  # P2
    c.add(alice, 10, _u(4, days_from_civil(2024, 5, 6)) + _u(2, 1) + _u(4, 2))
    for who in (alice, bob):
        c.add(who, 11, _u(4, 2)).add(who, 12, _u(4, 2) + _u(4, 2) + _u(1, 1))
    c.add(alice, 13, close_body(2, [(2, 1, 2, 0, 0)]))
    first = len(c.raws)
    t0 = 1715000000 + 60 * first
    payout = lambda ref, day_: _u(4, 2) + _u(8, 10000) + _u(4, day_) + _s(ref)
    c.add(alice, 14, payout("VIR-1", days_from_civil(2024, 5, 6)), at=t0)  # recorded 2024-05-06
    for cents, rule in [(89999, "correction-leaves-books-short"), (90000, None)]:
        f = c.fork().add(alice, 22, fund_correction_body(2, cents, "FEDER", "CONV-1", "erreur"), at=t0)
        check(tried_on(f.add(support, 24, _u(8, first + 1), at=t0)) == rule,
              "corrections: funds corrected to %s, 900,00 paid or committed: %s" % (
                  fmt_amount(cents), rule or "accepted"))
    # The 400-day window (FORMAT.md §14 and §15), counted back from the day of the entry checked:
    # seq 2 (CONV-1) and the payout at `first` (VIR-1) are recorded on 2024-05-06, day 0 here.
    for days, rule in [(400, None), (401, "not-a-reversible-payout")]:
        f = c.fork().add(alice, 23, reversal_body(first, "erreur"), at=t0 + days * day)
        check(tried_on(f) == rule, "corrections: a reversal %d days after its payout: %s" % (days, rule or "accepted"))
    # Reversed on day 400, countersigned on day 401: too late.
    for days, rule in [(400, None), (401, "not-a-reversible-payout")]:
        f = c.fork().add(alice, 23, reversal_body(first, "erreur"), at=t0 + 400 * day)
        f.add(support, 24, _u(8, first + 1), at=t0 + days * day)
        check(tried_on(f) == rule, "corrections: a reversal countersigned %d days after its payout: %s" % (
            days, rule or "accepted"))
    # A fund correction of seq 2 on day 400 (accepted) or 401 (not-a-fund-receipt), and one
    # recorded on day 400, countersigned on day 401.
    to_region = fund_correction_body(2, 100000, "Région", "CONV-1", "erreur")
    for days, rule in [(400, None), (401, "not-a-fund-receipt")]:
        f = c.fork().add(alice, 22, to_region, at=t0 + days * day)
        check(tried_on(f) == rule, "corrections: a correction of a receipt %d days old: %s" % (days, rule or "accepted"))
        f = c.fork().add(alice, 22, to_region, at=t0 + 400 * day).add(support, 24, _u(8, first + 1), at=t0 + days * day)
        check(tried_on(f) == rule, "corrections: a correction countersigned %d days after its receipt: %s" % (
            days, rule or "accepted"))
    lg = Ledger()
    for r in c.raws:
        lg.append(parse_line(format_line(r).encode()), check_signature=False)
    check((lg.fund_refs.get("conv-1"), lg.payout_refs.get("vir-1"))
          == ((2, days_from_civil(2024, 5, 6)), (first, days_from_civil(2024, 5, 6))),
          "references: each remembers the seq and the day of the entry that used it")
    # A duplicate reference: refused 400 days later, accepted 401 days later (fund receipts and
    # payouts alike).
    for days, rule in [(400, "duplicate-reference"), (401, None)]:
        f = c.fork().add(alice, 6, _u(8, 100) + _s("FEDER") + _s("conv-1"), at=t0 + days * day)
        check(tried_on(f) == rule, "references: a fund receipt reusing CONV-1 %d days later: %s" % (
            days, rule or "accepted"))
        f = c.fork().add(alice, 14, payout("vir-1", days_from_civil(2024, 5, 6) + days), at=t0 + days * day)
        check(tried_on(f) == rule, "references: a payout reusing VIR-1 %d days later: %s" % (days, rule or "accepted"))
    # Each reference remembers its most recent use: a meant duplicate on day 300 makes a receipt
    # on day 401 a duplicate of it (the message names it), and another on day 701 is accepted.
    f = c.fork().add(alice, 20, fund_v2_body(100, "FEDER", "CONV-1", duplicate_ok=True), at=t0 + 300 * day)
    meant = len(f.raws) - 1
    g = f.fork().add(alice, 6, _u(8, 100) + _s("FEDER") + _s("CONV-1"), at=t0 + 401 * day)
    lg = Ledger()
    try:
        for r in g.raws:
            lg.append(parse_line(format_line(r).encode()), check_signature=False)
        refusal = None
    except Refused as err:
        refusal = (lg.n, err.rule, err.detail)
    check(refusal == (meant + 1, "duplicate-reference",
                      "the reference CONV-1 was already used by the fund receipt at entry %d" % meant),
          "references: a receipt 401 days after CONV-1's first use, 101 after its meant duplicate: %s" % (refusal,))
    f.add(alice, 6, _u(8, 100) + _s("FEDER") + _s("CONV-1"), at=t0 + 701 * day)
    check(tried_on(f) is None, "references: a receipt 401 days after CONV-1's most recent use: accepted")
    # A correction's new reference is checked against the receipts of the 400 days before the
    # correction (and its countersignature); applied, it is remembered with the receipt's own
    # seq and day. CONV-2 is used on day 0, CONV-3 on day 300 (seq `three`).
    f = c.fork().add(alice, 6, _u(8, 100) + _s("FEDER") + _s("CONV-2"), at=t0)
    f.add(alice, 6, _u(8, 100) + _s("FEDER") + _s("CONV-3"), at=t0 + 300 * day)
    three = len(f.raws) - 1
    to_two = fund_correction_body(three, 100, "FEDER", "conv-2", "erreur")
    for days, rule in [(400, "duplicate-reference"), (401, None)]:
        check(tried_on(f.fork().add(alice, 22, to_two, at=t0 + days * day)) == rule,
              "references: a correction to CONV-2 %d days after it was used: %s" % (days, rule or "accepted"))
    f.add(alice, 22, to_two, at=t0 + 401 * day).add(support, 24, _u(8, three + 1), at=t0 + 401 * day)
    lg = Ledger()
    for r in f.raws:
        lg.append(parse_line(format_line(r).encode()), check_signature=False)
    check(lg.fund_refs.get("conv-2") == (three, days_from_civil(2024, 5, 6) + 300),
          "references: a corrected receipt's new reference is remembered with the receipt's seq and day")
    f.add(alice, 6, _u(8, 100) + _s("FEDER") + _s("CONV-2"), at=t0 + 700 * day)
    check(tried_on(f) == "duplicate-reference",
          "references: CONV-2 again 400 days after the corrected receipt: duplicate-reference")


def governance_body(*settings):
    """The body of a kind 25 (FORMAT.md §16): count || (code || value)*, each setting given as
    (code, value bytes)."""
    return _u(1, len(settings)) + b"".join(_u(1, code) + value for code, value in settings)


FOUR_EYES_500 = (4, _u(8, 50000))
NO_PROXIES = (5, _u(1, 0))


def build_governance_vectors(chain, proposal=(FOUR_EYES_500, NO_PROXIES)):
    """FORMAT.md §16's vector, from its documented fields, after section 15's 22 entries in
    `chain` (extended in place): returns the steps (name, seed, kind, body) of seq 22 to 30."""
    alice, bob, support = bytes([1]) * 32, bytes([2]) * 32, bytes([9]) * 32
    steps = [
        ("propose-governance", bob, 25, governance_body(*proposal)),
        ("propose-spend", bob, 8, _u(4, 1) + _u(8, 150000) + _u(1, 2) + _s("Traiteur du Port")
         + _s("Repas du forum")),
        ("open-m3", alice, 10, _u(4, days_from_civil(2024, 5, 6)) + _u(2, 2) + _u(4, 3) + _u(4, 4)),
        ("attend-m3", alice, 11, _u(4, 3)),
        ("vote-p3", alice, 12, _u(4, 3) + _u(4, 3) + _u(1, 1)),
        ("vote-p4", alice, 12, _u(4, 3) + _u(4, 4) + _u(1, 1)),
        ("close-m3", alice, 13, close_body(3, [(3, 1, 1, 0, 0), (4, 1, 1, 0, 0)])),
        ("payout", alice, 14, payout_p4(120000, "VIR-2024-0626")),
        ("countersign-payout", support, 24, _u(8, 29)),
    ]
    for _, seed, kind, body in steps:
        chain.add(seed, kind, body)
    return steps


def payout_p4(cents, reference):
    """A kind 14 on P4 (FORMAT.md §16), dated 2024-05-06."""
    return _u(4, 4) + _u(8, cents) + _u(4, days_from_civil(2024, 5, 6)) + _s(reference)


def self_test_governance(check, entries, attend, sequenced, docv):
    """FORMAT.md §16: the governance vector, rebuilt from its fields and compared with the page;
    the settings and the books step by step; the decoder's refusals of kind 25; and every rule
    §16 lists, at the vector."""
    alice, bob, support = bytes([1]) * 32, bytes([2]) * 32, bytes([9]) * 32
    circle = entry_hash(entries[0])
    proxy = sign_entry(alice, circle, 7, entry_hash(sequenced), 1715000420, 18, proxy_body(1, "bob"))
    _, chain = build_funding_vectors(entries + [attend, sequenced, proxy])
    for _, seed, kind, body in corrections_steps():
        chain.add(seed, kind, body)
    base = len(chain.raws)
    check(base == 22, "governance: section 15's ledger has 22 entries")
    steps = build_governance_vectors(chain)
    raws = chain.raws[base:]
    if docv is not None:
        check_doc_entries(check, docv, "governance", [step[0] for step in steps], raws)
    check(raws[0][128:-64].hex() == "19" + "02" + "04" + "000000000000c350" + "05" + "00",
          "governance: seq 22 is kind 25, count 2, four eyes 50000 cents, proxies 0")
    lg, seen = Ledger(), []
    try:
        for r in chain.raws:
            lg.append(parse_line(format_line(r).encode()))
            if lg.n >= base:
                t = lg.summary()["totals"]
                seen.append((lg.circle["four_eyes"], lg.circle["proxies"], t["paid"], t["committed"],
                             tuple(sorted(s for s, c in lg.pending.items() if c["change"] == "payout")),
                             (lg.payout_refs.get("vir-2024-0626") or (None,))[0]))
        det = lg.details()
    except Refused as err:
        print("     entry %d: %s (%s)" % (lg.n, err.rule, err.detail))
        det = None
    before = [(0, True, "0.00", "200.00", (), None)] * 7
    check(seen == before + [(50000, False, "0.00", "1700.00", (), None), (50000, False, "0.00", "1700.00", (29,), None),
                            (50000, False, "1200.00", "500.00", (), 29)]
          and det is not None and lg.summary()["totals"]["available"] == "11300.00"
          and det["actions"][0]["paid"] == "1200.00"
          and det["governance"] == [{"proposal": "P3", "meeting": "M3", "date": "2024-05-06",
                                     "settings": {"four_eyes": "500.00", "proxies": False}}]
          and [(c["seq"], c["kind"], c["countersigned"]) for c in det["corrections"]][-1:] == [(29, "four-eyes", 30)],
          "governance: the thirty-one entries verify, signatures included; the settings apply at the closing, "
          "the payout counts once countersigned: %s" % json.dumps(seen[-3:]))

    # The decoder (FORMAT.md §16).
    def decodes(body):
        try:
            decode_entry(sign_entry(bob, circle, 22, ZERO32, 1715001320, 25, body))
        except FormatError:
            return False
        return True

    seven = governance_body((1, _u(2, 2) + _u(2, 3)), (2, _u(1, 3)), (3, _u(1, 0)), (4, _u(8, AMOUNT_MAX)),
                            (5, _u(1, 1)), (6, _s("L")), (7, _s("T")))
    for body, ok, what in [
        (seven, True, "the seven settings, four eyes at the maximum"),
        (seven.replace(_u(8, AMOUNT_MAX), _u(8, AMOUNT_MAX + 1)), False, "four eyes above the maximum"),
        (governance_body((4, _u(8, 0))), True, "four eyes 0 (none)"),
        (governance_body(NO_PROXIES), True, "proxies 0"),
        (_u(1, 0), False, "count 0"),
        (_u(1, 8) + seven[1:], False, "count 8"),
        (governance_body((8, _u(1, 0))), False, "code 8"),
        (governance_body((0, _u(1, 0))), False, "code 0"),
        (governance_body((5, _u(1, 0)), (3, _u(1, 1))), False, "codes 5 then 3"),
        (governance_body((5, _u(1, 0)), (5, _u(1, 1))), False, "code 5 twice"),
        (governance_body((1, _u(2, 2) + _u(2, 4))), False, "quorum 2/4"),
        (governance_body((1, _u(2, 0) + _u(2, 1))), False, "quorum 0/1"),
        (governance_body((1, _u(2, 3) + _u(2, 2))), False, "quorum 3/2"),
        (governance_body((1, _u(2, 1) + _u(2, 1))), True, "quorum 1/1"),
        (governance_body((2, _u(1, 4))), False, "threshold 4"),
        (governance_body((3, _u(1, 2))), False, "recusal 2"),
        (governance_body((6, _s(""))), False, "an empty name"),
        (bytes([1, 5]), False, "cut short"),
        (bytes([1, 5, 0, 0]), False, "a byte after the last setting"),
    ]:
        check(decodes(body) == ok, "propose-governance with %s: %s" % (what, "decodes" if ok else "refused"))

    # The rules, at the vector (FORMAT.md §16's list).
    def tried(n, seed, kind, body, extra=(), proposal=(FOUR_EYES_500, NO_PROXIES)):
        """The rule refusing `body` as seq n + len(extra) (after the vector's seq 0 to n - 1, P3
        proposing `proposal`, then `extra`), or None."""
        c = _Chain(chain.raws[:base])
        build_governance_vectors(c, proposal)
        c = _Chain(c.raws[:n])
        for x in extra:
            c.add(*x)
        c.add(seed, kind, body)
        return tried_on(c)

    territory = (7, _s("Pays du Calaisis"))
    countersign = lambda target: _u(8, target)
    again = lambda reference: (alice, 14, payout_p4(120000, reference))
    for n, seed, kind, body, extra, rule, what in [
        (22, support, 25, governance_body(FOUR_EYES_500, NO_PROXIES), (), "unknown-author", "the proposal by the support team"),
        (22, bob, 25, governance_body((5, _u(1, 1))), (), "governance-changes-nothing", "proxies allowed"),
        (22, bob, 25, governance_body((1, _u(2, 1) + _u(2, 2))), (), "governance-changes-nothing", "quorum 1/2"),
        (22, bob, 25, governance_body((4, _u(8, 0))), (), "governance-changes-nothing", "no four-eyes threshold"),
        (22, bob, 25, governance_body((3, _u(1, 1)), FOUR_EYES_500), (), "governance-changes-nothing",
         "recusal on and four eyes above 500,00"),
        (22, bob, 25, governance_body((1, _u(2, 2) + _u(2, 3)), territory), (), None, "quorum 2/3 and a territory"),
        (25, bob, 18, proxy_body(3, "alice"), (), None, "bob's proxy at M3, P3 not adopted yet"),
        (29, bob, 18, proxy_body(3, "alice"), (), "proxies-not-allowed", "bob's proxy at M3, closed"),
        (29, bob, 18, proxy_body(4, "alice"), (), "proxies-not-allowed", "bob's proxy at M4, which does not exist"),
        (29, support, 18, proxy_body(3, "alice"), (), "unknown-author", "the support team's proxy"),
        (29, bob, 25, governance_body(FOUR_EYES_500), (), "governance-changes-nothing", "four eyes above 500,00 again"),
        (29, bob, 25, governance_body((5, _u(1, 1))), (), None, "a proposal allowing proxies"),
        (29, alice, 14, payout_p4(50000, "VIR-2024-0626"), (), None, "a payout of 500,00"),
        (29, alice, 14, payout_p4(150001, "VIR-2024-0626"), (), "payout-exceeds-line", "a payout of 1 500,01"),
        (29, bob, 14, payout_p4(120000, "VIR-2024-0626"), (), "not-soucieux-or-support", "the payout by bob"),
        (30, alice, 24, countersign(29), (), "countersigned-by-author", "alice countersigning her own payout"),
        (30, bob, 24, countersign(29), (), "not-soucieux-or-support", "bob countersigning"),
        (30, support, 23, reversal_body(29, "erreur"), (), "not-a-reversible-payout", "a reversal of the payout waiting"),
        (30, support, 24, countersign(30), (again("VIR-2024-0626"), (support, 24, countersign(29))),
         "duplicate-reference", "a second payout with VIR-2024-0626 countersigned after the first"),
        (30, support, 24, countersign(30), (again("VIR-2024-0627"), (support, 24, countersign(29))),
         "payout-exceeds-line", "a second payout of 1 200,00 countersigned after the first"),
        (30, support, 24, countersign(29), ((alice, 15, _u(4, 4)),), "line-not-adopted",
         "the countersignature after P4 was closed"),
        (31, alice, 24, countersign(29), (), "nothing-to-countersign", "the countersignature of seq 29 again"),
        (31, support, 23, reversal_body(29, "erreur"), (), None, "a reversal of seq 29, countersigned"),
    ]:
        check(tried(n, seed, kind, body, extra) == rule, "governance, at seq %d, %s: %s" % (
            n + len(extra), what, rule or "accepted"))
    # The closing's outcomes are computed under the settings before it: P3 setting the quorum to
    # 1/1 as well, M3's closing (alice alone present) still adopts P3 and P4.
    strict = ((1, _u(2, 1) + _u(2, 1)), FOUR_EYES_500, NO_PROXIES)
    check(tried(28, alice, 13, close_body(3, [(3, 1, 1, 0, 0), (4, 1, 1, 0, 0)]), proposal=strict) is None,
          "governance: with P3 setting the quorum to 1/1, M3's closing is computed under 1/2")
    paid = Ledger()
    c = _Chain(chain.raws[:29]).add(alice, 14, payout_p4(50000, "VIR-2024-0626"))
    for r in c.raws:
        paid.append(parse_line(format_line(r).encode()), check_signature=False)
    check(paid.paid == 50000 and not paid.pending, "governance: a payout of 500,00 (not above) counts at once")

    # The 400 days of a waiting payout's reference count back from its own day, at recording and
    # at countersigning (FORMAT.md §14 and §16): seq 29 (VIR-2024-0626) is recorded on
    # 2024-05-06, a payout of 200,00 with its reference counts on 2024-05-07, and seq 29's
    # countersignature 500 days on is a duplicate (counted from the countersignature's day it
    # would not be). Without it, that countersignature is accepted, and seq 29 can be reversed
    # 400 days after its own day, not 401, whenever it was countersigned.
    day, t29 = 86400, 1715000000 + 60 * 29
    c = _Chain(chain.raws[:30])
    f = c.fork().add(alice, 14, payout_p4(20000, "VIR-2024-0626"), at=t29 + day)
    check(tried_on(f.add(support, 24, _u(8, 29), at=t29 + 500 * day)) == "duplicate-reference",
          "governance: a waiting payout countersigned 500 days on, its reference used the day after it: "
          "duplicate-reference")
    for days, rule in [(400, None), (401, "not-a-reversible-payout")]:
        f = c.fork().add(support, 24, _u(8, 29), at=t29 + 300 * day)
        f.add(support, 23, reversal_body(29, "erreur"), at=t29 + days * day)
        check(tried_on(f) == rule, "governance: a payout countersigned 300 days on, reversed %d days after its "
              "own day: %s" % (days, rule or "accepted"))


def self_test_keys(check, entries, attend, sequenced, docv):
    """FORMAT.md §17: the key replacement vector (seq 31 to 33), rebuilt from its fields after
    section 16's ledger and compared with the page; the keys step by step; and the rules §17's
    vector lists."""
    alice, bob, support = bytes([1]) * 32, bytes([2]) * 32, bytes([9]) * 32
    bob_new, support_new = bytes([3]) * 32, bytes([10]) * 32
    key = lambda seed: ed25519_keypair(seed)[2]
    circle = entry_hash(entries[0])
    proxy = sign_entry(alice, circle, 7, entry_hash(sequenced), 1715000420, 18, proxy_body(1, "bob"))
    _, chain = build_funding_vectors(entries + [attend, sequenced, proxy])
    for _, seed, kind, body in corrections_steps():
        chain.add(seed, kind, body)
    build_governance_vectors(chain)
    base = len(chain.raws)
    check(base == 31, "keys: section 16's ledger has 31 entries")
    steps = [
        ("member-key", alice, 26, _s("bob") + key(bob_new)),
        ("countersign-member-key", support, 24, _u(8, 31)),
        ("support-key", support, 27, key(support_new)),
    ]
    for _, seed, kind, body in steps:
        chain.add(seed, kind, body)
    raws = chain.raws[base:]
    if docv is not None:
        for seed, n in ((bob_new, 3), (support_new, 10)):
            check(docv.get("key-%d public" % n, "").strip() == key(seed).hex(),
                  "key-%d public equals FORMAT.md's block" % n)
        for (name, _, _, _), raw in zip(steps, raws):
            check("".join(docv.get("keys %s bytes" % name, "").split()) == raw.hex(),
                  "keys %s: rebuilt bytes equal FORMAT.md's block" % name)
            check("".join(docv.get("keys %s signature" % name, "").split()) == raw[-64:].hex(),
                  "keys %s: signature equals FORMAT.md's block" % name)
            check(docv.get("keys %s hash" % name, "").strip() == entry_hash(raw).hex(),
                  "keys %s: hash equals FORMAT.md's block" % name)
            check(docv.get("keys %s line" % name, "").strip() == format_line(raw),
                  "keys %s: export line equals FORMAT.md's block" % name)
    check(raws[0][128:-64].hex() == "1a" + "0003" + b"bob".hex() + key(bob_new).hex()
          and raws[1][128:-64].hex() == "18" + "000000000000001f"
          and raws[2][96:128] == key(support) and raws[2][128:-64].hex() == "1b" + key(support_new).hex(),
          "keys: seq 31 is kind 26 (bob, key-3), seq 32 kind 24 (target 31), seq 33 kind 27 (key-10) by key-9")
    lg, seen = Ledger(), []
    try:
        for r in chain.raws:
            lg.append(parse_line(format_line(r).encode()))
            if lg.n > base:
                seen.append((lg.by_lower["bob"]["key"] == key(bob_new), lg.circle["support"] == key(support_new),
                             sorted(lg.key_pending)))
    except Refused as err:
        print("     entry %d: %s (%s)" % (lg.n, err.rule, err.detail))
    history = [(q["holder"], q["old"], q["new"], q["requested"], q["seq"], q["signers"]) for q in lg.key_changes]
    check(lg.n == 34 and seen == [(False, False, [31]), (True, False, []), (True, True, [])]
          and history == [(("member", "bob"), key(bob), key(bob_new), 31, 32, [("member", "alice"), ("support",)]),
                          (("support",), key(support), key(support_new), 33, 33, [("support",)])],
          "keys: the thirty-four entries verify, signatures included; bob's key counts at seq 32, the "
          "support team's at seq 33: %s" % json.dumps(seen))

    def tried(n, seed, kind, body):
        """The rule refusing `body` as seq n (after the vector's seq 0 to n - 1), or None."""
        c = _Chain(chain.raws[:n])
        c.add(seed, kind, body)
        lg = Ledger()
        try:
            for r in c.raws:
                lg.append(parse_line(format_line(r).encode()))
        except Refused as err:
            return err.rule if lg.n == len(c.raws) - 1 else "entry %d: %s" % (lg.n, err.rule)
        return None

    allow_proxies = governance_body((5, _u(1, 1)))
    for n, seed, kind, body, rule, what in [
        (31, bob, 26, _s("bob") + key(bob_new), "not-soucieux-or-support", "the request by bob"),
        (31, alice, 26, _s("bob") + key(support), "key-taken", "bob's new key the support key"),
        (31, alice, 26, _s("bob") + key(alice), "key-taken", "bob's new key alice's"),
        (32, alice, 24, _u(8, 31), "countersigned-by-author", "alice countersigning her own request"),
        (32, bob, 24, _u(8, 31), "not-soucieux-or-support", "bob countersigning"),
        (33, bob, 25, allow_proxies, "key-replaced", "a proposal signed by bob's old key"),
        (33, bob_new, 25, allow_proxies, None, "a proposal signed by bob's new key"),
        (33, alice, 27, key(bob), "key-taken", "the support team's new key bob's old key"),
        (34, support, 24, _u(8, 29), "key-replaced", "a countersignature by the old support key"),
        (34, support_new, 27, key(support), "key-taken", "the old support key again, by the new one"),
    ]:
        check(tried(n, seed, kind, body) == rule, "keys, at seq %d, %s: %s" % (n, what, rule or "accepted"))


def tried_on(chain):
    """The rule refusing the last entry of `chain` (its others verify), or None; "entry N: rule"
    if an earlier one is refused."""
    lg = Ledger()
    try:
        for r in chain.raws:
            lg.append(parse_line(format_line(r).encode()), check_signature=False)
    except Refused as err:
        return err.rule if lg.n == len(chain.raws) - 1 else "entry %d: %s" % (lg.n, err.rule)
    return None


def main(argv):
    args = argv[1:]
    if args == ["--self-test"]:
        return self_test()
    notes, files, every, quiet, details = [], [], 1, False, False
    i = 0
    try:
        while i < len(args):
            a = args[i]
            if a == "--checkpoint":
                notes.append(args[i + 1])
                i += 1
            elif a == "--no-signatures":
                every = 0
            elif a == "--sample":
                every = int(args[i + 1])
                if every < 1:
                    raise ValueError
                i += 1
            elif a == "--quiet":
                quiet = True
            elif a == "--details":
                details = True
            elif a.startswith("--"):
                raise ValueError
            else:
                files.append(a)
            i += 1
        if len(files) != 1:
            raise ValueError
    except (IndexError, ValueError):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        return verify_file(files[0], notes, every, quiet, details)
    except OSError as err:
        print("error: %s" % err, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
