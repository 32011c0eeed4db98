/* textedit.c — one field's UTF-8 text with caret, selection and IME composition (textedit.h).
 * Portable C11, no allocation, no I/O, no state outside the TextEdit. It must never leave
 * invalid UTF-8 or stale bytes in the buffer, nor write past the caller's capacity. */
#include "core/textedit.h"

#include <string.h>

#include "core/utf8.h"

#define CP_ZWJ 0x200Du

typedef struct CpRange {
    uint32_t lo, hi;
} CpRange;

/* Code points that continue the cluster before them: combining marks of the scripts the UN
 * works in and their neighbours, joiners, variation selectors, emoji modifiers and tags. An
 * approximation of UAX #29 "Extend"/"SpacingMark" small enough to read; a missing mark only
 * means the caret may stop before it, never that a code point is split. */
static const CpRange EXTEND[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF},
    {0x05C1, 0x05C2}, {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4},
    {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0900, 0x0903}, {0x093A, 0x093C},
    {0x093E, 0x094F}, {0x0951, 0x0957}, {0x0962, 0x0963}, {0x0E31, 0x0E31},
    {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x200C, 0x200D}, {0x20D0, 0x20FF}, {0x3099, 0x309A}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}, {0x1F3FB, 0x1F3FF}, {0xE0020, 0xE007F}, {0xE0100, 0xE01EF},
};

/* Emoji-like code points: after a ZWJ they join (family, profession sequences), and a
 * Backspace removes their whole cluster because a half emoji is meaningless. */
static const CpRange PICTOGRAPHIC[] = {
    {0x00A9, 0x00A9}, {0x00AE, 0x00AE}, {0x203C, 0x203C}, {0x2049, 0x2049},
    {0x2122, 0x2122}, {0x2139, 0x2139}, {0x2190, 0x21FF}, {0x2300, 0x23FF},
    {0x25A0, 0x27BF}, {0x2900, 0x297F}, {0x2B00, 0x2BFF}, {0x3030, 0x3030},
    {0x303D, 0x303D}, {0x3297, 0x3297}, {0x3299, 0x3299}, {0x1F000, 0x1FAFF},
};

/* Neither letters nor digits nor spaces: word motion stops where the class changes, so
 * "hello, world" has the stops hello|,| world. Letters of every script are words. */
static const CpRange PUNCT[] = {
    {0x00A1, 0x00A9}, {0x00AB, 0x00B4}, {0x00B6, 0x00B9}, {0x00BB, 0x00BF},
    {0x00D7, 0x00D7}, {0x00F7, 0x00F7}, {0x055A, 0x055F}, {0x0589, 0x058A},
    {0x05BE, 0x05BE}, {0x05C0, 0x05C0}, {0x05C3, 0x05C3}, {0x05F3, 0x05F4},
    {0x060C, 0x060D}, {0x061B, 0x061B}, {0x061E, 0x061F}, {0x066A, 0x066D},
    {0x06D4, 0x06D4}, {0x0964, 0x0965}, {0x0E4F, 0x0E4F}, {0x0E5A, 0x0E5B},
    {0x2010, 0x2027}, {0x2030, 0x205E}, {0x20A0, 0x20CF}, {0x2100, 0x2BFF},
    {0x3001, 0x3003}, {0x3008, 0x3011}, {0x3014, 0x301F}, {0x30FB, 0x30FB},
    {0xFE10, 0xFE19}, {0xFE30, 0xFE4F}, {0xFE50, 0xFE6B}, {0xFF01, 0xFF0F},
    {0xFF1A, 0xFF20}, {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0x1F000, 0x1FAFF},
};

static bool in_ranges(const CpRange *r, size_t n, uint32_t cp)
{
    for (size_t k = 0; k < n; k++)
        if (cp >= r[k].lo && cp <= r[k].hi) return true;
    return false;
}

#define IN(table, cp) in_ranges(table, sizeof(table) / sizeof(table[0]), cp)

static bool is_extend(uint32_t cp) { return cp >= 0x300 && IN(EXTEND, cp); }
static bool is_pictographic(uint32_t cp) { return cp >= 0xA9 && IN(PICTOGRAPHIC, cp); }
static bool is_ri(uint32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }

/* Whether cp continues the cluster that ends with prev; ri_run counts the regional
 * indicators ending at prev, because flags pair them up two by two. */
static bool joins(uint32_t prev, uint32_t cp, size_t ri_run)
{
    if (is_extend(cp)) return true;
    if (prev == CP_ZWJ && is_pictographic(cp)) return true;
    return is_ri(prev) && is_ri(cp) && ri_run % 2 == 1;
}

typedef enum CpClass { CLASS_SPACE, CLASS_BREAK, CLASS_PUNCT, CLASS_WORD } CpClass;

static CpClass cp_class(uint32_t cp)
{
    if (cp == '\n') return CLASS_BREAK;
    if (cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
        cp == 0x202F || cp == 0x205F || cp == 0x3000)
        return CLASS_SPACE;
    if (cp < 0x80) {
        bool alnum = (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
        return alnum || cp == '_' ? CLASS_WORD : CLASS_PUNCT;
    }
    return IN(PUNCT, cp) ? CLASS_PUNCT : CLASS_WORD;
}

/* "don't" and "l’été" are one word each: an apostrophe between letters does not stop. */
static bool is_apostrophe(uint32_t cp) { return cp == '\'' || cp == 0x2019; }

/* --- navigation over the stored (always valid) text ----------------------------------- */

static uint32_t cp_at(const TextEdit *te, size_t pos)
{
    size_t i = pos;
    return utf8_decode(te->buf, te->len, &i);
}

static size_t cp_before(const TextEdit *te, size_t pos)
{
    size_t p = pos - 1;
    while (p > 0 && ((unsigned char)te->buf[p] & 0xC0u) == 0x80u) p--;
    return p;
}

/* Moves a byte offset back to the start of the code point it falls in. */
static size_t floor_cp(const TextEdit *te, size_t pos)
{
    if (pos >= te->len) return te->len;
    while (pos > 0 && ((unsigned char)te->buf[pos] & 0xC0u) == 0x80u) pos--;
    return pos;
}

static size_t ri_run_ending(const TextEdit *te, size_t end)
{
    size_t n = 0;
    while (end > 0) {
        end = cp_before(te, end);
        if (!is_ri(cp_at(te, end))) break;
        n++;
    }
    return n;
}

static size_t cluster_prev(const TextEdit *te, size_t pos)
{
    if (pos == 0) return 0;
    size_t p = cp_before(te, pos);
    uint32_t c = cp_at(te, p);
    while (p > 0) {
        size_t pp = cp_before(te, p);
        uint32_t pc = cp_at(te, pp);
        if (!joins(pc, c, ri_run_ending(te, p))) break;
        p = pp;
        c = pc;
    }
    return p;
}

static size_t cluster_next(const TextEdit *te, size_t pos)
{
    if (pos >= te->len) return te->len;
    size_t i = pos;
    uint32_t prev = utf8_decode(te->buf, te->len, &i);
    size_t ri = is_ri(prev) ? ri_run_ending(te, pos) + 1 : 0;
    while (i < te->len) {
        size_t j = i;
        uint32_t c = utf8_decode(te->buf, te->len, &j);
        if (!joins(prev, c, ri)) break;
        ri = is_ri(c) ? ri + 1 : 0;
        prev = c;
        i = j;
    }
    return i;
}

static CpClass class_at(const TextEdit *te, size_t pos) { return cp_class(cp_at(te, pos)); }

static size_t word_prev(const TextEdit *te, size_t pos)
{
    while (pos > 0) {
        size_t q = cluster_prev(te, pos);
        if (class_at(te, q) != CLASS_SPACE) break;
        pos = q;
    }
    if (pos == 0) return 0;
    pos = cluster_prev(te, pos);
    CpClass k = class_at(te, pos);
    if (k == CLASS_BREAK) return pos; /* a line break is a stop of its own */
    while (pos > 0) {
        size_t q = cluster_prev(te, pos);
        if (class_at(te, q) == k ||
            (k == CLASS_WORD && is_apostrophe(cp_at(te, q)) && q > 0 &&
             class_at(te, cluster_prev(te, q)) == CLASS_WORD)) {
            pos = q;
            continue;
        }
        break;
    }
    return pos;
}

static size_t word_next(const TextEdit *te, size_t pos)
{
    while (pos < te->len && class_at(te, pos) == CLASS_SPACE) pos = cluster_next(te, pos);
    if (pos >= te->len) return te->len;
    CpClass k = class_at(te, pos);
    pos = cluster_next(te, pos);
    if (k == CLASS_BREAK) return pos;
    while (pos < te->len) {
        size_t n;
        if (class_at(te, pos) == k) {
            pos = cluster_next(te, pos);
            continue;
        }
        if (k == CLASS_WORD && is_apostrophe(cp_at(te, pos)) &&
            (n = cluster_next(te, pos)) < te->len && class_at(te, n) == CLASS_WORD) {
            pos = n;
            continue;
        }
        break;
    }
    return pos;
}

static size_t motion_target(const TextEdit *te, size_t from, TextEditMove move)
{
    switch (move) {
    case TEXTEDIT_PREV_CHAR: return cluster_prev(te, from);
    case TEXTEDIT_NEXT_CHAR: return cluster_next(te, from);
    case TEXTEDIT_PREV_WORD: return word_prev(te, from);
    case TEXTEDIT_NEXT_WORD: return word_next(te, from);
    case TEXTEDIT_START: return 0;
    case TEXTEDIT_END: return te->len;
    }
    return from;
}

/* --- incoming text --------------------------------------------------------------------- */

/* utf8_valid refuses NUL; here NUL is just a control character to drop, so each run between
 * NULs is checked on its own (a NUL can never sit inside a valid multi-byte sequence). */
static bool valid_allowing_nul(const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '\0') {
            if (!utf8_valid(s + start, i - start)) return false;
            start = i + 1;
        }
    }
    return true;
}

static bool acceptable(const TextEdit *te, const char *s, size_t n)
{
    if (n == 0) return true;
    if (s == NULL) return false;
    /* Text taken from the field itself would be overwritten while it is copied. */
    uintptr_t a = (uintptr_t)s, b = (uintptr_t)te->buf;
    if (a < b + te->cap && b < a + n) return false;
    return valid_allowing_nul(s, n);
}

typedef struct Sanitized {
    size_t bytes, count;    /* the normalised text */
    size_t dropped;
    bool altered;           /* the output differs from the input */
    size_t map_out[2];      /* where map_src offsets land in the output */
} Sanitized;

/* Normalises src (see textedit.h) into out, or only measures it when out is NULL: run once
 * to measure, check the room, then again to write exactly that many bytes. */
static void sanitize(const char *src, size_t n, bool multiline, char *out, const size_t *map_src, Sanitized *r)
{
    size_t i = 0, ob = 0, oc = 0;
    bool mapped[2] = {map_src == NULL, map_src == NULL};

    memset(r, 0, sizeof *r);
    while (i < n) {
        for (int k = 0; k < 2; k++) {
            if (!mapped[k] && map_src[k] <= i) {
                r->map_out[k] = ob;
                mapped[k] = true;
            }
        }
        size_t start = i;
        uint32_t cp = utf8_decode(src, n, &i);
        uint32_t oc_cp = cp;
        if (cp == '\r' || cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
            if (cp == '\r' && i < n && src[i] == '\n') i++;
            oc_cp = multiline ? '\n' : ' ';
        } else if (cp == '\t') {
            oc_cp = ' ';
        } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
            r->dropped++;
            r->altered = true;
            continue;
        }
        char enc[4];
        size_t eb = utf8_encode(oc_cp, enc);
        if (oc_cp != cp || eb != i - start) r->altered = true;
        if (out != NULL) memcpy(out + ob, enc, eb);
        ob += eb;
        oc++;
    }
    for (int k = 0; k < 2; k++) {
        if (!mapped[k] || r->map_out[k] > ob) r->map_out[k] = ob;
    }
    r->bytes = ob;
    r->count = oc;
}

static void remove_range(TextEdit *te, size_t a, size_t b)
{
    te->count -= utf8_count(te->buf + a, b - a);
    memmove(te->buf + a, te->buf + b, te->len - b);
    /* Keep buf[len..cap) zero: deleted words must not linger for the next participant. */
    memset(te->buf + te->len - (b - a), 0, b - a);
    te->len -= b - a;
    te->refused = false;
}

/* Replaces [a, b) with sanitised src; *end receives the end of what went in. On
 * TEXTEDIT_INVALID nothing is touched; on TEXTEDIT_LIMITED (it would not fit) only the
 * refusal is recorded, for the field's message. */
static TextEditResult replace_range(TextEdit *te, size_t a, size_t b, const char *src, size_t n,
                                    const size_t *map_src, size_t *map_out, size_t *end)
{
    TextEditResult res = {TEXTEDIT_INVALID, 0, 0, 0};
    if (!acceptable(te, src, n)) return res;

    size_t removed_count = utf8_count(te->buf + a, b - a);
    size_t room_count = te->max_count - (te->count - removed_count);
    size_t room_bytes = (te->cap - 1) - (te->len - (b - a));
    Sanitized s, w;

    sanitize(src, n, te->multiline, NULL, map_src, &s);
    res.dropped = s.dropped;
    if (s.count > room_count || s.bytes > room_bytes) {
        res.status = TEXTEDIT_LIMITED;
        res.refused = s.count;
        te->refused = true;
        te->version++; /* the UI re-publishes the value the field kept */
        return res;
    }
    size_t new_len = te->len - (b - a) + s.bytes;
    memmove(te->buf + a + s.bytes, te->buf + b, te->len - b);
    sanitize(src, n, te->multiline, te->buf + a, NULL, &w);
    if (new_len < te->len) memset(te->buf + new_len, 0, te->len - new_len);
    te->len = new_len;
    te->count = te->count - removed_count + s.count;
    te->refused = false;
    if (map_out != NULL) {
        map_out[0] = a + s.map_out[0];
        map_out[1] = a + s.map_out[1];
    }
    *end = a + s.bytes;
    res.status = TEXTEDIT_OK;
    res.inserted = s.count;
    return res;
}

static size_t sel_start(const TextEdit *te) { return te->caret < te->anchor ? te->caret : te->anchor; }
static size_t sel_end(const TextEdit *te) { return te->caret < te->anchor ? te->anchor : te->caret; }

/* Ends a composition keeping its text; true when there was one (the UI redraws then). */
static bool end_composition(TextEdit *te)
{
    bool was = te->composing;
    te->composing = false;
    te->comp_start = te->comp_end = 0;
    return was;
}

/* --- public API -------------------------------------------------------------------------- */

bool textedit_init(TextEdit *te, char *buf, size_t buf_bytes, size_t max_count, bool multiline)
{
    memset(te, 0, sizeof *te);
    if (buf == NULL || buf_bytes == 0 || max_count == 0) return false;
    memset(buf, 0, buf_bytes);
    te->buf = buf;
    te->cap = buf_bytes;
    te->max_count = max_count;
    te->multiline = multiline;
    te->version = 1; /* so a UI that starts from a zeroed "published version" publishes once */
    return true;
}

void textedit_clear(TextEdit *te)
{
    bool changed = te->len > 0 || te->caret > 0 || te->anchor > 0 || te->composing || te->refused;
    memset(te->buf, 0, te->cap);
    te->len = te->count = te->caret = te->anchor = 0;
    te->refused = false;
    end_composition(te);
    if (changed) te->version++;
}

TextEditResult textedit_set_value(TextEdit *te, const char *utf8, size_t len,
                                  size_t anchor_u16, size_t caret_u16)
{
    TextEditResult res = {TEXTEDIT_INVALID, 0, 0, 0};
    if (!acceptable(te, utf8, len)) return res;

    size_t map_src[2] = {textedit_utf16_to_byte(utf8, len, anchor_u16),
                         textedit_utf16_to_byte(utf8, len, caret_u16)};
    size_t map_out[2];
    Sanitized s;
    bool changed;

    sanitize(utf8, len, te->multiline, NULL, map_src, &s);
    if (!s.altered && len == te->len && (len == 0 || memcmp(utf8, te->buf, len) == 0)) {
        map_out[0] = map_src[0];
        map_out[1] = map_src[1];
        res.status = TEXTEDIT_OK;
        res.inserted = te->count;
        changed = false;
    } else {
        size_t end;
        res = replace_range(te, 0, te->len, utf8, len, map_src, map_out, &end);
        if (res.status == TEXTEDIT_LIMITED) return res; /* the value, caret and composition stay */
        changed = true;
    }
    changed |= end_composition(te);
    changed |= te->anchor != map_out[0] || te->caret != map_out[1];
    te->anchor = map_out[0];
    te->caret = map_out[1];
    if (changed) te->version++;
    return res;
}

TextEditResult textedit_insert(TextEdit *te, const char *utf8, size_t len)
{
    size_t a = sel_start(te), b = sel_end(te), end;
    TextEditResult res = replace_range(te, a, b, utf8, len, NULL, NULL, &end);
    if (res.status != TEXTEDIT_OK) return res;
    bool changed = end_composition(te);
    changed |= b > a || end > a || te->caret != end || te->anchor != end;
    te->caret = te->anchor = end;
    if (changed) te->version++;
    return res;
}

bool textedit_delete(TextEdit *te, TextEditMove move)
{
    bool changed = end_composition(te);
    size_t a = sel_start(te), b = sel_end(te);

    if (a == b) {
        size_t t = motion_target(te, te->caret, move);
        if (move == TEXTEDIT_PREV_CHAR && t < te->caret) {
            uint32_t base = cp_at(te, t);
            if (!is_pictographic(base) && !is_ri(base)) t = cp_before(te, te->caret);
        }
        a = t < te->caret ? t : te->caret;
        b = t < te->caret ? te->caret : t;
    }
    if (b > a) {
        remove_range(te, a, b);
        changed = true;
    }
    changed |= te->caret != a || te->anchor != a;
    te->caret = te->anchor = a;
    if (changed) te->version++;
    return b > a;
}

bool textedit_move(TextEdit *te, TextEditMove move, bool extend)
{
    bool changed = end_composition(te);
    size_t old_caret = te->caret, old_anchor = te->anchor;

    if (!extend && te->caret != te->anchor) {
        bool back = move == TEXTEDIT_PREV_CHAR || move == TEXTEDIT_PREV_WORD || move == TEXTEDIT_START;
        size_t edge = back ? sel_start(te) : sel_end(te);
        if (move == TEXTEDIT_PREV_CHAR || move == TEXTEDIT_NEXT_CHAR) te->caret = edge;
        else te->caret = motion_target(te, edge, move);
    } else {
        te->caret = motion_target(te, te->caret, move);
    }
    if (!extend) te->anchor = te->caret;
    changed |= te->caret != old_caret || te->anchor != old_anchor;
    if (changed) te->version++;
    return te->caret != old_caret || te->anchor != old_anchor;
}

bool textedit_select(TextEdit *te, size_t anchor, size_t caret)
{
    bool changed = end_composition(te);
    anchor = floor_cp(te, anchor);
    caret = floor_cp(te, caret);
    bool moved = anchor != te->anchor || caret != te->caret;
    te->anchor = anchor;
    te->caret = caret;
    if (changed || moved) te->version++;
    return moved;
}

void textedit_select_all(TextEdit *te) { (void)textedit_select(te, 0, te->len); }

TextEditResult textedit_composition_set(TextEdit *te, const char *utf8, size_t len)
{
    size_t a = te->composing ? te->comp_start : sel_start(te);
    size_t b = te->composing ? te->comp_end : sel_end(te);
    size_t end;
    TextEditResult res = replace_range(te, a, b, utf8, len, NULL, NULL, &end);
    if (res.status != TEXTEDIT_OK) return res;
    te->composing = true;
    te->comp_start = a;
    te->comp_end = end;
    te->caret = te->anchor = end;
    te->version++; /* the composition range changed or started, at least */
    return res;
}

void textedit_composition_commit(TextEdit *te)
{
    if (!te->composing) return;
    te->caret = te->anchor = te->comp_end;
    end_composition(te);
    te->version++;
}

void textedit_composition_cancel(TextEdit *te)
{
    if (!te->composing) return;
    size_t a = te->comp_start;
    remove_range(te, a, te->comp_end);
    te->caret = te->anchor = a;
    end_composition(te);
    te->version++;
}

const char *textedit_value(const TextEdit *te, size_t *len)
{
    if (len != NULL) *len = te->len;
    return te->buf;
}

size_t textedit_count(const TextEdit *te) { return te->count; }
size_t textedit_max_count(const TextEdit *te) { return te->max_count; }
size_t textedit_caret(const TextEdit *te) { return te->caret; }
size_t textedit_anchor(const TextEdit *te) { return te->anchor; }

bool textedit_selection(const TextEdit *te, size_t *start, size_t *end)
{
    if (start != NULL) *start = sel_start(te);
    if (end != NULL) *end = sel_end(te);
    return te->caret != te->anchor;
}

bool textedit_composition(const TextEdit *te, size_t *start, size_t *end)
{
    if (start != NULL) *start = te->composing ? te->comp_start : te->caret;
    if (end != NULL) *end = te->composing ? te->comp_end : te->caret;
    return te->composing;
}

uint32_t textedit_version(const TextEdit *te) { return te->version; }

bool textedit_refused(const TextEdit *te) { return te->refused; }

void textedit_mark_refused(TextEdit *te)
{
    te->refused = true;
    te->version++;
}

size_t textedit_utf16_to_byte(const char *s, size_t len, size_t u16)
{
    size_t i = 0, u = 0;
    if (s == NULL) return 0;
    while (i < len) {
        size_t j = i;
        uint32_t cp = utf8_decode(s, len, &j);
        size_t w = cp >= 0x10000u ? 2 : 1;
        if (u + w > u16) return i;
        u += w;
        i = j;
    }
    return len;
}

size_t textedit_byte_to_utf16(const char *s, size_t len, size_t byte)
{
    size_t i = 0, u = 0;
    if (s == NULL) return 0;
    while (i < len && i < byte) {
        size_t j = i;
        uint32_t cp = utf8_decode(s, len, &j);
        if (j > byte) break; /* byte falls inside this character */
        u += cp >= 0x10000u ? 2 : 1;
        i = j;
    }
    return u;
}
