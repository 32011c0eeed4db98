/* shape.c — the shaping engine: FriBidi levels and reordering, HarfBuzz scripts, per-character
 * font fallback, HarfBuzz shaping in font units (stored in em). Never shapes or reorders by
 * hand, never reads past a length. */
#include "text/shape.h"

#include <stdlib.h>
#include <string.h>

#include <fribidi.h>
#include <hb.h>

#include "core/utf8.h"

typedef struct ShapeFace {
    bool used;
    TextGroup group;
    TextStyle style;
    int upem;
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;
} ShapeFace;

/* Scratch arrays for one line, indexed by code point (at most one per byte). */
typedef struct Scratch {
    FriBidiChar cp[TEXT_MAX_BYTES];
    uint32_t off[TEXT_MAX_BYTES + 1];
    FriBidiCharType types[TEXT_MAX_BYTES];
    FriBidiBracketType brackets[TEXT_MAX_BYTES];
    FriBidiLevel levels[TEXT_MAX_BYTES];
    FriBidiStrIndex map[TEXT_MAX_BYTES];
    uint32_t script[TEXT_MAX_BYTES];
    uint8_t face[TEXT_MAX_BYTES];
    TextRun runs[TEXT_MAX_BYTES];
    uint32_t run_of[TEXT_MAX_BYTES];  /* logical code point -> run */
    uint32_t order[TEXT_MAX_BYTES];   /* runs in visual order */
} Scratch;

struct Shaper {
    ShapeFace faces[TEXT_MAX_FACES];
    int face_count;                   /* highest id + 1 */
    hb_buffer_t *buf;
    Scratch s;
};

Shaper *shaper_new(void)
{
    Shaper *sh = calloc(1, sizeof *sh);
    if (!sh) return NULL;
    sh->buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(sh->buf)) {
        hb_buffer_destroy(sh->buf);
        free(sh);
        return NULL;
    }
    return sh;
}

static void face_drop(ShapeFace *f)
{
    if (!f->used) return;
    hb_font_destroy(f->font);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    memset(f, 0, sizeof *f);
}

void shaper_free(Shaper *sh)
{
    if (!sh) return;
    for (int i = 0; i < TEXT_MAX_FACES; i++) face_drop(&sh->faces[i]);
    hb_buffer_destroy(sh->buf);
    free(sh);
}

bool shaper_add_face(Shaper *sh, int id, const unsigned char *data, size_t len, int index,
                     TextGroup group, TextStyle style)
{
    if (id < 0 || id >= TEXT_MAX_FACES || !data || len < 12 || len > 0x7FFFFFFFu || index < 0) return false;
    hb_blob_t *blob = hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    if ((unsigned)index >= hb_face_count(blob)) { hb_blob_destroy(blob); return false; }
    hb_face_t *face = hb_face_create(blob, (unsigned)index);
    int upem = (int)hb_face_get_upem(face);
    if (hb_face_get_glyph_count(face) == 0 || upem <= 0) {
        hb_face_destroy(face);
        hb_blob_destroy(blob);
        return false;
    }
    hb_font_t *font = hb_font_create(face);
    hb_font_set_scale(font, upem, upem); /* positions in font units */
    face_drop(&sh->faces[id]);
    sh->faces[id] = (ShapeFace){true, group, style, upem, blob, face, font};
    if (id + 1 > sh->face_count) sh->face_count = id + 1;
    return true;
}

/* --- scripts and fonts ------------------------------------------------------------------- */

TextGroup shaper_script_group(uint32_t hb_script)
{
    switch ((hb_script_t)hb_script) {
    case HB_SCRIPT_ARABIC: case HB_SCRIPT_SYRIAC: case HB_SCRIPT_THAANA: case HB_SCRIPT_NKO:
        return TEXT_GROUP_ARABIC;
    case HB_SCRIPT_HAN: case HB_SCRIPT_HIRAGANA: case HB_SCRIPT_KATAKANA: case HB_SCRIPT_BOPOMOFO:
    case HB_SCRIPT_HANGUL:
        return TEXT_GROUP_CJK;
    default:
        return TEXT_GROUP_LATIN;
    }
}

uint32_t shaper_script(uint32_t cp)
{
    return (uint32_t)hb_unicode_script(hb_unicode_funcs_get_default(), cp);
}

/* Whether face f covers cp (a TextFaceSet's has: ctx is the Shaper). */
static bool face_has(const void *ctx, int f, uint32_t cp)
{
    const Shaper *sh = ctx;
    hb_codepoint_t g;
    return f >= 0 && f < TEXT_MAX_FACES && sh->faces[f].used && hb_font_get_nominal_glyph(sh->faces[f].font, cp, &g) && g != 0;
}

static bool engine_face(const void *ctx, int i, TextGroup *group, TextStyle *style)
{
    const Shaper *sh = ctx;
    if (!sh->faces[i].used) return false;
    *group = sh->faces[i].group;
    *style = sh->faces[i].style;
    return true;
}

static int face_for_group(const Shaper *sh, TextStyle style, TextGroup group, uint32_t cp)
{
    TextFaceSet set = {sh->face_count, engine_face, face_has, sh};
    return text_choose_face(&set, style, group, cp);
}

static bool script_is_weak(hb_script_t s)
{
    return s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN;
}

/* --- itemisation ------------------------------------------------------------------------- */

/* Decodes at most TEXT_MAX_BYTES bytes (cut at a code point); returns the code point count. */
static size_t decode(Scratch *s, const char *text, size_t len, size_t *used)
{
    if (len > TEXT_MAX_BYTES) {
        len = TEXT_MAX_BYTES;
        while (len > 0 && ((unsigned char)text[len] & 0xC0u) == 0x80u) len--;
    }
    size_t n = 0, i = 0;
    while (i < len) {
        s->off[n] = (uint32_t)i;
        uint32_t cp = utf8_decode(text, len, &i);
        s->cp[n++] = cp;
    }
    s->off[n] = (uint32_t)len;
    *used = len;
    return n;
}

/* Levels (after the line rules) and the visual map of s->cp[0..n); returns the resolved
 * paragraph direction. */
static bool bidi(Scratch *s, size_t n, TextDir dir)
{
    if (n == 0) return dir == TEXT_DIR_RTL;
    FriBidiStrIndex len = (FriBidiStrIndex)n;
    FriBidiParType base = dir == TEXT_DIR_RTL ? FRIBIDI_PAR_RTL : dir == TEXT_DIR_LTR ? FRIBIDI_PAR_LTR : FRIBIDI_PAR_ON;
    fribidi_get_bidi_types(s->cp, len, s->types);
    fribidi_get_bracket_types(s->cp, len, s->types, s->brackets);
    for (size_t i = 0; i < n; i++) s->map[i] = (FriBidiStrIndex)i;
    if (!fribidi_get_par_embedding_levels_ex(s->types, s->brackets, len, &base, s->levels)) {
        memset(s->levels, FRIBIDI_IS_RTL(base) ? 1 : 0, n);
        return FRIBIDI_IS_RTL(base);
    }
    if (!fribidi_reorder_line(FRIBIDI_FLAGS_DEFAULT, s->types, len, 0, base, s->levels, NULL, s->map))
        for (size_t i = 0; i < n; i++) s->map[i] = (FriBidiStrIndex)i;
    return FRIBIDI_IS_RTL(base);
}

/* Scripts with weak characters joined to their neighbours, then a face per character. */
static void scripts_and_faces(const Shaper *sh, Scratch *s, size_t n, TextStyle style)
{
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    hb_script_t last = HB_SCRIPT_COMMON;
    size_t first_strong = n;
    for (size_t i = 0; i < n; i++) {
        hb_script_t sc = hb_unicode_script(uf, s->cp[i]);
        if (script_is_weak(sc)) sc = last;
        else if (first_strong == n) first_strong = i;
        s->script[i] = (uint32_t)sc;
        last = sc;
    }
    for (size_t i = 0; i < first_strong && first_strong < n; i++) s->script[i] = s->script[first_strong];
    for (size_t i = 0; i < n; i++) {
        hb_script_t sc = (hb_script_t)s->script[i];
        bool mark = hb_unicode_general_category(uf, s->cp[i]) == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK;
        if (i > 0 && (mark || s->cp[i] == 0x200D || s->cp[i] == 0x200C) && face_has(sh, s->face[i - 1], s->cp[i])) {
            s->face[i] = s->face[i - 1];             /* a mark stays with its base */
            continue;
        }
        /* common characters stay in the face around them when it has them */
        if (i > 0 && script_is_weak(hb_unicode_script(uf, s->cp[i])) && s->script[i - 1] == (uint32_t)sc
            && face_has(sh, s->face[i - 1], s->cp[i])) {
            s->face[i] = s->face[i - 1];
            continue;
        }
        s->face[i] = (uint8_t)face_for_group(sh, style, shaper_script_group((uint32_t)sc), s->cp[i]);
    }
}

static size_t make_runs(Scratch *s, size_t n, TextRun *runs, size_t cap)
{
    size_t count = 0;
    for (size_t i = 0; i < n && count < cap;) {
        size_t j = i + 1;
        while (j < n && s->levels[j] == s->levels[i] && s->script[j] == s->script[i] && s->face[j] == s->face[i]) j++;
        runs[count++] = (TextRun){s->off[i], s->off[j], s->script[i], (uint8_t)s->levels[i], s->face[i]};
        i = j;
    }
    return count;
}

size_t shaper_itemize(Shaper *sh, TextStyle style, const char *text, size_t len, TextDir dir,
                      TextRun *runs, size_t cap, bool *rtl)
{
    size_t used;
    bool is_rtl = dir == TEXT_DIR_RTL;
    size_t count = 0;
    if (sh && sh->face_count > 0 && text) {
        size_t n = decode(&sh->s, text, len, &used);
        is_rtl = bidi(&sh->s, n, dir);
        scripts_and_faces(sh, &sh->s, n, style);
        count = make_runs(&sh->s, n, runs, cap);
    }
    if (rtl) *rtl = is_rtl;
    return count;
}

TextDir shaper_base_dir(const char *text, size_t len, TextDir fallback)
{
    for (size_t i = 0; text && i < len && text[i] != '\n';) {
        FriBidiCharType t = fribidi_get_bidi_type(utf8_decode(text, len, &i));
        if (FRIBIDI_IS_STRONG(t) && FRIBIDI_IS_LETTER(t)) return FRIBIDI_IS_RTL(t) ? TEXT_DIR_RTL : TEXT_DIR_LTR;
    }
    return fallback;
}

size_t shaper_visual_order(Shaper *sh, const char *text, size_t len, TextDir dir, uint32_t *vis, size_t cap)
{
    if (!sh || !text) return 0;
    size_t used;
    size_t n = decode(&sh->s, text, len, &used);
    bidi(&sh->s, n, dir);
    if (n > cap) n = cap;
    for (size_t k = 0; k < n; k++) vis[k] = (uint32_t)sh->s.map[k];
    return n;
}

/* --- shaping ----------------------------------------------------------------------------- */

/* Runs of the line in visual order: the run of each visual position, deduplicated. */
static size_t visual_runs(Scratch *s, size_t n, size_t run_count)
{
    size_t count = 0, r = 0;
    for (size_t i = 0; i < n; i++) {
        while (r + 1 < run_count && s->off[i] >= s->runs[r].end) r++;
        s->run_of[i] = (uint32_t)r;
    }
    uint32_t prev = UINT32_MAX;
    for (size_t k = 0; k < n; k++) {
        uint32_t run = s->run_of[s->map[k]];
        if (run != prev) { s->order[count++] = run; prev = run; }
    }
    return count;
}

bool shaper_layout(Shaper *sh, TextStyle style, TextDir dir, const char *text, size_t len, TextLayout *out)
{
    memset(out, 0, sizeof *out);
    if (!sh || !text || sh->face_count == 0) return false;
    Scratch *s = &sh->s;
    size_t used;
    size_t n = decode(s, text, len, &used);
    out->len = (uint32_t)used;
    out->cut = used < len;
    out->rtl = bidi(s, n, dir);
    scripts_and_faces(sh, s, n, style);
    size_t run_count = make_runs(s, n, s->runs, TEXT_MAX_BYTES);
    size_t vcount = visual_runs(s, n, run_count);

    hb_buffer_t *buf = sh->buf;
    size_t cap = n + 16, count = 0;
    TextGlyph *glyphs = malloc(cap * sizeof *glyphs);
    if (!glyphs) return false;
    float pen = 0;
    for (size_t v = 0; v < vcount; v++) {
        const TextRun *r = &s->runs[s->order[v]];
        const ShapeFace *face = &sh->faces[r->face];
        if (!face->used) continue;
        hb_buffer_clear_contents(buf);
        hb_buffer_add_utf8(buf, text, (int)used, r->start, (int)(r->end - r->start));
        hb_buffer_set_direction(buf, (r->level & 1) ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
        hb_buffer_set_script(buf, (hb_script_t)r->script);
        hb_buffer_guess_segment_properties(buf);
        hb_shape(face->font, buf, NULL, 0);
        unsigned gn = 0;
        hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &gn);
        hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
        if (count + gn > cap) {
            size_t ncap = (count + gn) * 2;
            TextGlyph *g = realloc(glyphs, ncap * sizeof *g);
            if (!g) { free(glyphs); return false; }
            glyphs = g;
            cap = ncap;
        }
        float inv = 1.0f / (float)face->upem;
        for (unsigned i = 0; i < gn; i++) {
            glyphs[count++] = (TextGlyph){info[i].codepoint, info[i].cluster,
                                          pen + (float)pos[i].x_offset * inv, (float)pos[i].y_offset * inv,
                                          (float)pos[i].x_advance * inv, r->face, (uint8_t)(r->level & 1)};
            pen += (float)pos[i].x_advance * inv;
        }
    }
    out->glyphs = glyphs;
    out->glyph_count = (uint32_t)count;
    out->width = pen;
    if (!text_layout_clusters(out)) { free(glyphs); memset(out, 0, sizeof *out); return false; }
    return true;
}

/* --- the engine table -------------------------------------------------------------------- */

static bool engine_ready(void *ctx) { (void)ctx; return true; }
static bool engine_request(void *ctx) { (void)ctx; return true; }

static bool engine_add_face(void *ctx, int id, const TextFace *f)
{
    return shaper_add_face(ctx, id, f->data, f->len, f->index, f->group, f->style);
}

static bool engine_layout(void *ctx, TextStyle style, TextDir dir, const char *text, size_t len, TextLayout *out)
{
    return shaper_layout(ctx, style, dir, text, len, out);
}

static TextDir engine_base_dir(void *ctx, const char *text, size_t len, TextDir fallback)
{
    (void)ctx;
    return shaper_base_dir(text, len, fallback);
}

void shaper_bind(Shaper *sh, TextEngine *out)
{
    *out = (TextEngine){sh, engine_ready, engine_request, engine_add_face, engine_layout, engine_base_dir};
}
