/* pinyin.c — the pinyin candidate table (checked before use), syllable segmentation and the
 * composition (pinyin.h). Never reads outside the table it checked; never allocates. */
#include "core/pinyin.h"

#include <stdio.h>
#include <string.h>

#include "core/devicefile.h"
#include "core/utf8.h"

#define HEADER_BYTES   32u
#define SYLLABLE_BYTES 8u
#define KEY_BYTES      8u
#define TABLE_VERSION  1u
#define MAX_SYLLABLES  1024u

static uint32_t rd16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool fail(PinyinTable *t, char *err, size_t cap, const char *why)
{
    memset(t, 0, sizeof *t);
    if (err && cap) snprintf(err, cap, "%s", why);
    return false;
}

static const uint8_t *key_at(const PinyinTable *t, uint32_t k) { return t->keys + (size_t)k * KEY_BYTES; }
static uint32_t key_syllables(const PinyinTable *t, uint32_t k) { return key_at(t, k)[6]; }
static const uint8_t *key_seq(const PinyinTable *t, uint32_t k) { return t->data + rd32(key_at(t, k)); }

/* Orders syllable sequences: element by element, a sequence before its extensions. */
static int seq_cmp(const uint8_t *a, uint32_t an, const uint16_t *b, uint32_t bn)
{
    for (uint32_t i = 0; i < an && i < bn; i++) {
        uint32_t x = rd16(a + 2 * i);
        if (x != b[i]) return x < b[i] ? -1 : 1;
    }
    return an < bn ? -1 : an > bn ? 1 : 0;
}

static int key_cmp(const PinyinTable *t, uint32_t k, const uint16_t *seq, uint32_t n)
{
    return seq_cmp(key_seq(t, k), key_syllables(t, k), seq, n);
}

bool pinyin_table_load(PinyinTable *t, const uint8_t *b, size_t len, char *err, size_t cap)
{
    if (!b || len < HEADER_BYTES) return fail(t, err, cap, "too short for a pinyin table");
    if (len > PINYIN_MAX_TABLE_BYTES) return fail(t, err, cap, "larger than a pinyin table may be");
    if (memcmp(b, "PLPY", 4) != 0) return fail(t, err, cap, "not a pinyin table (bad magic)");
    if (rd32(b + 4) != len) return fail(t, err, cap, "its size is not the size it states");
    if (devicefile_crc32(0, b + 12, len - 12) != rd32(b + 8)) return fail(t, err, cap, "checksum mismatch");
    if (rd16(b + 12) != TABLE_VERSION) return fail(t, err, cap, "unknown version");
    uint32_t syl = rd16(b + 14), keys = rd32(b + 16), data_len = rd32(b + 20);
    for (int i = 24; i < 32; i++)
        if (b[i]) return fail(t, err, cap, "reserved header bytes are not zero");
    if (syl == 0 || syl > MAX_SYLLABLES) return fail(t, err, cap, "syllable count out of range");
    uint64_t need = (uint64_t)HEADER_BYTES + (uint64_t)syl * SYLLABLE_BYTES + (uint64_t)keys * KEY_BYTES + data_len;
    if (need != len) return fail(t, err, cap, "its parts do not add up to its size");
    PinyinTable tt = {.syllables = b + HEADER_BYTES, .syllable_count = syl, .key_count = keys, .data_len = data_len};
    tt.keys = tt.syllables + (size_t)syl * SYLLABLE_BYTES;
    tt.data = tt.keys + (size_t)keys * KEY_BYTES;

    for (uint32_t i = 0; i < syl; i++) {
        const uint8_t *s = tt.syllables + (size_t)i * SYLLABLE_BYTES;
        size_t n = 0;
        while (n < SYLLABLE_BYTES && s[n]) {
            if (s[n] < 'a' || s[n] > 'z') return fail(t, err, cap, "a syllable holds other than a-z");
            n++;
        }
        if (n == 0 || n == SYLLABLE_BYTES) return fail(t, err, cap, "a syllable is empty or unterminated");
        for (size_t j = n; j < SYLLABLE_BYTES; j++)
            if (s[j]) return fail(t, err, cap, "a syllable's padding is not zero");
        if (i > 0 && memcmp(s - SYLLABLE_BYTES, s, SYLLABLE_BYTES) >= 0)
            return fail(t, err, cap, "syllables out of order");
    }
    for (uint32_t k = 0; k < keys; k++) {
        const uint8_t *kr = key_at(&tt, k);
        uint32_t off = rd32(kr), cands = rd16(kr + 4), n = kr[6];
        if (kr[7] != 0) return fail(t, err, cap, "a key's reserved byte is not zero");
        if (n == 0 || cands == 0) return fail(t, err, cap, "a key without syllables or candidates");
        if (off > data_len || data_len - off < 2u * n) return fail(t, err, cap, "a key points outside the data");
        for (uint32_t i = 0; i < n; i++)
            if (rd16(tt.data + off + 2 * i) >= syl) return fail(t, err, cap, "a key names an unknown syllable");
        if (k > 0) {
            uint16_t seq[256];
            for (uint32_t i = 0; i < n; i++) seq[i] = (uint16_t)rd16(tt.data + off + 2 * i);
            if (key_cmp(&tt, k - 1, seq, n) >= 0) return fail(t, err, cap, "keys out of order");
        }
        size_t p = off + 2u * n;
        for (uint32_t c = 0; c < cands; c++) {
            if (data_len - p < 2) return fail(t, err, cap, "a candidate runs past the data");
            size_t clen = tt.data[p + 1];
            p += 2;
            if (clen == 0 || data_len - p < clen) return fail(t, err, cap, "a candidate runs past the data");
            const char *s = (const char *)tt.data + p;
            if (!utf8_valid(s, clen) || utf8_count(s, clen) != n)
                return fail(t, err, cap, "a candidate is not as many characters of UTF-8 as its syllables");
            p += clen;
        }
    }
    *t = tt;
    return true;
}

/* --- segmentation ------------------------------------------------------------------------ */

static const char *syllable_name(const PinyinTable *t, uint32_t i)
{
    return (const char *)t->syllables + (size_t)i * SYLLABLE_BYTES;
}

/* The syllables [*first, *end) that start with s[0..n) (prefix) or are exactly it (!prefix). */
static bool syllable_range(const PinyinTable *t, const char *s, size_t n, bool prefix, uint16_t *first, uint16_t *end)
{
    if (n == 0 || n >= SYLLABLE_BYTES) return false;
    uint32_t lo = 0, hi = t->syllable_count;
    while (lo < hi) {              /* first syllable >= s */
        uint32_t mid = (lo + hi) / 2;
        if (strncmp(syllable_name(t, mid), s, n) < 0) lo = mid + 1; else hi = mid;
    }
    uint32_t e = lo;
    while (e < t->syllable_count && strncmp(syllable_name(t, e), s, n) == 0) {
        if (!prefix && syllable_name(t, e)[n] == '\0') { *first = (uint16_t)e; *end = (uint16_t)(e + 1); return true; }
        e++;
    }
    if (!prefix || e == lo) return false;
    *first = (uint16_t)lo;
    *end = (uint16_t)e;
    return true;
}

/* One syllable of a segmentation: letters [start, start + len), syllables [first, end). */
typedef struct Segment { uint8_t start, len; uint16_t first, end; } Segment;

/* Fewest syllables covering letters[0..n), the last one possibly a syllable's beginning;
 * among equals the longer syllable first ("xian" is one syllable, "fangan" fang'an). A
 * separator forces a boundary. Returns the number of segments, or -1 when n letters do not
 * segment. */
static int segment_letters(const PinyinTable *t, const char *letters, size_t n, Segment *out)
{
    enum { NONE = 0xFFFF };
    uint16_t best[PINYIN_MAX_LETTERS + 1], step[PINYIN_MAX_LETTERS + 1];
    bool partial[PINYIN_MAX_LETTERS + 1];
    /* best[i]: fewest syllables for letters[i..n); worked out from the end */
    best[n] = 0;
    for (size_t i = n; i-- > 0;) {
        best[i] = NONE;
        partial[i] = false;
        if (letters[i] == '\'') { best[i] = best[i + 1]; step[i] = 1; continue; }
        for (size_t l = SYLLABLE_BYTES - 1; l >= 1; l--) {
            if (i + l > n || best[i + l] == NONE) continue;
            uint16_t f, e;
            bool whole = syllable_range(t, letters + i, l, false, &f, &e);
            bool part = !whole && i + l == n && syllable_range(t, letters + i, l, true, &f, &e);
            if (!whole && !part) continue;
            uint16_t cost = (uint16_t)(best[i + l] + 1);
            /* longer first wins ties (l counts down); a whole syllable beats a beginning */
            if (best[i] == NONE || cost < best[i] || (cost == best[i] && partial[i] && whole)) {
                best[i] = cost;
                step[i] = (uint16_t)l;
                partial[i] = part;
            }
        }
    }
    if (best[0] == NONE) return -1;
    int count = 0;
    for (size_t i = 0; i < n; i += step[i]) {
        if (letters[i] == '\'') continue;
        Segment *s = &out[count++];
        s->start = (uint8_t)i;
        s->len = (uint8_t)step[i];
        syllable_range(t, letters + i, step[i], partial[i], &s->first, &s->end);
    }
    return count;
}

/* The segmentation of the composition; when the whole does not segment, of its longest
 * beginning that does (the letters after it are shown, not offered for). */
static void segment(PinyinInput *in, const PinyinTable *t)
{
    Segment segs[PINYIN_MAX_SEGMENTS];
    in->segment_count = 0;
    in->segmented = 0;
    if (!t || t->syllable_count == 0) return;
    for (size_t n = in->len; n > 0; n--) {
        int count = segment_letters(t, in->letters, n, segs);
        if (count < 0) continue;
        for (int i = 0; i < count; i++) {
            in->seg_start[i] = segs[i].start;
            in->seg_len[i] = segs[i].len;
            in->seg_first[i] = segs[i].first;
            in->seg_end[i] = segs[i].end;
        }
        in->segment_count = count;
        in->segmented = n;
        return;
    }
}

/* --- candidates -------------------------------------------------------------------------- */

static uint32_t lower_bound(const PinyinTable *t, const uint16_t *seq, uint32_t n)
{
    uint32_t lo = 0, hi = t->key_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (key_cmp(t, mid, seq, n) < 0) lo = mid + 1; else hi = mid;
    }
    return lo;
}

static void add_key(PinyinInput *in, const PinyinTable *t, uint32_t k, int syllables)
{
    const uint8_t *kr = key_at(t, k);
    uint32_t cands = rd16(kr + 4);
    const uint8_t *p = t->data + rd32(kr) + 2u * kr[6];
    uint8_t letters = (uint8_t)(in->seg_start[syllables - 1] + in->seg_len[syllables - 1]);
    for (uint32_t c = 0; c < cands && in->candidate_count < PINYIN_MAX_CANDIDATES; c++) {
        PinyinCandidate *pc = &in->candidates[in->candidate_count++];
        pc->weight = p[0];
        pc->len = p[1];
        pc->text = (const char *)p + 2;
        pc->syllables = (uint8_t)syllables;
        pc->letters = letters;
        p += 2u + p[1];
    }
}

/* Candidates [from, count) by weight, most first; equal weights keep the table's order. */
static void sort_by_weight(PinyinCandidate *c, int from, int count)
{
    for (int i = from + 1; i < count; i++) {
        PinyinCandidate x = c[i];
        int j = i;
        while (j > from && c[j - 1].weight < x.weight) { c[j] = c[j - 1]; j--; }
        c[j] = x;
    }
}

/* Every phrase for the first n segments, the last of which may be a range of syllables. */
static void add_phrases(PinyinInput *in, const PinyinTable *t, int n)
{
    uint16_t seq[PINYIN_MAX_SEGMENTS];
    for (int i = 0; i < n - 1; i++) seq[i] = in->seg_first[i];
    int from = in->candidate_count;
    uint16_t first = in->seg_first[n - 1], end = in->seg_end[n - 1];
    if (end - first == 1) {
        seq[n - 1] = first;
        uint32_t k = lower_bound(t, seq, (uint32_t)n);
        if (k < t->key_count && key_cmp(t, k, seq, (uint32_t)n) == 0) add_key(in, t, k, n);
        return;
    }
    seq[n - 1] = first;
    uint32_t k = lower_bound(t, seq, (uint32_t)n);
    seq[n - 1] = end;
    uint32_t stop = lower_bound(t, seq, (uint32_t)n);
    for (; k < stop && in->candidate_count < PINYIN_MAX_CANDIDATES; k++)
        if (key_syllables(t, k) == (uint32_t)n) add_key(in, t, k, n);
    sort_by_weight(in->candidates, from, in->candidate_count);
}

void pinyin_input_update(PinyinInput *in, const PinyinTable *t)
{
    segment(in, t);
    in->candidate_count = 0;
    /* the whole first, then ever shorter beginnings: "lianheguo" offers 联合国, then 联合, 联… */
    for (int n = in->segment_count; n >= 1; n--) {
        if (n < in->segment_count && in->seg_end[n - 1] - in->seg_first[n - 1] != 1) continue;
        add_phrases(in, t, n);
    }
}

void pinyin_input_clear(PinyinInput *in)
{
    memset(in, 0, sizeof *in);
}

bool pinyin_input_active(const PinyinInput *in)
{
    return in->len > 0;
}

bool pinyin_input_add(PinyinInput *in, const PinyinTable *t, char c)
{
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (!((c >= 'a' && c <= 'z') || c == '\'') || in->len >= PINYIN_MAX_LETTERS) return false;
    if (c == '\'' && (in->len == 0 || in->letters[in->len - 1] == '\'')) return false;
    in->letters[in->len++] = c;
    in->letters[in->len] = '\0';
    pinyin_input_update(in, t);
    return true;
}

bool pinyin_input_backspace(PinyinInput *in, const PinyinTable *t)
{
    if (in->len == 0) return false;
    in->letters[--in->len] = '\0';
    pinyin_input_update(in, t);
    return true;
}

const char *pinyin_input_choose(PinyinInput *in, const PinyinTable *t, int i, size_t *len)
{
    if (i < 0 || i >= in->candidate_count) return NULL;
    PinyinCandidate c = in->candidates[i];
    size_t used = c.letters;
    while (used < in->len && in->letters[used] == '\'') used++;
    memmove(in->letters, in->letters + used, in->len - used);
    in->len -= used;
    memset(in->letters + in->len, 0, sizeof in->letters - in->len);
    pinyin_input_update(in, t);
    if (len) *len = c.len;
    return c.text;
}

size_t pinyin_input_display(const PinyinInput *in, char *out, size_t cap)
{
    size_t o = 0;
    if (cap == 0) return 0;
    for (size_t i = 0; i < in->len && o + 1 < cap; i++) {
        bool boundary = false;
        for (int s = 1; s < in->segment_count; s++)
            if (in->seg_start[s] == i && in->letters[i - 1] != '\'') boundary = true;
        if (boundary && o + 2 < cap) out[o++] = '\'';
        out[o++] = in->letters[i];
    }
    out[o] = '\0';
    return o;
}

int pinyin_page_count(const PinyinInput *in, int page_size)
{
    if (page_size <= 0 || in->candidate_count == 0) return 0;
    return (in->candidate_count + page_size - 1) / page_size;
}
