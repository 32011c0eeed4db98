/* console_model.c — the console's model: comments and the moderation log parsed from the
 * server's untrusted JSON (sizes checked, jsonguard's scan before cJSON, every field validated),
 * filters, search, counts per state, the selection, and the live stream's parser.
 * Portable C11; never does I/O, never trusts a length or a value it did not check. */
#include "app/console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "core/fnv.h"
#include "core/jsonguard.h"
#include "core/utf8.h"

static const char *const pub_names[CONSOLE_PUB_COUNT] = {"pending", "published", "withheld"};
static const char *const reason_names[CONSOLE_REASON_COUNT] = {"off_topic", "abusive", "personal_data",
                                                                "duplicate", "other"};

const char *console_pub_name(ConsolePub s)
{
    return (unsigned)s < CONSOLE_PUB_COUNT ? pub_names[s] : "";
}

const char *console_reason_name(ConsoleReason r)
{
    return r >= 0 && r < CONSOLE_REASON_COUNT ? reason_names[r] : "";
}

bool console_pub_parse(const char *s, ConsolePub *out)
{
    for (int i = 0; i < CONSOLE_PUB_COUNT; i++)
        if (s && strcmp(s, pub_names[i]) == 0) { *out = (ConsolePub)i; return true; }
    return false;
}

bool console_reason_parse(const char *s, ConsoleReason *out)
{
    for (int i = 0; i < CONSOLE_REASON_COUNT; i++)
        if (s && strcmp(s, reason_names[i]) == 0) { *out = (ConsoleReason)i; return true; }
    return false;
}

/* --- the model's memory --------------------------------------------------------------------- */

void console_model_init(ConsoleModel *m, const Event *event)
{
    memset(m, 0, sizeof *m);
    m->event = event;
    m->filter.item = m->filter.category = m->filter.panellist = m->filter.language = m->filter.state = CONSOLE_ALL;
}

void console_model_free(ConsoleModel *m)
{
    console_model_clear(m);
    free(m->comments);
    free(m->slots);
    free(m->view);
    free(m->arena);
    free(m->log);
    const Event *ev = m->event;
    console_model_init(m, ev);
}

void console_model_clear(ConsoleModel *m)
{
    /* what staff saw is wiped, not just forgotten: a shared laptop keeps no comment text */
    if (m->arena) memset(m->arena, 0, m->arena_cap);
    if (m->comments) memset(m->comments, 0, sizeof m->comments[0] * (size_t)m->cap);
    if (m->slots) memset(m->slots, 0, sizeof m->slots[0] * (size_t)m->slot_cap);
    m->count = m->view_count = m->log_count = m->lang_count = m->rejected = 0;
    m->arena_used = 0;
    m->truncated = false;
    m->next_seq = 0;
    m->selected[0] = '\0';
    memset(m->counts, 0, sizeof m->counts);
    m->counted = 0;
}

const char *console_str(const ConsoleModel *m, uint32_t off)
{
    return m->arena && off < m->arena_used ? m->arena + off : "";
}

/* Copies a string into the arena; offset 0 is always "". Returns 0 (the empty string) for an
 * empty one, UINT32_MAX when there is no room. */
static uint32_t arena_add(ConsoleModel *m, const char *s, size_t len)
{
    if (!m->arena) {
        m->arena_cap = 64 * 1024;
        m->arena = calloc(1, m->arena_cap);
        if (!m->arena) { m->arena_cap = 0; return UINT32_MAX; }
    }
    if (m->arena_used == 0) m->arena_used = 1; /* arena[0] = '\0' */
    if (len == 0) return 0;
    if (len + 1 > CONSOLE_ARENA_MAX - m->arena_used) return UINT32_MAX;
    if (m->arena_used + len + 1 > m->arena_cap) {
        size_t cap = m->arena_cap;
        while (cap < m->arena_used + len + 1) cap *= 2;
        if (cap > CONSOLE_ARENA_MAX) cap = CONSOLE_ARENA_MAX;
        char *p = realloc(m->arena, cap);
        if (!p) return UINT32_MAX;
        memset(p + m->arena_cap, 0, cap - m->arena_cap);
        m->arena = p;
        m->arena_cap = cap;
    }
    uint32_t off = (uint32_t)m->arena_used;
    memcpy(m->arena + off, s, len);
    m->arena[off + len] = '\0';
    m->arena_used += len + 1;
    return off;
}

static uint32_t id_hash(const char *id)
{
    return fnv1a32(id, strlen(id), FNV1A32_BASIS);
}

static bool index_rebuild(ConsoleModel *m, int want)
{
    int cap = 1024;
    while (cap < want * 2) cap *= 2;
    int *slots = calloc((size_t)cap, sizeof *slots);
    if (!slots) return false;
    free(m->slots);
    m->slots = slots;
    m->slot_cap = cap;
    for (int i = 0; i < m->count; i++) {
        uint32_t h = id_hash(m->comments[i].id) & (uint32_t)(cap - 1);
        while (slots[h]) h = (h + 1) & (uint32_t)(cap - 1);
        slots[h] = i + 1;
    }
    return true;
}

int console_find(const ConsoleModel *m, const char *id)
{
    if (!m->slots || !id) return -1;
    uint32_t mask = (uint32_t)(m->slot_cap - 1);
    for (uint32_t h = id_hash(id) & mask;; h = (h + 1) & mask) {
        int v = m->slots[h];
        if (v == 0) return -1;
        if (strcmp(m->comments[v - 1].id, id) == 0) return v - 1;
    }
}

/* A new comment slot at the end (the caller fills it, then calls index_add). */
static ConsoleComment *comment_append(ConsoleModel *m)
{
    if (m->count >= CONSOLE_MAX_COMMENTS) { m->truncated = true; return NULL; }
    if (m->count == m->cap) {
        int cap = m->cap ? m->cap * 2 : 512;
        if (cap > CONSOLE_MAX_COMMENTS) cap = CONSOLE_MAX_COMMENTS;
        ConsoleComment *p = realloc(m->comments, sizeof *p * (size_t)cap);
        if (!p) return NULL;
        int *v = realloc(m->view, sizeof *v * (size_t)cap);
        if (!v) { m->comments = p; return NULL; }
        m->comments = p;
        m->view = v;
        m->cap = cap;
    }
    if ((m->count + 1) * 2 > m->slot_cap && !index_rebuild(m, m->count + 1)) return NULL;
    ConsoleComment *c = &m->comments[m->count];
    memset(c, 0, sizeof *c);
    return c;
}

static void index_add(ConsoleModel *m)
{
    uint32_t mask = (uint32_t)(m->slot_cap - 1);
    uint32_t h = id_hash(m->comments[m->count].id) & mask;
    while (m->slots[h]) h = (h + 1) & mask;
    m->slots[h] = m->count + 1;
    m->count++;
}

/* --- validation of the server's fields ------------------------------------------------------- */

static bool id_chars(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max) return false;
    for (; *s; s++)
        if (!record_id_char(*s)) return false;
    return true;
}

/* A printable single-line value: no control characters, at most max bytes. */
bool console_plain(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max) return false;
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F) return false;
    return true;
}

const char *console_json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

/* A string member that is absent or null gives "", another type gives NULL (refused). */
const char *console_json_opt(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v || cJSON_IsNull(v)) return "";
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

/* A non-negative integer that a double holds exactly. */
bool console_json_int(const cJSON *o, const char *key, long long *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v)) return false;
    double d = v->valuedouble;
    if (!(d >= 0 && d <= 9007199254740991.0) || d != (double)(long long)d) return false;
    *out = (long long)d;
    return true;
}

static size_t code_points(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
    return n;
}

/* The body as a cJSON tree, or NULL: too big, not scanned clean, or not JSON. */
cJSON *console_json_parse(const char *json, size_t len)
{
    if (!json || len == 0 || len > CONSOLE_MAX_BODY) return NULL;
    JsonguardRules rules = {.max_depth = 8, .line_breaks = true, .skip_bom = false};
    JsonguardScan scan;
    if (!jsonguard_scan(json, len, &rules, &scan) || scan.unclosed) return NULL;
    size_t stop;
    cJSON *root = jsonguard_parse(json, len, &stop);
    if (root && !cJSON_IsObject(root)) { cJSON_Delete(root); return NULL; }
    return root;
}

typedef struct Publication {
    ConsolePub state;
    ConsoleReason reason;
    const char *note, *by, *at;
    long long version;
} Publication;

static bool publication_of(const cJSON *p, Publication *out)
{
    if (!cJSON_IsObject(p)) return false;
    const char *state = console_json_str(p, "state"), *reason = console_json_opt(p, "reason");
    out->note = console_json_opt(p, "note");
    out->by = console_json_opt(p, "changed_by");
    out->at = console_json_opt(p, "changed_at");
    if (!state || !console_pub_parse(state, &out->state) || !reason || !out->note || !out->by || !out->at
        || !console_json_int(p, "version", &out->version))
        return false;
    out->reason = CONSOLE_REASON_NONE;
    if (reason[0] && !console_reason_parse(reason, &out->reason)) return false;
    if ((out->state == CONSOLE_WITHHELD) != (out->reason != CONSOLE_REASON_NONE)) return false;
    if (strlen(out->note) > CONSOLE_NOTE_CHARS * 4 || !console_plain(out->by, CONSOLE_ACTOR_BYTES - 1)
        || !console_plain(out->at, RECORD_TIME_BYTES - 1))
        return false;
    return true;
}

static bool publication_set(ConsoleModel *m, ConsoleComment *c, const Publication *p)
{
    uint32_t note = arena_add(m, p->note, strlen(p->note));
    if (note == UINT32_MAX) return false;
    c->state = p->state;
    c->reason = p->reason;
    c->note = note;
    c->version = p->version;
    snprintf(c->changed_by, sizeof c->changed_by, "%s", p->by);
    snprintf(c->changed_at, sizeof c->changed_at, "%s", p->at);
    return true;
}

static int lang_index(ConsoleModel *m, const char *tag)
{
    for (int i = 0; i < m->lang_count; i++)
        if (strcmp(m->langs[i], tag) == 0) return i;
    if (m->lang_count == CONSOLE_MAX_LANGS) return -1;
    snprintf(m->langs[m->lang_count], sizeof m->langs[0], "%s", tag);
    return m->lang_count++;
}

static void resolve(ConsoleModel *m, ConsoleComment *c)
{
    c->item = c->panellist = c->category_index = -1;
    const Event *ev = m->event;
    if (ev) {
        for (int i = 0; i < ev->agenda_count; i++)
            if (strcmp(ev->agenda[i].id, c->agenda_item) == 0) c->item = i;
        for (int i = 0; c->addressed_to[0] && i < ev->panellist_count; i++)
            if (strcmp(ev->panellists[i].id, c->addressed_to) == 0) c->panellist = i;
        for (int i = 0; c->category[0] && i < ev->category_count; i++)
            if (strcmp(ev->categories[i].id, c->category) == 0) c->category_index = i;
    }
    c->lang_index = lang_index(m, c->language);
}

/* The start of the text on one line: line breaks and tabs become spaces, cut on a character. */
static uint32_t excerpt_of(ConsoleModel *m, const char *text, size_t len)
{
    char buf[CONSOLE_EXCERPT_BYTES + 4];
    size_t cut = len < CONSOLE_EXCERPT_BYTES ? len : CONSOLE_EXCERPT_BYTES;
    while (cut > 0 && cut < len && ((unsigned char)text[cut] & 0xC0) == 0x80) cut--;
    for (size_t i = 0; i < cut; i++) buf[i] = (text[i] == '\n' || text[i] == '\t' || text[i] == '\r') ? ' ' : text[i];
    if (cut < len) { memcpy(buf + cut, "\xe2\x80\xa6", 3); cut += 3; }
    return arena_add(m, buf, cut);
}

/* One row of the comment list; false when it is malformed (left out). */
static bool take_comment(ConsoleModel *m, const cJSON *o)
{
    if (!cJSON_IsObject(o)) return false;
    const char *id = console_json_str(o, "id"), *item = console_json_str(o, "agenda_item"), *to = console_json_opt(o, "addressed_to");
    const char *lang = console_json_str(o, "language"), *text = console_json_str(o, "text"), *received = console_json_opt(o, "received");
    const cJSON *part = cJSON_GetObjectItemCaseSensitive(o, "participant");
    Publication pub;
    if (!id || !record_is_uuid_v4(id) || !item || !id_chars(item, RECORD_MAX_ID_BYTES) || !to
        || (to[0] && !id_chars(to, RECORD_MAX_ID_BYTES)) || !lang || !id_chars(lang, RECORD_MAX_LANG_BYTES)
        || !text || !received || !console_plain(received, RECORD_TIME_BYTES - 1) || !cJSON_IsObject(part)
        || !publication_of(cJSON_GetObjectItemCaseSensitive(o, "publication"), &pub))
        return false;
    size_t text_len = strlen(text);
    if (text_len == 0 || code_points(text, text_len) > RECORD_MAX_TEXT_CHARS) return false;
    const char *name = console_json_opt(part, "name"), *org = console_json_opt(part, "organization");
    const char *category = console_json_opt(part, "category"), *country = console_json_opt(part, "country");
    if (!name || !org || !category || !country || !console_plain(name, RECORD_MAX_NAME_CHARS * 4)
        || !console_plain(org, RECORD_MAX_NAME_CHARS * 4) || (category[0] && !id_chars(category, 31))
        || (country[0] && (strlen(country) != 2 || !id_chars(country, 2))))
        return false;

    int at = console_find(m, id);
    if (at >= 0) {
        /* known: only a newer publication changes it (the stream may have been faster) */
        ConsoleComment *c = &m->comments[at];
        if (pub.version > c->version) return publication_set(m, c, &pub);
        return true;
    }
    ConsoleComment *c = comment_append(m);
    if (!c) return false;
    memcpy(c->id, id, RECORD_UUID_LEN + 1);
    record_reference(id, c->reference);
    snprintf(c->agenda_item, sizeof c->agenda_item, "%s", item);
    snprintf(c->addressed_to, sizeof c->addressed_to, "%s", to);
    snprintf(c->language, sizeof c->language, "%s", lang);
    snprintf(c->received, sizeof c->received, "%s", received);
    snprintf(c->category, sizeof c->category, "%s", category);
    snprintf(c->country, sizeof c->country, "%s", country);
    c->registered = cJSON_GetObjectItemCaseSensitive(part, "name") != NULL; /* only {"id"} before it arrived */
    c->consent = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(part, "publish_consent"));
    c->name = arena_add(m, name, strlen(name));
    c->organization = arena_add(m, org, strlen(org));
    c->text = arena_add(m, text, text_len);
    c->text_len = (uint32_t)text_len;
    c->excerpt = excerpt_of(m, text, text_len);
    if (c->name == UINT32_MAX || c->organization == UINT32_MAX || c->text == UINT32_MAX || c->excerpt == UINT32_MAX
        || !publication_set(m, c, &pub)) {
        memset(c, 0, sizeof *c);
        return false;
    }
    c->seq = m->next_seq++;
    resolve(m, c);
    index_add(m);
    return true;
}

int console_parse_comments(ConsoleModel *m, const char *json, size_t len, char *next, size_t next_cap)
{
    if (next_cap) next[0] = '\0';
    cJSON *root = console_json_parse(json, len);
    const cJSON *list = root ? cJSON_GetObjectItemCaseSensitive(root, "comments") : NULL;
    if (!cJSON_IsArray(list)) { cJSON_Delete(root); return -1; }
    int taken = 0;
    const cJSON *row;
    cJSON_ArrayForEach(row, list) {
        if (take_comment(m, row)) taken++;
        else m->rejected++;
    }
    const char *cursor = console_json_str(root, "next");
    if (cursor && next_cap && strlen(cursor) < next_cap && id_chars(cursor, next_cap - 1))
        snprintf(next, next_cap, "%s", cursor);
    cJSON_Delete(root);
    return taken;
}

int console_apply_publication_json(ConsoleModel *m, const char *json, size_t len, bool *bad)
{
    *bad = false;
    cJSON *root = console_json_parse(json, len);
    if (!root) { *bad = true; return -1; }
    /* a stream event wraps it: {"event", "publication": {...}} */
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(root, "publication");
    if (!p) p = root;
    const char *id = console_json_str(p, "comment");
    Publication pub;
    if (!id || !record_is_uuid_v4(id) || !publication_of(p, &pub)) { *bad = true; cJSON_Delete(root); return -1; }
    int at = console_find(m, id);
    if (at >= 0 && pub.version > m->comments[at].version && !publication_set(m, &m->comments[at], &pub)) at = -1;
    cJSON_Delete(root);
    return at;
}

int console_parse_log(ConsoleModel *m, const char *json, size_t len)
{
    cJSON *root = console_json_parse(json, len);
    const cJSON *list = root ? cJSON_GetObjectItemCaseSensitive(root, "entries") : NULL;
    if (!cJSON_IsArray(list)) { cJSON_Delete(root); return -1; }
    int n = cJSON_GetArraySize(list);
    if (n > CONSOLE_MAX_LOG) n = CONSOLE_MAX_LOG; /* the oldest are kept: the log reads from its start */
    if (n > m->log_cap) {
        ConsoleLogEntry *p = realloc(m->log, sizeof *p * (size_t)n);
        if (!p) { cJSON_Delete(root); return -1; }
        m->log = p;
        m->log_cap = n;
    }
    m->log_count = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, list) {
        if (m->log_count == n) break;
        const char *at = console_json_str(e, "at"), *by = console_json_str(e, "by"), *comment = console_json_str(e, "comment");
        const char *from = console_json_str(e, "from"), *to = console_json_str(e, "to"), *reason = console_json_opt(e, "reason");
        const char *note = console_json_opt(e, "note");
        ConsoleLogEntry le;
        memset(&le, 0, sizeof le);
        le.reason = CONSOLE_REASON_NONE;
        if (!cJSON_IsObject(e) || !at || !console_plain(at, RECORD_TIME_BYTES - 1) || !by || !console_plain(by, CONSOLE_ACTOR_BYTES - 1)
            || !comment || !record_is_uuid_v4(comment) || !from || !console_pub_parse(from, &le.from) || !to
            || !console_pub_parse(to, &le.to) || !reason || (reason[0] && !console_reason_parse(reason, &le.reason))
            || !note || strlen(note) > CONSOLE_NOTE_CHARS * 4) {
            m->rejected++;
            continue;
        }
        if (!console_json_int(e, "seq", &le.seq)) le.seq = 0;
        if (!console_json_int(e, "version", &le.version)) le.version = 0;
        snprintf(le.at, sizeof le.at, "%s", at);
        snprintf(le.by, sizeof le.by, "%s", by);
        memcpy(le.comment, comment, RECORD_UUID_LEN + 1);
        le.note = arena_add(m, note, strlen(note));
        if (le.note == UINT32_MAX) le.note = 0;
        m->log[m->log_count++] = le;
    }
    cJSON_Delete(root);
    return m->log_count;
}

/* --- filters, search and the selection ----------------------------------------------------------- */

static char fold(char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/* A receipt's reference typed with or without its dash, in any case: "js9p-djw9", "JS9PDJW9". */
static bool reference_query(const char *q, char out[RECORD_REFERENCE_BYTES])
{
    size_t n = 0;
    for (const char *p = q; *p; p++) {
        if (*p == '-' && n == 4) continue;
        if (*p == ' ') continue;
        char ch = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) || n == 8) return false;
        out[n < 4 ? n : n + 1] = ch;
        n++;
    }
    if (n != 8) return false;
    out[4] = '-';
    out[9] = '\0';
    return true;
}

/* Whether needle (already folded, nl bytes) occurs in hay, ASCII letters case folded. */
static bool contains_folded(const char *hay, const char *needle, size_t nl)
{
    if (nl == 0) return true;
    char first = needle[0];
    for (const char *h = hay; *h; h++) {
        if (fold(*h) != first) continue;
        size_t i = 1;
        while (i < nl && h[i] && fold(h[i]) == needle[i]) i++;
        if (i == nl) return true;
    }
    return false;
}

typedef struct Query {
    char folded[sizeof ((ConsoleFilter *)0)->q];
    size_t len;
    char ref[RECORD_REFERENCE_BYTES];
    bool is_ref;
} Query;

static void query_prepare(const ConsoleFilter *f, Query *q)
{
    /* surrounding spaces are not part of what was searched for */
    const char *s = f->q;
    while (*s == ' ') s++;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ') n--;
    for (size_t i = 0; i < n; i++) q->folded[i] = fold(s[i]);
    q->folded[n] = '\0';
    q->len = n;
    q->is_ref = reference_query(q->folded, q->ref);
}

static bool matches_q(const ConsoleModel *m, const ConsoleComment *c, const Query *q)
{
    if (q->len == 0) return true;
    if (q->is_ref && strcmp(c->reference, q->ref) == 0) return true;
    return contains_folded(console_str(m, c->text), q->folded, q->len)
           || contains_folded(console_str(m, c->name), q->folded, q->len)
           || contains_folded(console_str(m, c->organization), q->folded, q->len);
}

static bool matches_fields(const ConsoleFilter *f, const ConsoleComment *c)
{
    if (f->item != CONSOLE_ALL && (f->item == CONSOLE_ITEM_OTHER ? c->item >= 0 : c->item != f->item)) return false;
    if (f->category != CONSOLE_ALL && c->category_index != f->category) return false;
    if (f->panellist != CONSOLE_ALL
        && (f->panellist == CONSOLE_TO_NO_ONE ? c->addressed_to[0] != '\0' : c->panellist != f->panellist))
        return false;
    if (f->language != CONSOLE_ALL && c->lang_index != f->language) return false;
    return true;
}

bool console_matches(const ConsoleModel *m, const ConsoleComment *c, bool with_state)
{
    Query q;
    query_prepare(&m->filter, &q);
    return matches_fields(&m->filter, c) && (!with_state || m->filter.state == CONSOLE_ALL || (int)c->state == m->filter.state)
           && matches_q(m, c, &q);
}

void console_refilter(ConsoleModel *m)
{
    Query q;
    query_prepare(&m->filter, &q);
    memset(m->counts, 0, sizeof m->counts);
    m->counted = 0;
    m->view_count = 0;
    for (int i = m->count - 1; i >= 0; i--) {
        const ConsoleComment *c = &m->comments[i];
        if (!matches_fields(&m->filter, c) || !matches_q(m, c, &q)) continue;
        m->counts[c->state]++;
        m->counted++;
        if (m->filter.state == CONSOLE_ALL || (int)c->state == m->filter.state) m->view[m->view_count++] = i;
    }
}

int console_selected_row(const ConsoleModel *m)
{
    if (!m->selected[0]) return -1;
    int at = console_find(m, m->selected);
    if (at < 0) return -1;
    for (int r = 0; r < m->view_count; r++)
        if (m->view[r] == at) return r;
    return -1;
}

const ConsoleComment *console_selected(const ConsoleModel *m)
{
    int at = m->selected[0] ? console_find(m, m->selected) : -1;
    return at >= 0 ? &m->comments[at] : NULL;
}

void console_select(ConsoleModel *m, const char *id)
{
    if (id && console_find(m, id) >= 0) memcpy(m->selected, id, RECORD_UUID_LEN + 1);
    else m->selected[0] = '\0';
}

bool console_select_step(ConsoleModel *m, int delta)
{
    if (m->view_count == 0) return false;
    int row = console_selected_row(m);
    int next = row < 0 ? (delta >= 0 ? 0 : m->view_count - 1) : row + delta;
    if (next < 0) next = 0;
    if (next >= m->view_count) next = m->view_count - 1;
    if (next == row) return false;
    memcpy(m->selected, m->comments[m->view[next]].id, RECORD_UUID_LEN + 1);
    return true;
}

/* --- the live stream ------------------------------------------------------------------------- */

void console_sse_reset(ConsoleSse *s)
{
    char last[sizeof s->last_id];
    memcpy(last, s->last_id, sizeof last);
    memset(s, 0, sizeof *s);
    memcpy(s->last_id, last, sizeof last);
}

static void sse_line(ConsoleSse *s, const char *line, size_t n, ConsoleSseFn fn, void *ctx)
{
    if (n == 0) {
        /* a blank line ends an event */
        if (s->has_data) fn(ctx, s->event[0] ? s->event : "message", s->data, s->data_len);
        s->event[0] = '\0';
        s->data_len = 0;
        s->data[0] = '\0';
        s->has_data = false;
        return;
    }
    if (line[0] == ':') return; /* a comment: the heartbeat */
    size_t colon = 0;
    while (colon < n && line[colon] != ':') colon++;
    const char *value = colon < n ? line + colon + 1 : line + n;
    size_t vlen = colon < n ? n - colon - 1 : 0;
    if (vlen > 0 && value[0] == ' ') { value++; vlen--; }
    if (colon == 5 && memcmp(line, "event", 5) == 0) {
        if (vlen < sizeof s->event) { memcpy(s->event, value, vlen); s->event[vlen] = '\0'; }
        else s->event[0] = '\0';
    } else if (colon == 4 && memcmp(line, "data", 4) == 0) {
        size_t need = s->data_len + (s->has_data ? 1 : 0) + vlen;
        if (need >= sizeof s->data) { s->has_data = false; s->data_len = 0; return; } /* too big: dropped */
        if (s->has_data) s->data[s->data_len++] = '\n';
        memcpy(s->data + s->data_len, value, vlen);
        s->data_len += vlen;
        s->data[s->data_len] = '\0';
        s->has_data = true;
    } else if (colon == 2 && memcmp(line, "id", 2) == 0) {
        bool digits = vlen > 0 && vlen < sizeof s->last_id;
        for (size_t i = 0; digits && i < vlen; i++) digits = value[i] >= '0' && value[i] <= '9';
        if (digits) { memcpy(s->last_id, value, vlen); s->last_id[vlen] = '\0'; }
    }
    /* "retry" and unknown fields: ignored (the console has its own back-off) */
}

void console_sse_feed(ConsoleSse *s, const char *bytes, size_t n, ConsoleSseFn fn, void *ctx)
{
    for (size_t i = 0; i < n; i++) {
        char ch = bytes[i];
        if (s->skip_lf) {
            s->skip_lf = false;
            if (ch == '\n') continue;
        }
        if (ch == '\r' || ch == '\n') {
            if (!s->overlong) sse_line(s, s->line, s->line_len, fn, ctx);
            s->overlong = false;
            s->line_len = 0;
            s->skip_lf = ch == '\r';
            continue;
        }
        if (s->line_len + 1 >= sizeof s->line) { s->overlong = true; continue; }
        s->line[s->line_len++] = ch;
    }
}
