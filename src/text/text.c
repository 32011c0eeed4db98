/* text.c — the text layer: faces (stb_truetype's cmap, advances and kerning), simple lines
 * laid out from them, other lines from the shaping engine (or provisionally until it is ready),
 * the shaped-line cache, line breaking and caret mapping. Never reorders or joins by hand: a
 * line that would need it goes to the engine. */
#include "text/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define STB_TRUETYPE_IMPLEMENTATION
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

#include "core/fnv.h"
#include "core/utf8.h"

struct TextCacheEntry {
    uint32_t hash;
    uint8_t style, dir;
    bool used;
    int32_t next;               /* next entry in the same bucket, -1 = none */
    uint64_t last_used;
    uint64_t born;              /* when it was shaped: a reused slot has another */
    char *text;                 /* copy of the key text (len bytes) */
    size_t text_len;
    TextLayout layout;
};

#define BUCKETS (TEXT_CACHE_ENTRIES * 2)

bool text_fonts_init(TextFonts *tf)
{
    memset(tf, 0, sizeof *tf);
    tf->entries = calloc(TEXT_CACHE_ENTRIES, sizeof *tf->entries);
    if (!tf->entries) return false;
    for (int i = 0; i < BUCKETS; i++) tf->buckets[i] = -1;
    for (int i = 0; i < TEXT_PRESHAPED_FONTS; i++) tf->preshaped_face[i] = -1;
    tf->wrap_entry = -1;
    return true;
}

static void entry_drop(TextFonts *tf, TextCacheEntry *e)
{
    tf->cached_glyphs -= e->layout.glyph_count;
    if (e->layout.provisional) tf->provisional--;
    free(e->text);
    text_layout_free(&e->layout);
    memset(e, 0, sizeof *e);
}

static void cache_clear(TextFonts *tf)
{
    for (int i = 0; i < TEXT_CACHE_ENTRIES; i++)
        if (tf->entries[i].used) entry_drop(tf, &tf->entries[i]);
    for (int i = 0; i < BUCKETS; i++) tf->buckets[i] = -1;
    tf->cached_glyphs = 0;
    tf->provisional = 0;
    tf->stale = true;
    memset(tf->dirs, 0, sizeof tf->dirs);
    tf->wrap_entry = -1;
}

void text_fonts_free(TextFonts *tf)
{
    if (tf->entries) {
        cache_clear(tf);
        free(tf->entries);
    }
    memset(tf, 0, sizeof *tf);
}

int text_fonts_add(TextFonts *tf, const unsigned char *data, size_t len, int index,
                   TextGroup group, TextStyle style)
{
    if (!data || len < 12 || len > 0x7FFFFFFFu || tf->face_count >= TEXT_MAX_FACES || index < 0) return -1;
    if ((unsigned)group >= TEXT_GROUP_COUNT || (unsigned)style >= TEXT_STYLE_COUNT) return -1;
    int offset = stbtt_GetFontOffsetForIndex(data, index);
    int id = tf->face_count;
    TextFace *f = &tf->faces[id];
    memset(f, 0, sizeof *f);
    if (offset < 0 || !stbtt_InitFont(&f->info, data, offset) || f->info.numGlyphs <= 0) return -1;
    /* units per em: the head table's, as HarfBuzz reads it */
    int head = (int)stbtt__find_table((unsigned char *)data, (stbtt_uint32)offset, "head");
    int upem = head && (size_t)head + 20 <= len ? (int)(data[head + 18] << 8 | data[head + 19]) : 0;
    if (upem < 16 || upem > 16384) return -1;
    f->data = data;
    f->len = len;
    f->index = index;
    f->group = group;
    f->style = style;
    f->upem = upem;
    /* ligatures and contextual forms change glyphs: only the engine applies them */
    f->substitutes = stbtt__find_table((unsigned char *)data, (stbtt_uint32)offset, "GSUB") != 0;
    tf->face_count++;
    if (tf->entries) cache_clear(tf);
    if (tf->engine && tf->engine->ready(tf->engine->ctx)) tf->engine->add_face(tf->engine->ctx, id, f);
    return id;
}

bool text_fonts_add_preshaped(TextFonts *tf)
{
    for (size_t i = 0; i < text_preshaped_font_count && i < TEXT_PRESHAPED_FONTS; i++) {
        const TextPreshapedFont *pf = &text_preshaped_fonts[i];
        int id = text_fonts_add(tf, pf->data, pf->len, 0, TEXT_GROUP_LATIN, TEXT_REGULAR);
        if (id < 0) return false;
        tf->faces[id].reserved = true; /* before any line is laid out with it */
        tf->preshaped_face[i] = id;
    }
    return true;
}

void text_fonts_set_engine(TextFonts *tf, const TextEngine *engine)
{
    tf->engine = engine;
    text_engine_ready(tf);
}

void text_fonts_set_want(TextFonts *tf, TextWantFn want, void *user)
{
    tf->want = want;
    tf->want_user = user;
    if (tf->entries) cache_clear(tf);
}

void text_engine_ready(TextFonts *tf)
{
    if (tf->engine && tf->engine->ready(tf->engine->ctx))
        for (int i = 0; i < tf->face_count; i++)
            if (!tf->faces[i].reserved) tf->engine->add_face(tf->engine->ctx, i, &tf->faces[i]);
    if (tf->entries) cache_clear(tf);
}

void text_fonts_relayout(TextFonts *tf)
{
    if (tf->entries) cache_clear(tf);
}

bool text_pending(const TextFonts *tf)
{
    return tf->provisional > 0 || tf->stale;
}

void text_frame_done(TextFonts *tf)
{
    tf->stale = false;
}

/* --- faces ------------------------------------------------------------------------------- */

TextGroup text_group_of(uint32_t c)
{
    if ((c >= 0x0600 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
        return TEXT_GROUP_ARABIC;
    if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x2E80 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA960 && c <= 0xA97F) || (c >= 0xAC00 && c <= 0xD7FF)
        || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF)
        || (c >= 0x20000 && c <= 0x3FFFF))
        return TEXT_GROUP_CJK;
    return TEXT_GROUP_LATIN;
}

bool text_face_has(const TextFonts *tf, int f, uint32_t cp)
{
    return f >= 0 && f < tf->face_count && !tf->faces[f].reserved && cp <= 0x10FFFF
        && stbtt_FindGlyphIndex(&tf->faces[f].info, (int)cp) != 0;
}

static bool layer_face(const void *ctx, int i, TextGroup *group, TextStyle *style)
{
    const TextFonts *tf = ctx;
    if (tf->faces[i].reserved) return false;
    *group = tf->faces[i].group;
    *style = tf->faces[i].style;
    return true;
}

static bool layer_face_has(const void *ctx, int i, uint32_t cp)
{
    return text_face_has(ctx, i, cp);
}

static int face_for_group(const TextFonts *tf, TextStyle style, TextGroup group, uint32_t cp)
{
    TextFaceSet set = {tf->face_count, layer_face, layer_face_has, tf};
    return text_choose_face(&set, style, group, cp);
}

int text_face_for(const TextFonts *tf, TextStyle style, uint32_t cp)
{
    if (tf->face_count == 0) return -1;
    return face_for_group(tf, style, text_group_of(cp), cp);
}

static const struct TextPreshapedLine *preshaped_find(const TextFonts *tf, const char *text, size_t len);

/* --- simple text ------------------------------------------------------------------------- */

/* Scripts of the characters laid out here, as HarfBuzz names them (Unicode's Scripts.txt);
 * SIMPLE_NO sends the line to the engine: combining marks, controls, default-ignorables,
 * right-to-left and complex scripts, compatibility ideographs (normalised by HarfBuzz), and
 * anything not listed. */
enum { SIMPLE_NO, SIMPLE_COMMON, SIMPLE_LATIN, SIMPLE_GREEK, SIMPLE_CYRILLIC, SIMPLE_HAN,
       SIMPLE_HIRAGANA, SIMPLE_KATAKANA };

typedef struct SimpleRange { uint32_t lo, hi; uint8_t script; } SimpleRange;

static const SimpleRange SIMPLE[] = {
    {0x0020, 0x0040, SIMPLE_COMMON}, {0x0041, 0x005A, SIMPLE_LATIN}, {0x005B, 0x0060, SIMPLE_COMMON},
    {0x0061, 0x007A, SIMPLE_LATIN}, {0x007B, 0x007E, SIMPLE_COMMON}, {0x00A0, 0x00A9, SIMPLE_COMMON},
    {0x00AA, 0x00AA, SIMPLE_LATIN}, {0x00AB, 0x00AC, SIMPLE_COMMON}, {0x00AE, 0x00B9, SIMPLE_COMMON},
    {0x00BA, 0x00BA, SIMPLE_LATIN}, {0x00BB, 0x00BF, SIMPLE_COMMON}, {0x00C0, 0x00D6, SIMPLE_LATIN},
    {0x00D7, 0x00D7, SIMPLE_COMMON}, {0x00D8, 0x00F6, SIMPLE_LATIN}, {0x00F7, 0x00F7, SIMPLE_COMMON},
    {0x00F8, 0x02AF, SIMPLE_LATIN}, {0x02B0, 0x02B8, SIMPLE_LATIN}, {0x02B9, 0x02DF, SIMPLE_COMMON},
    {0x02E0, 0x02E4, SIMPLE_LATIN},
    {0x0370, 0x0373, SIMPLE_GREEK}, {0x0374, 0x0374, SIMPLE_COMMON}, {0x0375, 0x0377, SIMPLE_GREEK},
    {0x037A, 0x037D, SIMPLE_GREEK}, {0x037E, 0x037E, SIMPLE_COMMON}, {0x037F, 0x037F, SIMPLE_GREEK},
    {0x0384, 0x0384, SIMPLE_GREEK}, {0x0385, 0x0385, SIMPLE_COMMON}, {0x0386, 0x0386, SIMPLE_GREEK},
    {0x0387, 0x0387, SIMPLE_COMMON}, {0x0388, 0x038A, SIMPLE_GREEK}, {0x038C, 0x038C, SIMPLE_GREEK},
    {0x038E, 0x03A1, SIMPLE_GREEK}, {0x03A3, 0x03E1, SIMPLE_GREEK}, {0x03F0, 0x03FF, SIMPLE_GREEK},
    {0x0400, 0x0482, SIMPLE_CYRILLIC}, {0x048A, 0x052F, SIMPLE_CYRILLIC},
    {0x1E00, 0x1EFF, SIMPLE_LATIN},
    {0x2000, 0x200A, SIMPLE_COMMON}, {0x2010, 0x2027, SIMPLE_COMMON}, {0x202F, 0x202F, SIMPLE_COMMON}, {0x2030, 0x205E, SIMPLE_COMMON}, {0x20A0, 0x20C0, SIMPLE_COMMON},
    {0x2116, 0x2116, SIMPLE_COMMON}, {0x2122, 0x2122, SIMPLE_COMMON}, {0x2190, 0x22FF, SIMPLE_COMMON},
    {0x25A0, 0x25FF, SIMPLE_COMMON}, {0x2713, 0x2713, SIMPLE_COMMON},
    {0x3000, 0x3004, SIMPLE_COMMON}, {0x3005, 0x3005, SIMPLE_HAN}, {0x3006, 0x3006, SIMPLE_COMMON},
    {0x3007, 0x3007, SIMPLE_HAN}, {0x3008, 0x3020, SIMPLE_COMMON}, {0x3021, 0x3029, SIMPLE_HAN},
    {0x3030, 0x3037, SIMPLE_COMMON}, {0x3038, 0x303B, SIMPLE_HAN}, {0x303C, 0x303F, SIMPLE_COMMON},
    {0x3041, 0x3096, SIMPLE_HIRAGANA}, {0x309B, 0x309C, SIMPLE_COMMON}, {0x309D, 0x309F, SIMPLE_HIRAGANA},
    {0x30A0, 0x30A0, SIMPLE_COMMON}, {0x30A1, 0x30FA, SIMPLE_KATAKANA}, {0x30FB, 0x30FC, SIMPLE_COMMON},
    {0x30FD, 0x30FF, SIMPLE_KATAKANA}, {0x3400, 0x4DBF, SIMPLE_HAN}, {0x4E00, 0x9FFF, SIMPLE_HAN},
    {0xFF01, 0xFF20, SIMPLE_COMMON}, {0xFF21, 0xFF3A, SIMPLE_LATIN}, {0xFF3B, 0xFF40, SIMPLE_COMMON},
    {0xFF41, 0xFF5A, SIMPLE_LATIN}, {0xFF5B, 0xFF65, SIMPLE_COMMON}, {0xFFE0, 0xFFE6, SIMPLE_COMMON},
    {0xFFFD, 0xFFFD, SIMPLE_COMMON}, {0x20000, 0x2A6DF, SIMPLE_HAN},
};

static int simple_script(uint32_t c)
{
    size_t lo = 0, hi = sizeof SIMPLE / sizeof SIMPLE[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c < SIMPLE[mid].lo) hi = mid;
        else if (c > SIMPLE[mid].hi) lo = mid + 1;
        else return SIMPLE[mid].script;
    }
    return SIMPLE_NO;
}

static TextGroup simple_group(int script)
{
    return script == SIMPLE_HAN || script == SIMPLE_HIRAGANA || script == SIMPLE_KATAKANA ? TEXT_GROUP_CJK : TEXT_GROUP_LATIN;
}

/* One character of a line being laid out here. */
typedef struct SimpleChar { uint32_t cp, off; int script, face, glyph; } SimpleChar;

static SimpleChar *simple_chars; /* TEXT_MAX_BYTES of them; the layer is single-threaded */

/* Decodes at most TEXT_MAX_BYTES bytes (cut at a code point); returns the character count. */
static size_t decode(const char *text, size_t len, size_t *used)
{
    if (len > TEXT_MAX_BYTES) {
        len = TEXT_MAX_BYTES;
        while (len > 0 && ((unsigned char)text[len] & 0xC0u) == 0x80u) len--;
    }
    size_t n = 0, i = 0;
    while (i < len) {
        simple_chars[n].off = (uint32_t)i;
        simple_chars[n++].cp = utf8_decode(text, len, &i);
    }
    *used = len;
    return n;
}

/* Asks the platform for the faces the line's uncovered characters need; true if any is on
 * its way (the line is then provisional). */
static bool want_faces(TextFonts *tf, const SimpleChar *c, size_t n)
{
    bool waiting = false, asked[TEXT_GROUP_COUNT] = {false};
    for (size_t i = 0; i < n; i++) {
        if (c[i].glyph != 0 || c[i].cp < 0x20 || c[i].cp == 0x7F) continue;
        TextGroup g = text_group_of(c[i].cp);
        if (asked[g]) continue;
        asked[g] = true;
        if (tf->want && tf->want(tf->want_user, g)) waiting = true;
    }
    return waiting;
}

/* Scripts (weak characters join their neighbours, as in shape.c), faces and glyphs; returns
 * whether every character is simple, so the engine would add nothing (*covered: and every
 * one has its glyph). */
static bool simple_faces(const TextFonts *tf, SimpleChar *c, size_t n, TextStyle style, bool *covered)
{
    bool simple = true;
    *covered = true;
    int last = SIMPLE_COMMON;
    size_t first_strong = n;
    for (size_t i = 0; i < n; i++) {
        int s = simple_script(c[i].cp);
        if (s == SIMPLE_NO) simple = false;
        if (s == SIMPLE_COMMON || s == SIMPLE_NO) s = last;
        else if (first_strong == n) first_strong = i;
        c[i].script = s;
        last = s;
    }
    for (size_t i = 0; i < first_strong && first_strong < n; i++) c[i].script = c[first_strong].script;
    for (size_t i = 0; i < n; i++) {
        bool weak = simple_script(c[i].cp) == SIMPLE_COMMON;
        if (i > 0 && weak && c[i - 1].script == c[i].script && text_face_has(tf, c[i - 1].face, c[i].cp))
            c[i].face = c[i - 1].face;
        else
            c[i].face = face_for_group(tf, style, simple_group(c[i].script), c[i].cp);
        c[i].glyph = stbtt_FindGlyphIndex(&tf->faces[c[i].face].info, (int)c[i].cp);
        /* a missing glyph alone needs a face, not the engine (both would draw .notdef) */
        if (c[i].glyph == 0 && c[i].cp >= 0x20 && c[i].cp != 0x7F) *covered = false;
        else if (tf->faces[c[i].face].substitutes) simple = false;
    }
    return simple;
}

/* A line left to right from the cmap, advances and kerning pairs (kerning within a run of one
 * script and face, as HarfBuzz shapes runs). Characters not simple (hide) are not drawn. */
static bool simple_layout(TextFonts *tf, const SimpleChar *c, size_t n, size_t used, bool hide, TextLayout *out)
{
    TextGlyph *g = malloc((n ? n : 1) * sizeof *g);
    if (!g) return false;
    float pen = 0;
    for (size_t i = 0; i < n; i++) {
        const TextFace *f = &tf->faces[c[i].face];
        int adv, lsb;
        stbtt_GetGlyphHMetrics(&f->info, c[i].glyph, &adv, &lsb);
        if (i + 1 < n && c[i + 1].face == c[i].face && c[i + 1].script == c[i].script)
            adv += stbtt_GetGlyphKernAdvance(&f->info, c[i].glyph, c[i + 1].glyph);
        float inv = 1.0f / (float)f->upem;
        bool hidden = hide && (simple_script(c[i].cp) == SIMPLE_NO || c[i].glyph == 0);
        g[i] = (TextGlyph){hidden ? TEXT_GLYPH_HIDDEN : (uint32_t)c[i].glyph, c[i].off, pen, 0,
                           (float)adv * inv, (uint8_t)c[i].face, 0};
        pen += (float)adv * inv;
    }
    out->glyphs = g;
    out->glyph_count = (uint32_t)n;
    out->width = pen;
    out->len = (uint32_t)used;
    if (!text_layout_clusters(out)) { text_layout_free(out); return false; }
    return true;
}

/* A name shaped at build time for this text, when its face is registered. */
static const TextPreshapedLine *preshaped_find(const TextFonts *tf, const char *text, size_t len)
{
    for (size_t i = 0; i < text_preshaped_line_count; i++) {
        const TextPreshapedLine *p = &text_preshaped_lines[i];
        if (p->font < TEXT_PRESHAPED_FONTS && tf->preshaped_face[p->font] >= 0 && strlen(p->text) == len
            && !memcmp(p->text, text, len))
            return p;
    }
    return NULL;
}

static bool preshaped_layout(const TextFonts *tf, const TextPreshapedLine *p, size_t len, TextLayout *out)
{
    int face = tf->preshaped_face[p->font];
    TextGlyph *g = malloc(TEXT_PRESHAPED_GLYPHS * sizeof *g);
    if (!g) return false;
    float inv = 1.0f / (float)tf->faces[face].upem, pen = 0;
    uint32_t n = p->count < TEXT_PRESHAPED_GLYPHS ? p->count : TEXT_PRESHAPED_GLYPHS;
    for (uint32_t i = 0; i < n; i++) {
        const TextPreshapedGlyph *q = &p->glyphs[i];
        uint32_t cluster = q->cluster < len ? q->cluster : 0;
        g[i] = (TextGlyph){q->glyph, cluster, pen + (float)q->dx * inv, (float)q->dy * inv,
                           (float)q->advance * inv, (uint8_t)face, p->rtl};
        pen += (float)q->advance * inv;
    }
    *out = (TextLayout){.len = (uint32_t)len, .rtl = p->rtl, .width = pen, .glyph_count = n, .glyphs = g};
    if (!text_layout_clusters(out)) { text_layout_free(out); return false; }
    return true;
}

static bool engine_ready(const TextFonts *tf)
{
    return tf->engine && tf->engine->ready(tf->engine->ctx);
}

/* One line: here when simple, else by the engine, else provisional (and the engine asked for). */
static bool shape_line(TextFonts *tf, TextStyle style, TextDir dir, const char *text, size_t len, TextLayout *out)
{
    memset(out, 0, sizeof *out);
    if (tf->face_count == 0) return false;
    if (!simple_chars && !(simple_chars = malloc(TEXT_MAX_BYTES * sizeof *simple_chars))) return false;
    size_t used;
    size_t n = decode(text, len, &used);
    bool covered;
    bool simple = simple_faces(tf, simple_chars, n, style, &covered) && dir != TEXT_DIR_RTL;
    const TextPreshapedLine *pre = covered ? NULL : preshaped_find(tf, text, used);
    if (pre) return preshaped_layout(tf, pre, used, out); /* no face to fetch for a name */
    bool waiting = want_faces(tf, simple_chars, n);
    bool ok;
    if (simple) {
        ok = simple_layout(tf, simple_chars, n, used, waiting, out);
        tf->stats.simple++;
    } else if (engine_ready(tf)) {
        ok = tf->engine->layout(tf->engine->ctx, style, dir, text, used, out);
        tf->stats.shapes++;
        if (ok && waiting)
            for (uint32_t i = 0; i < out->glyph_count; i++)
                if (out->glyphs[i].glyph == 0) out->glyphs[i].glyph = TEXT_GLYPH_HIDDEN;
    } else {
        bool coming = tf->engine && tf->engine->request(tf->engine->ctx);
        ok = simple_layout(tf, simple_chars, n, used, coming || waiting, out);
        out->rtl = dir == TEXT_DIR_RTL;
        waiting = waiting || coming;
    }
    if (!ok) return false;
    out->cut = used < len;
    out->provisional = waiting;
    return true;
}

static uint32_t hash_key(TextStyle style, TextDir dir, const char *text, size_t len);

/* The engine's direction of one paragraph, kept: every frame asks for every paragraph on it. */
static TextDir engine_base_dir(TextFonts *tf, const char *text, size_t para, TextDir fallback)
{
    uint32_t h1 = hash_key(TEXT_REGULAR, TEXT_DIR_AUTO, text, para), h2 = hash_key(TEXT_BOLD, TEXT_DIR_RTL, text, para);
    size_t slot = h1 % TEXT_DIR_CACHE;
    if (!(tf->dirs[slot].used && tf->dirs[slot].h1 == h1 && tf->dirs[slot].h2 == h2 && tf->dirs[slot].len == para)) {
        TextDir d = tf->engine->base_dir(tf->engine->ctx, text, para, TEXT_DIR_AUTO);
        tf->dirs[slot].h1 = h1;
        tf->dirs[slot].h2 = h2;
        tf->dirs[slot].len = (uint32_t)para;
        tf->dirs[slot].dir = (uint8_t)d;
        tf->dirs[slot].used = true;
    }
    TextDir d = (TextDir)tf->dirs[slot].dir;
    return d == TEXT_DIR_AUTO ? fallback : d; /* AUTO: no strong character */
}

/* A strong letter of the simple scripts is left to right; anything else asks the engine. */
TextDir text_base_dir(TextFonts *tf, const char *text, size_t len, TextDir fallback)
{
    for (size_t i = 0; text && i < len && text[i] != '\n';) {
        uint32_t cp = utf8_decode(text, len, &i);
        int s = simple_script(cp);
        if (s == SIMPLE_COMMON) continue;
        if (s != SIMPLE_NO) return TEXT_DIR_LTR;
        size_t para = 0;
        while (para < len && text[para] != '\n') para++;
        if (engine_ready(tf)) return engine_base_dir(tf, text, para, fallback);
        const TextPreshapedLine *pre = preshaped_find(tf, text, para);
        if (pre) return pre->rtl ? TEXT_DIR_RTL : TEXT_DIR_LTR; /* a name shaped at build time */
        if (tf->engine) tf->engine->request(tf->engine->ctx);
        return fallback; /* until the engine is ready (text_engine_ready draws again), or for good */
    }
    return fallback;
}

/* --- the cache --------------------------------------------------------------------------- */

static uint32_t hash_key(TextStyle style, TextDir dir, const char *text, size_t len)
{
    return fnv1a32(text, len, FNV1A32_BASIS ^ (uint32_t)style ^ ((uint32_t)dir << 4));
}

static void bucket_unlink(TextFonts *tf, int32_t idx)
{
    int32_t *p = &tf->buckets[tf->entries[idx].hash % BUCKETS];
    while (*p >= 0 && *p != idx) p = &tf->entries[*p].next;
    if (*p == idx) *p = tf->entries[idx].next;
}

static int32_t evict_one(TextFonts *tf)
{
    int32_t oldest = -1;
    for (int32_t i = 0; i < TEXT_CACHE_ENTRIES; i++) {
        if (!tf->entries[i].used) return i;
        if (oldest < 0 || tf->entries[i].last_used < tf->entries[oldest].last_used) oldest = i;
    }
    bucket_unlink(tf, oldest);
    entry_drop(tf, &tf->entries[oldest]);
    tf->stats.evictions++;
    return oldest;
}

/* The cache entry holding the shaped line (shaped now if missing), or -1 (out of memory). */
static int32_t layout_entry(TextFonts *tf, TextStyle style, TextDir dir, const char *text, size_t len)
{
    if (!tf->entries || !text) return -1;
    if (len > TEXT_MAX_BYTES) len = TEXT_MAX_BYTES + 1; /* the key: the cut prefix, flagged */
    uint32_t h = hash_key(style, dir, text, len);
    for (int32_t i = tf->buckets[h % BUCKETS]; i >= 0; i = tf->entries[i].next) {
        TextCacheEntry *e = &tf->entries[i];
        if (e->hash == h && e->style == style && e->dir == dir && e->text_len == len && !memcmp(e->text, text, len)) {
            e->last_used = ++tf->clock;
            tf->stats.hits++;
            return i;
        }
    }
    TextLayout l;
    if (!shape_line(tf, style, dir, text, len, &l)) return -1;
    tf->stats.layouts++;
    char *copy = malloc(len ? len : 1);
    if (!copy) { text_layout_free(&l); return -1; }
    memcpy(copy, text, len);
    int32_t idx = evict_one(tf);
    while (tf->cached_glyphs + l.glyph_count > TEXT_CACHE_GLYPHS) {
        /* over the glyph budget: drop the least recently used until it fits (or none is left) */
        int32_t oldest = -1;
        for (int32_t i = 0; i < TEXT_CACHE_ENTRIES; i++)
            if (tf->entries[i].used && (oldest < 0 || tf->entries[i].last_used < tf->entries[oldest].last_used)) oldest = i;
        if (oldest < 0) break;
        bucket_unlink(tf, oldest);
        entry_drop(tf, &tf->entries[oldest]);
        tf->stats.evictions++;
    }
    TextCacheEntry *e = &tf->entries[idx];
    ++tf->clock;
    *e = (TextCacheEntry){h, (uint8_t)style, (uint8_t)dir, true, tf->buckets[h % BUCKETS], tf->clock, tf->clock, copy, len, l};
    tf->buckets[h % BUCKETS] = idx;
    tf->cached_glyphs += l.glyph_count;
    if (l.provisional) tf->provisional++;
    return idx;
}

const TextLayout *text_layout(TextFonts *tf, TextStyle style, TextDir dir, const char *text, size_t len)
{
    static const TextLayout empty = {0};
    if (!tf->entries || !text) return &empty;
    int32_t i = layout_entry(tf, style, dir, text, len);
    return i >= 0 ? &tf->entries[i].layout : NULL;
}

float text_width(TextFonts *tf, TextStyle style, const char *text, size_t len)
{
    const TextLayout *l = text_layout(tf, style, TEXT_DIR_AUTO, text, len);
    return l ? l->width : 0.0f;
}

/* --- line breaking ----------------------------------------------------------------------- */

static bool is_space(uint32_t c) { return c == ' ' || c == 0x3000 || c == '\t'; }

/* Closing punctuation, full stops and the like: no break before them (UAX #14 CL, CP, EX, IS, NS). */
static bool no_break_before(uint32_t c)
{
    static const uint32_t list[] = {
        ')', ']', '}', ',', '.', '!', '?', ':', ';', 0x00BB, 0x2019, 0x201D, 0x203A, 0x2026,
        0x3001, 0x3002, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015, 0x3017, 0x3019, 0x301B,
        0x301E, 0x301F, 0x30FB, 0x30FC, 0x3005, 0x309D, 0x309E, 0x30FD, 0x30FE,
        0xFF01, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, 0xFF60, 0xFF61, 0xFF63, 0xFF64,
        0xFE50, 0xFE51, 0xFE52, 0xFE54, 0xFE55, 0xFE56, 0xFE57, 0x060C, 0x061B, 0x061F, 0x06D4,
    };
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
        if (list[i] == c) return true;
    return false;
}

/* Opening punctuation: no break after them (UAX #14 OP and opening quotes). */
static bool no_break_after(uint32_t c)
{
    static const uint32_t list[] = {
        '(', '[', '{', 0x00AB, 0x2018, 0x201C, 0x2039, 0x3008, 0x300A, 0x300C, 0x300E, 0x3010,
        0x3014, 0x3016, 0x3018, 0x301A, 0x301D, 0xFF08, 0xFF3B, 0xFF5B, 0xFF5F, 0xFF62,
    };
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
        if (list[i] == c) return true;
    return false;
}

/* Characters a line may break before or after on their own (UAX #14 ID): ideographs, kana,
 * CJK punctuation and fullwidth forms, Hangul syllables. */
static bool is_ideographic(uint32_t c)
{
    return (c >= 0x2E80 && c <= 0x2FFF) || (c >= 0x3000 && c <= 0x303F) || (c >= 0x3040 && c <= 0x30FF)
        || (c >= 0x3100 && c <= 0x31FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF)
        || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F)
        || (c >= 0xFF01 && c <= 0xFF60) || (c >= 0x20000 && c <= 0x3FFFD);
}

static bool is_hyphen(uint32_t c) { return c == '-' || c == 0x2010 || c == 0x2013 || c == 0x00AD; }

bool text_break_between(uint32_t a, uint32_t b)
{
    if (is_space(b)) return false;                 /* breaks go after the spaces */
    if (no_break_before(b) || no_break_after(a)) return false;
    if (is_space(a)) return true;
    if (is_hyphen(a)) return !(b >= '0' && b <= '9');
    return is_ideographic(a) || is_ideographic(b);
}

/* The last code point of text[start, end). */
static uint32_t last_cp(const char *text, size_t start, size_t end)
{
    size_t q = end - 1;
    while (q > start && ((unsigned char)text[q] & 0xC0u) == 0x80u) q--;
    return utf8_decode(text, end, &q);
}

/* The laid-out paragraph text[0..para) is the rest of the one broken last: reuse it. Returns
 * the layout and the offset in it where text starts, or NULL. */
static const TextLayout *wrap_continue(TextFonts *tf, TextStyle style, TextDir dir, const char *text,
                                       size_t para, size_t *from)
{
    if (tf->wrap_entry < 0) return NULL;
    const TextCacheEntry *e = &tf->entries[tf->wrap_entry];
    if (!e->used || e->born != tf->wrap_stamp || e->style != style || e->dir != dir) return NULL;
    size_t laid = e->layout.len, at = tf->wrap_next;
    if (at >= laid || laid - at != para || e->layout.cut || memcmp(e->text + at, text, para)) return NULL;
    *from = at;
    return &e->layout;
}

size_t text_wrap_line(TextFonts *tf, TextStyle style, TextDir dir, const char *text, size_t len,
                      float max_em, size_t *next)
{
    /* the paragraph: up to the first '\n' */
    size_t para = 0;
    while (para < len && text[para] != '\n') para++;
    if (para == 0) { *next = len ? 1 : 0; return 0; }
    size_t base = 0; /* where text starts in the laid-out paragraph */
    const TextLayout *l = wrap_continue(tf, style, dir, text, para, &base);
    int32_t entry = tf->wrap_entry;
    if (!l) {
        entry = layout_entry(tf, style, dir, text, para);
        l = entry >= 0 ? &tf->entries[entry].layout : NULL;
    }
    if (!l || l->cluster_count == 0) { *next = para < len ? para + 1 : len; return para; }
    const char *pt = text - base;            /* the paragraph's own text */
    size_t laid = l->len;                    /* a cut paragraph wraps in pieces */
    uint32_t k = l->cluster_count, i = 0;
    { /* the first cluster of this line */
        uint32_t lo = 0, hi = k;
        while (lo < hi) { uint32_t mid = (lo + hi) / 2; if (l->logical[mid].start < base) lo = mid + 1; else hi = mid; }
        i = lo;
    }
    float w = 0;
    size_t last_break = 0, result = laid;
    uint32_t prev_cp = 0;
    bool broke = false;
    for (uint32_t first = i; i < k; i++) {
        const TextCluster *c = &l->logical[i];
        size_t j = c->start;
        uint32_t cp = utf8_decode(pt, laid, &j);
        if (i > first && text_break_between(prev_cp, cp)) last_break = c->start;
        float cw = c->x1 - c->x0;
        if (!is_space(cp) && w + cw > max_em && i > first) {
            result = last_break > base ? last_break : c->start; /* else break inside the word */
            broke = true;
            break;
        }
        w += cw;
        prev_cp = last_cp(pt, c->start, c->end);
    }
    if (!broke) {
        tf->wrap_entry = -1;
        if (laid < base + para) { *next = laid - base; return laid - base; } /* a cut paragraph goes on */
        *next = para < len ? para + 1 : len;
        return para;
    }
    /* the line ends before the spaces at the break; the next starts after them */
    size_t end = result, after = result;
    while (end > base && is_space((unsigned char)pt[end - 1])) end--;
    while (after < base + para && (pt[after] == ' ' || pt[after] == '\t')) after++;
    if (end == base) end = result;
    tf->wrap_entry = entry;   /* the next line goes on in this paragraph */
    tf->wrap_stamp = tf->entries[entry].born;
    tf->wrap_next = after;
    *next = after - base;
    return end - base;
}

/* --- caret and selection ----------------------------------------------------------------- */

/* The fraction of a cluster's width before offset o (ligatures: by bytes). */
static float part(const TextCluster *c, size_t o)
{
    if (c->end <= c->start) return 0;
    return (float)(o - c->start) / (float)(c->end - c->start);
}

float text_caret_x(const TextLayout *l, size_t offset)
{
    if (!l || l->cluster_count == 0) return 0;
    if (offset >= l->len) {
        /* after the last character in logical order */
        const TextCluster *last = NULL;
        for (uint32_t i = 0; i < l->cluster_count; i++)
            if (!last || l->clusters[i].start > last->start) last = &l->clusters[i];
        return last->rtl ? last->x0 : last->x1;
    }
    for (uint32_t i = 0; i < l->cluster_count; i++) {
        const TextCluster *c = &l->clusters[i];
        if (offset >= c->start && offset < c->end) {
            float f = part(c, offset);
            return c->rtl ? c->x1 - f * (c->x1 - c->x0) : c->x0 + f * (c->x1 - c->x0);
        }
    }
    return 0;
}

size_t text_hit(const TextLayout *l, float x)
{
    if (!l || l->cluster_count == 0) return 0;
    size_t best = 0;
    float best_d = INFINITY;
    /* every caret position is a candidate: the start of each cluster and the end of the line */
    for (uint32_t i = 0; i <= l->cluster_count; i++) {
        size_t o = i < l->cluster_count ? l->clusters[i].start : l->len;
        float d = fabsf(text_caret_x(l, o) - x);
        if (d < best_d) { best_d = d; best = o; }
    }
    return best;
}

size_t text_selection(const TextLayout *l, size_t s0, size_t s1, float *x0, float *x1, size_t cap)
{
    if (!l || s1 <= s0 || cap == 0) return 0;
    size_t n = 0;
    for (uint32_t i = 0; i < l->cluster_count; i++) {
        const TextCluster *c = &l->clusters[i];
        if (c->end <= s0 || c->start >= s1) continue;
        size_t a = s0 > c->start ? s0 : c->start, b = s1 < c->end ? s1 : c->end;
        float w = c->x1 - c->x0, fa = part(c, a), fb = part(c, b);
        float lo = c->rtl ? c->x1 - fb * w : c->x0 + fa * w;
        float hi = c->rtl ? c->x1 - fa * w : c->x0 + fb * w;
        if (n > 0 && fabsf(x1[n - 1] - lo) < 1e-4f) { x1[n - 1] = hi; continue; }
        if (n == cap) { x1[n - 1] = hi; continue; } /* out of room: widen the last span */
        x0[n] = lo;
        x1[n] = hi;
        n++;
    }
    return n;
}
