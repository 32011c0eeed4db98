#!/usr/bin/env python3
"""wasm_breakdown.py — where the bytes of parley.wasm go: code bytes per source module and per
library, read from a profiling build's name section (function names) and matched to the
objects that define them (llvm-nm), plus the data section. The shipped build stays stripped;
this reads `build/profile/parley.wasm`, linked from the same objects with --profiling-funcs.

usage: wasm_breakdown.py WASM OBJECT_OR_ARCHIVE...   (prints a table; standard library only)
"""
import gzip
import subprocess
import sys
from collections import defaultdict


def leb(buf, i):
    result = shift = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, i
        shift += 7


def sections(buf):
    if buf[:4] != b"\0asm":
        raise SystemExit("not a wasm module")
    i = 8
    while i < len(buf):
        sid = buf[i]
        size, j = leb(buf, i + 1)
        yield sid, buf[j:j + size]
        i = j + size


def parse(buf):
    imported_funcs = 0
    bodies, names, data = [], {}, 0
    for sid, body in sections(buf):
        if sid == 2:  # imports: function imports take the first indices
            n, i = leb(body, 0)
            for _ in range(n):
                for _ in range(2):
                    ln, i = leb(body, i)
                    i += ln
                kind = body[i]
                i += 1
                if kind == 0:
                    _, i = leb(body, i)
                    imported_funcs += 1
                elif kind == 1:
                    i += 1
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 2:
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 3:
                    i += 2
        elif sid == 10:  # code
            n, i = leb(body, 0)
            for _ in range(n):
                size, j = leb(body, i)
                bodies.append(body[j:j + size])
                i = j + size
        elif sid == 11:
            data += len(body)
        elif sid == 0:
            ln, i = leb(body, 0)
            if body[i:i + ln] != b"name":
                continue
            i += ln
            while i < len(body):
                sub = body[i]
                size, j = leb(body, i + 1)
                if sub == 1:
                    n, k = leb(body, j)
                    for _ in range(n):
                        idx, k = leb(body, k)
                        ln2, k = leb(body, k)
                        names[idx] = body[k:k + ln2].decode("utf-8", "replace")
                        k += ln2
                i = j + size
    return imported_funcs, bodies, names, data


def group_of(path):
    p = path.replace("\\", "/")
    if "/src/" in "/" + p:
        part = p[p.index("src/") + 4:] if "src/" in p else p
        return "project", part.rsplit(".", 1)[0] + ".c"
    for lib, key in (("SDL2", "SDL"), ("LZ4", "lz4"), ("LZ4", "xxhash"), ("cJSON", "cJSON"),
                     ("HarfBuzz", "harfbuzz"), ("FriBidi", "fribidi")):
        if key in p:
            return lib, lib
    if "gen/" in p:
        return "project", "generated: " + p.rsplit("/", 1)[-1]
    return "other", p.rsplit("/", 1)[-1]


def definitions(objects):
    where = {}
    for obj in objects:
        out = subprocess.run(["llvm-nm", "--defined-only", "--print-file-name", obj],
                             capture_output=True, text=True).stdout
        for line in out.splitlines():
            parts = line.rsplit(" ", 2)
            if len(parts) != 3 or parts[1].upper() not in ("T", "W", "D", "R", "B", "V"):
                continue
            name = parts[2]
            if parts[1].upper() == "T" or parts[1].upper() == "W":
                where.setdefault(name, obj if ":" not in parts[0] else parts[0].split(":")[0] + ":" + parts[0].split(":")[1])
    return where


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    buf = open(sys.argv[1], "rb").read()
    imported, bodies, names, data = parse(buf)
    where = definitions(sys.argv[2:])
    per_module = defaultdict(lambda: [0, 0, bytearray()])
    per_lib = defaultdict(lambda: [0, bytearray()])
    for k, body in enumerate(bodies):
        name = names.get(imported + k, "")
        src = where.get(name)
        lib, module = group_of(src) if src else ("libc and runtime", "libc and runtime")
        m = per_module[module]
        m[0] += 1
        m[1] += len(body)
        m[2] += body
        per_lib[lib if lib != "project" else "project (src/)"][0] += len(body)
        per_lib[lib if lib != "project" else "project (src/)"][1] += body
    total = len(buf)
    print(f"parley.wasm (profiling build): {total} bytes, code {sum(len(b) for b in bodies)}, data {data}")
    print("  by library (code bytes, gzip -9 of that code alone):")
    for lib, (size, raw) in sorted(per_lib.items(), key=lambda kv: -kv[1][0]):
        print(f"    {lib:<28} {size:>8} {len(gzip.compress(bytes(raw), 9)):>8}")
    print("  project modules and generated tables (code bytes):")
    for module, (count, size, _) in sorted(per_module.items(), key=lambda kv: -kv[1][1]):
        if module.endswith(".c") or module.startswith("generated"):
            print(f"    {module:<40} {count:>4} functions {size:>8}")


if __name__ == "__main__":
    main()
