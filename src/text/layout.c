/* layout.c — what the text layer and the shaping engine share: the choice of a face for a
 * character, a laid-out line's clusters, and the line as bytes for an engine in another
 * module (checked on the way in). */
#include "text/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The face of a group in a style (regular when the style is missing), or -1: the last one
 * added, since a group's faces come in growing steps (an interface face, then the full one). */
static int face_of(const TextFaceSet *set, TextGroup group, TextStyle style)
{
    int regular = -1;
    for (int i = set->count - 1; i >= 0; i--) {
        TextGroup g;
        TextStyle s;
        if (!set->face(set->ctx, i, &g, &s) || g != group) continue;
        if (s == style) return i;
        if (regular < 0 && s == TEXT_REGULAR) regular = i;
    }
    return regular;
}

int text_choose_face(const TextFaceSet *set, TextStyle style, TextGroup group, uint32_t cp)
{
    int f = face_of(set, group, style);
    if (f >= 0 && set->has(set->ctx, f, cp)) return f;
    for (int g = 0; g < TEXT_GROUP_COUNT; g++) {
        int h = face_of(set, (TextGroup)g, style);
        if (h >= 0 && set->has(set->ctx, h, cp)) return h;
    }
    for (int i = 0; i < set->count; i++)
        if (set->has(set->ctx, i, cp)) return i;
    f = face_of(set, TEXT_GROUP_LATIN, style);
    return f >= 0 ? f : 0;
}

static int cmp_cluster_start(const void *a, const void *b)
{
    const TextCluster *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Clusters of the glyphs in visual order, their extents from the pen (not the glyph origins,
 * which marks offset); their ends come from the next cluster in logical order. */
bool text_layout_clusters(TextLayout *l)
{
    uint32_t n = l->glyph_count;
    TextCluster *c = malloc((n ? n : 1) * sizeof *c);
    TextCluster *sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!c || !sorted) { free(c); free(sorted); return false; }
    uint32_t k = 0;
    float pen = 0;
    for (uint32_t i = 0; i < n;) {
        const TextGlyph *g = &l->glyphs[i];
        float x0 = pen;
        uint32_t j = i;
        for (; j < n && l->glyphs[j].cluster == g->cluster && l->glyphs[j].face == g->face; j++)
            pen += l->glyphs[j].advance;
        c[k++] = (TextCluster){g->cluster, 0, x0, pen, g->rtl};
        i = j;
    }
    l->cluster_count = k;
    /* visual order is logical order in a left-to-right run, its reverse in a right-to-left
     * one: only mixed lines need the sort (most lines are one or the other) */
    bool ascending = true, descending = true;
    for (uint32_t i = 1; i < k && (ascending || descending); i++) {
        if (c[i - 1].start > c[i].start) ascending = false;
        if (c[i - 1].start < c[i].start) descending = false;
    }
    if (descending && !ascending) {
        for (uint32_t i = 0; i < k; i++) sorted[i] = c[k - 1 - i];
    } else {
        memcpy(sorted, c, k * sizeof *c);
        if (!ascending) qsort(sorted, k, sizeof *sorted, cmp_cluster_start);
    }
    for (uint32_t i = 0; i < k; i++) {
        uint32_t lo = 0, hi = k; /* the first sorted cluster starting after this one */
        while (lo < hi) {
            uint32_t mid = (lo + hi) / 2;
            if (sorted[mid].start <= c[i].start) lo = mid + 1; else hi = mid;
        }
        c[i].end = lo < k ? sorted[lo].start : l->len;
    }
    for (uint32_t i = 0; i < k; i++) sorted[i].end = i + 1 < k ? sorted[i + 1].start : l->len;
    l->clusters = c;
    l->logical = sorted;
    return true;
}

void text_layout_free(TextLayout *l)
{
    free(l->glyphs);
    free(l->clusters);
    free(l->logical);
    memset(l, 0, sizeof *l);
}

/* The bytes: a header, then the glyphs in visual order (the clusters are rebuilt from them,
 * so they cannot disagree). Native byte order: both modules run on the same machine. */
typedef struct Packed {
    uint32_t magic, len, glyph_count, flags;
    float width;
} Packed;
#define PACK_MAGIC 0x31584C50u /* "PLX1" */

size_t text_layout_packed_size(const TextLayout *l)
{
    return sizeof(Packed) + (size_t)l->glyph_count * sizeof(TextGlyph);
}

size_t text_layout_pack(const TextLayout *l, void *buf, size_t cap)
{
    size_t need = text_layout_packed_size(l);
    if (cap < need) return 0;
    Packed h = {PACK_MAGIC, l->len, l->glyph_count, (l->cut ? 1u : 0u) | (l->rtl ? 2u : 0u), l->width};
    memcpy(buf, &h, sizeof h);
    if (l->glyph_count) memcpy((char *)buf + sizeof h, l->glyphs, (size_t)l->glyph_count * sizeof(TextGlyph));
    return need;
}

bool text_layout_unpack(const void *buf, size_t n, TextLayout *out)
{
    memset(out, 0, sizeof *out);
    Packed h;
    if (!buf || n < sizeof h) return false;
    memcpy(&h, buf, sizeof h);
    if (h.magic != PACK_MAGIC || h.len > TEXT_MAX_BYTES || (h.flags & ~3u) || !isfinite(h.width)
        || h.glyph_count > 4u * TEXT_MAX_BYTES + 64u || n != sizeof h + (size_t)h.glyph_count * sizeof(TextGlyph))
        return false;
    TextGlyph *g = malloc((h.glyph_count ? h.glyph_count : 1) * sizeof *g);
    if (!g) return false;
    if (h.glyph_count) memcpy(g, (const char *)buf + sizeof h, (size_t)h.glyph_count * sizeof *g);
    for (uint32_t i = 0; i < h.glyph_count; i++) {
        if (g[i].face >= TEXT_MAX_FACES || g[i].cluster > h.len || g[i].rtl > 1
            || !isfinite(g[i].x) || !isfinite(g[i].y) || !isfinite(g[i].advance)) {
            free(g);
            return false;
        }
    }
    out->len = h.len;
    out->cut = (h.flags & 1u) != 0;
    out->rtl = (h.flags & 2u) != 0;
    out->width = h.width;
    out->glyphs = g;
    out->glyph_count = h.glyph_count;
    if (!text_layout_clusters(out)) { free(g); memset(out, 0, sizeof *out); return false; }
    return true;
}
