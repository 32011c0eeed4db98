/* font.h — text measurement and an on-demand glyph atlas, on stb_truetype.
 * Portable C11: rasterises into an 8-bit coverage bitmap that a renderer uploads; knows no GPU.
 * Ships only the project's own fonts (stb_truetype is not hardened against hostile fonts). */
#ifndef PARLEY_FONT_H
#define PARLEY_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stb_truetype.h"

typedef enum FontFace { FONT_REGULAR, FONT_BOLD, FONT_FACE_COUNT } FontFace;

#define FONT_CACHE_SLOTS 4096   /* glyph cache entries (power of two) */
#define FONT_OVERSAMPLE_X 2     /* horizontal oversampling: sub-pixel pen positions */
#define FONT_PAD 2              /* empty texels around each glyph: no bleeding when filtered */

typedef struct FontGlyph {
    uint32_t key;               /* 0 = empty slot */
    uint32_t codepoint;
    uint16_t x, y, w, h;        /* in the atlas, texels */
    float x0, y0;               /* quad offset from pen/baseline, device px */
    float qw;                   /* quad width, device px (h is the texel height) */
} FontGlyph;

typedef struct FontSystem {
    const unsigned char *data[FONT_FACE_COUNT];
    stbtt_fontinfo info[FONT_FACE_COUNT];
    int ascent[FONT_FACE_COUNT], descent[FONT_FACE_COUNT], line_gap[FONT_FACE_COUNT];
    float dpr;                          /* device pixels per CSS px */
    /* atlas: A8 coverage, shelf-packed, texel (0,0) is fully covered for solid fills */
    unsigned char *atlas;
    int atlas_size;
    int shelf_x, shelf_y, shelf_h;
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

/* Device pixel ratio change: the atlas is cleared and sized for the new ratio. */
void font_set_dpr(FontSystem *fs, float dpr);

/* Whether the face has a glyph for every visible code point of text (white space and
 * controls aside): a language whose words the fonts cannot draw is not offered. */
bool font_covers(const FontSystem *fs, FontFace face, const char *text, size_t len);

/* Metrics in CSS px for a font size (em) in CSS px; independent of the device pixel ratio. */
float font_ascent(const FontSystem *fs, FontFace face, float size_px);
float font_line_height(const FontSystem *fs, FontFace face, float size_px);
float font_measure(const FontSystem *fs, FontFace face, float size_px, const char *text, size_t len);

/* Word wrapping: the byte length of the longest prefix of text that fits max_w (at least one
 * code point), breaking after a space where possible; *next receives where the next line
 * starts (spaces at the break are skipped; a '\n' always breaks). */
size_t font_wrap_line(const FontSystem *fs, FontFace face, float size_px, const char *text,
                      size_t len, float max_w, size_t *next);

/* Walks a run for drawing: calls emit for each visible glyph with its quad in device px and
 * atlas texels. Rasterises missing glyphs. Returns false if the atlas had to be cleared
 * mid-run (the caller must redraw the frame; quads from before are stale). */
typedef void (*FontEmitFn)(void *user, float x0, float y0, float x1, float y1,
                           int tx, int ty, int tw, int th);
bool font_draw_run(FontSystem *fs, FontFace face, float size_px, float x_px, float baseline_px,
                   const char *text, size_t len, FontEmitFn emit, void *user);

/* The atlas rows changed since the last call, for uploading; returns false when none. */
bool font_take_dirty(FontSystem *fs, int *y0, int *y1);

#endif
