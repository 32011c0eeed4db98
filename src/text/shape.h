/* shape.h — the shaping engine: itemisation into runs by bidi level (FriBidi), script
 * (HarfBuzz's Unicode data) and face with per-character fallback, and shaping of each run
 * with HarfBuzz. Bound to the text layer through TextEngine (shaper_bind). Natively it is
 * linked into the program; the web build compiles it into a module of its own
 * (src/platform/shape_module.c) that the page fetches when text first needs it.
 * Portable C11 on HarfBuzz and FriBidi; never shapes or reorders by hand. */
#ifndef PARLEY_SHAPE_H
#define PARLEY_SHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/text.h"

typedef struct Shaper Shaper;

/* A run: maximal piece of one bidi level, script and face, in logical order. */
typedef struct TextRun {
    uint32_t start, end;        /* bytes */
    uint32_t script;            /* hb_script_t */
    uint8_t level;              /* bidi embedding level (odd = RTL) */
    uint8_t face;
} TextRun;

Shaper *shaper_new(void);
void shaper_free(Shaper *sh);

/* Face id as the text layer numbers them; the bytes are not copied. */
bool shaper_add_face(Shaper *sh, int id, const unsigned char *data, size_t len, int index,
                     TextGroup group, TextStyle style);
/* One line in visual order (glyphs and clusters malloc'd); false when out of memory. */
bool shaper_layout(Shaper *sh, TextStyle style, TextDir dir, const char *text, size_t len, TextLayout *out);
TextDir shaper_base_dir(const char *text, size_t len, TextDir fallback);

/* Runs of text[0..len) in logical order (at most cap; returns the count, 0 on empty text).
 * Common characters (spaces, digits, punctuation) join the script around them. */
size_t shaper_itemize(Shaper *sh, TextStyle style, const char *text, size_t len, TextDir dir,
                      TextRun *runs, size_t cap, bool *rtl);
/* Visual order of the characters of a single line: vis[k] = logical code point index shown
 * k-th from the left (FriBidi's reordering). Returns the code point count (<= cap). */
size_t shaper_visual_order(Shaper *sh, const char *text, size_t len, TextDir dir, uint32_t *vis, size_t cap);
/* The group a script's text is drawn with. */
TextGroup shaper_script_group(uint32_t hb_script);
/* HarfBuzz's script of a code point (hb_script_t), for tests. */
uint32_t shaper_script(uint32_t cp);

/* The engine table for text_fonts_set_engine (always ready: it is linked in). */
void shaper_bind(Shaper *sh, TextEngine *out);

#endif
