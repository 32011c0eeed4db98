/* stats.c — counts over one event's stored records and the participation sentence of a
 * Chair's summary ("Thirty-seven non-governmental organizations (NGOs) and seven other
 * relevant stakeholders ... participated"). Must never count a record of another event,
 * and never print a number in a style the UN Editorial Manual would not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/stats.h"

static const char *const stats_category_ids[STATS_CATEGORY_COUNT] = {
    "ngo", "academia", "private_sector", "other",
};

/* --- numbers in words ------------------------------------------------------------------- */

static const char *const stats_small[20] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
};
static const char *const stats_tens[10] = {
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
};

/* Appends the words of 0 < n < 10^9 to out[*len..cap). */
static void stats_words_add(uint64_t n, char *out, size_t cap, size_t *len)
{
#define STATS_PUT(...) \
    do { \
        int k_ = snprintf(out + *len, cap - *len, __VA_ARGS__); \
        if (k_ > 0) *len = *len + (size_t)k_ < cap ? *len + (size_t)k_ : cap - 1; \
    } while (0)
    static const struct { uint64_t unit; const char *name; } scales[] = {
        {1000000u, "million"}, {1000u, "thousand"},
    };
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++) {
        if (n < scales[i].unit) continue;
        stats_words_add(n / scales[i].unit, out, cap, len);
        STATS_PUT(" %s", scales[i].name);
        n %= scales[i].unit;
        if (n == 0) return;
        /* British usage: "one thousand and five", "one thousand two hundred". */
        STATS_PUT(n < 100 ? " and " : " ");
    }
    if (n >= 100) {
        STATS_PUT("%s hundred", stats_small[n / 100]);
        n %= 100;
        if (n == 0) return;
        STATS_PUT(" and ");
    }
    if (n < 20) {
        STATS_PUT("%s", stats_small[n]);
    } else {
        STATS_PUT("%s", stats_tens[n / 10]);
        if (n % 10) STATS_PUT("-%s", stats_small[n % 10]);
    }
#undef STATS_PUT
}

/* Figures with a comma between thousands, the UN's punctuation for English. */
static void stats_figures(uint64_t n, char *out, size_t cap)
{
    char digits[32];
    int nd = snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
    size_t o = 0;
    for (int i = 0; i < nd && o + 2 < cap; i++) {
        if (i > 0 && (nd - i) % 3 == 0) out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

void stats_words(uint64_t n, bool capital, char *out, size_t cap)
{
    if (cap == 0) return;
    out[0] = '\0';
    if (n >= 1000000000u) {
        stats_figures(n, out, cap);
        return;
    }
    size_t len = 0;
    if (n == 0) snprintf(out, cap, "zero");
    else stats_words_add(n, out, cap, &len);
    if (capital && out[0] >= 'a' && out[0] <= 'z') out[0] = (char)(out[0] - 'a' + 'A');
}

/* A number in running text: words under 10 unless the series it belongs to uses figures. */
static void stats_number(uint64_t n, bool sentence_start, bool series_figures, char *out,
                         size_t cap)
{
    if (sentence_start) stats_words(n, true, out, cap);
    else if (n < 10 && !series_figures) stats_words(n, false, out, cap);
    else stats_figures(n, out, cap);
}

/* --- the participation sentence --------------------------------------------------------- */

void stats_sentence(const uint64_t orgs[STATS_CATEGORY_COUNT], const char *gathering,
                    char *out, size_t cap)
{
    static const char *const from[STATS_CATEGORY_COUNT] = {
        NULL, "from academia", "from the private sector", "from other sectors",
    };
    uint64_t ngo = orgs[STATS_NGO];
    uint64_t others = orgs[STATS_ACADEMIA] + orgs[STATS_PRIVATE_SECTOR] + orgs[STATS_OTHER];
    if (ngo == 0 && others == 0) {
        snprintf(out, cap,
                 "No non-governmental organizations or other relevant stakeholders have "
                 "registered for the %s yet.", gathering);
        return;
    }
    /* One series: the other stakeholders and their breakdown count the same thing, so if
     * one needs figures they all get figures ("14, previously 9"). The sentence's first
     * number is in words whatever its size. */
    bool others_first = ngo == 0;
    uint64_t series_max = others_first ? 0 : others;
    for (int c = STATS_ACADEMIA; c < STATS_CATEGORY_COUNT; c++)
        if (orgs[c] > series_max) series_max = orgs[c];
    bool figures = series_max >= 10;

    char breakdown[256] = "";
    size_t parts = 0, total_parts = 0;
    for (int c = STATS_ACADEMIA; c < STATS_CATEGORY_COUNT; c++) total_parts += orgs[c] > 0;
    for (int c = STATS_ACADEMIA; c < STATS_CATEGORY_COUNT; c++) {
        if (orgs[c] == 0) continue;
        char num[96];
        stats_number(orgs[c], false, figures, num, sizeof num);
        size_t used = strlen(breakdown);
        /* UN style lists: "a, b and c" (no serial comma). */
        const char *sep = parts == 0 ? "" : parts + 1 == total_parts ? " and " : ", ";
        snprintf(breakdown + used, sizeof breakdown - used, "%s%s %s", sep, num, from[c]);
        parts++;
    }

    char lead[160] = "", rest[400] = "";
    if (ngo > 0) {
        char num[96];
        stats_number(ngo, true, false, num, sizeof num);
        snprintf(lead, sizeof lead, "%s non-governmental organization%s (NGO%s)", num,
                 ngo == 1 ? "" : "s", ngo == 1 ? "" : "s");
    }
    if (others > 0) {
        char num[96];
        stats_number(others, others_first, figures, num, sizeof num);
        snprintf(rest, sizeof rest, "%s%s%s relevant stakeholder%s (%s)", ngo > 0 ? " and " : "",
                 num, ngo > 0 ? " other" : "", others == 1 ? "" : "s", breakdown);
    }
    snprintf(out, cap, "%s%s participated in the %s.", lead, rest, gathering);
}

/* --- counting --------------------------------------------------------------------------- */

typedef struct StatsKeys {
    char **v;
    size_t n, cap;
    bool failed;
} StatsKeys;

static void stats_keys_add(StatsKeys *k, const char *s, size_t len)
{
    if (k->failed) return;
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 64;
        char **v = realloc(k->v, cap * sizeof *v);
        if (!v) {
            k->failed = true;
            return;
        }
        k->v = v;
        k->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        k->failed = true;
        return;
    }
    memcpy(copy, s, len);
    copy[len] = '\0';
    k->v[k->n++] = copy;
}

static void stats_keys_free(StatsKeys *k)
{
    for (size_t i = 0; i < k->n; i++) free(k->v[i]);
    free(k->v);
    memset(k, 0, sizeof *k);
}

static int stats_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t stats_keys_distinct(StatsKeys *k)
{
    if (k->n == 0) return 0;
    qsort(k->v, k->n, sizeof k->v[0], stats_cmp);
    size_t d = 1;
    for (size_t i = 1; i < k->n; i++) d += strcmp(k->v[i], k->v[i - 1]) != 0;
    return d;
}

/* The same organisation typed twice ("Casa Monarca", " casa  monarca ") is one: spaces
 * trimmed and collapsed, ASCII letters folded. Without an organisation a participant
 * stands for themself, so each gets a key of their own (their registration id). */
static void stats_org_key(const char *org, const char *id, StatsKeys *k)
{
    char key[1024];
    size_t n = 0;
    bool space = false;
    for (const char *p = org ? org : ""; *p && n + 2 < sizeof key; p++) {
        char c = *p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = n > 0;
            continue;
        }
        if (space) key[n++] = ' ';
        space = false;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        key[n++] = c;
    }
    if (n == 0) n = (size_t)snprintf(key, sizeof key, "\001%s", id ? id : "");
    stats_keys_add(k, key, n);
}

/* Participants and organisations of one set of registrations. */
typedef struct StatsPeople {
    uint64_t participants[STATS_CATEGORY_COUNT];
    StatsKeys orgs[STATS_CATEGORY_COUNT];
} StatsPeople;

typedef struct StatsCounts {
    const Event *ev;
    /* All registrations, and the approved ones: once the Chair approved any, only those
     * count (docs/chair-api.md). */
    StatsPeople all, approved;
    uint64_t approved_count;
    uint64_t comments, not_addressed;
    uint64_t by_item[EVENT_MAX_AGENDA];
    uint64_t by_panellist[EVENT_MAX_PANELLISTS];
    StatsKeys other_items, other_panellists;  /* ids the event does not know */
} StatsCounts;

static bool stats_on_registration(void *ctx, const DbRegistration *r)
{
    StatsCounts *s = ctx;
    bool approved = r->status && strcmp(r->status, "approved") == 0;
    s->approved_count += approved;
    for (int c = 0; c < STATS_CATEGORY_COUNT; c++) {
        if (r->category && strcmp(r->category, stats_category_ids[c]) == 0) {
            s->all.participants[c]++;
            stats_org_key(r->organization, r->id, &s->all.orgs[c]);
            if (approved) {
                s->approved.participants[c]++;
                stats_org_key(r->organization, r->id, &s->approved.orgs[c]);
            }
            break;
        }
    }
    return true;
}

static bool stats_on_comment(void *ctx, const DbComment *c)
{
    StatsCounts *s = ctx;
    s->comments++;
    const char *item = c->agenda_item ? c->agenda_item : "";
    int i = 0;
    while (i < s->ev->agenda_count && strcmp(s->ev->agenda[i].id, item) != 0) i++;
    if (i < s->ev->agenda_count) s->by_item[i]++;
    else stats_keys_add(&s->other_items, item, strlen(item));
    if (!c->addressed_to) {
        s->not_addressed++;
    } else {
        int p = event_find_panellist(s->ev, c->addressed_to);
        if (p >= 0) s->by_panellist[p]++;
        else stats_keys_add(&s->other_panellists, c->addressed_to, strlen(c->addressed_to));
    }
    return true;
}

/* Appends the unknown ids with their counts (the keys sorted, so equal ids are adjacent);
 * `first`: nothing precedes them in the object, so no leading comma. */
static void stats_render_others(StatsKeys *k, SrvBuf *out, bool first)
{
    if (k->n == 0) return;
    qsort(k->v, k->n, sizeof k->v[0], stats_cmp);
    for (size_t i = 0; i < k->n;) {
        size_t j = i;
        while (j < k->n && strcmp(k->v[j], k->v[i]) == 0) j++;
        if (!first) buf_putc(out, ',');
        first = false;
        buf_json_cstr(out, k->v[i]);
        buf_printf(out, ":%zu", j - i);
        i = j;
    }
}

/* "constructive dialogue" when the event says it is one (the UNTOC practice), else the
 * neutral "meeting". */
static const char *stats_gathering(const Event *ev)
{
    static const char cd[] = "constructive dialogue";
    const char *title = event_text(&ev->title, "en");
    for (size_t i = 0; i < sizeof cd - 1; i++) {
        char c = title[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != cd[i]) return "meeting";
    }
    return cd;
}

/* The counted people's distinct organisations per category. */
static void stats_orgs(StatsPeople *people, uint64_t orgs[STATS_CATEGORY_COUNT])
{
    for (int c = 0; c < STATS_CATEGORY_COUNT; c++) orgs[c] = stats_keys_distinct(&people->orgs[c]);
}

static void stats_counts_free(StatsCounts *s)
{
    for (int c = 0; c < STATS_CATEGORY_COUNT; c++) {
        stats_keys_free(&s->all.orgs[c]);
        stats_keys_free(&s->approved.orgs[c]);
    }
    stats_keys_free(&s->other_items);
    stats_keys_free(&s->other_panellists);
}

static bool stats_people_failed(const StatsCounts *s)
{
    bool failed = false;
    for (int c = 0; c < STATS_CATEGORY_COUNT; c++)
        failed = failed || s->all.orgs[c].failed || s->approved.orgs[c].failed;
    return failed;
}

DbStatus stats_participation(const Event *ev, DbReader *rd, char *out, size_t cap)
{
    StatsCounts *s = calloc(1, sizeof *s);
    if (!s) return DB_NOMEM;
    s->ev = ev;
    DbStatus st = db_each_registration(rd, ev->id, stats_on_registration, s);
    if (st == DB_OK && stats_people_failed(s)) st = DB_NOMEM;
    if (st == DB_OK) {
        uint64_t orgs[STATS_CATEGORY_COUNT];
        stats_orgs(s->approved_count > 0 ? &s->approved : &s->all, orgs);
        stats_sentence(orgs, stats_gathering(ev), out, cap);
    }
    stats_counts_free(s);
    free(s);
    return st;
}

DbStatus stats_render(const Event *ev, DbReader *rd, SrvBuf *out)
{
    StatsCounts s;
    memset(&s, 0, sizeof s);
    s.ev = ev;
    DbStatus st = db_each_registration(rd, ev->id, stats_on_registration, &s);
    if (st == DB_OK) st = db_each_comment(rd, ev->id, stats_on_comment, &s);
    bool failed = s.other_items.failed || s.other_panellists.failed || stats_people_failed(&s);
    if (st == DB_OK && failed) st = DB_NOMEM;
    if (st == DB_OK) {
        StatsPeople *people = s.approved_count > 0 ? &s.approved : &s.all;
        uint64_t orgs[STATS_CATEGORY_COUNT], participants = 0;
        stats_orgs(people, orgs);
        for (int c = 0; c < STATS_CATEGORY_COUNT; c++) participants += people->participants[c];
        buf_puts(out, "{\"event\":");
        buf_json_cstr(out, ev->id);
        buf_printf(out, ",\"participants\":%llu", (unsigned long long)participants);
        buf_printf(out, ",\"counting\":\"%s\"", s.approved_count > 0 ? "approved" : "all");
        buf_puts(out, ",\"participants_by_category\":{");
        for (int c = 0; c < STATS_CATEGORY_COUNT; c++)
            buf_printf(out, "%s\"%s\":%llu", c ? "," : "", stats_category_ids[c],
                       (unsigned long long)people->participants[c]);
        buf_puts(out, "},\"organizations_by_category\":{");
        for (int c = 0; c < STATS_CATEGORY_COUNT; c++)
            buf_printf(out, "%s\"%s\":%llu", c ? "," : "", stats_category_ids[c],
                       (unsigned long long)orgs[c]);
        buf_printf(out, "},\"comments\":%llu,\"comments_by_agenda_item\":{",
                   (unsigned long long)s.comments);
        for (int i = 0; i < ev->agenda_count; i++) {
            if (i) buf_putc(out, ',');
            buf_json_cstr(out, ev->agenda[i].id);
            buf_printf(out, ":%llu", (unsigned long long)s.by_item[i]);
        }
        stats_render_others(&s.other_items, out, ev->agenda_count == 0);
        buf_puts(out, "},\"comments_by_panellist\":{");
        for (int p = 0; p < ev->panellist_count; p++) {
            if (p) buf_putc(out, ',');
            buf_json_cstr(out, ev->panellists[p].id);
            buf_printf(out, ":%llu", (unsigned long long)s.by_panellist[p]);
        }
        stats_render_others(&s.other_panellists, out, ev->panellist_count == 0);
        buf_printf(out, "},\"comments_not_addressed\":%llu", (unsigned long long)s.not_addressed);
        char sentence[1024];
        stats_sentence(orgs, stats_gathering(ev), sentence, sizeof sentence);
        buf_puts(out, ",\"participation_sentence\":");
        buf_json_cstr(out, sentence);
        buf_puts(out, "}");
        if (out->failed) st = DB_NOMEM;
    }
    stats_counts_free(&s);
    return st;
}
