/* text.h — the text layer between core and ui: shaped lines (from the shaping engine,
 * src/text/shape.h: HarfBuzz and FriBidi), the shaped-line cache, line breaking (Latin, Arabic,
 * Chinese), logical byte offsets mapped to visual x and back, and which face draws what.
 *
 * The engine sits behind TextEngine so a platform may load it only when text needs it (the web
 * fetches it as a module of its own when Arabic text or a right-to-left line first appears).
 * Lines whose every character is "simple" (Latin, Greek, Cyrillic, Chinese and Japanese
 * characters and common punctuation without combining marks, laid out left to right) are laid
 * out here from the font's cmap, advances and kerning pairs: for the shipped fonts that is
 * glyph for glyph what HarfBuzz returns (their Latin subsets keep only the kern feature, the
 * Chinese one no layout tables), which test_text checks against the engine on every message,
 * event text and country name. Everything else goes to the engine; until it is ready such
 * text is laid out provisionally (not drawn) and the platform is asked for it.
 * Portable C11: never SDL, Emscripten or I/O. Any input (invalid UTF-8, any length) is
 * bounded: past TEXT_MAX_BYTES a string is cut and flagged.
 *
 * Units: offsets are BYTE offsets into the string given (as core/textedit uses); positions
 * and widths are in em (1.0 = the font size), so one shaped line serves every size. */
#ifndef PARLEY_TEXT_H
#define PARLEY_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stb_truetype.h"

#define TEXT_MAX_FACES      16         /* font files loaded at once */
#define TEXT_MAX_BYTES      16384u     /* one laid-out string; longer ones are cut at a code point */
#define TEXT_CACHE_ENTRIES  512        /* shaped lines kept (least recently used goes first) */
#define TEXT_CACHE_GLYPHS   (128u * 1024u) /* glyphs kept in all cached lines together */
#define TEXT_PRESHAPED_FONTS 4          /* faces of names shaped at build time, see below */
#define TEXT_DIR_CACHE      256        /* paragraph directions kept (text_base_dir) */
#define TEXT_MAX_RECTS      16         /* selection rectangles of one line, see text_selection */

/* Which font family a script wants; a face is registered for one group and one style. */
typedef enum TextGroup { TEXT_GROUP_LATIN, TEXT_GROUP_ARABIC, TEXT_GROUP_CJK, TEXT_GROUP_COUNT } TextGroup;
typedef enum TextStyle { TEXT_REGULAR, TEXT_BOLD, TEXT_STYLE_COUNT } TextStyle;
/* Paragraph (base) direction; AUTO takes the first strong character's (LTR when none). */
typedef enum TextDir { TEXT_DIR_AUTO, TEXT_DIR_LTR, TEXT_DIR_RTL } TextDir;

#define TEXT_GLYPH_HIDDEN UINT32_MAX /* a glyph not drawn: its font or the engine is on its way */

typedef struct TextGlyph {
    uint32_t glyph;             /* glyph id in its face, or TEXT_GLYPH_HIDDEN */
    uint32_t cluster;           /* byte offset of the first character it comes from */
    float x, y;                 /* origin from the line's left edge and baseline (y up), em */
    float advance;              /* em */
    uint8_t face;               /* index into TextFonts.faces */
    uint8_t rtl;                /* its run is right to left */
} TextGlyph;

/* A cluster: the smallest piece the caret can stand on either side of, with its visual extent. */
typedef struct TextCluster {
    uint32_t start, end;        /* bytes [start, end) */
    float x0, x1;               /* em, x0 <= x1 */
    uint8_t rtl;
} TextCluster;

/* One shaped line in visual order (left to right on screen). */
typedef struct TextLayout {
    uint32_t len;               /* bytes laid out (<= the string's length) */
    bool cut;                   /* the string was longer than TEXT_MAX_BYTES */
    bool rtl;                   /* resolved paragraph direction */
    float width;                /* em */
    uint32_t glyph_count, cluster_count;
    TextGlyph *glyphs;          /* visual order */
    TextCluster *clusters;      /* visual order */
    TextCluster *logical;       /* the same clusters in logical order (line breaking) */
    bool provisional;           /* laid out while a face or the engine it needs is on its way */
} TextLayout;

typedef struct TextFace {
    const unsigned char *data;  /* not owned; must outlive the TextFonts */
    size_t len;
    int index;                  /* face in a collection (.ttc) */
    TextGroup group;
    TextStyle style;
    int upem;
    bool substitutes;           /* has a GSUB table: its lines always go to the engine */
    bool reserved;              /* draws only the names shaped at build time (below) */
    stbtt_fontinfo info;        /* cmap, advances, kerning; the UI rasterises from it too */
} TextFace;

typedef struct TextStats {
    uint64_t shapes;            /* lines the engine laid out */
    uint64_t simple;            /* lines laid out here (simple text) */
    uint64_t layouts;           /* lines laid out (cache misses) */
    uint64_t hits;              /* lines found in the cache */
    uint64_t evictions;
} TextStats;

/* The shaping engine (src/text/shape.h binds HarfBuzz and FriBidi to it). Face ids are the
 * TextFonts' own: every face added is handed over, and again, in order, by text_engine_ready. */
typedef struct TextEngine {
    void *ctx;
    bool (*ready)(void *ctx);
    /* asked when text needs the engine and it is not ready: true when it is on its way (the
     * platform then calls text_engine_ready), false when it will not come (such text is then
     * drawn from the cmap, unjoined and left to right, rather than not at all) */
    bool (*request)(void *ctx);
    bool (*add_face)(void *ctx, int id, const TextFace *face);
    /* one line in visual order, glyphs and clusters malloc'd (text_layout_free); false = failed */
    bool (*layout)(void *ctx, TextStyle style, TextDir dir, const char *text, size_t len, TextLayout *out);
    TextDir (*base_dir)(void *ctx, const char *text, size_t len, TextDir fallback);
} TextEngine;

/* Asked when a character has no glyph in any loaded face: true when a face of that group is
 * on its way (the platform then adds it; text waiting for it is provisional), false when there
 * is none to fetch (the character is drawn as the font's missing-glyph box). */
typedef bool (*TextWantFn)(void *user, TextGroup group);

typedef struct TextCacheEntry TextCacheEntry;

typedef struct TextFonts {
    TextFace faces[TEXT_MAX_FACES];
    int face_count;
    TextCacheEntry *entries;    /* TEXT_CACHE_ENTRIES */
    int32_t buckets[TEXT_CACHE_ENTRIES * 2];
    uint64_t clock;
    size_t cached_glyphs;
    TextStats stats;
    const TextEngine *engine;   /* NULL: simple text only, the rest provisional */
    TextWantFn want;
    void *want_user;
    uint32_t provisional;       /* provisional lines in the cache */
    bool stale;                 /* the cache was cleared since the last frame (text_frame_done) */
    /* paragraph directions the engine resolved (two hashes and the length of the paragraph) */
    struct { uint32_t h1, h2, len; uint8_t dir; bool used; } dirs[TEXT_DIR_CACHE];
    int preshaped_face[TEXT_PRESHAPED_FONTS]; /* face id of each preshaped font, -1 = none */
    /* line breaking goes on in the paragraph it broke last (no reshaping of what remains) */
    int32_t wrap_entry;         /* cache entry of that paragraph, -1 = none */
    uint64_t wrap_stamp;        /* when that entry was shaped: a reused slot differs */
    size_t wrap_next;           /* where its next line starts */
} TextFonts;

bool text_fonts_init(TextFonts *tf);
void text_fonts_free(TextFonts *tf);

/* Registers a font (TrueType/OpenType bytes, not copied; index = face in a .ttc). Returns its
 * face id, or -1 when it cannot be read or TEXT_MAX_FACES are loaded. The first face of a
 * group and style is the one used for it; later ones fill in what it lacks. Clears the line
 * cache and hands the face to the engine. */
int text_fonts_add(TextFonts *tf, const unsigned char *data, size_t len, int index,
                   TextGroup group, TextStyle style);

void text_fonts_set_engine(TextFonts *tf, const TextEngine *engine);
void text_fonts_set_want(TextFonts *tf, TextWantFn want, void *user);
/* The engine became ready: every face is handed to it and the line cache cleared. */
void text_engine_ready(TextFonts *tf);
/* Lays every line out again (a face that was asked for will not come, say). */
void text_fonts_relayout(TextFonts *tf);
/* Some line on the last frame was provisional, or the cache was cleared since (a face or the
 * engine came, and the next frame will tell): a first frame can wait. */
bool text_pending(const TextFonts *tf);
/* A frame was laid out and drawn with the current faces. */
void text_frame_done(TextFonts *tf);

/* The face that draws cp in this style: the face of cp's group if it has the glyph, else the
 * first face (Latin first, same style first) that has it, else the Latin face. */
int text_face_for(const TextFonts *tf, TextStyle style, uint32_t cp);
/* The group whose fonts draw a character (by Unicode block). */
TextGroup text_group_of(uint32_t cp);
/* Whether a glyph for cp is in the face (its cmap). */
bool text_face_has(const TextFonts *tf, int face, uint32_t cp);

/* The direction of a paragraph: its first strong character's (up to the first '\n'), else
 * fallback (an empty field takes the interface's direction). */
TextDir text_base_dir(TextFonts *tf, const char *text, size_t len, TextDir fallback);

/* The shaped line for (style, dir, text): from the cache, or laid out now and cached. The
 * result stays valid until TEXT_CACHE_ENTRIES - 1 other lines were asked for or a face is
 * added. NULL only when out of memory. */
const TextLayout *text_layout(TextFonts *tf, TextStyle style, TextDir dir, const char *text, size_t len);

/* Width of a line in em. */
float text_width(TextFonts *tf, TextStyle style, const char *text, size_t len);

/* Line breaking: the byte length of the longest prefix of text that fits max_em (at least one
 * cluster), breaking where Unicode allows (after spaces and hyphens; between ideographs, but
 * not before closing punctuation such as ，。、）」』》！？ nor after opening punctuation such
 * as （「『《); *next receives where the next line starts (spaces at the break are skipped;
 * '\n' always breaks). Trailing spaces never make a line overflow. */
size_t text_wrap_line(TextFonts *tf, TextStyle style, TextDir dir, const char *text, size_t len,
                      float max_em, size_t *next);

/* May a line break fall between code points a and b? (The rule text_wrap_line uses, exposed
 * for tests.) */
bool text_break_between(uint32_t a, uint32_t b);

/* Caret and selection on one laid-out line. The caret at offset o stands at the leading edge
 * of the character that starts at o (its left in LTR text, its right in RTL), or after the
 * last character at o = len. An empty line has its caret at 0 (LTR) or at the right (RTL,
 * x = 0 of a zero-width line: the caller aligns). */
float text_caret_x(const TextLayout *l, size_t offset);
/* The offset whose caret is nearest x (em from the line's left edge). */
size_t text_hit(const TextLayout *l, float x);
/* The selection [s0, s1) as visual spans [x0, x1) (em), left to right, adjacent spans merged;
 * returns how many (at most cap). Mixed text can need several. */
size_t text_selection(const TextLayout *l, size_t s0, size_t s1, float *x0, float *x1, size_t cap);

/* --- names shaped at build time ----------------------------------------------------------
 * The language picker names every language in its own script on the first screen, before a
 * visitor reading English has any Arabic or Chinese face or the engine: those names are shaped
 * at build time by HarfBuzz (scripts/gen_preshaped.py, build/gen/preshaped.c) with small faces
 * holding just their glyphs. Such a line is drawn from them only while the faces loaded lack
 * its characters; the faces are reserved (never chosen for any other text). */
#define TEXT_PRESHAPED_GLYPHS 16
typedef struct TextPreshapedGlyph { uint16_t glyph, cluster; int16_t dx, dy, advance; } TextPreshapedGlyph; /* font units */
typedef struct TextPreshapedLine {
    uint8_t font;               /* index into text_preshaped_fonts */
    uint8_t group;              /* TextGroup of its script */
    bool rtl;
    const char *text;
    uint8_t count;
    TextPreshapedGlyph glyphs[TEXT_PRESHAPED_GLYPHS]; /* visual order */
} TextPreshapedLine;
typedef struct TextPreshapedFont { const unsigned char *data; size_t len; } TextPreshapedFont;
extern const TextPreshapedFont text_preshaped_fonts[];
extern const size_t text_preshaped_font_count;
extern const TextPreshapedLine text_preshaped_lines[];
extern const size_t text_preshaped_line_count;
/* Registers the build's preshaped faces; false if one cannot be read. */
bool text_fonts_add_preshaped(TextFonts *tf);

/* --- shared by the layer and the engine (a line's clusters, and a line as bytes) ---------- */

/* The faces a choice is made among, as the layer (text.c) and the engine (shape.c) each hold
 * them: count slots; face(ctx, i, &group, &style) is false for a slot not in use; has(ctx, i,
 * cp) says whether face i covers cp. */
typedef struct TextFaceSet {
    int count;
    bool (*face)(const void *ctx, int i, TextGroup *group, TextStyle *style);
    bool (*has)(const void *ctx, int i, uint32_t cp);
    const void *ctx;
} TextFaceSet;
/* The face that draws cp in a run of group: the group's face in the style (its regular when
 * the style is missing) if it covers cp, then any group's, then any face that covers it,
 * then the Latin face (or 0) to draw the missing-glyph box. One choice, so that both paths
 * draw a character with the same face. */
int text_choose_face(const TextFaceSet *set, TextStyle style, TextGroup group, uint32_t cp);

/* Clusters of l->glyphs (visual order, pen positions) and their logical twin; false = no memory. */
bool text_layout_clusters(TextLayout *l);
void text_layout_free(TextLayout *l);
/* A line as bytes, so an engine in another module can hand it over: the size it needs, the
 * bytes written (0 if cap is too small), and the checked reverse (false on anything malformed:
 * counts, offsets past len, faces past TEXT_MAX_FACES). */
size_t text_layout_packed_size(const TextLayout *l);
size_t text_layout_pack(const TextLayout *l, void *buf, size_t cap);
bool text_layout_unpack(const void *buf, size_t n, TextLayout *out);

#endif
