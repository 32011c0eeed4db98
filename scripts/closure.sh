#!/usr/bin/env bash
# closure.sh — the Closure Compiler emcc runs for `--closure 1` (EM_CLOSURE_COMPILER, emcc.mk):
# the npm package pinned by package-lock.json (its native Linux build, no JRE needed).
# Debian's emcc 3.1.6 predates it in two ways, bridged here and nowhere else: it asks for the
# input language ECMASCRIPT_NEXT_IN (now ECMASCRIPT_NEXT), and its closure-externs.js declares
# the WebGPU types that Closure now has built in (duplicate declarations are errors), so a
# copy without those lines is passed instead. Every other argument passes through unchanged.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
compiler="$here/node_modules/google-closure-compiler-linux/compiler"
[ -x "$compiler" ] || { echo "closure.sh: $compiler missing (make setup runs npm ci)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=()
for a in "$@"; do
  if [ "$a" = ECMASCRIPT_NEXT_IN ]; then
    a=ECMASCRIPT_NEXT
  elif [ "$(basename -- "$a")" = closure-externs.js ] && [ -f "$a" ]; then
    grep -v '^var GPU[A-Za-z]*;$' "$a" > "$tmp/closure-externs.js"
    a="$tmp/closure-externs.js"
  fi
  args+=("$a")
done
"$compiler" "${args[@]}"
