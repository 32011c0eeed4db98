#!/usr/bin/env bash
# Installs everything Parley needs to build, run and test, on Debian as root.
# Idempotent: on a machine that is already set up it only checks, in a few seconds.
# Never downloads anything but Debian packages, Debian source packages and npm packages.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cache=${PARLEY_CACHE:-$HOME/.cache/parley}
jobs=${PARLEY_JOBS:-2}
mkdir -p "$cache/src"

log() { printf 'setup: %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages ---------------------------------------------------------
packages=(
  emscripten binaryen           # wasm toolchain (emcc 3.1.6, LLVM 14)
  cmake pkg-config dpkg-dev     # SDL2 build, apt-get source
  libsdl2-dev                   # native desktop build
  libcurl4-openssl-dev          # the desktop program's uploads to parleyd (native.c)
  liblz4-dev libcjson-dev libstb-dev
  libmicrohttpd-dev libsqlite3-dev sqlite3
  libsodium-dev                 # parleyd: staff passwords (Argon2id), session tokens
  libcmocka-dev
  wrk                           # server load tests and make bench (loopback only)
  clang libclang-rt-14-dev      # make fuzz: libFuzzer with ASan+UBSan
  chromium                      # browser tests (never a downloaded browser)
  fonts-noto-core python3-fonttools
  fonts-noto-cjk                # Noto Sans CJK SC: Chinese, subset at build time
  libharfbuzz-dev libfribidi-dev  # native text shaping and bidi (src/text/)
  libqrencode-dev qrencode      # the receipt's QR code (core/qr.c); the CLI checks it in the tests
  libharfbuzz-bin               # hb-shape: the unit tests compare our shaping with it
  librsvg2-bin                  # app icons rasterised from assets/icon.svg
  brotli                        # .br twins of the web build, for browsers on HTTPS
  iso-codes                     # country names in the six languages for the registration form
  unicode-data                  # Unihan readings: Chinese country names in pinyin order
  rime-data-pinyin-simp         # the on-screen keyboard's pinyin candidates (Apache-2.0), converted at build time
  gettext                       # msgmerge and msgfmt for translators (make po-update, po-check)
  libgnutls28-dev openssl       # parleyd's HTTPS (GnuTLS); test certificates
  libnss3-tools                 # certutil: a venue CA in Chromium's NSS database
  nginx                         # the reverse-proxy set-up and its test
  systemd                       # systemd-analyze verify/security of parleyd.service
  libzip-dev python3-docx       # the Chair's summary as .docx; the test reads it back
  zlib1g-dev                    # parleyd's API answers gzip-compressed
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing+=("$p")
done

# deb-src entry derived from the machine's own Debian sources, so no host name lives here.
srcfile=/etc/apt/sources.list.d/parley-deb-src.sources
need_update=0
if [ ! -f "$srcfile" ]; then
  main_sources=/etc/apt/sources.list.d/debian.sources
  uri=$(awk '/^URIs:/{print $2; exit}' "$main_sources")
  . /etc/os-release
  [ -n "$uri" ] || { log "cannot find a Debian URI in $main_sources"; exit 1; }
  printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$uri" "$VERSION_CODENAME" | as_root tee "$srcfile" >/dev/null
  need_update=1
fi

source_pkgs=(libsdl2 lz4 cjson harfbuzz fribidi qrencode)
missing_src=()
for s in "${source_pkgs[@]}"; do
  [ -f "$cache/src/$s.dir" ] && [ -d "$cache/src/$(cat "$cache/src/$s.dir")" ] || missing_src+=("$s")
done

if [ ${#missing[@]} -gt 0 ] || [ ${#missing_src[@]} -gt 0 ] || [ $need_update = 1 ]; then
  log "apt-get update"
  as_root apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Sources for the wasm build (Debian source packages, Debian's patches applied) ---
for s in "${missing_src[@]}"; do
  log "fetching source package $s"
  tmp=$(mktemp -d "$cache/src/.$s.XXXX")
  if ! (cd "$tmp" && apt-get source -qq "$s" >/dev/null 2>&1); then
    # A mirror that lacks a package's Debian tarball still has its upstream one: taken when its
    # SHA-256 is the one the .dsc names (such a package then builds without Debian's patches).
    orig=$(find "$tmp" -maxdepth 1 -name '*.orig.tar.*' | head -n1)
    dsc=$(find "$tmp" -maxdepth 1 -name '*.dsc' | head -n1)
    if [ -z "$orig" ] || [ -z "$dsc" ] || ! grep -q "^ $(sha256sum "$orig" | cut -d' ' -f1) " "$dsc" \
       || ! tar -xf "$orig" -C "$tmp"; then
      rm -rf "$tmp"; log "apt-get source $s failed"; exit 1
    fi
    log "$s: Debian's tarball is missing on this mirror; its upstream source, checked against the .dsc"
  fi
  dir=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | head -n1)
  rm -rf "${cache:?}/src/$dir"
  mv "$tmp/$dir" "$cache/src/$dir"
  rm -rf "$tmp"
  echo "$dir" > "$cache/src/$s.dir"
done

# --- SDL2 for wasm: size-oriented, subsystems a kiosk does not use switched off ---
export NODE_PATH=/usr/share/nodejs
sdl_src="$cache/src/$(cat "$cache/src/libsdl2.dir")"
sdl_flags=(
  -DCMAKE_BUILD_TYPE=MinSizeRel
  # -flto only in the per-config flags: cmake's feature checks use the Debug ones,
  # which keeps configuring fast while the library itself is LLVM bitcode for LTO.
  # SDL_LEAN_AND_MEAN (src/SDL_internal.h): no software renderer, no software blitters
  # beyond the generic one, no RLE, no YUV; the kiosk draws with the GLES2 renderer only.
  "-DCMAKE_C_FLAGS_MINSIZEREL=-Oz -flto -DNDEBUG -DSDL_LEAN_AND_MEAN=1"
  -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF
  -DSDL_AUDIO=OFF -DSDL_JOYSTICK=OFF -DSDL_HAPTIC=OFF -DSDL_SENSOR=OFF
  -DSDL_POWER=OFF -DSDL_HIDAPI=OFF -DSDL_FILESYSTEM=OFF -DSDL_MISC=OFF
  -DSDL_LOCALE=OFF -DSDL_THREADS=OFF -DSDL_ATOMIC=ON
  # video drivers other than the browser's and renderers other than GLES2 off, and
  # SDL's internal assertions (their messages and report handler) compiled out
  -DSDL_DUMMYVIDEO=OFF -DSDL_OFFSCREEN=OFF -DSDL_OPENGL=OFF -DSDL_RENDER_D3D=OFF
  -DSDL_DISKAUDIO=OFF -DSDL_DUMMYAUDIO=OFF -DSDL_ASSERTIONS=disabled
)
# Our changes to SDL's source (scripts/sdl2-*.patch), applied to a copy: its GLES2 renderer
# compiles a shader when a draw first needs it, not all of them at start-up.
sdl_patches=("$here"/scripts/sdl2-*.patch)
key=$(cat <(printf '%s\n' "$(basename "$sdl_src")" "$(emcc --version | head -n1)" "${sdl_flags[@]}") "${sdl_patches[@]}" \
      | sha256sum | cut -c1-12)
sdl_prefix="$cache/sdl2-wasm-$key"
if [ ! -f "$sdl_prefix/.done" ]; then
  log "building SDL2 for wasm into $sdl_prefix (a few minutes, once)"
  bdir="$cache/build-sdl2-$key"
  rm -rf "$bdir" "$sdl_prefix"
  mkdir -p "$bdir/build"
  cp -a "$sdl_src" "$bdir/src"
  for p in "${sdl_patches[@]}"; do
    patch -d "$bdir/src" -p1 -s --no-backup-if-mismatch < "$p" || { log "SDL2: $p does not apply"; exit 1; }
  done
  (cd "$bdir/build" && emcmake cmake "$bdir/src" "${sdl_flags[@]}" -DCMAKE_INSTALL_PREFIX="$sdl_prefix" >cmake.log 2>&1 \
     && emmake make -j"$jobs" >make.log 2>&1 && make install >install.log 2>&1) \
    || { log "SDL2 build failed; logs in $bdir/build"; exit 1; }
  touch "$sdl_prefix/.done"
  rm -rf "$bdir"
fi
# --- HarfBuzz and FriBidi for wasm: the shaping module's libraries (src/text/shape.h) ---
# HarfBuzz as one unity file of our own (src/text/harfbuzz-parley.cc: HB_TINY, no shapers for
# scripts no shipped font draws), FriBidi's bidi parts with a configuration written for this
# build (src/text/fribidi-config/); compiled once per source version, compiler and flags.
hb_src="$cache/src/$(cat "$cache/src/harfbuzz.dir")"
fb_src="$cache/src/$(cat "$cache/src/fribidi.dir")"
hb_flags=(-std=c++11 -DHB_TINY -fno-exceptions -fno-rtti -fno-threadsafe-statics -Oz -flto -w)
fb_flags=(-std=c11 -Oz -flto -DHAVE_CONFIG_H -w)
fb_parts=(fribidi fribidi-bidi fribidi-bidi-types fribidi-brackets fribidi-mirroring fribidi-run)
key=$(cat "$here/src/text/harfbuzz-parley.cc" "$here"/src/text/fribidi-config/*.h \
      <(printf '%s\n' "$(basename "$hb_src")" "$(basename "$fb_src")" "$(emcc --version | head -n1)" \
                      "${hb_flags[@]}" "${fb_flags[@]}" "${fb_parts[@]}") | sha256sum | cut -c1-12)
text_prefix="$cache/text-wasm-$key"
if [ ! -f "$text_prefix/.done" ]; then
  log "building HarfBuzz and FriBidi for wasm into $text_prefix (a minute, once)"
  rm -rf "$text_prefix"
  mkdir -p "$text_prefix/fribidi"
  em++ "${hb_flags[@]}" -I"$hb_src/src" -c "$here/src/text/harfbuzz-parley.cc" -o "$text_prefix/harfbuzz.o" \
    || { log "HarfBuzz build failed"; exit 1; }
  for p in "${fb_parts[@]}"; do
    emcc "${fb_flags[@]}" -I"$fb_src/lib" -I"$here/src/text/fribidi-config" -c "$fb_src/lib/$p.c" -o "$text_prefix/fribidi/$p.o" \
      || { log "FriBidi build failed ($p)"; exit 1; }
  done
  touch "$text_prefix/.done"
fi
# The Makefile reads this to find the wasm SDL2, HarfBuzz and FriBidi, and the LZ4, cJSON,
# HarfBuzz and FriBidi sources.
mkdir -p "$here/build"
cat > "$here/build/deps.mk.tmp" <<MK
SDL2_WASM_PREFIX := $sdl_prefix
SDL2_SRC := $sdl_src
LZ4_SRC := $cache/src/$(cat "$cache/src/lz4.dir")
CJSON_SRC := $cache/src/$(cat "$cache/src/cjson.dir")
HARFBUZZ_SRC := $cache/src/$(cat "$cache/src/harfbuzz.dir")
FRIBIDI_SRC := $cache/src/$(cat "$cache/src/fribidi.dir")
QRENCODE_SRC := $cache/src/$(cat "$cache/src/qrencode.dir")
TEXT_WASM_OBJS := $text_prefix/harfbuzz.o $(printf "$text_prefix/fribidi/%s.o " "${fb_parts[@]}")
MK
# Rewritten only when it changed: the objects that include SDL's headers depend on it.
if cmp -s "$here/build/deps.mk.tmp" "$here/build/deps.mk"; then rm "$here/build/deps.mk.tmp"
else mv "$here/build/deps.mk.tmp" "$here/build/deps.mk"; fi

# --- npm test tooling, pinned by package-lock.json ---
if [ -f "$here/package-lock.json" ]; then
  stamp="$here/node_modules/.parley-lock-sha"
  want=$(sha256sum "$here/package-lock.json" | cut -c1-64)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "npm ci"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" > "$stamp"
  fi
fi
log "ready"
