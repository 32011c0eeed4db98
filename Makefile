# Makefile — builds, runs and tests Parley. `make run` and `make test` do every set-up step
# themselves (scripts/setup.sh, idempotent). Native code: gcc; web: emcc (see emcc.mk).
.DEFAULT_GOAL := all
SHELL := /bin/bash
.DELETE_ON_ERROR:
.SECONDARY:
.SECONDEXPANSION:

BUILD  := build
PORT   ?= 8080
BIND   ?= 127.0.0.1
EVENT  ?= assets/events/untoc-som-2022.json
export NODE_PATH := /usr/share/nodejs

# --- native C ------------------------------------------------------------------------
CC      := gcc
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L
CJSON_CFLAGS := -I/usr/include/cjson
# Debian's HarfBuzz and FriBidi (libharfbuzz-dev, libfribidi-dev) for src/text natively.
TEXT_CFLAGS  := -I/usr/include/harfbuzz -I/usr/include/fribidi
NATIVE_CFLAGS := $(CSTD) $(WARN) -O2 -g -Isrc -I/usr/include/stb $(CJSON_CFLAGS) $(TEXT_CFLAGS) -MMD -MP
SAN_CFLAGS    := $(CSTD) $(WARN) -O1 -g -Isrc -I/usr/include/stb $(CJSON_CFLAGS) $(TEXT_CFLAGS) -MMD -MP \
                 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_LDFLAGS   := -fsanitize=address,undefined

# Layers (README, "Source layout"; scripts/check_layers.sh): core <- text <- ui <- app; gfx and platform at the edge; server on core.
CORE_SRC   := $(wildcard src/core/*.c) $(BUILD)/gen/countries_table.c $(BUILD)/gen/lz4dict.c \
              $(BUILD)/gen/i18n_catalog.c
TEXT_SRC   := $(wildcard src/text/*.c) $(BUILD)/gen/preshaped.c
UI_SRC     := $(wildcard src/ui/*.c)
APP_SRC    := $(wildcard src/app/*.c)
GFX_SRC    := $(wildcard src/gfx/*.c)
SERVER_SRC := $(wildcard src/server/*.c)
PORTABLE_SRC := $(CORE_SRC) $(TEXT_SRC) $(UI_SRC) $(APP_SRC)
UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

obj = $(patsubst %.c,$(1)/obj/%.o,$(2))

$(BUILD)/native/obj/%.o: %.c | check-layers
	@mkdir -p $(dir $@)
	$(CC) $(NATIVE_CFLAGS) $(if $(filter src/gfx/% src/platform/%,$<),$(shell pkg-config --cflags sdl2)) -c $< -o $@
$(BUILD)/asan/obj/%.o: %.c | check-layers
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -c $< -o $@

$(BUILD)/%/libcore.a: $$(call obj,$(BUILD)/$$*,$(CORE_SRC))
	@rm -f $@; ar rcs $@ $^
$(BUILD)/%/libtext.a: $$(call obj,$(BUILD)/$$*,$(TEXT_SRC))
	@rm -f $@; ar rcs $@ $^
$(BUILD)/%/libui.a: $$(call obj,$(BUILD)/$$*,$(UI_SRC))
	@rm -f $@; ar rcs $@ $^
$(BUILD)/%/libapp.a: $$(call obj,$(BUILD)/$$*,$(APP_SRC))
	@rm -f $@; ar rcs $@ $^

NATIVE_LIBS := -lcjson -llz4 -lqrencode -lm
TEXT_LIBS   := -lharfbuzz -lfribidi
# test_app makes the outbox's allocation fail through the linker (outbox_new wrapped).
TEST_LDFLAGS_test_app := -Wl,--wrap=outbox_new
KIOSK_LIBS  = $(BUILD)/$(1)/libapp.a $(BUILD)/$(1)/libui.a $(BUILD)/$(1)/libtext.a $(BUILD)/$(1)/libcore.a
$(BUILD)/native/tests/%: tests/unit/%.c $(call KIOSK_LIBS,native)
	@mkdir -p $(dir $@)
	$(CC) $(NATIVE_CFLAGS) -Itests/unit $< -o $@ -L$(BUILD)/native -lapp -lui -ltext -lcore -lcmocka $(TEXT_LIBS) $(NATIVE_LIBS) $(TEST_LDFLAGS_$*)
$(BUILD)/asan/tests/%: tests/unit/%.c $(call KIOSK_LIBS,asan)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -Itests/unit $< -o $@ -L$(BUILD)/asan -lapp -lui -ltext -lcore -lcmocka $(TEXT_LIBS) $(NATIVE_LIBS) $(SAN_LDFLAGS) $(TEST_LDFLAGS_$*)

NATIVE_TEST_BINS := $(UNIT_TESTS:%=$(BUILD)/native/tests/%) $(UNIT_TESTS:%=$(BUILD)/asan/tests/%)

# Country names come from Debian's iso-codes at build time, in every language of i18n.h.
$(BUILD)/gen/countries_table.c: scripts/gen_countries.py src/core/countries.h src/core/i18n.h
	@mkdir -p $(dir $@)
	/usr/bin/python3 $< $@ $(shell sed -n 's/^#define COUNTRY_COUNT //p' src/core/countries.h)

# The message catalogue: po/parley.pot (English, the ids) and po/<lang>.po, compiled to C.
PO_FILES := po/parley.pot $(wildcard po/*.po)
$(BUILD)/gen/i18n_catalog.c: scripts/gen_catalog.py src/core/i18n.h $(PO_FILES)
	@mkdir -p $(dir $@)
	/usr/bin/python3 $< src/core/i18n.h po $@

# For translators: merge a changed template into every PO file (changed messages become
# fuzzy, to review), and check the files with GNU gettext's own checker.
.PHONY: po-update po-check
po-update:
	@set -e; for f in po/*.po; do msgmerge --quiet --update --backup=none --no-wrap $$f po/parley.pot; done
po-check:
	@set -e; for f in po/*.po; do printf '%s: ' $$f; msgfmt --check --statistics -o /dev/null $$f; done

# The LZ4 dictionary of stored records, from the project's own text (its id is pinned).
# The language names that need a face the page may not have yet, shaped at build time.
$(BUILD)/gen/preshaped.c: scripts/gen_preshaped.py scripts/langtext.py scripts/gen_catalog.py $(wildcard po/*.po)
	@mkdir -p $(dir $@)
	/usr/bin/python3 $< $@

$(BUILD)/gen/lz4dict.c: scripts/mkdict.py $(wildcard tests/corpus/comments/train/*.txt)
	@mkdir -p $(dir $@)
	/usr/bin/python3 $< $@

# The desktop program: the same app on SDL2 + a native platform layer.
# Its uploads go through libcurl (libcurl4-openssl-dev), one thread per request.
$(BUILD)/native/parley: $(call obj,$(BUILD)/native,$(GFX_SRC) src/platform/kiosk.c src/platform/native.c \
                          src/platform/native_http.c) $(call KIOSK_LIBS,native)
	$(CC) $(filter %.o,$^) -o $@ -L$(BUILD)/native -lapp -lui -ltext -lcore $(shell pkg-config --libs sdl2 libcurl) -lpthread $(TEXT_LIBS) $(NATIVE_LIBS)

# The collection server.
$(BUILD)/parleyd: $(call obj,$(BUILD)/native,$(SERVER_SRC)) $(BUILD)/native/libcore.a
	$(CC) $(filter %.o,$^) -o $@ -L$(BUILD)/native -lcore -lmicrohttpd -lgnutls -lsqlite3 -lsodium -lzip -lz $(NATIVE_LIBS)

# The same server under ASan+UBSan: the HTTP tests run against it too.
$(BUILD)/asan/parleyd: $(call obj,$(BUILD)/asan,$(SERVER_SRC)) $(BUILD)/asan/libcore.a
	$(CC) $(filter %.o,$^) -o $@ -L$(BUILD)/asan -lcore -lmicrohttpd -lgnutls -lsqlite3 -lsodium -lzip -lz $(NATIVE_LIBS) $(SAN_LDFLAGS)

# The layer rule (scripts/check_layers.sh): core, ui and app know neither SDL nor Emscripten,
# and includes point one way only. tests/layers/plant.sh shows the check catches violations.
# scripts/check_layout.py: the README's source layout names every file (run by layer-tests too).
.PHONY: check-layers check-layout layer-tests
check-layers:
	@bash scripts/check_layers.sh src
check-layout:
	@python3 scripts/check_layout.py README.md
layer-tests:
	@bash tests/layers/plant.sh

# --- set-up and web ---------------------------------------------------------------------
.PHONY: setup
setup:
	@bash scripts/setup.sh

# Written by the set-up script; if it is missing, make runs set-up and restarts.
-include $(BUILD)/deps.mk
# Server-side extras (fuzzing, benchmarks) live in their own file.
-include server.mk
# Remade (set-up runs again, a few seconds) when what the cached wasm libraries are built from changes.
$(BUILD)/deps.mk: src/text/harfbuzz-parley.cc $(wildcard src/text/fribidi-config/*.h)
	@bash scripts/setup.sh
include emcc.mk

# --- top-level targets --------------------------------------------------------------------
.PHONY: all native server web run test unit-tests server-tests browser-tests bench clean
all: native server web
native: $(BUILD)/native/parley $(NATIVE_TEST_BINS)
server: $(BUILD)/parleyd

run: setup
	@$(MAKE) --no-print-directory server web
	@mkdir -p data
	$(BUILD)/parleyd --port $(PORT) --bind $(BIND) --data data --web $(BUILD)/web --event $(EVENT) $(PARLEYD_ARGS)

test: setup
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory layer-tests unit-tests server-tests browser-tests $(TEST_EXTRA)

# test_text_shipped reads the faces the web build ships.
unit-tests: $(NATIVE_TEST_BINS) $(LATIN_FONTS) $(TEXT_FONTS)
	@set -e; for t in $(NATIVE_TEST_BINS); do echo "== $$t"; $$t; done

server-tests: $(BUILD)/parleyd $(BUILD)/asan/parleyd $(BUILD)/native/parley $(BUILD)/native/backlog_gen
	node --test --test-concurrency=1 tests/server/
	PARLEYD=$(BUILD)/asan/parleyd node --test --test-concurrency=1 tests/server/

# The journey and the fault tests run again with pages at a plain-HTTP LAN name (not a
# secure context), as kiosks at a venue open Parley.
browser-tests: $(BUILD)/parleyd web $(BUILD)/native/backlog_gen
	node --test --test-concurrency=1 tests/browser/
	PARLEY_TEST_ORIGIN=lan node --test --test-concurrency=1 tests/browser/journey.test.mjs tests/browser/faults.test.mjs

# The codec benchmark: one C source, built natively and for the browser (same flags as the kiosk).
$(BUILD)/native/codec_bench: tests/bench/codec_native.c $(BUILD)/native/libcore.a
	$(CC) $(NATIVE_CFLAGS) $< -o $@ -L$(BUILD)/native -lcore $(NATIVE_LIBS)
$(BUILD)/native/backlog_gen: tests/bench/backlog_gen.c $(BUILD)/native/libcore.a
	$(CC) $(NATIVE_CFLAGS) $< -o $@ -L$(BUILD)/native -lcore $(NATIVE_LIBS)
$(BUILD)/bench/codec_bench.js: tests/bench/codec_native.c $(call obj,$(BUILD)/wasm,$(CORE_SRC)) \
                               $(WASM_OBJ)/cJSON.o $(LZ4_PARTS:%=$(WASM_OBJ)/lz4/%.o)
	@mkdir -p $(dir $@)
	$(EMCC) $(filter-out -MMD -MP,$(WEB_CFLAGS)) $(filter %.c %.o,$^) -O2 -sENVIRONMENT=web -sSINGLE_FILE=1 \
	  -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1 -sDYNAMIC_EXECUTION=0 -o $@
BENCH_PREREQS += $(BUILD)/profile/parley.wasm $(BUILD)/native/codec_bench $(BUILD)/native/backlog_gen $(BUILD)/bench/codec_bench.js \
                 $(BUILD)/native/tests/test_dict

# Every tests/bench/*.mjs prints its figures; server.mk may add prerequisites.
bench: setup
	@$(MAKE) --no-print-directory server web $(BENCH_PREREQS)
	@set -e; for b in tests/bench/*.mjs; do echo "== $$b"; node $$b; done

clean:
	rm -rf $(BUILD)

# --- install (docs/ and README "Deploying at a venue") ---------------------------------------
# parleyd in $(PREFIX)/bin, the web build in $(PREFIX)/share/parley/web, the events in
# $(PREFIX)/share/parley/events, the nginx example in $(PREFIX)/share/parley/nginx, the docs
# in $(PREFIX)/share/doc/parley, and parleyd.service (its paths made from PREFIX) in
# $(SYSTEMD_UNITDIR), one of the directories systemd reads for local units. DESTDIR is
# prepended to every path (staging, packaging).
PREFIX          ?= /usr/local
SYSTEMD_UNITDIR ?= $(PREFIX)/lib/systemd/system
.PHONY: install
install: $(BUILD)/parleyd web
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/parley/web \
	  $(DESTDIR)$(PREFIX)/share/parley/events $(DESTDIR)$(PREFIX)/share/parley/nginx \
	  $(DESTDIR)$(PREFIX)/share/doc/parley $(DESTDIR)$(SYSTEMD_UNITDIR)
	install -m 0755 $(BUILD)/parleyd $(DESTDIR)$(PREFIX)/bin/parleyd
	cp -R --no-preserve=ownership $(BUILD)/web/. $(DESTDIR)$(PREFIX)/share/parley/web/
	install -m 0644 assets/events/*.json $(DESTDIR)$(PREFIX)/share/parley/events/
	install -m 0644 dist/nginx/parley.conf $(DESTDIR)$(PREFIX)/share/parley/nginx/parley.conf
	install -m 0644 README.md docs/device-export.md $(DESTDIR)$(PREFIX)/share/doc/parley/
	sed 's|@PREFIX@|$(PREFIX)|g' dist/parleyd.service.in > $(DESTDIR)$(SYSTEMD_UNITDIR)/parleyd.service
	chmod 0644 $(DESTDIR)$(SYSTEMD_UNITDIR)/parleyd.service

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
