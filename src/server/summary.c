/* summary.c — see summary.h. The draft is generated from the store on every read, so it never
 * goes stale; what the Chair saved is kept as saved, and a generated paragraph is offered
 * again only when it draws on comments stored after that save. Must never write a sentence
 * that says more than counts, categories, items and exact quotations, never quote a comment
 * that may not be quoted, and never save a draft citing a reference the event lacks. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "server/dbchair.h"
#include "server/export.h"
#include "server/moderation.h"
#include "server/staff.h"
#include "server/stats.h"
#include "server/summary.h"

/* The stakeholder categories of docs/interface.md §3, then comments whose registration has not
 * reached the server (their category is unknown, so they are not counted as "other"). */
enum { SUMMARY_UNKNOWN = 4, SUMMARY_GROUPS = 5 };
static const char *const summary_category_ids[SUMMARY_UNKNOWN] = {
    "ngo", "academia", "private_sector", "other",
};
static const char *const summary_from[SUMMARY_GROUPS] = {
    "non-governmental organizations", "academia", "the private sector",
    "other relevant stakeholders", "participants whose registration has not been received",
};

/* Comments drawn on by one generated paragraph. */
typedef struct SummaryGroup {
    uint64_t count;
    cJSON *refs, *new_refs, *quotes;  /* arrays of strings, made on first use */
} SummaryGroup;

typedef struct SummaryItem {
    SummaryGroup to_panellist[EVENT_MAX_ITEM_PANELLISTS];
    SummaryGroup by_category[SUMMARY_GROUPS];
    uint64_t total;
    bool sent[SUMMARY_UNKNOWN];  /* a category sent a comment here, addressed or not */
} SummaryItem;

typedef struct SummaryGen {
    const Event *ev;
    long long since;    /* comments stored after this rowid are new */
    long long through;  /* the last comment seen */
    SummaryItem items[EVENT_MAX_AGENDA];
    bool failed;
} SummaryGen;

/* --- collecting --------------------------------------------------------------------------- */

static bool summary_push(cJSON **array, const char *s)
{
    if (!*array && !(*array = cJSON_CreateArray())) return false;
    cJSON *v = cJSON_CreateString(s);
    return v && cJSON_AddItemToArray(*array, v);
}

static bool summary_group_add(SummaryGen *g, SummaryGroup *grp, const DbcSummaryComment *c)
{
    grp->count++;
    bool ok = summary_push(&grp->refs, c->reference);
    if (ok && c->seq > g->since) ok = summary_push(&grp->new_refs, c->reference);
    if (ok && c->quote && cJSON_GetArraySize(grp->quotes) < SUMMARY_QUOTES_MAX)
        ok = summary_push(&grp->quotes, c->quote);
    return ok;
}

static int summary_category(const char *id)
{
    for (int k = 0; id && k < SUMMARY_UNKNOWN; k++)
        if (strcmp(id, summary_category_ids[k]) == 0) return k;
    return SUMMARY_UNKNOWN;
}

static bool summary_on_comment(void *ctx, const DbcSummaryComment *c)
{
    SummaryGen *g = ctx;
    if (!c->reference || !c->agenda_item) return true;
    if (c->seq > g->through) g->through = c->seq;
    int i = 0;
    while (i < g->ev->agenda_count && strcmp(g->ev->agenda[i].id, c->agenda_item) != 0) i++;
    if (i == g->ev->agenda_count) return true;  /* an item the event lacks: not in its summary */
    const EventAgendaItem *a = &g->ev->agenda[i];
    SummaryItem *it = &g->items[i];
    it->total++;
    int cat = summary_category(c->category);
    if (cat < SUMMARY_UNKNOWN) it->sent[cat] = true;
    SummaryGroup *grp = &it->by_category[cat];
    int p = c->addressed_to ? event_find_panellist(g->ev, c->addressed_to) : -1;
    for (int k = 0; p >= 0 && k < a->panellist_count; k++)
        if (a->panellists[k] == p) grp = &it->to_panellist[k];
    if (!summary_group_add(g, grp, c)) g->failed = true;
    return !g->failed;
}

static void summary_group_free(SummaryGroup *grp)
{
    cJSON_Delete(grp->refs);
    cJSON_Delete(grp->new_refs);
    cJSON_Delete(grp->quotes);
}

static void summary_gen_free(SummaryGen *g)
{
    for (int i = 0; i < EVENT_MAX_AGENDA; i++) {
        for (int k = 0; k < EVENT_MAX_ITEM_PANELLISTS; k++) summary_group_free(&g->items[i].to_panellist[k]);
        for (int k = 0; k < SUMMARY_GROUPS; k++) summary_group_free(&g->items[i].by_category[k]);
    }
    free(g);
}

/* --- writing ------------------------------------------------------------------------------ */

static void summary_count(SrvBuf *b, uint64_t n)
{
    char words[128];
    stats_words(n, true, words, sizeof words);
    buf_puts(b, words);
}

/* "under agenda item 3", or "under this agenda item" when the programme gives it no number. */
static void summary_under(SrvBuf *b, const EventAgendaItem *a)
{
    if (a->number > 0) buf_printf(b, "under agenda item %d", a->number);
    else buf_puts(b, "under this agenda item");
}

/* ": “a”; “b”." when every comment is quoted, ", including: “a”." when some are, "." when
 * none may be. */
static void summary_quotes(SrvBuf *b, const SummaryGroup *grp)
{
    int n = cJSON_GetArraySize(grp->quotes);
    if (n == 0) {
        buf_putc(b, '.');
        return;
    }
    buf_puts(b, (uint64_t)n == grp->count ? ": " : ", including: ");
    const char *last = "";
    for (int k = 0; k < n; k++) {
        last = cJSON_GetArrayItem(grp->quotes, k)->valuestring;
        buf_puts(b, k ? "; \xe2\x80\x9c" : "\xe2\x80\x9c");
        buf_puts(b, last);
        buf_puts(b, "\xe2\x80\x9d");
    }
    /* A quotation ending its own sentence ends this one too. */
    size_t len = strlen(last);
    char end = len ? last[len - 1] : '\0';
    if (end != '.' && end != '!' && end != '?') buf_putc(b, '.');
}

/* "a", "a and b", "a, b and c" (UN style: no serial comma); conj "or" after a negation. */
static void summary_list(SrvBuf *b, const char *const *items, int n, const char *conj)
{
    for (int k = 0; k < n; k++) {
        if (k) buf_printf(b, k + 1 == n ? " %s " : ", ", conj);
        buf_puts(b, items[k]);
    }
}

/* Adds a copy of the group's array (or an empty one) as o[name]. */
static bool summary_add_refs(cJSON *o, const char *name, const cJSON *refs)
{
    cJSON *a = refs ? cJSON_Duplicate(refs, true) : cJSON_CreateArray();
    if (a && cJSON_AddItemToObject(o, name, a)) return true;
    cJSON_Delete(a);
    return false;
}

/* Appends {"key","text","references","new_references"} to paragraphs; the text is b's (freed). */
static bool summary_paragraph(cJSON *paragraphs, const char *key, SrvBuf *b,
                              const SummaryGroup *grp)
{
    cJSON *p = cJSON_CreateObject();
    bool ok = p && cJSON_AddItemToArray(paragraphs, p);
    if (!ok) cJSON_Delete(p);
    ok = ok && !b->failed && b->data && cJSON_AddStringToObject(p, "key", key) &&
         cJSON_AddStringToObject(p, "text", b->data) &&
         summary_add_refs(p, "references", grp ? grp->refs : NULL) &&
         summary_add_refs(p, "new_references", grp ? grp->new_refs : NULL);
    buf_free(b);
    return ok;
}

static cJSON *summary_section(cJSON *sections, const char *id, const char *title)
{
    cJSON *s = cJSON_CreateObject();
    if (!s || !cJSON_AddItemToArray(sections, s)) {
        cJSON_Delete(s);
        return NULL;
    }
    if (!cJSON_AddStringToObject(s, "id", id) || !cJSON_AddStringToObject(s, "title", title))
        return NULL;
    return cJSON_AddArrayToObject(s, "paragraphs");
}

static bool summary_item_section(const SummaryGen *g, int i, cJSON *sections)
{
    const Event *ev = g->ev;
    const EventAgendaItem *a = &ev->agenda[i];
    const SummaryItem *it = &g->items[i];
    cJSON *ps = summary_section(sections, a->id, event_text(&a->title, "en"));
    if (!ps) return false;
    SrvBuf b;
    char key[96];
    if (a->kind == EVENT_KIND_PANEL && a->panellist_count > 0) {
        const char *names[EVENT_MAX_ITEM_PANELLISTS];
        for (int k = 0; k < a->panellist_count; k++)
            names[k] = event_text(&ev->panellists[a->panellists[k]].name, "en");
        buf_init(&b, SUMMARY_TEXT_MAX * 4);
        summary_count(&b, (uint64_t)a->panellist_count);
        buf_puts(&b, a->panellist_count == 1 ? " panellist took part " : " panellists took part ");
        summary_under(&b, a);
        buf_puts(&b, ": ");
        summary_list(&b, names, a->panellist_count, "and");
        buf_putc(&b, '.');
        if (!summary_paragraph(ps, "panel", &b, NULL)) return false;
    }
    for (int k = 0; k < a->panellist_count; k++) {
        const SummaryGroup *grp = &it->to_panellist[k];
        if (grp->count == 0) continue;
        const EventPanellist *p = &ev->panellists[a->panellists[k]];
        const char *org = event_text(&p->organization, "en");
        buf_init(&b, SUMMARY_TEXT_MAX * 4);
        summary_count(&b, grp->count);
        buf_puts(&b, grp->count == 1 ? " question or comment was addressed to "
                                     : " questions and comments were addressed to ");
        if (org[0]) buf_printf(&b, "the panellist from %s", org);
        else buf_puts(&b, event_text(&p->name, "en"));
        summary_quotes(&b, grp);
        snprintf(key, sizeof key, "panellist:%s", p->id);
        if (!summary_paragraph(ps, key, &b, grp)) return false;
    }
    const char *missing[SUMMARY_UNKNOWN];
    int n_missing = 0;
    for (int c = 0; c < SUMMARY_GROUPS; c++) {
        const SummaryGroup *grp = &it->by_category[c];
        if (grp->count == 0) continue;
        buf_init(&b, SUMMARY_TEXT_MAX * 4);
        summary_count(&b, grp->count);
        buf_printf(&b, " comment%s from %s %s received ", grp->count == 1 ? "" : "s",
                   summary_from[c], grp->count == 1 ? "was" : "were");
        summary_under(&b, a);
        summary_quotes(&b, grp);
        snprintf(key, sizeof key, "category:%s", c < SUMMARY_UNKNOWN ? summary_category_ids[c]
                                                                    : "unknown");
        if (!summary_paragraph(ps, key, &b, grp)) return false;
    }
    /* Coverage: which categories sent nothing under this item, addressed or not. */
    for (int c = 0; c < SUMMARY_UNKNOWN; c++)
        if (!it->sent[c]) missing[n_missing++] = summary_from[c];
    buf_init(&b, SUMMARY_TEXT_MAX * 4);
    if (it->total == 0) {
        buf_puts(&b, "No written comments were received ");
        summary_under(&b, a);
        buf_putc(&b, '.');
    } else if (n_missing == 0) {
        buf_puts(&b, "Comments were received ");
        summary_under(&b, a);
        buf_puts(&b, " from all four stakeholder categories.");
    } else {
        buf_puts(&b, "No comments were received ");
        summary_under(&b, a);
        buf_puts(&b, " from ");
        summary_list(&b, missing, n_missing, "or");
        buf_putc(&b, '.');
    }
    return summary_paragraph(ps, "coverage", &b, NULL);
}

/* The generated sections: [{"id","title","paragraphs":[{"key","text","references",
 * "new_references"}]}]. *through is the last comment it drew on. */
static DbStatus summary_generate(const Event *ev, DbReader *rd, long long since,
                                 cJSON **sections_out, long long *through)
{
    *sections_out = NULL;
    SummaryGen *g = calloc(1, sizeof *g);
    cJSON *sections = cJSON_CreateArray();
    if (!g || !sections) {
        free(g);
        cJSON_Delete(sections);
        return DB_NOMEM;
    }
    g->ev = ev;
    g->since = since;
    char sentence[1024];
    DbStatus s = stats_participation(ev, rd, sentence, sizeof sentence);
    if (s == DB_OK) s = dbc_summary_comments_each(rd, ev->id, summary_on_comment, g);
    if (s == DB_OK && g->failed) s = DB_NOMEM;
    if (s == DB_OK) {
        bool ok = true;
        cJSON *ps = summary_section(sections, "intro", "Introduction");
        SrvBuf b;
        buf_init(&b, sizeof sentence);
        buf_puts(&b, sentence);
        ok = ps && summary_paragraph(ps, "participation", &b, NULL);
        uint64_t comments = 0, items = 0;
        for (int i = 0; i < ev->agenda_count; i++) {
            comments += g->items[i].total;
            items += g->items[i].total > 0;
        }
        buf_init(&b, 512);
        if (comments == 0) {
            buf_puts(&b, "No written comments have been received.");
        } else {
            summary_count(&b, comments);
            buf_printf(&b, " written comment%s %s received under ", comments == 1 ? "" : "s",
                       comments == 1 ? "was" : "were");
            char words[128];
            stats_words(items, false, words, sizeof words);
            buf_printf(&b, "%s agenda item%s.", words, items == 1 ? "" : "s");
        }
        ok = ok && summary_paragraph(ps, "comments", &b, NULL);
        for (int i = 0; ok && i < ev->agenda_count; i++) ok = summary_item_section(g, i, sections);
        if (!ok) s = DB_NOMEM;
    }
    *through = g->through;
    summary_gen_free(g);
    if (s != DB_OK) {
        cJSON_Delete(sections);
        return s;
    }
    *sections_out = sections;
    return DB_OK;
}

/* --- the view: the saved draft (or the generated one) with what is new ------------------- */

static void summary_roman(int n, char out[16])
{
    static const struct { int v; const char *s; } r[] = {
        {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"},
    };
    size_t len = 0;
    out[0] = '\0';
    for (size_t k = 0; k < sizeof r / sizeof r[0] && n > 0 && len + 3 < 16; k++) {
        while (n >= r[k].v && len + 3 < 16) {
            len += (size_t)snprintf(out + len, 16 - len, "%s", r[k].s);
            n -= r[k].v;
        }
    }
}

static cJSON *summary_find_section(cJSON *sections, const char *id)
{
    cJSON *s;
    cJSON_ArrayForEach(s, sections) {
        const cJSON *sid = cJSON_GetObjectItemCaseSensitive(s, "id");
        if (cJSON_IsString(sid) && strcmp(sid->valuestring, id) == 0) return s;
    }
    return NULL;
}

/* Adds to the saved sections each generated paragraph drawing on comments stored since the
 * save, marked "new", at the end of its section (a section the Chair removed comes back at the
 * end of the draft when something new arrives for it). */
static bool summary_merge_new(cJSON *saved, const cJSON *generated)
{
    const cJSON *gs;
    cJSON_ArrayForEach(gs, generated) {
        const char *id = cJSON_GetObjectItemCaseSensitive(gs, "id")->valuestring;
        const cJSON *gp;
        cJSON_ArrayForEach(gp, cJSON_GetObjectItemCaseSensitive(gs, "paragraphs")) {
            if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(gp, "new_references")) == 0)
                continue;
            cJSON *section = summary_find_section(saved, id);
            if (!section) {
                section = cJSON_Duplicate(gs, false);
                if (!section || !cJSON_AddArrayToObject(section, "paragraphs") ||
                    !cJSON_AddItemToArray(saved, section)) {
                    cJSON_Delete(section);
                    return false;
                }
            }
            cJSON *p = cJSON_Duplicate(gp, true);
            if (!p || !cJSON_AddBoolToObject(p, "new", true) ||
                !cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(section, "paragraphs"), p)) {
                cJSON_Delete(p);
                return false;
            }
        }
    }
    return true;
}

/* Numbers the sections (I, II, ...) and paragraphs (1, 2, ... through the whole draft) as the
 * document will show them; a paragraph that is not new loses its "new_references". */
static bool summary_number(cJSON *sections)
{
    int sn = 0, pn = 0;
    cJSON *s;
    cJSON_ArrayForEach(s, sections) {
        char roman[16];
        summary_roman(++sn, roman);
        cJSON_DeleteItemFromObjectCaseSensitive(s, "number");
        if (!cJSON_AddStringToObject(s, "number", roman)) return false;
        cJSON *p;
        cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(s, "paragraphs")) {
            bool fresh = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "new"));
            cJSON_DeleteItemFromObjectCaseSensitive(p, "number");
            if (!fresh) {
                cJSON_DeleteItemFromObjectCaseSensitive(p, "new_references");
                cJSON_DeleteItemFromObjectCaseSensitive(p, "new");
                if (!cJSON_AddBoolToObject(p, "new", false)) return false;
            }
            if (!cJSON_AddNumberToObject(p, "number", ++pn)) return false;
        }
    }
    return true;
}

/* The draft of e as the Chair sees it: {"event","title","subtitle","version","saved_by",
 * "saved_at","through","sections"}. with_new: also the generated paragraphs that are new since
 * the save (the exports leave them out until the Chair saved them). */
static DbStatus summary_view(const SrvState *st, const SrvEvent *e, bool with_new, cJSON **out)
{
    *out = NULL;
    DbReader *rd;
    DbcSummaryDraft d;
    bool found = false;
    long long through = 0;
    cJSON *generated = NULL;
    memset(&d, 0, sizeof d);
    DbStatus s = db_reader_open(st->db, &rd);
    if (s == DB_OK) s = dbc_summary_get(rd, e->model->id, &d, &found);
    if (s == DB_OK) s = summary_generate(e->model, rd, found ? d.through : LLONG_MAX, &generated, &through);
    db_reader_close(rd);
    cJSON *sections = NULL;
    if (s == DB_OK && found) {
        cJSON *saved = cJSON_Parse(d.body);
        sections = cJSON_DetachItemFromObjectCaseSensitive(saved, "sections");
        cJSON_Delete(saved);
        if (!cJSON_IsArray(sections)) s = DB_ERROR;  /* written by summary_put only: a bug */
        else if (with_new && !summary_merge_new(sections, generated)) s = DB_NOMEM;
    } else if (s == DB_OK) {
        sections = generated;
        generated = NULL;
    }
    cJSON_Delete(generated);
    free(d.body);
    cJSON *v = s == DB_OK ? cJSON_CreateObject() : NULL;
    bool ok = v && cJSON_AddStringToObject(v, "event", e->model->id) &&
              cJSON_AddStringToObject(v, "title", event_text(&e->model->title, "en")) &&
              cJSON_AddStringToObject(v, "subtitle", SUMMARY_SUBTITLE) &&
              cJSON_AddNumberToObject(v, "version", (double)d.version) &&
              (found ? cJSON_AddStringToObject(v, "saved_by", d.changed_by) != NULL
                     : cJSON_AddNullToObject(v, "saved_by") != NULL) &&
              (found ? cJSON_AddStringToObject(v, "saved_at", d.changed_at) != NULL
                     : cJSON_AddNullToObject(v, "saved_at") != NULL) &&
              cJSON_AddNumberToObject(v, "through", (double)through) && summary_number(sections) &&
              cJSON_AddItemToObject(v, "sections", sections);
    if (!ok) {
        if (!v || !cJSON_GetObjectItemCaseSensitive(v, "sections")) cJSON_Delete(sections);
        cJSON_Delete(v);
        return s == DB_OK ? DB_NOMEM : s;
    }
    *out = v;
    return DB_OK;
}

/* --- saving ------------------------------------------------------------------------------- */

typedef struct SummaryRefs {
    char **v;
    size_t n, cap;
    bool failed;
} SummaryRefs;

static bool summary_refs_add(void *ctx, const char *s)
{
    SummaryRefs *r = ctx;
    if (!s) return true;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        char **v = realloc(r->v, cap * sizeof *v);
        if (!v) {
            r->failed = true;
            return false;
        }
        r->v = v;
        r->cap = cap;
    }
    size_t len = strlen(s);
    if (!(r->v[r->n] = malloc(len + 1))) {
        r->failed = true;
        return false;
    }
    memcpy(r->v[r->n++], s, len + 1);
    return true;
}

static int summary_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool summary_refs_has(const SummaryRefs *r, const char *s)
{
    return r->n && bsearch(&s, r->v, r->n, sizeof r->v[0], summary_cmp);
}

static void summary_refs_free(SummaryRefs *r)
{
    for (size_t i = 0; i < r->n; i++) free(r->v[i]);
    free(r->v);
}

/* A plain string member of 1..max characters without control characters (newline too when
 * !lines). */
static bool summary_text(const cJSON *o, const char *name, size_t max, bool lines, bool empty_ok)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsString(v)) return false;
    size_t n = utf8_count(v->valuestring, strlen(v->valuestring));
    return (n > 0 || empty_ok) && n <= max && moderation_plain_text(v->valuestring) &&
           (lines || !strchr(v->valuestring, '\n'));
}

/* Checks one paragraph and appends its canonical form {"key","text","references"} to ps. */
static const char *summary_check_paragraph(const cJSON *p, const SummaryRefs *known, cJSON *ps,
                                           char *why, size_t cap)
{
    if (!cJSON_IsObject(p)) return "sections[].paragraphs[]: expected objects";
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(p, "key");
    if (key && !cJSON_IsNull(key) && !summary_text(p, "key", 96, false, false))
        return "paragraphs[].key: expected the generated paragraph's key or null";
    if (!summary_text(p, "text", SUMMARY_TEXT_MAX, true, false))
        return "paragraphs[].text: expected 1..8000 characters without control characters";
    const cJSON *refs = cJSON_GetObjectItemCaseSensitive(p, "references");
    if (!cJSON_IsArray(refs) || cJSON_GetArraySize(refs) > SUMMARY_REFERENCES_MAX)
        return "paragraphs[].references: expected an array of receipt references";
    const cJSON *r;
    cJSON_ArrayForEach(r, refs) {
        char canonical[RECORD_REFERENCE_BYTES], prefix[RECORD_ID_PREFIX_BYTES];
        if (!cJSON_IsString(r) || strlen(r->valuestring) != RECORD_REFERENCE_BYTES - 1 ||
            !record_reference_parse(r->valuestring, strlen(r->valuestring), canonical, prefix) ||
            strcmp(canonical, r->valuestring) != 0)
            return "paragraphs[].references: expected receipt references such as 7K2M-9QXD";
        if (!summary_refs_has(known, canonical)) {
            snprintf(why, cap, "paragraphs[].references: %s is not a comment of this event",
                     canonical);
            return why;
        }
    }
    cJSON *c = cJSON_CreateObject();
    if (!c || !cJSON_AddItemToArray(ps, c)) {
        cJSON_Delete(c);
        return "out of memory";
    }
    bool ok = (cJSON_IsString(key) ? cJSON_AddStringToObject(c, "key", key->valuestring) != NULL
                                   : cJSON_AddNullToObject(c, "key") != NULL) &&
              cJSON_AddStringToObject(c, "text",
                                      cJSON_GetObjectItemCaseSensitive(p, "text")->valuestring) &&
              summary_add_refs(c, "references", refs);
    return ok ? NULL : "out of memory";
}

/* Checks a PUT body into the canonical {"sections": [...]} to store. NULL when fine. */
static const char *summary_check(const cJSON *j, const Event *ev, const SummaryRefs *known,
                                 long long max_through, cJSON *out, long long *version,
                                 long long *through, char *why, size_t cap)
{
    *version = moderation_version(cJSON_GetObjectItemCaseSensitive(j, "version"));
    if (*version < 0) return "version: expected the draft's current version (an integer >= 0)";
    *through = moderation_version(cJSON_GetObjectItemCaseSensitive(j, "through"));
    if (*through < 0 || *through > max_through)
        return "through: expected the \"through\" of the draft this one was edited from";
    const cJSON *sections = cJSON_GetObjectItemCaseSensitive(j, "sections");
    if (!cJSON_IsArray(sections) || cJSON_GetArraySize(sections) > SUMMARY_SECTIONS_MAX)
        return "sections: expected an array of at most 33 sections";
    cJSON *ss = cJSON_AddArrayToObject(out, "sections");
    if (!ss) return "out of memory";
    int paragraphs = 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, sections) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(s, "id");
        bool known_id = cJSON_IsString(id) && strcmp(id->valuestring, "intro") == 0;
        for (int i = 0; cJSON_IsString(id) && !known_id && i < ev->agenda_count; i++)
            known_id = strcmp(id->valuestring, ev->agenda[i].id) == 0;
        if (!known_id) return "sections[].id: expected \"intro\" or an agenda item id of the event";
        if (summary_find_section(ss, id->valuestring)) return "sections[].id: each section once";
        if (!summary_text(s, "title", SUMMARY_TITLE_MAX, false, false))
            return "sections[].title: expected 1..500 characters on one line";
        const cJSON *ps = cJSON_GetObjectItemCaseSensitive(s, "paragraphs");
        if (!cJSON_IsArray(ps)) return "sections[].paragraphs: expected an array";
        cJSON *cs = cJSON_CreateObject();
        cJSON *cps = NULL;
        if (!cs || !cJSON_AddItemToArray(ss, cs)) {
            cJSON_Delete(cs);
            return "out of memory";
        }
        if (!cJSON_AddStringToObject(cs, "id", id->valuestring) ||
            !cJSON_AddStringToObject(cs, "title",
                                     cJSON_GetObjectItemCaseSensitive(s, "title")->valuestring) ||
            !(cps = cJSON_AddArrayToObject(cs, "paragraphs")))
            return "out of memory";
        const cJSON *p;
        cJSON_ArrayForEach(p, ps) {
            if (++paragraphs > SUMMARY_PARAGRAPHS_MAX) return "sections: at most 1000 paragraphs";
            const char *bad = summary_check_paragraph(p, known, cps, why, cap);
            if (bad) return bad;
        }
    }
    return NULL;
}

/* --- routes ------------------------------------------------------------------------------- */

/* The chair prelude and ?event= (a loaded event, else 404). NULL when resp has the refusal. */
static const SrvEvent *summary_event(const SrvState *st, const RouteReq *req, RouteResp *resp,
                                     StaffWho *who)
{
    char event[RECORD_MAX_ID_BYTES + 1];
    if (!staff_require(st, req, resp, STAFF_CHAIR, who) ||
        !moderation_event(st, req, resp, event))
        return NULL;
    const SrvEvent *e = srv_event_find(st, event);
    if (!e) routes_error(resp, 404, "no event with this id");
    return e;
}

static void summary_answer(const SrvState *st, const SrvEvent *e, RouteResp *resp)
{
    cJSON *v;
    DbStatus s = summary_view(st, e, true, &v);
    if (s != DB_OK) {
        routes_db_error(resp, s);
        return;
    }
    char *body = cJSON_PrintUnformatted(v);
    cJSON_Delete(v);
    if (!body) {
        routes_db_error(resp, DB_NOMEM);
        return;
    }
    routes_json_owned(resp, 200, body, strlen(body));
}

void route_summary_get(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    StaffWho who;
    const SrvEvent *e = summary_event(st, req, resp, &who);
    if (e) summary_answer(st, e, resp);
}

void route_summary_put(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    StaffWho who;
    const SrvEvent *e = summary_event(st, req, resp, &who);
    if (!e) return;
    cJSON *j;
    if (!staff_json_body(req, resp, &j)) return;
    /* What the draft may cite, and how far the Chair can have seen. */
    SummaryRefs known = {0};
    cJSON *generated = NULL;
    long long max_through = 0;
    DbReader *rd;
    DbStatus s = db_reader_open(st->db, &rd);
    if (s == DB_OK) s = dbc_summary_references_each(rd, e->model->id, summary_refs_add, &known);
    if (s == DB_OK) s = summary_generate(e->model, rd, LLONG_MAX, &generated, &max_through);
    db_reader_close(rd);
    cJSON_Delete(generated);
    if (s == DB_OK && known.failed) s = DB_NOMEM;
    if (s == DB_OK && known.n) qsort(known.v, known.n, sizeof known.v[0], summary_cmp);
    cJSON *canonical = s == DB_OK ? cJSON_CreateObject() : NULL;
    char why[160];
    long long version = 0, through = 0;
    const char *bad = canonical ? summary_check(j, e->model, &known, max_through, canonical,
                                                &version, &through, why, sizeof why)
                                : NULL;
    summary_refs_free(&known);
    cJSON_Delete(j);
    char *body = canonical && !bad ? cJSON_PrintUnformatted(canonical) : NULL;
    cJSON_Delete(canonical);
    if (s == DB_OK && !bad && !body) s = DB_NOMEM;
    if (s != DB_OK || (bad && strcmp(bad, "out of memory") == 0)) {
        free(body);
        routes_db_error(resp, s == DB_OK ? DB_NOMEM : s);
        return;
    }
    if (bad) {
        routes_error(resp, 400, bad);
        return;
    }
    char at[RECORD_TIME_BYTES];
    moderation_now(at);
    bool stale;
    long long current;
    s = dbc_summary_put(st->db, e->model->id, body, through, version, who.name, at, &stale,
                        &current);
    free(body);
    if (s != DB_OK) {
        routes_db_error(resp, s);
        return;
    }
    if (stale) {
        SrvBuf b;
        buf_init(&b, 512);
        buf_printf(&b, "{\"error\":\"version %lld is not the current one: the draft was saved "
                       "elsewhere since; reload it\",\"version\":%lld}", version, current);
        moderation_take(resp, &b, DB_OK, 409);
        return;
    }
    summary_answer(st, e, resp);
}

/* The export's view, or false with the error in resp. */
static cJSON *summary_export_view(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    StaffWho who;
    const SrvEvent *e = summary_event(st, req, resp, &who);
    if (!e) return NULL;
    cJSON *v;
    DbStatus s = summary_view(st, e, false, &v);
    if (s != DB_OK) routes_db_error(resp, s);
    return s == DB_OK ? v : NULL;
}

void route_summary_html(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    cJSON *v = summary_export_view(st, req, resp);
    if (!v) return;
    SrvBuf b;
    buf_init(&b, EXPORT_MAX_BYTES);
    bool ok = summary_html(v, &b);
    cJSON_Delete(v);
    if (!ok) b.failed = true;
    moderation_take(resp, &b, DB_OK, 200);
    if (resp->status != 200) return;
    resp->content_type = "text/html; charset=utf-8";
    resp->content_disposition = "attachment; filename=\"summary.html\"";
}

void route_summary_docx(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    cJSON *v = summary_export_view(st, req, resp);
    if (!v) return;
    char *doc;
    size_t len;
    bool ok = summary_docx(v, &doc, &len);
    cJSON_Delete(v);
    if (!ok) {
        routes_db_error(resp, DB_NOMEM);
        return;
    }
    routes_json_owned(resp, 200, doc, len);
    resp->content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    resp->content_disposition = "attachment; filename=\"summary.docx\"";
}
