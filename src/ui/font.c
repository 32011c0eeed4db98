/* font.c — the UI's fonts: lines measured, wrapped and laid out by the text layer, glyph ids
 * rasterised by stb_truetype into an on-demand atlas. Layout is in CSS px with unhinted
 * advances so it never depends on the device pixel ratio; glyphs are rasterised at
 * size × ratio. Never shapes text itself, never touches a GPU or the clock. */
#include "ui/font.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>



static float em_scale(const FontSystem *fs, FontFace face, float size_px)
{
    return stbtt_ScaleForMappingEmToPixels(&fs->text.faces[fs->style_face[face]].info, size_px);
}

/* Rows [0, clean_rows) of the atlas are defined (cleared, or glyphs written since); the rows
 * below are left as malloc gave them, so memory the screens never reach is never touched
 * (in a browser, touching it is what makes the page commit it: milliseconds at start-up). */
static void atlas_define_rows(FontSystem *fs, int rows)
{
    if (rows > fs->atlas_size) rows = fs->atlas_size;
    if (rows <= fs->clean_rows) return;
    memset(fs->atlas + (size_t)fs->clean_rows * (size_t)fs->atlas_size, 0,
           (size_t)(rows - fs->clean_rows) * (size_t)fs->atlas_size);
    fs->clean_rows = rows;
}

static void mark_dirty(FontSystem *fs, int y0, int y1)
{
    if (!fs->dirty || y0 < fs->dirty_y0) fs->dirty_y0 = y0;
    if (!fs->dirty || y1 > fs->dirty_y1) fs->dirty_y1 = y1;
    fs->dirty = true;
}

static void atlas_clear(FontSystem *fs)
{
    memset(fs->atlas, 0, (size_t)fs->clean_rows * (size_t)fs->atlas_size);
    atlas_define_rows(fs, 2);
    /* a 2×2 solid block at the origin: solid rectangles sample it with linear filtering */
    fs->atlas[0] = fs->atlas[1] = 255;
    fs->atlas[fs->atlas_size] = fs->atlas[fs->atlas_size + 1] = 255;
    fs->shelf_x = 2 + FONT_PAD;
    fs->shelf_y = 0;
    fs->shelf_h = 2;
    memset(fs->cache, 0, sizeof fs->cache);
    fs->cache_used = 0;
    fs->generation++;
    /* every row that may hold an old glyph goes up again, as the zeros it now is */
    fs->dirty = false;
    mark_dirty(fs, 0, fs->clean_rows);
}

/* One face for both stb_truetype (rasterising) and the text layer (shaping); returns its id. */
static int load_face(FontSystem *fs, const unsigned char *data, size_t len, int index, TextGroup group,
                     FontFace style, char *err, size_t err_cap)
{
    int id = fs->text.face_count;
    if (id >= TEXT_MAX_FACES) {
        snprintf(err, err_cap, "font: more than %d faces", TEXT_MAX_FACES);
        return -1;
    }
    if (text_fonts_add(&fs->text, data, len, index, group, (TextStyle)style) != id) {
        snprintf(err, err_cap, "font %d: not a TrueType/OpenType font (%zu bytes)", id, len);
        return -1;
    }
    return id;
}

static void style_metrics(FontSystem *fs, FontFace style, int face)
{
    fs->style_face[style] = face;
    stbtt_GetFontVMetrics(&fs->text.faces[face].info, &fs->ascent[style], &fs->descent[style], &fs->line_gap[style]);
}

bool font_init(FontSystem *fs, const unsigned char *regular, size_t regular_len,
               const unsigned char *bold, size_t bold_len, char *err, size_t err_cap)
{
    memset(fs, 0, sizeof *fs);
    if (!text_fonts_init(&fs->text)) {
        snprintf(err, err_cap, "out of memory for the text layer");
        return false;
    }
    int r = regular ? load_face(fs, regular, regular_len, 0, TEXT_GROUP_LATIN, FONT_REGULAR, err, err_cap) : -1;
    int b = bold ? load_face(fs, bold, bold_len, 0, TEXT_GROUP_LATIN, FONT_BOLD, err, err_cap) : r;
    if (r < 0 || b < 0) {
        if (!regular) snprintf(err, err_cap, "font: no regular face");
        text_fonts_free(&fs->text);
        return false;
    }
    /* the language names shaped at build time (text.h): first screen, no other face yet */
    if (!text_fonts_add_preshaped(&fs->text)) {
        snprintf(err, err_cap, "font: a face of the build's shaped names cannot be read");
        text_fonts_free(&fs->text);
        return false;
    }
    style_metrics(fs, FONT_REGULAR, r);
    style_metrics(fs, FONT_BOLD, b); /* without a bold face, bold text uses the regular one */
    fs->dpr = 0;
    font_set_dpr(fs, 1.0f);
    if (fs->atlas) return true;
    snprintf(err, err_cap, "out of memory for the glyph atlas");
    text_fonts_free(&fs->text);
    return false;
}

bool font_add_face(FontSystem *fs, const unsigned char *data, size_t len, int index, TextGroup group,
                   FontFace style, char *err, size_t err_cap)
{
    return data && load_face(fs, data, len, index, group, style, err, err_cap) >= 0;
}

void font_free(FontSystem *fs)
{
    free(fs->atlas);
    text_fonts_free(&fs->text);
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
        fs->clean_rows = 0;
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

float font_measure(FontSystem *fs, FontFace face, float size_px, const char *text, size_t len)
{
    return text_width(&fs->text, (TextStyle)face, text, len) * size_px;
}

const TextLayout *font_layout(FontSystem *fs, FontFace face, TextDir dir, const char *text, size_t len)
{
    return text_layout(&fs->text, (TextStyle)face, dir, text, len);
}

size_t font_wrap_line_dir(FontSystem *fs, FontFace face, float size_px, TextDir dir, const char *text,
                          size_t len, float max_w, size_t *next)
{
    if (!(size_px > 0)) { *next = len; return len; }
    return text_wrap_line(&fs->text, (TextStyle)face, dir, text, len, max_w / size_px, next);
}

size_t font_wrap_line(FontSystem *fs, FontFace face, float size_px, const char *text,
                      size_t len, float max_w, size_t *next)
{
    return font_wrap_line_dir(fs, face, size_px, TEXT_DIR_AUTO, text, len, max_w, next);
}

static uint32_t glyph_key(int face, float size_dpx, uint32_t glyph)
{
    /* face + 1 in 1..15 (never 0: an empty slot), size quantised to 1/4 device px (< 1024 dpx),
     * glyph id < 65536 in OpenType */
    uint32_t q = (uint32_t)lroundf(size_dpx * 4.0f) & 0xFFFu;
    return ((uint32_t)(face + 1) & 15u) << 28 | (q << 16) | (glyph & 0xFFFFu);
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
static bool rasterise(FontSystem *fs, FontGlyph *slot, uint32_t key, int face, float size_dpx, int glyph)
{
    if (fs->cache_used >= FONT_CACHE_SLOTS * 3 / 4) return false;
    const stbtt_fontinfo *info = &fs->text.faces[face].info;
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
        atlas_define_rows(fs, fs->shelf_y + h + FONT_PAD);
        unsigned char *dst = fs->atlas + (size_t)fs->shelf_y * (size_t)fs->atlas_size + (size_t)fs->shelf_x;
        float sub_x, sub_y;
        stbtt_MakeGlyphBitmapSubpixelPrefilter(info, dst, w, h, fs->atlas_size, scale * FONT_OVERSAMPLE_X, scale,
                                               0, 0, FONT_OVERSAMPLE_X, 1, &sub_x, &sub_y, glyph);
        slot->x = (uint16_t)fs->shelf_x;
        slot->y = (uint16_t)fs->shelf_y;
        slot->x0 = (float)ix0 / FONT_OVERSAMPLE_X + sub_x;
        /* with its empty rows around it: a texture starts undefined, and filtering reads them */
        mark_dirty(fs, fs->shelf_y >= FONT_PAD ? fs->shelf_y - FONT_PAD : 0, fs->shelf_y + h + FONT_PAD);
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

bool font_draw_run_dir(FontSystem *fs, FontFace face, float size_px, TextDir dir, float x_px,
                       float baseline_px, const char *text, size_t len, FontEmitFn emit, void *user)
{
    const TextLayout *l = text_layout(&fs->text, (TextStyle)face, dir, text, len);
    if (!l) return true; /* out of memory: nothing drawn, nothing stale */
    float size_dpx = size_px * fs->dpr;
    /* the pen moves in exact device px; the baseline snaps to a whole pixel row */
    float left = x_px * fs->dpr;
    float base = roundf(baseline_px * fs->dpr);
    uint32_t generation = fs->generation;
    for (uint32_t i = 0; i < l->glyph_count; i++) {
        const TextGlyph *g = &l->glyphs[i];
        if (g->glyph == TEXT_GLYPH_HIDDEN) continue; /* its face or the engine is on its way */
        uint32_t key = glyph_key(g->face, size_dpx, g->glyph);
        FontGlyph *slot = cache_slot(fs, key);
        if (!slot || slot->key != key) {
            if (!slot || !rasterise(fs, slot, key, g->face, size_dpx, (int)g->glyph)) {
                atlas_clear(fs);
                return false;
            }
        }
        if (slot->w && slot->h && emit) {
            float x0 = left + g->x * size_dpx + slot->x0, y0 = base - g->y * size_dpx + slot->y0;
            emit(user, x0, y0, x0 + slot->qw, y0 + (float)slot->h, slot->x, slot->y, slot->w, slot->h);
        }
    }
    return generation == fs->generation;
}

bool font_draw_run(FontSystem *fs, FontFace face, float size_px, float x_px, float baseline_px,
                   const char *text, size_t len, FontEmitFn emit, void *user)
{
    return font_draw_run_dir(fs, face, size_px, TEXT_DIR_AUTO, x_px, baseline_px, text, len, emit, user);
}

int font_atlas_rows(const FontSystem *fs) { return fs->clean_rows; }

bool font_take_dirty(FontSystem *fs, int *y0, int *y1)
{
    if (!fs->dirty) return false;
    *y0 = fs->dirty_y0;
    *y1 = fs->dirty_y1;
    fs->dirty = false;
    return true;
}
