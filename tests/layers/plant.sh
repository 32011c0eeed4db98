#!/usr/bin/env bash
# plant.sh — shows that the layer check (scripts/check_layers.sh) catches what it must: each
# case plants one violation in a scratch copy of src/ and expects the check to fail; the real
# tree must pass. Then the same for the README's source layout (scripts/check_layout.py). Prints one line per case and a closing "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
check="$here/scripts/check_layers.sh"
passed=0 failed=0
result() { if [ "$1" = ok ]; then passed=$((passed + 1)); echo "ok - $2"; else failed=$((failed + 1)); echo "not ok - $2"; fi; }

if bash "$check" "$here/src" >/dev/null 2>&1; then result ok "the tree as it is passes"; else result bad "the tree as it is passes"; fi

plant() { # description, file under src, line to add
  local scratch
  scratch=$(mktemp -d)
  cp -r "$here/src" "$scratch/src"
  printf '%s\n' "$3" >> "$scratch/src/$2"
  if bash "$check" "$scratch/src" >/dev/null 2>&1; then result bad "$1"; else result ok "$1"; fi
  rm -rf "$scratch"
}
plant "core including the app is refused"       core/record.c   '#include "app/app.h"'
plant "core including the ui is refused"        core/outbox.h   '#include "ui/ui.h"'
plant "ui including the app is refused"         ui/ui.c         '#include "app/app.h"'
plant "app including the platform is refused"   app/chrome.c    '#include "platform/kiosk.h"'
plant "the server including the ui is refused"  server/routes.c '#include "ui/font.h"'
plant "core calling SDL is refused"             core/utf8.c     'static void f(void) { SDL_Delay(1); }'
plant "app including Emscripten is refused"     app/app.c       '#include <emscripten.h>'

# The README's source layout (scripts/check_layout.py): the real one passes; a copy that no
# longer names a file fails.
layout="$here/scripts/check_layout.py"
if python3 "$layout" "$here/README.md" "$here" >/dev/null 2>&1; then result ok "the README names every file"; else result bad "the README names every file"; fi
scratch=$(mktemp -d)
sed 's/`check_layout.py`/`a script`/' "$here/README.md" > "$scratch/README.md"
if python3 "$layout" "$scratch/README.md" "$here" >/dev/null 2>&1; then result bad "a file the README leaves out is found"; else result ok "a file the README leaves out is found"; fi
rm -rf "$scratch"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
