#!/usr/bin/env python3
"""split_funcs.py — the functions of parley.wasm that move into parley.deferred.wasm: those
reached only through the given entry points (the LZ4HC compressor, the console, the QR code
maker), read from binaryen's call graph (wasm-opt --print-call-graph) of the link's output
with its function names. A function the rest of the module also reaches (an export, a
function-pointer target, or a callee of anything not deferred) stays, so the first frame
never waits for the deferred module. Prints the names comma-separated, for
wasm-split --split-funcs.

usage: split_funcs.py MODULE.wasm ENTRY[,ENTRY...]   (needs wasm-opt on PATH)
"""
import re
import subprocess
import sys

NODE = re.compile(r'^\s*"((?:[^"\\]|\\.)+)" \[style="([^"]*)"(?:, fillcolor="([^"]*)")?\];')
EDGE = re.compile(r'^\s*"((?:[^"\\]|\\.)+)" -> "((?:[^"\\]|\\.)+)";')


def call_graph(module):
    dot = subprocess.run(['wasm-opt', module, '--print-call-graph', '-o', '/dev/null'],
                         check=True, capture_output=True, text=True).stdout
    defined, exported, pointed, calls = set(), set(), set(), {}
    in_key = False
    for line in dot.splitlines():
        if 'subgraph cluster_key' in line:
            in_key = True
        if in_key:
            in_key = line.strip() != '}'
            continue
        m = NODE.match(line)
        if m:
            name, style, colour = m.groups()
            if colour == 'white' and 'rounded' not in style:
                defined.add(name)
            elif colour == 'gray':
                exported.add(name)
            elif 'rounded' in style:  # in the function table: called through a pointer
                pointed.add(name)
            continue
        m = EDGE.match(line)
        if m:
            calls.setdefault(m.group(1), set()).add(m.group(2))
    return defined, exported, pointed, calls


def reach(starts, calls, stop=frozenset()):
    seen, todo = set(), [s for s in starts if s not in stop]
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        todo.extend(c for c in calls.get(f, ()) if c not in stop and c not in seen)
    return seen


def main(module, entries):
    defined, exported, pointed, calls = call_graph(module)
    missing = [e for e in entries if e not in defined]
    if missing:
        sys.exit('split_funcs: not a function of %s (inlined into its caller?): %s' % (module, ', '.join(missing)))
    exposed = [e for e in entries if e in exported]
    if exposed:
        sys.exit('split_funcs: exported, cannot be deferred: ' + ', '.join(exposed))
    # Every other root's reach (exports, and function-pointer targets but the entries, whose
    # table slots get placeholders too), the entries being leaves: what is left is theirs alone.
    kept = reach((exported | pointed) - set(entries), calls, stop=frozenset(entries))
    deferred = sorted(f for f in reach(entries, calls) if f in defined and f not in kept)
    sys.stdout.write(','.join(deferred) + '\n')


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], [e for e in sys.argv[2].split(',') if e])
