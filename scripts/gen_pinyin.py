#!/usr/bin/env python3
"""gen_pinyin.py — the on-screen keyboard's pinyin candidate table, built from Debian's
rime-data-pinyin-simp dictionary (Apache-2.0, derived from the Android Pinyin IME) into the
compact binary form src/core/pinyin.h reads. Written under build/, never committed.

Only candidates the Chinese face can draw are kept (every character in the face's list of
code points), so a candidate is never a row of empty boxes.

Usage: gen_pinyin.py DICT.yaml FACE.unicodes OUT.bin
"""
import math
import struct
import sys
import zlib

MAGIC = b"PLPY"
VERSION = 1
HEADER_BYTES = 32
SYLLABLE_BYTES = 8          # a syllable's letters, NUL padded (the longest, "zhuang", is 6)
KEY_BYTES = 8               # u32 data offset, u16 candidates, u8 syllables, u8 zero
MAX_SYLLABLES = 8           # per key: longer phrases are left out
MAX_CANDIDATES = 255        # per key, most frequent first
MIN_PHRASE_WEIGHT = 600      # phrases rarer than this in the source's counts are left out
MAX_CANDIDATE_BYTES = 255


def face_code_points(path):
    cps = set()
    for line in open(path, encoding="ascii"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "-" in line:
            a, b = line.split("-")
            cps.update(range(int(a[2:], 16), int(b, 16) + 1))
        else:
            cps.add(int(line[2:], 16))
    return cps


def weight_byte(w):
    """The source's counts on a log scale, one byte: the order is what matters."""
    return min(255, int(round(math.log2(w + 1) * 8)))


def main(dict_path, face_path, out_path):
    face = face_code_points(face_path)
    entries = {}                          # syllable tuple -> {text: weight}
    in_body = False
    for line in open(dict_path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not in_body:
            in_body = line == "..."
            continue
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        text, code = parts[0], parts[1]
        weight = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
        syllables = tuple(code.split(" "))
        if not 1 <= len(syllables) <= MAX_SYLLABLES or len(text) != len(syllables):
            continue
        if any(not s.isascii() or not s.isalpha() or not s.islower() or len(s) >= SYLLABLE_BYTES for s in syllables):
            continue
        if any(ord(ch) not in face for ch in text):
            continue
        if len(syllables) > 1 and weight < MIN_PHRASE_WEIGHT:
            continue
        if len(text.encode("utf-8")) > MAX_CANDIDATE_BYTES:
            continue
        cands = entries.setdefault(syllables, {})
        cands[text] = max(cands.get(text, -1), weight)

    names = sorted({s for key in entries for s in key})
    index = {s: i for i, s in enumerate(names)}
    keys = sorted(entries, key=lambda k: [index[s] for s in k])
    data = bytearray()
    key_table = bytearray()
    for key in keys:
        cands = sorted(entries[key].items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]
        key_table += struct.pack("<IHBB", len(data), len(cands), len(key), 0)
        for s in key:
            data += struct.pack("<H", index[s])
        for text, weight in cands:
            b = text.encode("utf-8")
            data += bytes([weight_byte(weight), len(b)]) + b
    syllables = b"".join(s.encode("ascii").ljust(SYLLABLE_BYTES, b"\0") for s in names)
    body = syllables + key_table + bytes(data)
    total = HEADER_BYTES + len(body)
    # the checksum covers everything after its own field
    rest = struct.pack("<HHII", VERSION, len(names), len(keys), len(data)) + bytes(8) + body
    crc = zlib.crc32(rest) & 0xFFFFFFFF
    out = MAGIC + struct.pack("<II", total, crc) + rest
    assert len(out) == total
    with open(out_path, "wb") as f:
        f.write(out)
    print(f"gen_pinyin: {len(names)} syllables, {len(keys)} keys, {total} bytes", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
