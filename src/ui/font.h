/* font.h — the fonts of the UI: text measured, wrapped and laid out through the text layer
 * (src/text: HarfBuzz shaping, FriBidi order, fallback faces), glyph ids rasterised by
 * stb_truetype into an on-demand atlas keyed by face, glyph id and size.
 * Portable C11: rasterises into an 8-bit coverage bitmap that a renderer uploads; knows no GPU.
 * Ships only the project's own fonts (stb_truetype is not hardened against hostile fonts). */
#ifndef PARLEY_FONT_H
#define PARLEY_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stb_truetype.h"
#include "text/text.h"

/* A style: which face draws a character also depends on its script (font_add_face). */
typedef enum FontFace { FONT_REGULAR = TEXT_REGULAR, FONT_BOLD = TEXT_BOLD, FONT_FACE_COUNT } FontFace;

#define FONT_CACHE_SLOTS 4096   /* glyph cache entries (power of two) */
#define FONT_OVERSAMPLE_X 2     /* horizontal oversampling: sub-pixel pen positions */
#define FONT_PAD 2              /* empty texels around each glyph: no bleeding when filtered */

typedef struct FontGlyph {
    uint32_t key;               /* 0 = empty slot; else face, size and glyph id */
    uint16_t x, y, w, h;        /* in the atlas, texels */
    float x0, y0;               /* quad offset from pen/baseline, device px */
    float qw;                   /* quad width, device px (h is the texel height) */
} FontGlyph;

typedef struct FontSystem {
    TextFonts text;                     /* the same faces for shaping, and the line cache */
    int style_face[FONT_FACE_COUNT];    /* the Latin face of each style: line metrics */
    int ascent[FONT_FACE_COUNT], descent[FONT_FACE_COUNT], line_gap[FONT_FACE_COUNT];
    float dpr;                          /* device pixels per CSS px */
    /* atlas: A8 coverage, shelf-packed, texel (0,0) is fully covered for solid fills */
    unsigned char *atlas;
    int atlas_size;
    int shelf_x, shelf_y, shelf_h;
    int clean_rows;                     /* rows [0, clean_rows) are defined; the rest untouched */
    bool dirty;                         /* pixels changed since the renderer last uploaded */
    int dirty_y0, dirty_y1;             /* changed rows [y0, y1) */
    uint32_t generation;                /* bumps when the atlas is cleared */
    FontGlyph cache[FONT_CACHE_SLOTS];
    int cache_used;
} FontSystem;

/* Takes TTF bytes (not copied: they must outlive fs); bold may be NULL (regular is used).
 * Returns false with a message when a font cannot be read. */
bool font_init(FontSystem *fs, const unsigned char *regular, size_t regular_len,
               const unsigned char *bold, size_t bold_len, char *err, size_t err_cap);
void font_free(FontSystem *fs);

/* Adds a face for a script group (Arabic, CJK; index = face in a .ttc): characters the
 * regular and bold faces lack are drawn with it. Returns false with a message when it cannot
 * be read or too many faces are loaded. */
bool font_add_face(FontSystem *fs, const unsigned char *data, size_t len, int index, TextGroup group,
                   FontFace style, char *err, size_t err_cap);

/* Device pixel ratio change: the atlas is cleared and sized for the new ratio. */
void font_set_dpr(FontSystem *fs, float dpr);

/* Metrics in CSS px for a font size (em) in CSS px; independent of the device pixel ratio. */
float font_ascent(const FontSystem *fs, FontFace face, float size_px);
float font_line_height(const FontSystem *fs, FontFace face, float size_px);
/* The width of a shaped line (its own direction, TEXT_DIR_AUTO). */
float font_measure(FontSystem *fs, FontFace face, float size_px, const char *text, size_t len);

/* The shaped line (cached; see text_layout for how long it stays valid); positions in em. */
const TextLayout *font_layout(FontSystem *fs, FontFace face, TextDir dir, const char *text, size_t len);

/* Line wrapping: the byte length of the longest prefix of text that fits max_w (at least one
 * cluster), breaking where Unicode allows (after spaces and hyphens, between ideographs; see
 * text_wrap_line); *next receives where the next line starts (spaces at the break are
 * skipped; a '\n' always breaks). */
size_t font_wrap_line(FontSystem *fs, FontFace face, float size_px, const char *text,
                      size_t len, float max_w, size_t *next);
size_t font_wrap_line_dir(FontSystem *fs, FontFace face, float size_px, TextDir dir, const char *text,
                          size_t len, float max_w, size_t *next);

/* Walks a shaped line for drawing (x_px its left edge): calls emit for each visible glyph
 * with its quad in device px and atlas texels, at the positions HarfBuzz gave. Rasterises
 * missing glyphs by id. Returns false if the atlas had to be cleared mid-run (the caller
 * must redraw the frame; quads from before are stale). */
typedef void (*FontEmitFn)(void *user, float x0, float y0, float x1, float y1,
                           int tx, int ty, int tw, int th);
bool font_draw_run(FontSystem *fs, FontFace face, float size_px, float x_px, float baseline_px,
                   const char *text, size_t len, FontEmitFn emit, void *user);
bool font_draw_run_dir(FontSystem *fs, FontFace face, float size_px, TextDir dir, float x_px,
                       float baseline_px, const char *text, size_t len, FontEmitFn emit, void *user);

/* The atlas rows that hold defined texels (glyphs or zeros); the rows below were never
 * written, never sampled and never need uploading. */
int font_atlas_rows(const FontSystem *fs);

/* The atlas rows changed since the last call, for uploading (always within font_atlas_rows);
 * returns false when none. */
bool font_take_dirty(FontSystem *fs, int *y0, int *y1);

#endif
