/* font.c — stb_truetype glyph metrics, word wrapping and an on-demand glyph atlas.
 * Layout is measured in CSS px with unhinted advances so it never depends on the device
 * pixel ratio; glyphs are rasterised at size × ratio. Never touches a GPU or the clock. */
#include "ui/font.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

#define STB_TRUETYPE_IMPLEMENTATION
#define STBTT_STATIC
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#endif
#include "stb_truetype.h"
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

static const stbtt_fontinfo *face_info(const FontSystem *fs, FontFace face)
{
    return fs->data[face] ? &fs->info[face] : &fs->info[FONT_REGULAR];
}

static float em_scale(const FontSystem *fs, FontFace face, float size_px)
{
    return stbtt_ScaleForMappingEmToPixels(face_info(fs, face), size_px);
}

static void atlas_clear(FontSystem *fs)
{
    memset(fs->atlas, 0, (size_t)fs->atlas_size * (size_t)fs->atlas_size);
    /* a 2×2 solid block at the origin: solid rectangles sample it with linear filtering */
    fs->atlas[0] = fs->atlas[1] = 255;
    fs->atlas[fs->atlas_size] = fs->atlas[fs->atlas_size + 1] = 255;
    fs->shelf_x = 2 + FONT_PAD;
    fs->shelf_y = 0;
    fs->shelf_h = 2;
    memset(fs->cache, 0, sizeof fs->cache);
    fs->cache_used = 0;
    fs->generation++;
    fs->dirty = true;
    fs->dirty_y0 = 0;
    fs->dirty_y1 = fs->atlas_size;
}

static bool load_face(FontSystem *fs, FontFace face, const unsigned char *data, size_t len,
                      char *err, size_t err_cap)
{
    int offset = len >= 12 ? stbtt_GetFontOffsetForIndex(data, 0) : -1;
    if (offset < 0 || !stbtt_InitFont(&fs->info[face], data, offset)) {
        snprintf(err, err_cap, "font %d: not a TrueType/OpenType font (%zu bytes)", (int)face, len);
        return false;
    }
    fs->data[face] = data;
    stbtt_GetFontVMetrics(&fs->info[face], &fs->ascent[face], &fs->descent[face], &fs->line_gap[face]);
    return true;
}

bool font_init(FontSystem *fs, const unsigned char *regular, size_t regular_len,
               const unsigned char *bold, size_t bold_len, char *err, size_t err_cap)
{
    memset(fs, 0, sizeof *fs);
    if (!regular || !load_face(fs, FONT_REGULAR, regular, regular_len, err, err_cap))
        return false;
    if (bold && !load_face(fs, FONT_BOLD, bold, bold_len, err, err_cap))
        return false;
    if (!bold) {
        fs->ascent[FONT_BOLD] = fs->ascent[FONT_REGULAR];
        fs->descent[FONT_BOLD] = fs->descent[FONT_REGULAR];
        fs->line_gap[FONT_BOLD] = fs->line_gap[FONT_REGULAR];
    }
    fs->dpr = 0;
    font_set_dpr(fs, 1.0f);
    return fs->atlas != NULL || (snprintf(err, err_cap, "out of memory for the glyph atlas"), false);
}

void font_free(FontSystem *fs)
{
    free(fs->atlas);
    memset(fs, 0, sizeof *fs);
}

void font_set_dpr(FontSystem *fs, float dpr)
{
    if (!(dpr >= 0.25f && dpr <= 8.0f)) dpr = 1.0f;
    if (dpr == fs->dpr && fs->atlas) return;
    /* glyph area grows with the square of the ratio */
    int size = dpr <= 1.5f ? 1024 : 2048;
    if (size != fs->atlas_size || !fs->atlas) {
        free(fs->atlas);
        fs->atlas = malloc((size_t)size * (size_t)size);
        fs->atlas_size = fs->atlas ? size : 0;
        if (!fs->atlas) return;
    }
    fs->dpr = dpr;
    atlas_clear(fs);
}

float font_ascent(const FontSystem *fs, FontFace face, float size_px)
{
    return (float)fs->ascent[face] * em_scale(fs, face, size_px);
}

float font_line_height(const FontSystem *fs, FontFace face, float size_px)
{
    return (float)(fs->ascent[face] - fs->descent[face] + fs->line_gap[face]) * em_scale(fs, face, size_px);
}

bool font_covers(const FontSystem *fs, FontFace face, const char *text, size_t len)
{
    const stbtt_fontinfo *info = face_info(fs, face);
    for (size_t i = 0; i < len;) {
        uint32_t cp = utf8_decode(text, len, &i);
        if (cp <= 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0x200F || cp == 0x200E) continue;
        if (stbtt_FindGlyphIndex(info, (int)cp) == 0) return false;
    }
    return true;
}

float font_measure(const FontSystem *fs, FontFace face, float size_px, const char *text, size_t len)
{
    const stbtt_fontinfo *info = face_info(fs, face);
    float scale = em_scale(fs, face, size_px);
    int prev = 0, units = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp = utf8_decode(text, len, &i);
        int g = stbtt_FindGlyphIndex(info, (int)cp);
        int adv, lsb;
        stbtt_GetGlyphHMetrics(info, g, &adv, &lsb);
        if (prev) units += stbtt_GetGlyphKernAdvance(info, prev, g);
        units += adv;
        prev = g;
    }
    return (float)units * scale;
}

size_t font_wrap_line(const FontSystem *fs, FontFace face, float size_px, const char *text,
                      size_t len, float max_w, size_t *next)
{
    const stbtt_fontinfo *info = face_info(fs, face);
    float scale = em_scale(fs, face, size_px);
    float limit = max_w / scale; /* in font units */
    int prev = 0;
    float units = 0;
    size_t last_break = 0, after_break = 0, i = 0;
    while (i < len) {
        size_t at = i;
        uint32_t cp = utf8_decode(text, len, &i);
        if (cp == '\n') { *next = i; return at; }
        if (cp == ' ') { last_break = at; after_break = i; }
        int g = stbtt_FindGlyphIndex(info, (int)cp);
        int adv, lsb;
        stbtt_GetGlyphHMetrics(info, g, &adv, &lsb);
        float w = units + (float)adv + (prev ? (float)stbtt_GetGlyphKernAdvance(info, prev, g) : 0.0f);
        if (w > limit && at > 0 && cp != ' ') {
            if (last_break > 0) {
                while (after_break < len && text[after_break] == ' ') after_break++;
                *next = after_break;
                return last_break;
            }
            *next = at; /* a word wider than the line: break inside it */
            return at;
        }
        units = w;
        prev = g;
    }
    *next = len;
    return len;
}

static uint32_t glyph_key(FontFace face, float size_dpx, int glyph)
{
    /* size quantised to 1/4 device px; glyph index < 65536 in TrueType */
    uint32_t q = (uint32_t)lroundf(size_dpx * 4.0f) & 0x3FFFu;
    return 0x80000000u | ((uint32_t)face << 30 & 0x40000000u) | (q << 16) | ((uint32_t)glyph & 0xFFFFu);
}

static FontGlyph *cache_slot(FontSystem *fs, uint32_t key)
{
    uint32_t h = key * 2654435761u;
    for (uint32_t n = 0; n < FONT_CACHE_SLOTS; n++) {
        FontGlyph *slot = &fs->cache[(h + n) & (FONT_CACHE_SLOTS - 1)];
        if (slot->key == key || slot->key == 0) return slot;
    }
    return NULL;
}

/* Rasterises a glyph into the atlas; false when the atlas or the cache is full. */
static bool rasterise(FontSystem *fs, FontGlyph *slot, uint32_t key, FontFace face, float size_dpx, int glyph)
{
    if (fs->cache_used >= FONT_CACHE_SLOTS * 3 / 4) return false;
    const stbtt_fontinfo *info = face_info(fs, face);
    float scale = stbtt_ScaleForMappingEmToPixels(info, size_dpx);
    int ix0, iy0, ix1, iy1;
    stbtt_GetGlyphBitmapBoxSubpixel(info, glyph, scale * FONT_OVERSAMPLE_X, scale, 0, 0, &ix0, &iy0, &ix1, &iy1);
    int w = ix1 - ix0, h = iy1 - iy0;
    if (w > 0) w += FONT_OVERSAMPLE_X - 1;
    if (w > fs->atlas_size / 2 || h > fs->atlas_size / 2) { w = h = 0; } /* absurd sizes draw nothing */
    if (w > 0 && h > 0) {
        if (fs->shelf_x + w + FONT_PAD > fs->atlas_size) {
            fs->shelf_y += fs->shelf_h + FONT_PAD;
            fs->shelf_x = FONT_PAD;
            fs->shelf_h = 0;
        }
        if (fs->shelf_y + h + FONT_PAD > fs->atlas_size) return false;
        unsigned char *dst = fs->atlas + (size_t)fs->shelf_y * (size_t)fs->atlas_size + (size_t)fs->shelf_x;
        float sub_x, sub_y;
        stbtt_MakeGlyphBitmapSubpixelPrefilter(info, dst, w, h, fs->atlas_size, scale * FONT_OVERSAMPLE_X, scale,
                                               0, 0, FONT_OVERSAMPLE_X, 1, &sub_x, &sub_y, glyph);
        slot->x = (uint16_t)fs->shelf_x;
        slot->y = (uint16_t)fs->shelf_y;
        slot->x0 = (float)ix0 / FONT_OVERSAMPLE_X + sub_x;
        if (!fs->dirty) { fs->dirty_y0 = fs->shelf_y; fs->dirty_y1 = fs->shelf_y + h; }
        if (fs->shelf_y < fs->dirty_y0) fs->dirty_y0 = fs->shelf_y;
        if (fs->shelf_y + h > fs->dirty_y1) fs->dirty_y1 = fs->shelf_y + h;
        fs->dirty = true;
        fs->shelf_x += w + FONT_PAD;
        if (h > fs->shelf_h) fs->shelf_h = h;
    }
    slot->key = key;
    slot->w = (uint16_t)w;
    slot->h = (uint16_t)h;
    slot->y0 = (float)iy0;
    slot->qw = (float)w / FONT_OVERSAMPLE_X;
    fs->cache_used++;
    return true;
}

bool font_draw_run(FontSystem *fs, FontFace face, float size_px, float x_px, float baseline_px,
                   const char *text, size_t len, FontEmitFn emit, void *user)
{
    const stbtt_fontinfo *info = face_info(fs, face);
    float size_dpx = size_px * fs->dpr;
    float scale = stbtt_ScaleForMappingEmToPixels(info, size_dpx);
    /* the pen moves in exact device px; the baseline snaps to a whole pixel row */
    float pen = x_px * fs->dpr;
    float base = roundf(baseline_px * fs->dpr);
    uint32_t generation = fs->generation;
    int prev = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp = utf8_decode(text, len, &i);
        int g = stbtt_FindGlyphIndex(info, (int)cp);
        if (prev) pen += (float)stbtt_GetGlyphKernAdvance(info, prev, g) * scale;
        prev = g;
        int adv, lsb;
        stbtt_GetGlyphHMetrics(info, g, &adv, &lsb);
        uint32_t key = glyph_key(face, size_dpx, g);
        FontGlyph *slot = cache_slot(fs, key);
        if (!slot || slot->key != key) {
            if (!slot || !rasterise(fs, slot, key, face, size_dpx, g)) {
                atlas_clear(fs);
                return false;
            }
        }
        if (slot->w && slot->h && emit) {
            float x0 = pen + slot->x0, y0 = base + slot->y0;
            emit(user, x0, y0, x0 + slot->qw, y0 + (float)slot->h, slot->x, slot->y, slot->w, slot->h);
        }
        pen += (float)adv * scale;
    }
    return generation == fs->generation;
}

bool font_take_dirty(FontSystem *fs, int *y0, int *y1)
{
    if (!fs->dirty) return false;
    *y0 = fs->dirty_y0;
    *y1 = fs->dirty_y1;
    fs->dirty = false;
    return true;
}
