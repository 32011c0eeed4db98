# emcc.mk — the WebAssembly build of the kiosk (`make web` → build/web/).
# SDL2, LZ4, cJSON, HarfBuzz and FriBidi come from Debian's source packages prepared by scripts/setup.sh
# (paths in build/deps.mk); Debian's emcc cannot use its ports (frozen cache).
EMCC     := emcc
WEB      := $(BUILD)/web
WASM_OBJ := $(BUILD)/wasm/obj
FONT_SRC_DIR := /usr/share/fonts/truetype/noto

# FriBidi's configure output is written by hand (src/text/fribidi-config/) for this build.
FRIBIDI_INC := -I$(FRIBIDI_SRC)/lib -Isrc/text/fribidi-config
WEB_CFLAGS := $(CSTD) $(WARN) -Oz -flto -Isrc -I/usr/include/stb -I$(CJSON_SRC) -I$(LZ4_SRC)/lib -I$(QRENCODE_SRC) \
              -I$(HARFBUZZ_SRC)/src $(FRIBIDI_INC) -I$(SDL2_WASM_PREFIX)/include/SDL2 -MMD -MP
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
# The shaping engine (src/text/shape.c) is not in the kiosk's module: it is shape.wasm, below.
WEB_SRC := $(WEB_CORE_SRC) $(filter-out src/text/shape.c,$(TEXT_SRC)) $(UI_SRC) $(APP_SRC) $(GFX_SRC) \
           src/platform/kiosk.c src/platform/web.c src/platform/gl_procs.c
LZ4_PARTS := lz4 lz4frame lz4hc xxhash
# HarfBuzz and FriBidi, compiled for wasm by scripts/setup.sh (cached like SDL2).
TEXT_OBJS := $(TEXT_WASM_OBJS)
# libqrencode: the parts that encode (no command-line tool), as its build would compile them.
QRENCODE_PARTS := bitstream mask mmask mqrspec qrencode qrinput qrspec rsecc split
WEB_OBJS := $(call obj,$(BUILD)/wasm,$(WEB_SRC)) $(WASM_OBJ)/cJSON.o $(LZ4_PARTS:%=$(WASM_OBJ)/lz4/%.o) \
            $(QRENCODE_PARTS:%=$(WASM_OBJ)/qrencode/%.o)
# shape.wasm: HarfBuzz, FriBidi and the engine, a standalone module with its own memory that the
# page instantiates itself (web/boot.js) when text first needs it.
SHAPE_SRC := src/platform/shape_module.c src/text/shape.c src/text/layout.c src/core/utf8.c
SHAPE_OBJS := $(call obj,$(BUILD)/wasm,$(SHAPE_SRC)) $(TEXT_OBJS)
SHAPE_EXPORTS := _shape_init,_shape_alloc,_shape_release,_shape_add_face,_shape_line,_shape_result,_shape_base_dir
SHAPE_LDFLAGS := -Oz -flto --no-entry -sSTANDALONE_WASM=1 -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=2097152 -sTOTAL_STACK=65536 \
  -sMALLOC=emmalloc -sFILESYSTEM=0 -sEXPORTED_FUNCTIONS=$(SHAPE_EXPORTS)

# GL_SUPPORT_AUTOMATIC_ENABLE_EXTENSIONS=0: SDL's GLES2 renderer uses no WebGL extension, and
# enabling every one the browser has (a round trip to its GPU process each) cost the first
# frame about 50 ms.
# binaryen inlines a function with one caller whatever its size; the deferred entry points
# (DEFERRED_ENTRIES, below) must stay functions of their own, so only small ones are inlined.
WEB_LDFLAGS := -Oz -flto --no-entry -sBINARYEN_EXTRA_PASSES=--one-caller-inline-max-function-size=100 \
  -sENVIRONMENT=web -sMODULARIZE=1 -sEXPORT_NAME=createParley \
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=33554432 -sFILESYSTEM=0 -sMALLOC=emmalloc \
  -sEXPORTED_FUNCTIONS=_parley_boot,_parley_add_font,_parley_text_changed,_parley_text_pending,_parley_set_base_url,_parley_pointer,_parley_activate,_parley_focus,_parley_edit,_parley_scroll_to,_parley_key,_parley_set_status,_parley_record_stored,_parley_device_id,_parley_tab_id,_parley_sync_begin,_parley_sync_entry,_parley_sync_end,_parley_lease_claim,_parley_lease_set,_parley_export_header,_parley_export_entry,_parley_export_text,_parley_records_saved,_parley_http,_parley_shortcut,_parley_lang_data,_parley_deferred_ready,_parley_dict_data,_parley_pinyin_data,_malloc,_free \
  -sEXPORTED_RUNTIME_METHODS=HEAPU8,UTF8ToString -sDYNAMIC_EXECUTION=0 \
  -sGL_SUPPORT_AUTOMATIC_ENABLE_EXTENSIONS=0 \
  -sINCOMING_MODULE_JS_API=instantiateWasm,canvas,print,printErr,onAbort,locateFile,onSemantics,onFrame,remember,store,httpIdle,storeChange,uploaded,saveRecords,shaper,shaperRequest,fontWant,loadLang,loadPinyin,loadSplitModule \
  --js-library web/parley_lib.js

$(BUILD)/wasm/obj/%.o: %.c | check-layers
	@mkdir -p $(dir $@)
	$(EMCC) $(WEB_CFLAGS) -c $< -o $@
# Another SDL2 build (scripts/setup.sh, a new cache key) means other SDL headers.
$(call obj,$(BUILD)/wasm,$(GFX_SRC) src/platform/kiosk.c src/platform/web.c src/platform/gl_procs.c): $(BUILD)/deps.mk
# the list of GL functions SDL's GLES2 renderer loads, from SDL's source
$(BUILD)/wasm/obj/src/platform/gl_procs.o: WEB_CFLAGS += -I$(SDL2_SRC)/src/render/opengles2

# cJSON is third-party: compiled as it is, without our warning set.
$(WASM_OBJ)/cJSON.o: $(CJSON_SRC)/cJSON.c
	@mkdir -p $(dir $@)
	$(EMCC) -std=c11 -Oz -flto -c $< -o $@

$(WASM_OBJ)/qrencode/%.o: $(QRENCODE_SRC)/%.c
	@mkdir -p $(dir $@)
	$(EMCC) -std=c11 -Oz -flto -DSTATIC_IN_RELEASE=static -DMAJOR_VERSION=4 -DMINOR_VERSION=1 -DMICRO_VERSION=1 \
	  '-DVERSION="4.1.1"' -w -c $< -o $@

# Optimised for size but the block decompressor (lz4.c), which reads every stored record.
$(WASM_OBJ)/lz4/%.o: $(LZ4_SRC)/lib/%.c
	@mkdir -p $(dir $@)
	$(EMCC) -std=c11 $(if $(filter lz4,$*),-O2,-Oz) -flto -c $< -o $@

# One link writes all three: a grouped target, so whatever depends on the wasm (its twins,
# the service worker's build id) is remade whenever the link runs. The shipped JS goes through
# Closure Compiler (ADVANCED; scripts/closure.sh runs the npm one, pinned by package-lock.json),
# which also shortens the names the JS and the wasm use for each other. Then binaryen's
# wasm-split moves what only DEFERRED_ENTRIES reach (scripts/split_funcs.py reads the call
# graph) into parley.deferred.wasm: the participant's forms and the on-screen keyboard, the
# compressors (records are stored and uploaded from those forms and once it is in), the
# console and the QR code maker (core/deferred.h). The page fetches it after the first frame, and before C starts in console
# mode (emcc's SPLIT_MODULE runtime gives the placeholders; its instrumented module is not
# used): the link keeps function names for wasm-split only, and its outputs carry none.
CLOSURE := scripts/closure.sh
DEFERRED_ENTRIES := screen_register,screen_country,screen_compose,screen_receipt,screen_check,screen_mine,screen_status,$\
  screen_floor,chrome_keyboard,backspace,keyboard_commit_letters,pinyin_table_load,pinyin_input_update,show_composition,app_check_answer,$\
  outbox_next_batch,outbox_export_line,check_blob,$\
  LZ4F_compressBlock,LZ4F_compressBlock_continue,LZ4F_doNotCompressBlock,$\
  LZ4_compress_HC_continue,LZ4HC_compress_generic_noDictCtx,LZ4F_compressBlockHC,LZ4F_compressBlockHC_continue,$\
  console_http,console_shortcut,console_pass,signin,flow_detail,flow_log,$\
  desk_meeting_screen,desk_registrations_screen,desk_summary_screen,qr_make
$(WEB)/parley.js $(WEB)/parley.wasm $(WEB)/parley.deferred.wasm &: $(WEB_OBJS) web/parley_lib.js emcc.mk $(CLOSURE) package-lock.json \
                                                              scripts/split_funcs.py
	@mkdir -p $(WEB)
	EM_CLOSURE_COMPILER=$(CURDIR)/$(CLOSURE) $(EMCC) $(WEB_OBJS) -L$(SDL2_WASM_PREFIX)/lib -lSDL2 $(WEB_LDFLAGS) \
	  --closure 1 -sSPLIT_MODULE=1 -Wno-experimental --profiling-funcs -o $(WEB)/parley.js
	/usr/bin/python3 scripts/split_funcs.py $(WEB)/parley.wasm.orig $(DEFERRED_ENTRIES) > $(WEB)/deferred.funcs
	wasm-split $(WEB)/parley.wasm.orig --enable-mutable-globals --export-prefix=% --split-funcs=$$(cat $(WEB)/deferred.funcs) \
	  -o1 $(WEB)/parley.wasm -o2 $(WEB)/parley.deferred.wasm
	rm -f $(WEB)/deferred.funcs
	rm -f $(WEB)/parley.wasm.orig

$(WEB)/shape.wasm: $(SHAPE_OBJS) emcc.mk
	@mkdir -p $(WEB)
	$(EMCC) $(SHAPE_OBJS) $(SHAPE_LDFLAGS) -o $@

# The same link with function names kept, for `make bench` to say where the wasm's bytes go
# (scripts/wasm_breakdown.py); never shipped.
PROFILE := $(BUILD)/profile
$(PROFILE)/parley.js $(PROFILE)/parley.wasm &: $(WEB_OBJS) web/parley_lib.js emcc.mk
	@mkdir -p $(PROFILE)
	$(EMCC) $(WEB_OBJS) -L$(SDL2_WASM_PREFIX)/lib -lSDL2 $(WEB_LDFLAGS) --profiling-funcs -o $(PROFILE)/parley.js

# Fonts: Noto Sans cut down to the scripts the kiosk shows, in steps like the other scripts'
# faces (below): the faces a page starts with (*.first.ttf for English, French and Spanish:
# ASCII and what those interfaces and the event show; *.ru.ttf for Russian: also
# fonts/latin-base.unicodes), the interface faces of English, French and Spanish
# (fonts/latin-base.unicodes, fonts/latin-ui.unicodes: Latin-1 and what the interfaces show),
# and the full faces (fonts/latin.unicodes, a superset); the later steps are fetched when
# text needs them.
EVENT_FILES := $(wildcard assets/events/*.json)
LANGTEXT := scripts/langtext.py scripts/gen_catalog.py scripts/gen_countries.py $(EVENT_FILES)
LATIN_SUBSET = /usr/bin/python3 -m fontTools.subset $< --layout-features=kern --no-hinting \
	  --drop-tables+=DSIG,GSUB --name-IDs=0,1,2,3,4,5,6,13,14 --output-file=$@
$(BUILD)/gen/latin-ui.unicodes: fonts/latin-base.unicodes fonts/latin-ui.unicodes po/fr.po po/es.po $(LANGTEXT)
	@mkdir -p $(dir $@)
	{ grep -hv '^#' fonts/latin-base.unicodes fonts/latin-ui.unicodes; for l in en fr es; do /usr/bin/python3 scripts/langtext.py $$l --group latin $(EVENT_FILES); done; } > $@.tmp
	mv $@.tmp $@
# The Latin faces every page but a Russian one starts with: printable ASCII (whatever is typed
# first), the punctuation the interface's code writes (fonts/latin-first.unicodes) and exactly
# the Latin that the English, French, Spanish, Arabic and Chinese interfaces and the event
# show; the interface faces are the next step, for other typed letters.
$(BUILD)/gen/latin-first.unicodes: fonts/latin-first.unicodes po/fr.po po/es.po po/ar.po po/zh.po $(LANGTEXT)
	@mkdir -p $(dir $@)
	{ echo U+0020-007E; grep -v '^#' fonts/latin-first.unicodes; for l in en fr es ar zh; do /usr/bin/python3 scripts/langtext.py $$l --group latin $(EVENT_FILES); done; } > $@.tmp
	mv $@.tmp $@
$(BUILD)/gen/latin.unicodes: fonts/latin.unicodes $(BUILD)/gen/latin-ui.unicodes $(BUILD)/gen/latin-ru.unicodes
	{ grep -v '^#' fonts/latin.unicodes; cat $(BUILD)/gen/latin-ui.unicodes $(BUILD)/gen/latin-ru.unicodes; } > $@.tmp
	mv $@.tmp $@
$(BUILD)/gen/latin-ru.unicodes: fonts/latin-base.unicodes po/ru.po $(LANGTEXT)
	@mkdir -p $(dir $@)
	{ grep -v '^#' fonts/latin-base.unicodes; /usr/bin/python3 scripts/langtext.py ru --group latin $(EVENT_FILES); } > $@.tmp
	mv $@.tmp $@
$(WEB)/fonts/NotoSans-%.first.ttf: $(FONT_SRC_DIR)/NotoSans-%.ttf $(BUILD)/gen/latin-first.unicodes
	@mkdir -p $(dir $@)
	$(LATIN_SUBSET) --unicodes-file=$(BUILD)/gen/latin-first.unicodes
$(WEB)/fonts/NotoSans-%.ui.ttf: $(FONT_SRC_DIR)/NotoSans-%.ttf $(BUILD)/gen/latin-ui.unicodes
	@mkdir -p $(dir $@)
	$(LATIN_SUBSET) --unicodes-file=$(BUILD)/gen/latin-ui.unicodes
$(WEB)/fonts/NotoSans-%.ru.ttf: $(FONT_SRC_DIR)/NotoSans-%.ttf $(BUILD)/gen/latin-ru.unicodes
	@mkdir -p $(dir $@)
	$(LATIN_SUBSET) --unicodes-file=$(BUILD)/gen/latin-ru.unicodes
$(WEB)/fonts/NotoSans-%.ttf: $(FONT_SRC_DIR)/NotoSans-%.ttf $(BUILD)/gen/latin.unicodes
	@mkdir -p $(dir $@)
	$(LATIN_SUBSET) --unicodes-file=$(BUILD)/gen/latin.unicodes
LATIN_FONTS := $(WEB)/fonts/NotoSans-Regular.first.ttf $(WEB)/fonts/NotoSans-Bold.first.ttf \
               $(WEB)/fonts/NotoSans-Regular.ui.ttf $(WEB)/fonts/NotoSans-Bold.ui.ttf \
               $(WEB)/fonts/NotoSans-Regular.ru.ttf $(WEB)/fonts/NotoSans-Bold.ru.ttf \
               $(WEB)/fonts/NotoSans-Regular.ttf $(WEB)/fonts/NotoSans-Bold.ttf

# The faces of the other scripts, cut down at build time (never committed) and fetched by the
# page only when text needs them (web/boot.js), in two steps each: first a face holding what
# the interface and the event show in that language (scripts/langtext.py) plus, for Arabic,
# the basic letters to type with; then, only for text beyond it, the larger face.
# Arabic keeps the layout features HarfBuzz applies by default (joining forms, lam-alef, marks,
# kerning), none of the optional ones; Chinese is Noto Sans CJK SC (face 2 of Debian's
# collection) without layout tables, its larger face the first 3,500 characters of the Table of
# General Standard Chinese Characters.
CJK_SRC := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
UNIHAN_OTHER := /usr/share/unicode/Unihan_OtherMappings.txt.bz2
ARABIC_FEATURES := ccmp,locl,isol,fina,fin2,fin3,medi,med2,init,rlig,rclt,calt,liga,clig,mark,mkmk,mset,curs,kern,dist
SUBSET := /usr/bin/python3 -m fontTools.subset
SUBSET_NAMES := --name-IDs=0,1,2,3,4,5,6,13,14
$(BUILD)/gen/arabic-ui.unicodes: fonts/arabic-ui.unicodes po/ar.po $(LANGTEXT)
	@mkdir -p $(dir $@)
	{ grep -v '^#' fonts/arabic-ui.unicodes; /usr/bin/python3 scripts/langtext.py ar --group arabic $(EVENT_FILES); } > $@.tmp
	mv $@.tmp $@
$(BUILD)/gen/cjk-ui.unicodes: po/zh.po $(LANGTEXT)
	@mkdir -p $(dir $@)
	/usr/bin/python3 scripts/langtext.py zh --group cjk $(EVENT_FILES) > $@.tmp
	mv $@.tmp $@
$(BUILD)/gen/cjk.unicodes: fonts/cjk.unicodes $(UNIHAN_OTHER)
	@mkdir -p $(dir $@)
	{ grep -v '^#' fonts/cjk.unicodes; bzcat $(UNIHAN_OTHER) | awk '$$2 == "kTGH" { split($$3, t, ":"); if (t[2] + 0 <= 3500) print $$1 }'; } > $@.tmp
	mv $@.tmp $@
$(WEB)/fonts/NotoSansArabic-%.ui.ttf: $(FONT_SRC_DIR)/NotoSansArabic-%.ttf $(BUILD)/gen/arabic-ui.unicodes
	@mkdir -p $(dir $@)
	$(SUBSET) $< --unicodes-file=$(BUILD)/gen/arabic-ui.unicodes --layout-features=$(ARABIC_FEATURES) --no-hinting \
	  --drop-tables+=DSIG --name-IDs=0,1,2,13,14 --output-file=$@
$(WEB)/fonts/NotoSansArabic-%.ttf: $(FONT_SRC_DIR)/NotoSansArabic-%.ttf fonts/arabic.unicodes
	@mkdir -p $(dir $@)
	$(SUBSET) $< --unicodes-file=fonts/arabic.unicodes --layout-features=$(ARABIC_FEATURES) --no-hinting \
	  --drop-tables+=DSIG $(SUBSET_NAMES) --output-file=$@
CJK_SUBSET = $(SUBSET) $(CJK_SRC) --font-number=2 --layout-features= --no-layout-closure --no-hinting --desubroutinize \
  --drop-tables+=DSIG,GSUB,GPOS,BASE,VORG,vhea,vmtx $(SUBSET_NAMES)
$(WEB)/fonts/NotoSansCJKsc-Regular.ui.otf: $(CJK_SRC) $(BUILD)/gen/cjk-ui.unicodes
	@mkdir -p $(dir $@)
	$(CJK_SUBSET) --unicodes-file=$(BUILD)/gen/cjk-ui.unicodes --output-file=$@
$(WEB)/fonts/NotoSansCJKsc-Regular.otf: $(CJK_SRC) $(BUILD)/gen/cjk.unicodes
	@mkdir -p $(dir $@)
	$(CJK_SUBSET) --unicodes-file=$(BUILD)/gen/cjk.unicodes --output-file=$@
# The on-screen keyboard's pinyin candidates (core/pinyin.h), from Debian's rime-data-pinyin-simp
# (Apache-2.0), only what the larger Chinese face draws; fetched the first time pinyin is used.
PINYIN_DICT := /usr/share/rime-data/pinyin_simp.dict.yaml
$(WEB)/pinyin.bin: scripts/gen_pinyin.py $(PINYIN_DICT) $(BUILD)/gen/cjk.unicodes
	@mkdir -p $(dir $@)
	/usr/bin/python3 $< $(PINYIN_DICT) $(BUILD)/gen/cjk.unicodes $@
# The engine's unit test reads the real table.
$(BUILD)/native/tests/test_pinyin $(BUILD)/asan/tests/test_pinyin: $(WEB)/pinyin.bin
# Fetched when needed (not precached with the shell; the service worker keeps what was fetched).
TEXT_FONTS := $(WEB)/fonts/NotoSansArabic-Regular.ui.ttf $(WEB)/fonts/NotoSansArabic-Bold.ui.ttf \
              $(WEB)/fonts/NotoSansArabic-Regular.ttf $(WEB)/fonts/NotoSansArabic-Bold.ttf \
              $(WEB)/fonts/NotoSansCJKsc-Regular.ui.otf $(WEB)/fonts/NotoSansCJKsc-Regular.otf
ON_DEMAND_FILES := $(TEXT_FONTS) $(WEB)/shape.wasm $(WEB)/pinyin.bin

# The wasm text stack shapes exactly as the native one (Debian's full HarfBuzz) with the fonts
# the web build ships: the same dump from both builds, compared line for line.
SHAPE_DUMP_FONTS := $(WEB)/fonts/NotoSans-Regular.ttf $(WEB)/fonts/NotoSansArabic-Regular.ttf $(WEB)/fonts/NotoSansCJKsc-Regular.otf
$(BUILD)/native/shape_dump: tests/unit/shape_dump.c $(BUILD)/native/libtext.a $(BUILD)/native/libcore.a
	$(CC) $(NATIVE_CFLAGS) $< -o $@ -L$(BUILD)/native -ltext -lcore $(TEXT_LIBS) -lm
$(BUILD)/wasm/shape_dump.js: tests/unit/shape_dump.c $(call obj,$(BUILD)/wasm,$(TEXT_SRC) src/core/utf8.c src/core/fnv.c) $(TEXT_OBJS)
	$(EMCC) $(filter-out -MMD -MP,$(WEB_CFLAGS)) $(filter %.c %.o,$^) -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1 -o $@
	echo '{"type": "commonjs"}' > $(dir $@)package.json   # emcc's output for Node is CommonJS
.PHONY: text-wasm-check
text-wasm-check: $(BUILD)/native/shape_dump $(BUILD)/wasm/shape_dump.js $(SHAPE_DUMP_FONTS)
	$(BUILD)/native/shape_dump $(SHAPE_DUMP_FONTS) > $(BUILD)/shape-native.txt
	node --no-experimental-fetch $(BUILD)/wasm/shape_dump.js $(SHAPE_DUMP_FONTS) > $(BUILD)/shape-wasm.txt
	cmp $(BUILD)/shape-native.txt $(BUILD)/shape-wasm.txt
	@echo "text-wasm-check: $$(wc -l < $(BUILD)/shape-native.txt) lines shaped alike by the wasm and native builds"
TEST_EXTRA += text-wasm-check
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
# names shortened, comments and blanks gone; globals and properties kept as they are), then
# joined in the order they run into page.js: one request instead of four, each of which waits
# for a connection on plain HTTP/1.1.
PAGE_JS_GEN := $(BUILD)/gen/js
PAGE_JS := $(PAGE_JS_GEN)/mirror.js $(PAGE_JS_GEN)/store.js $(PAGE_JS_GEN)/boot.js
$(PAGE_JS): $(PAGE_JS_GEN)/%.js: web/%.js $(CLOSURE) package-lock.json
	@mkdir -p $(dir $@)
	$(CLOSURE) --compilation_level SIMPLE --language_in ECMASCRIPT_2021 --language_out NO_TRANSPILE \
	  --emit_use_strict=false --js $< --js_output_file $@
$(WEB)/page.js: $(PAGE_JS_GEN)/const.js $(PAGE_JS)
	@mkdir -p $(dir $@)
	cat $^ > $@
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
$(PAGE_JS_GEN)/const.js: $(BUILD)/native/gen_jsconst
	@mkdir -p $(dir $@)
	$< > $@

SHELL_FILES := $(WEB)/index.html $(WEB)/parley.css $(WEB)/parley.js $(WEB)/page.js $(WEB)/parley.wasm $(WEB)/parley.deferred.wasm \
               $(WEB)/event.json $(LATIN_FONTS) \
               $(WEB)/manifest.webmanifest $(ICONS_ANY) $(ICONS_FULL) $(LANG_PACKS) $(WEB)/lz4dict.bin
WEB_FILES := $(SHELL_FILES) $(ON_DEMAND_FILES) $(WEB)/sw.js

# The service worker names its cache after the shell it precaches: a new build, a new cache.
$(WEB)/sw.js: web/sw.js $(SHELL_FILES) $(ON_DEMAND_FILES)
	@mkdir -p $(WEB)
	sed "s/__PARLEY_BUILD_ID__/$$(cat $(SHELL_FILES) $(ON_DEMAND_FILES) | sha256sum | cut -c1-16)/" $< > $@

# Precompressed copies: parleyd serves the .br to clients that accept brotli (browsers do on
# HTTPS only), else the .gz to those that accept gzip.
%.gz: %
	gzip -9 -n -k -f $<
%.br: %
	brotli -q 11 -n -f -o $@ $< && chmod 0644 $@

WEB_TWINS := $(filter-out %.png,$(WEB_FILES))
.PHONY: web
web: $(WEB_FILES) $(WEB_TWINS:%=%.gz) $(WEB_TWINS:%=%.br)
