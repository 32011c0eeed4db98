# emcc.mk — the WebAssembly build of the kiosk (`make web` → build/web/).
# SDL2, LZ4 and cJSON come from Debian's source packages prepared by scripts/setup.sh
# (paths in build/deps.mk); Debian's emcc cannot use its ports (frozen cache).
EMCC     := emcc
WEB      := $(BUILD)/web
WASM_OBJ := $(BUILD)/wasm/obj
FONT_SRC_DIR := /usr/share/fonts/truetype/noto

WEB_CFLAGS := $(CSTD) $(WARN) -Oz -flto -Isrc -I/usr/include/stb -I$(CJSON_SRC) -I$(LZ4_SRC)/lib \
              -I$(SDL2_WASM_PREFIX)/include/SDL2 -MMD -MP
# English is compiled in; every other language is a pack (core/langpack.h) fetched when it
# is chosen: build/web/lang/<tag>.txt, its messages then its country names, from the same
# generators as the native tables (--embed en --packs), precached by the service worker.
WEB_GEN    := $(BUILD)/gen/web
PACK_LANGS := $(filter-out en,$(shell grep -o 'X(I18N_[A-Z]*, "[a-z]*")' src/core/i18n.h | grep -o '[a-z][a-z]'))
LANG_PACKS := $(PACK_LANGS:%=$(WEB)/lang/%.txt)
# The LZ4 dictionary likewise: its bytes are build/web/lz4dict.bin, fetched after the first
# frame; the wasm keeps its id, length and checksum (scripts/mkdict.py --web).
WEB_CORE_SRC := $(filter-out $(BUILD)/gen/i18n_catalog.c $(BUILD)/gen/countries_table.c $(BUILD)/gen/lz4dict.c,$(CORE_SRC)) \
                $(WEB_GEN)/i18n_catalog.c $(WEB_GEN)/countries_table.c $(WEB_GEN)/lz4dict.c
WEB_SRC := $(WEB_CORE_SRC) $(UI_SRC) $(APP_SRC) $(GFX_SRC) src/platform/kiosk.c src/platform/web.c
LZ4_PARTS := lz4 lz4frame lz4hc xxhash
WEB_OBJS := $(call obj,$(BUILD)/wasm,$(WEB_SRC)) $(WASM_OBJ)/cJSON.o $(LZ4_PARTS:%=$(WASM_OBJ)/lz4/%.o)

# GL_SUPPORT_AUTOMATIC_ENABLE_EXTENSIONS=0: SDL's GLES2 renderer uses no WebGL extension, and
# enabling every one the browser has (a round trip to its GPU process each) cost the first
# frame about 50 ms.
WEB_LDFLAGS := -Oz -flto --no-entry \
  -sENVIRONMENT=web -sMODULARIZE=1 -sEXPORT_NAME=createParley \
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=33554432 -sFILESYSTEM=0 -sMALLOC=emmalloc \
  -sEXPORTED_FUNCTIONS=_parley_boot,_parley_pointer,_parley_activate,_parley_focus,_parley_edit,_parley_scroll_to,_parley_key,_parley_set_status,_parley_record_stored,_parley_device_id,_parley_tab_id,_parley_sync_begin,_parley_sync_entry,_parley_sync_end,_parley_lease_claim,_parley_lease_set,_parley_upload_done,_parley_export_header,_parley_export_entry,_parley_export_text,_parley_records_saved,_parley_lang_data,_parley_codec_full,_parley_dict_data,_malloc,_free \
  -sEXPORTED_RUNTIME_METHODS=HEAPU8,UTF8ToString -sDYNAMIC_EXECUTION=0 \
  -sGL_SUPPORT_AUTOMATIC_ENABLE_EXTENSIONS=0 \
  -sINCOMING_MODULE_JS_API=instantiateWasm,canvas,print,printErr,onAbort,locateFile,onSemantics,onFrame,remember,store,upload,storeChange,uploaded,saveRecords,loadLang,loadSplitModule \
  --js-library web/parley_lib.js

$(BUILD)/wasm/obj/%.o: %.c | check-layers
	@mkdir -p $(dir $@)
	$(EMCC) $(WEB_CFLAGS) -c $< -o $@
# Another SDL2 build (scripts/setup.sh, a new cache key) means other SDL headers.
$(call obj,$(BUILD)/wasm,$(GFX_SRC) src/platform/kiosk.c src/platform/web.c): $(BUILD)/deps.mk

# cJSON is third-party: compiled as it is, without our warning set.
$(WASM_OBJ)/cJSON.o: $(CJSON_SRC)/cJSON.c
	@mkdir -p $(dir $@)
	$(EMCC) -std=c11 -Oz -flto -c $< -o $@

$(WASM_OBJ)/lz4/%.o: $(LZ4_SRC)/lib/%.c
	@mkdir -p $(dir $@)
	$(EMCC) -std=c11 -O2 -flto -c $< -o $@

# One link writes all three: a grouped target, so whatever depends on the wasm (its twins,
# the service worker's build id) is remade whenever the link runs. The shipped JS goes through
# Closure Compiler (ADVANCED; scripts/closure.sh runs the npm one, pinned by package-lock.json),
# which also shortens the names the JS and the wasm use for each other. Then binaryen's
# wasm-split moves the LZ4HC compressor (DEFERRED_FUNCS) into parley.deferred.wasm, which the
# page fetches after the first frame (emcc's SPLIT_MODULE runtime gives the placeholders;
# its instrumented module is not used): the link keeps function names for wasm-split only,
# and its outputs carry none.
CLOSURE := scripts/closure.sh
DEFERRED_FUNCS := LZ4_compress_HC_continue,LZ4HC_compress_generic_noDictCtx,LZ4F_compressBlockHC,LZ4F_compressBlockHC_continue
$(WEB)/parley.js $(WEB)/parley.wasm $(WEB)/parley.deferred.wasm &: $(WEB_OBJS) web/parley_lib.js emcc.mk $(CLOSURE) package-lock.json
	@mkdir -p $(WEB)
	EM_CLOSURE_COMPILER=$(CURDIR)/$(CLOSURE) $(EMCC) $(WEB_OBJS) -L$(SDL2_WASM_PREFIX)/lib -lSDL2 $(WEB_LDFLAGS) \
	  --closure 1 -sSPLIT_MODULE=1 -Wno-experimental --profiling-funcs -o $(WEB)/parley.js
	wasm-split $(WEB)/parley.wasm.orig --enable-mutable-globals --export-prefix=% --split-funcs=$(DEFERRED_FUNCS) \
	  -o1 $(WEB)/parley.wasm -o2 $(WEB)/parley.deferred.wasm
	rm -f $(WEB)/parley.wasm.orig

# The same link with function names kept, for `make bench` to say where the wasm's bytes go
# (scripts/wasm_breakdown.py); never shipped.
PROFILE := $(BUILD)/profile
$(PROFILE)/parley.js $(PROFILE)/parley.wasm &: $(WEB_OBJS) web/parley_lib.js emcc.mk
	@mkdir -p $(PROFILE)
	$(EMCC) $(WEB_OBJS) -L$(SDL2_WASM_PREFIX)/lib -lSDL2 $(WEB_LDFLAGS) --profiling-funcs -o $(PROFILE)/parley.js

# Fonts: Noto Sans cut down to the scripts the kiosk shows (fonts/latin.unicodes).
$(WEB)/fonts/%.ttf: $(FONT_SRC_DIR)/%.ttf fonts/latin.unicodes
	@mkdir -p $(dir $@)
	/usr/bin/python3 -m fontTools.subset $< --unicodes-file=fonts/latin.unicodes --layout-features=kern --no-hinting \
	  --drop-tables+=DSIG,GSUB --name-IDs=0,1,2,3,4,5,6,13,14 --output-file=$@

$(WEB_GEN)/i18n_catalog.c $(PACK_LANGS:%=$(WEB_GEN)/lang/%.msg) &: scripts/gen_catalog.py src/core/i18n.h $(PO_FILES)
	@mkdir -p $(WEB_GEN)
	/usr/bin/python3 $< src/core/i18n.h po $(WEB_GEN)/i18n_catalog.c --embed en --packs $(WEB_GEN)/lang
$(WEB_GEN)/countries_table.c $(PACK_LANGS:%=$(WEB_GEN)/lang/%.countries) &: scripts/gen_countries.py src/core/countries.h src/core/i18n.h
	@mkdir -p $(WEB_GEN)
	/usr/bin/python3 $< $(WEB_GEN)/countries_table.c $(shell sed -n 's/^#define COUNTRY_COUNT //p' src/core/countries.h) \
	  --embed en --packs $(WEB_GEN)/lang
$(WEB_GEN)/lz4dict.c: scripts/mkdict.py $(wildcard tests/corpus/comments/train/*.txt)
	@mkdir -p $(dir $@)
	/usr/bin/python3 $< --web $@
$(WEB)/lz4dict.bin: scripts/mkdict.py $(wildcard tests/corpus/comments/train/*.txt)
	@mkdir -p $(dir $@)
	/usr/bin/python3 $< $@
$(WEB_GEN)/lang/%.txt: $(WEB_GEN)/lang/%.msg $(WEB_GEN)/lang/%.countries
	cat $^ > $@
# The unit test of the pack loader reads the packs and compares them with the native tables.
$(BUILD)/native/tests/test_langpack $(BUILD)/asan/tests/test_langpack: $(PACK_LANGS:%=$(WEB_GEN)/lang/%.txt)
$(WEB)/lang/%.txt: $(WEB_GEN)/lang/%.txt
	@mkdir -p $(dir $@)
	cp $< $@

$(WEB)/event.json: $(EVENT)
	@mkdir -p $(WEB)
	cp $< $@

# The page's own scripts, minified by the same Closure Compiler in its SIMPLE mode (local
# names shortened, comments and blanks gone; globals and properties kept as they are).
# boot.js ships as written: tests/browser/tabs sets a debugger breakpoint by its source line.
PAGE_JS := $(WEB)/mirror.js $(WEB)/store.js
$(PAGE_JS): $(WEB)/%.js: web/%.js $(CLOSURE) package-lock.json
	@mkdir -p $(dir $@)
	$(CLOSURE) --compilation_level SIMPLE --language_in ECMASCRIPT_2021 --language_out NO_TRANSPILE \
	  --emit_use_strict=false --js $< --js_output_file $@
$(WEB)/%: web/%
	@mkdir -p $(dir $@)
	cp $< $@
$(WEB)/index.html: index.html
	@mkdir -p $(WEB)
	cp $< $@

# Icons, all from the one source image (rsvg-convert, Debian's librsvg2-bin). The maskable and
# Apple ones fill the square with the accent colour and keep the mark at 90 %, well inside the
# circle a launcher's mask keeps; their size is the last number in the name.
ICONS_ANY  := $(WEB)/icons/favicon-32.png $(WEB)/icons/icon-192.png $(WEB)/icons/icon-512.png
ICONS_FULL := $(WEB)/icons/apple-touch-icon-180.png $(WEB)/icons/maskable-512.png
icon_size   = $(lastword $(subst -, ,$*))
$(ICONS_ANY): $(WEB)/icons/%.png: assets/icon.svg
	@mkdir -p $(dir $@)
	rsvg-convert -w $(icon_size) -h $(icon_size) $< -o $@
$(ICONS_FULL): $(WEB)/icons/%.png: assets/icon.svg
	@mkdir -p $(dir $@)
	s=$(icon_size); m=$$(( (s - s * 9 / 10) / 2 )); \
	rsvg-convert -w $$(( s - 2 * m )) -h $$(( s - 2 * m )) --page-width $$s --page-height $$s \
	  --left $$m --top $$m -b '#005ea8' $< -o $@

# The numbers JavaScript shares with C, printed from the C headers (scripts/gen_jsconst.c).
$(BUILD)/native/gen_jsconst: scripts/gen_jsconst.c $(BUILD)/native/libui.a $(BUILD)/native/libcore.a
	$(CC) $(NATIVE_CFLAGS) $< -o $@ -L$(BUILD)/native -lui -lcore $(NATIVE_LIBS)
$(WEB)/const.js: $(BUILD)/native/gen_jsconst
	@mkdir -p $(WEB)
	$< > $@

SHELL_FILES := $(WEB)/index.html $(WEB)/parley.css $(WEB)/const.js $(WEB)/parley.js $(WEB)/parley.wasm $(WEB)/parley.deferred.wasm \
               $(WEB)/boot.js $(WEB)/mirror.js $(WEB)/store.js \
               $(WEB)/event.json $(WEB)/fonts/NotoSans-Regular.ttf $(WEB)/fonts/NotoSans-Bold.ttf \
               $(WEB)/manifest.webmanifest $(ICONS_ANY) $(ICONS_FULL) $(LANG_PACKS) $(WEB)/lz4dict.bin
WEB_FILES := $(SHELL_FILES) $(WEB)/sw.js

# The service worker names its cache after the shell it precaches: a new build, a new cache.
$(WEB)/sw.js: web/sw.js $(SHELL_FILES)
	@mkdir -p $(WEB)
	sed "s/__PARLEY_BUILD_ID__/$$(cat $(SHELL_FILES) | sha256sum | cut -c1-16)/" $< > $@

# Precompressed copies: parleyd serves the .br to clients that accept brotli (browsers do on
# HTTPS only), else the .gz to those that accept gzip.
%.gz: %
	gzip -9 -n -k -f $<
%.br: %
	brotli -q 11 -n -f -o $@ $< && chmod 0644 $@

WEB_TWINS := $(filter-out %.png,$(WEB_FILES))
.PHONY: web
web: $(WEB_FILES) $(WEB_TWINS:%=%.gz) $(WEB_TWINS:%=%.br)
