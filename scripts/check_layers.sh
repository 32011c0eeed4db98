#!/usr/bin/env bash
# check_layers.sh — the layer rule of the source tree under ROOT (default: src): core, text,
# ui and app know neither SDL nor Emscripten, and includes point one way only:
#   core <- text <- ui <- app;  gfx and platform at the edge;  server on core alone.
# Prints every offending line and exits 1 when the rule is broken.
set -u
root=${1:-src}
status=0
portable=$(ls "$root"/core/*.[ch] "$root"/text/*.[ch] "$root"/ui/*.[ch] "$root"/app/*.[ch] 2>/dev/null)
if grep -nE '^\s*#\s*include\s*[<"](SDL|emscripten)|\b(SDL_[A-Za-z]|emscripten_|EM_JS|EM_ASM|EMSCRIPTEN_)' $portable; then
  echo "layer rule broken: core, text, ui and app must not use SDL or Emscripten" >&2
  status=1
fi
# layer: the project folders it must not include from
forbid() {
  local layer=$1 banned=$2
  [ -d "$root/$layer" ] || return 0
  if grep -nE "^\s*#\s*include\s*\"($banned)/" "$root/$layer"/*.[ch]; then
    echo "layer rule broken: $layer must not include from ${banned//|/, }" >&2
    status=1
  fi
}
forbid core   'text|ui|app|gfx|platform|server'
forbid text   'ui|app|gfx|platform|server'
forbid ui     'app|gfx|platform|server'
forbid app    'gfx|platform|server'
forbid gfx    'app|platform|server'
forbid server 'text|ui|app|gfx|platform'
exit $status
