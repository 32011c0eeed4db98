/* event.c — parses and validates an event file (docs/interface.md §4) from untrusted JSON bytes.
 * Portable C11 on cJSON: no I/O, no clock, no mutable globals. It must never truncate a
 * value silently, never crash or leak on any input: every problem is an error with a place. */
#include "core/event.h"

#include "core/ascii.h"
#include "core/attrs.h"
#include "core/civil.h"
#include "core/jsonguard.h"
#include "core/record.h"
#include "core/utf8.h"

#include "cJSON.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Event files need about 5 levels; 64 leaves room for unknown future fields while keeping
 * cJSON's recursion (its own limit is 1000) far from any small stack, e.g. on the web. */
#define EVENT_NESTING_LIMIT 64
#define EVENT_TIMEZONE_MAX_BYTES 64u
#define EVENT_SNIPPET_CHARS 16 /* context shown in "invalid JSON near '...'" */
#define PATH_CAP 112

static const char *const kind_names[] = {
    [EVENT_KIND_OPENING] = "opening", [EVENT_KIND_BRIEFING] = "briefing",
    [EVENT_KIND_PANEL] = "panel",     [EVENT_KIND_INPUTS] = "inputs",
    [EVENT_KIND_CLOSING] = "closing", [EVENT_KIND_OTHER] = "other",
};

/* ---------------------------------------------------------------- small helpers */

/* Case-insensitive equality of the first n bytes (language tags are ASCII). */
static bool eq_ci_n(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
        if (a[i] == '\0') return true;
    }
    return true;
}

static bool eq_ci(const char *a, const char *b)
{
    size_t na = strlen(a);
    return na == strlen(b) && eq_ci_n(a, b, na);
}

/* Untrusted values in messages: quoted, cut with "…", C0 controls and DEL shown as '?'
 * (values are valid UTF-8 by now: the raw scan passed). */
static const char *quote(char *buf, size_t cap, const char *s)
{
    return jsonguard_quote(buf, cap, s, JSONGUARD_CONTROLS_C0);
}

/* ---------------------------------------------------------------- syntax stage */

static const JsonguardRules event_rules = {
    .max_depth = EVENT_NESTING_LIMIT,
    .line_breaks = true, /* a file of many lines, but none inside a string */
    .skip_bom = true,    /* editors may save one; it is no column of the first line */
};

static void syntax_error(EventError *err, const char *json, size_t len, size_t pos,
                         const char *fmt, ...) PRINTF_LIKE(5, 6);

static void syntax_error(EventError *err, const char *json, size_t len, size_t pos,
                         const char *fmt, ...)
{
    va_list ap;
    JsonguardPos at = jsonguard_locate(json, len, pos, &event_rules);
    err->line = (int)at.line; /* at most EVENT_MAX_FILE_BYTES + 1 */
    err->column = (int)at.column;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    jsonguard_trim_utf8(err->message);
}

/* A few printable characters of context from pos, stopping at the end of the line. */
static void snippet(const char *json, size_t len, size_t pos, char *out, size_t cap)
{
    size_t i = pos, o = 0;
    for (int chars = 0; chars < EVENT_SNIPPET_CHARS && i < len; chars++) {
        unsigned char c = (unsigned char)json[i];
        if (c == '\n' || c == '\r') break;
        size_t start = i;
        uint32_t cp = utf8_decode(json, len, &i);
        size_t n = i - start;
        /* Invalid bytes end the snippet: the message itself must stay valid UTF-8. */
        if (c != 0 && !utf8_valid(json + start, n)) break;
        if (o + n + 1 > cap) break;
        if (jsonguard_is_control(cp, JSONGUARD_CONTROLS_C0)) { /* NUL too */
            out[o++] = '?';
        } else {
            memcpy(out + o, json + start, n);
            o += n;
        }
    }
    out[o] = '\0';
}

/* The scan's finding in words; the position is given as line and column. */
static void raw_message(const JsonguardScan *raw, char *buf, size_t cap)
{
    switch (raw->issue) {
    case JSONGUARD_INVALID_UTF8:
        snprintf(buf, cap, "invalid UTF-8 (byte 0x%02X)", raw->byte);
        break;
    case JSONGUARD_NUL_BYTE:
        snprintf(buf, cap, "NUL byte in the input");
        break;
    case JSONGUARD_LINE_BREAK: /* not with event_rules: a raw line break is a control here */
    case JSONGUARD_CONTROL:
        snprintf(buf, cap, raw->in_string ? "unescaped control character U+%04X in a string"
                                          : "control character U+%04X", raw->byte);
        break;
    case JSONGUARD_BAD_ESCAPE:
        snprintf(buf, cap, "invalid \\u escape (expected 4 hex digits)");
        break;
    case JSONGUARD_ESCAPED_NUL:
        snprintf(buf, cap, "\\u0000 (NUL) is not allowed in strings");
        break;
    case JSONGUARD_TOO_DEEP:
        snprintf(buf, cap, "nesting deeper than %d levels", EVENT_NESTING_LIMIT);
        break;
    case JSONGUARD_OK:
        buf[0] = '\0';
        break;
    }
}

/* Parses the bytes into a cJSON tree or fills *err with the earliest problem's position. */
static cJSON *parse_syntax(const char *json, size_t len, EventError *err)
{
    JsonguardScan raw;
    char near[EVENT_SNIPPET_CHARS * 4 + 1], message[96];

    /* The scan's finding is reported only where cJSON does not fail earlier, so that the
     * first problem in the file is the one named (except nesting: cJSON must not see it). */
    (void)jsonguard_scan(json, len, &event_rules, &raw);
    raw_message(&raw, message, sizeof message);
    if (raw.issue == JSONGUARD_TOO_DEEP) {
        syntax_error(err, json, len, raw.pos, "%s", message);
        return NULL;
    }
    size_t first = jsonguard_skip_space(json, len, jsonguard_start(json, len, &event_rules));
    if (first >= len) {
        syntax_error(err, json, len, len, "empty input (expected a JSON object)");
        return NULL;
    }

    size_t stop;
    cJSON *root = jsonguard_parse(json, len, &stop);
    if (root == NULL) {
        if (raw.pos <= stop) {
            syntax_error(err, json, len, raw.pos, "%s", message);
        } else if (raw.unclosed && stop + 1 >= len) {
            /* cJSON reports running off the end as the last byte; say what it means. */
            syntax_error(err, json, len, len, "unexpected end of input");
        } else {
            snippet(json, len, stop, near, sizeof near);
            syntax_error(err, json, len, stop, "invalid JSON near '%s'", near);
        }
        return NULL;
    }
    size_t tail = jsonguard_skip_space(json, len, stop);
    if (tail < len && tail < raw.pos) {
        snippet(json, len, tail, near, sizeof near);
        syntax_error(err, json, len, tail, "unexpected text after the JSON value near '%s'",
                     near);
        cJSON_Delete(root);
        return NULL;
    }
    if (raw.pos < len) {
        syntax_error(err, json, len, raw.pos, "%s", message);
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* ---------------------------------------------------------------- schema stage */

typedef struct Loader {
    Event *ev;
    EventError *err;
    char *arena; /* == ev->arena_; sized by measure() before anything is copied */
    size_t used, cap;
} Loader;

static bool fail(Loader *L, const char *path, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* Records a schema error "path: reason" (no line/column: cJSON keeps no positions). */
static bool fail(Loader *L, const char *path, const char *fmt, ...)
{
    char reason[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    L->err->line = 0;
    L->err->column = 0;
    if (path[0] != '\0')
        snprintf(L->err->message, sizeof L->err->message, "%s: %s", path, reason);
    else
        snprintf(L->err->message, sizeof L->err->message, "%s", reason);
    jsonguard_trim_utf8(L->err->message);
    return false;
}

/* Bytes needed to copy every string and key of the tree: an upper bound for the arena. */
static size_t measure(const cJSON *node)
{
    size_t n = 0;
    for (; node != NULL; node = node->next) {
        if (node->string != NULL) n += strlen(node->string) + 1;
        if (cJSON_IsString(node) && node->valuestring != NULL) n += strlen(node->valuestring) + 1;
        if (node->child != NULL) n += measure(node->child); /* depth <= EVENT_NESTING_LIMIT */
    }
    return n;
}

static const char *store(Loader *L, const char *path, const char *s)
{
    size_t n = strlen(s) + 1;
    if (n > L->cap - L->used) {
        fail(L, path, "internal error: string arena exhausted");
        return NULL;
    }
    char *dst = L->arena + L->used;
    memcpy(dst, s, n);
    L->used += n;
    return dst;
}

/* Concatenates parts into a PATH_CAP buffer, cutting if ever needed (paths are made of
 * known keys, small indexes and checked language tags, so in practice they fit). */
static void path_cat(char *buf, const char *const *parts, int count)
{
    size_t o = 0;
    for (int k = 0; k < count; k++)
        for (const char *s = parts[k]; *s != '\0' && o + 1 < PATH_CAP; s++) buf[o++] = *s;
    buf[o] = '\0';
}

static void path_key(char *buf, const char *parent, const char *key)
{
    const char *parts[] = {parent, parent[0] != '\0' ? "." : "", key};
    path_cat(buf, parts, 3);
}

static void path_index(char *buf, const char *parent, int index)
{
    char num[16];
    snprintf(num, sizeof num, "%d", index);
    const char *parts[] = {parent, "[", num, "]"};
    path_cat(buf, parts, 4);
}

static bool absent(const cJSON *v)
{
    return v == NULL || cJSON_IsNull(v);
}

/* Looks up obj[key] (NULL when absent). A repeated key is an error: parsers disagree on
 * which copy wins, so the file would mean different things to different tools. */
static bool member(Loader *L, const cJSON *obj, const char *parent, const char *key,
                   const cJSON **out)
{
    const cJSON *found = NULL;
    *out = NULL;
    for (const cJSON *c = obj->child; c != NULL; c = c->next) {
        if (c->string == NULL || strcmp(c->string, key) != 0) continue;
        if (found != NULL) {
            char path[PATH_CAP];
            path_key(path, parent, key);
            return fail(L, path, "key given more than once");
        }
        found = c;
    }
    *out = found;
    return true;
}

static bool lang_tag_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 35 || s[0] == '-' || s[n - 1] == '-') return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-') {
            if (s[i + 1] == '-') return false;
        } else if (!ascii_alnum(s[i])) {
            return false;
        }
    }
    return true;
}

/* One string of a text: within the byte limit and valid UTF-8 (cJSON does not check). */
static bool check_text(Loader *L, const char *path, const char *s)
{
    size_t n = strlen(s);
    if (n > EVENT_MAX_TEXT_BYTES)
        return fail(L, path, "text is %zu bytes, over the limit of %u bytes", n,
                    EVENT_MAX_TEXT_BYTES);
    if (!utf8_valid(s, n)) return fail(L, path, "invalid UTF-8");
    return true;
}

/* A text value: a string, or an object {lang: string}. `required` texts may not be empty. */
static bool parse_text(Loader *L, const cJSON *v, const char *path, EventText *t, bool required)
{
    memset(t, 0, sizeof *t);
    if (cJSON_IsString(v)) {
        const char *s = v->valuestring;
        if (!check_text(L, path, s)) return false;
        if (s[0] == '\0') return required ? fail(L, path, "must not be empty") : true;
        t->v[0].lang = "";
        t->v[0].text = store(L, path, s);
        if (t->v[0].text == NULL) return false;
        t->count = 1;
        return true;
    }
    if (!cJSON_IsObject(v))
        return fail(L, path, "expected a string or an object of translations");

    int n = cJSON_GetArraySize(v);
    if (n == 0) return fail(L, path, "expected at least one translation");
    if (n > EVENT_MAX_LANGS)
        return fail(L, path, "%d translations, over the limit of %d", n, EVENT_MAX_LANGS);
    int k = 0;
    for (const cJSON *c = v->child; c != NULL; c = c->next, k++) {
        char q[JSONGUARD_QUOTE_CAP], sub[PATH_CAP];
        if (c->string == NULL || !lang_tag_ok(c->string))
            return fail(L, path, "%s is not a language tag",
                        quote(q, sizeof q, c->string ? c->string : ""));
        for (int j = 0; j < k; j++)
            if (eq_ci(t->v[j].lang, c->string))
                return fail(L, path, "translation %s given more than once",
                            quote(q, sizeof q, c->string));
        path_key(sub, path, c->string);
        if (!cJSON_IsString(c)) return fail(L, sub, "expected a string");
        if (!check_text(L, sub, c->valuestring)) return false;
        /* An empty translation would be chosen over a real fallback: leave it out instead. */
        if (c->valuestring[0] == '\0') return fail(L, sub, "must not be empty");
        t->v[k].lang = store(L, sub, c->string);
        t->v[k].text = store(L, sub, c->valuestring);
        if (t->v[k].lang == NULL || t->v[k].text == NULL) return false;
        t->count = k + 1;
    }
    return true;
}

static bool load_text(Loader *L, const cJSON *obj, const char *parent, const char *key,
                      EventText *t, bool required)
{
    char path[PATH_CAP];
    const cJSON *v;
    memset(t, 0, sizeof *t);
    if (!member(L, obj, parent, key, &v)) return false;
    path_key(path, parent, key);
    if (v == NULL) return required ? fail(L, path, "required field is missing") : true;
    if (cJSON_IsNull(v))
        return required ? fail(L, path, "expected a string or an object of translations") : true;
    return parse_text(L, v, path, t, required);
}

static bool check_id(Loader *L, const char *path, const cJSON *v)
{
    char q[JSONGUARD_QUOTE_CAP];
    if (!cJSON_IsString(v)) return fail(L, path, "expected a string id");
    size_t n = strlen(v->valuestring);
    if (n == 0) return fail(L, path, "must not be empty");
    if (n > RECORD_MAX_ID_BYTES)
        return fail(L, path, "id is %zu bytes, over the limit of %u bytes", n,
                    RECORD_MAX_ID_BYTES);
    if (!record_is_id(v->valuestring))
        return fail(L, path, "id %s may contain only letters, digits, '.', '_' and '-'",
                    quote(q, sizeof q, v->valuestring));
    return true;
}

static bool load_id(Loader *L, const cJSON *obj, const char *parent, const char **out)
{
    char path[PATH_CAP];
    const cJSON *v;
    *out = NULL;
    if (!member(L, obj, parent, "id", &v)) return false;
    path_key(path, parent, "id");
    if (v == NULL) return fail(L, path, "required field is missing");
    if (!check_id(L, path, v)) return false;
    *out = store(L, path, v->valuestring);
    return *out != NULL;
}

static bool duplicate_id(Loader *L, const char *parent, const char *id)
{
    char path[PATH_CAP], q[JSONGUARD_QUOTE_CAP];
    path_key(path, parent, "id");
    return fail(L, path, "duplicate id %s", quote(q, sizeof q, id));
}

/* obj[key] (already looked up) as an array of at most max items; absent or null: 0 items. */
static bool check_array(Loader *L, const char *path, const cJSON *v, int max, bool required,
                        int *count)
{
    *count = 0;
    if (absent(v)) return required ? fail(L, path, "required field is missing") : true;
    if (!cJSON_IsArray(v)) return fail(L, path, "expected an array");
    int n = cJSON_GetArraySize(v);
    if (n > max) return fail(L, path, "%d items, over the limit of %d", n, max);
    if (required && n == 0) return fail(L, path, "expected at least one item");
    *count = n;
    return true;
}

static bool object_or_fail(Loader *L, const char *path, const cJSON *v)
{
    return cJSON_IsObject(v) ? true : fail(L, path, "expected an object");
}

static bool load_date(Loader *L, const cJSON *root)
{
    const cJSON *v;
    char q[JSONGUARD_QUOTE_CAP];
    if (!member(L, root, "", "date", &v)) return false;
    if (v == NULL) return fail(L, "date", "required field is missing");
    if (!cJSON_IsString(v)) return fail(L, "date", "expected a string \"YYYY-MM-DD\"");
    const char *s = v->valuestring;
    int y, m, d;
    if (strlen(s) != 10 || !ascii_digits(s, 4, &y) || s[4] != '-' || !ascii_digits(s + 5, 2, &m) ||
        s[7] != '-' || !ascii_digits(s + 8, 2, &d))
        return fail(L, "date", "%s is not a date \"YYYY-MM-DD\"", quote(q, sizeof q, s));
    if (y < 1 || !civil_date_valid(y, m, d))
        return fail(L, "date", "%s is not a real calendar date", quote(q, sizeof q, s));
    L->ev->year = y;
    L->ev->month = m;
    L->ev->day = d;
    return true;
}

static bool load_timezone(Loader *L, const cJSON *root)
{
    const cJSON *v;
    char q[JSONGUARD_QUOTE_CAP];
    L->ev->timezone = "";
    if (!member(L, root, "", "timezone", &v)) return false;
    if (absent(v)) return true;
    if (!cJSON_IsString(v))
        return fail(L, "timezone", "expected a string (an IANA name such as \"Europe/Vienna\")");
    const char *s = v->valuestring;
    size_t n = strlen(s);
    if (n == 0) return true;
    if (n > EVENT_TIMEZONE_MAX_BYTES)
        return fail(L, "timezone", "%zu bytes, over the limit of %u bytes", n,
                    EVENT_TIMEZONE_MAX_BYTES);
    bool ok = (s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z');
    for (size_t i = 0; ok && i < n; i++)
        ok = ascii_alnum(s[i]) || s[i] == '/' || s[i] == '_' || s[i] == '-' || s[i] == '+';
    if (!ok)
        return fail(L, "timezone", "%s is not an IANA time zone name", quote(q, sizeof q, s));
    L->ev->timezone = store(L, "timezone", s);
    return L->ev->timezone != NULL;
}

static bool load_languages(Loader *L, const cJSON *root)
{
    const cJSON *v;
    Event *ev = L->ev;
    int n;
    if (!member(L, root, "", "languages", &v)) return false;
    if (!check_array(L, "languages", v, EVENT_MAX_LANGS, false, &n)) return false;
    int i = 0;
    for (const cJSON *c = n > 0 ? v->child : NULL; c != NULL; c = c->next, i++) {
        char path[PATH_CAP], q[JSONGUARD_QUOTE_CAP];
        path_index(path, "languages", i);
        if (!cJSON_IsString(c)) return fail(L, path, "expected a language tag (a string)");
        if (!lang_tag_ok(c->valuestring))
            return fail(L, path, "%s is not a language tag", quote(q, sizeof q, c->valuestring));
        for (int j = 0; j < i; j++)
            if (eq_ci(ev->languages[j], c->valuestring))
                return fail(L, path, "duplicate language %s", quote(q, sizeof q, c->valuestring));
        ev->languages[i] = store(L, path, c->valuestring);
        if (ev->languages[i] == NULL) return false;
        ev->language_count = i + 1;
    }
    return true;
}

static bool load_chair(Loader *L, const cJSON *root)
{
    const cJSON *v;
    if (!member(L, root, "", "chair", &v)) return false;
    if (v == NULL) return fail(L, "chair", "required field is missing");
    if (!object_or_fail(L, "chair", v)) return false;
    return load_text(L, v, "chair", "name", &L->ev->chair_name, true) &&
           load_text(L, v, "chair", "role", &L->ev->chair_role, false);
}

static bool load_panellist(Loader *L, const cJSON *obj, const char *path, int index)
{
    Event *ev = L->ev;
    EventPanellist *p = &ev->panellists[index];
    const cJSON *topics;
    char sub[PATH_CAP];
    int n;

    if (!object_or_fail(L, path, obj)) return false;
    if (!load_id(L, obj, path, &p->id)) return false;
    for (int j = 0; j < index; j++)
        if (strcmp(ev->panellists[j].id, p->id) == 0) return duplicate_id(L, path, p->id);
    if (!load_text(L, obj, path, "name", &p->name, true) ||
        !load_text(L, obj, path, "organization", &p->organization, false) ||
        !load_text(L, obj, path, "role", &p->role, false) ||
        !load_text(L, obj, path, "bio", &p->bio, false))
        return false;
    if (!member(L, obj, path, "topics", &topics)) return false;
    path_key(sub, path, "topics");
    if (!check_array(L, sub, topics, EVENT_MAX_TOPICS, false, &n)) return false;
    int i = 0;
    for (const cJSON *c = n > 0 ? topics->child : NULL; c != NULL; c = c->next, i++) {
        char item[PATH_CAP];
        path_index(item, sub, i);
        if (!parse_text(L, c, item, &p->topics[i], true)) return false;
        p->topic_count = i + 1;
    }
    return true;
}

static bool load_panellists(Loader *L, const cJSON *root)
{
    const cJSON *v;
    int n;
    if (!member(L, root, "", "panellists", &v)) return false;
    if (!check_array(L, "panellists", v, EVENT_MAX_PANELLISTS, false, &n)) return false;
    int i = 0;
    for (const cJSON *c = n > 0 ? v->child : NULL; c != NULL; c = c->next, i++) {
        char path[PATH_CAP];
        path_index(path, "panellists", i);
        if (!load_panellist(L, c, path, i)) return false;
        L->ev->panellist_count = i + 1;
    }
    return true;
}

static bool load_categories(Loader *L, const cJSON *root)
{
    Event *ev = L->ev;
    const cJSON *v;
    int n;
    if (!member(L, root, "", "categories", &v)) return false;
    if (!check_array(L, "categories", v, EVENT_MAX_CATEGORIES, false, &n)) return false;
    int i = 0;
    for (const cJSON *c = n > 0 ? v->child : NULL; c != NULL; c = c->next, i++) {
        char path[PATH_CAP];
        EventCategory *cat = &ev->categories[i];
        path_index(path, "categories", i);
        if (!object_or_fail(L, path, c) || !load_id(L, c, path, &cat->id)) return false;
        for (int j = 0; j < i; j++)
            if (strcmp(ev->categories[j].id, cat->id) == 0) return duplicate_id(L, path, cat->id);
        if (!load_text(L, c, path, "label", &cat->label, true)) return false;
        ev->category_count = i + 1;
    }
    return true;
}

/* "HH:MM" (00:00..23:59) in minutes; absent or null gives -1. */
static bool load_time(Loader *L, const cJSON *obj, const char *parent, const char *key, int *out)
{
    const cJSON *v;
    char path[PATH_CAP], q[JSONGUARD_QUOTE_CAP];
    *out = -1;
    if (!member(L, obj, parent, key, &v)) return false;
    if (absent(v)) return true;
    path_key(path, parent, key);
    if (!cJSON_IsString(v)) return fail(L, path, "expected a time \"HH:MM\"");
    const char *s = v->valuestring;
    int h, m;
    if (strlen(s) == 5 && ascii_digits(s, 2, &h) && s[2] == ':' && ascii_digits(s + 3, 2, &m)) {
        if (h <= 23 && m <= 59) {
            *out = h * 60 + m;
            return true;
        }
    }
    return fail(L, path, "%s is not a time \"HH:MM\" from 00:00 to 23:59", quote(q, sizeof q, s));
}

static bool load_kind(Loader *L, const cJSON *obj, const char *parent, EventItemKind *out)
{
    const cJSON *v;
    char path[PATH_CAP], q[JSONGUARD_QUOTE_CAP];
    if (!member(L, obj, parent, "kind", &v)) return false;
    path_key(path, parent, "kind");
    if (v == NULL) return fail(L, path, "required field is missing");
    if (cJSON_IsString(v)) {
        for (size_t k = 0; k < sizeof kind_names / sizeof kind_names[0]; k++) {
            if (strcmp(v->valuestring, kind_names[k]) == 0) {
                *out = (EventItemKind)k;
                return true;
            }
        }
    }
    return fail(L, path, "%s is not a kind (expected opening, briefing, panel, inputs, closing or other)",
                cJSON_IsString(v) ? quote(q, sizeof q, v->valuestring) : "the value");
}

static bool load_item_panellists(Loader *L, const cJSON *obj, const char *parent,
                                 EventAgendaItem *item)
{
    const cJSON *v;
    char path[PATH_CAP];
    int n;
    if (!member(L, obj, parent, "panellists", &v)) return false;
    path_key(path, parent, "panellists");
    if (!check_array(L, path, v, EVENT_MAX_ITEM_PANELLISTS, false, &n)) return false;
    int i = 0;
    for (const cJSON *c = n > 0 ? v->child : NULL; c != NULL; c = c->next, i++) {
        char sub[PATH_CAP], q[JSONGUARD_QUOTE_CAP];
        path_index(sub, path, i);
        if (!cJSON_IsString(c)) return fail(L, sub, "expected a panellist id (a string)");
        int p = event_find_panellist(L->ev, c->valuestring);
        if (p < 0)
            return fail(L, sub, "unknown panellist %s", quote(q, sizeof q, c->valuestring));
        for (int j = 0; j < i; j++)
            if (item->panellists[j] == p)
                return fail(L, sub, "panellist %s is listed twice",
                            quote(q, sizeof q, c->valuestring));
        item->panellists[i] = p;
        item->panellist_count = i + 1;
    }
    return true;
}

static bool load_item(Loader *L, const cJSON *obj, const char *path, int index)
{
    Event *ev = L->ev;
    EventAgendaItem *item = &ev->agenda[index];
    const cJSON *num;

    if (!object_or_fail(L, path, obj)) return false;
    if (!load_id(L, obj, path, &item->id)) return false;
    for (int j = 0; j < index; j++)
        if (strcmp(ev->agenda[j].id, item->id) == 0) return duplicate_id(L, path, item->id);
    if (!member(L, obj, path, "number", &num)) return false;
    item->number = 0;
    if (!absent(num)) {
        char sub[PATH_CAP];
        double d = cJSON_IsNumber(num) ? num->valuedouble : 0;
        path_key(sub, path, "number");
        /* Range first: the comparison also rejects inf and keeps the int cast defined. */
        if (!(d >= 1 && d <= 999) || (double)(int)d != d)
            return fail(L, sub, "expected an integer from 1 to 999");
        item->number = (int)d;
    }
    if (!load_text(L, obj, path, "title", &item->title, true) ||
        !load_text(L, obj, path, "summary", &item->summary, false) ||
        !load_kind(L, obj, path, &item->kind) ||
        !load_time(L, obj, path, "start", &item->start_min) ||
        !load_time(L, obj, path, "end", &item->end_min))
        return false;
    if (item->start_min >= 0 && item->end_min >= 0 && item->end_min <= item->start_min) {
        char sub[PATH_CAP];
        path_key(sub, path, "end");
        return fail(L, sub, "%02d:%02d is not after the start %02d:%02d", item->end_min / 60,
                    item->end_min % 60, item->start_min / 60, item->start_min % 60);
    }
    return load_item_panellists(L, obj, path, item);
}

static bool load_agenda(Loader *L, const cJSON *root)
{
    const cJSON *v;
    int n;
    if (!member(L, root, "", "agenda", &v)) return false;
    if (!check_array(L, "agenda", v, EVENT_MAX_AGENDA, true, &n)) return false;
    int i = 0;
    for (const cJSON *c = v->child; c != NULL; c = c->next, i++) {
        char path[PATH_CAP];
        path_index(path, "agenda", i);
        if (!load_item(L, c, path, i)) return false;
        L->ev->agenda_count = i + 1;
    }
    return true;
}

static bool load_event(Loader *L, const cJSON *root)
{
    Event *ev = L->ev;
    if (!cJSON_IsObject(root)) return fail(L, "", "the top level must be a JSON object");
    /* Panellists come before the agenda, whose items refer to them by id. */
    return load_id(L, root, "", &ev->id) &&
           load_text(L, root, "", "title", &ev->title, true) &&
           load_text(L, root, "", "short_title", &ev->short_title, false) &&
           load_text(L, root, "", "body", &ev->body, false) &&
           load_text(L, root, "", "venue", &ev->venue, false) &&
           load_date(L, root) && load_timezone(L, root) && load_languages(L, root) &&
           load_chair(L, root) && load_panellists(L, root) && load_categories(L, root) &&
           load_agenda(L, root);
}

/* ---------------------------------------------------------------- public API */

cJSON *event_parse(const char *json, size_t len, size_t max_len, EventError *err)
{
    EventError scratch;
    if (err == NULL) err = &scratch;
    memset(err, 0, sizeof *err);
    if (json == NULL) len = 0;
    /* Before parsing: the size bounds every later cost (time, tree, arena). */
    if (len > max_len) {
        snprintf(err->message, sizeof err->message, "input is %zu bytes, over the limit of %zu bytes",
                 len, max_len);
        return NULL;
    }
    return parse_syntax(json != NULL ? json : "", len, err);
}

bool event_load_tree(Event *out, const cJSON *root, EventError *err)
{
    EventError scratch;
    if (err == NULL) err = &scratch;
    memset(err, 0, sizeof *err);
    if (out == NULL) {
        snprintf(err->message, sizeof err->message, "no event to fill");
        return false;
    }
    memset(out, 0, sizeof *out);
    if (root == NULL) {
        snprintf(err->message, sizeof err->message, "no JSON to load");
        return false;
    }
    Loader L = {out, err, NULL, 0, measure(root) + 1};
    L.arena = malloc(L.cap);
    if (L.arena == NULL) {
        snprintf(err->message, sizeof err->message, "out of memory");
        return false;
    }
    out->arena_ = L.arena;
    if (!load_event(&L, root)) {
        event_free(out);
        return false;
    }
    return true;
}

bool event_load(Event *out, const char *json, size_t len, EventError *err)
{
    EventError scratch;
    if (err == NULL) err = &scratch;
    if (out == NULL) return event_load_tree(out, NULL, err);
    memset(out, 0, sizeof *out);
    cJSON *root = event_parse(json, len, EVENT_MAX_FILE_BYTES, err);
    if (root == NULL) return false;
    bool ok = event_load_tree(out, root, err);
    cJSON_Delete(root);
    return ok;
}

void event_free(Event *ev)
{
    if (ev == NULL) return;
    free(ev->arena_);
    memset(ev, 0, sizeof *ev);
}

void event_error_format(const EventError *err, const char *file, char *buf, size_t cap)
{
    if (buf == NULL || cap == 0) return;
    if (file == NULL) file = "event";
    if (err == NULL) snprintf(buf, cap, "%s: unknown error", file);
    else if (err->line > 0)
        snprintf(buf, cap, "%s:%d:%d: %s", file, err->line, err->column, err->message);
    else
        snprintf(buf, cap, "%s: %s", file, err->message);
}

static size_t primary_len(const char *tag)
{
    size_t n = 0;
    while (tag[n] != '\0' && tag[n] != '-' && tag[n] != '_') n++;
    return n;
}

static const EventTextVariant *find_variant(const EventText *t, const char *lang)
{
    for (int i = 0; i < t->count; i++)
        if (eq_ci(t->v[i].lang, lang)) return &t->v[i];
    size_t p = primary_len(lang);
    if (p == 0) return NULL;
    for (int i = 0; i < t->count; i++)
        if (primary_len(t->v[i].lang) == p && eq_ci_n(t->v[i].lang, lang, p)) return &t->v[i];
    return NULL;
}

const char *event_text(const EventText *t, const char *lang)
{
    if (t == NULL || t->count <= 0) return "";
    const EventTextVariant *v = NULL;
    if (lang != NULL && lang[0] != '\0') v = find_variant(t, lang);
    if (v == NULL) v = find_variant(t, "en");
    if (v == NULL) v = &t->v[0];
    return v->text != NULL ? v->text : "";
}

const char *event_text_pick(const Event *ev, const EventText *t, const char *lang, const char **shown)
{
    const char *first = ev != NULL && ev->language_count > 0 ? ev->languages[0] : "";
    if (shown != NULL) *shown = "";
    if (t == NULL || t->count <= 0) return "";
    const EventTextVariant *v = NULL;
    if (lang != NULL && lang[0] != '\0') v = find_variant(t, lang);
    if (v == NULL) v = find_variant(t, "en");
    if (v == NULL && first[0] != '\0') v = find_variant(t, first);
    if (v == NULL) v = &t->v[0];
    if (shown != NULL) *shown = v->lang != NULL && v->lang[0] != '\0' ? v->lang : first;
    return v->text != NULL ? v->text : "";
}

const char *event_text_lang(const Event *ev, const EventText *t, const char *lang)
{
    const char *shown;
    (void)event_text_pick(ev, t, lang, &shown);
    return shown;
}

/* --- one language's copy of the file ------------------------------------------------------- */

static bool cut_text_value(const Event *ev, cJSON *v, const EventText *t, const char *lang)
{
    if (v == NULL || !cJSON_IsObject(v)) return true; /* absent, null or a plain string: as it is */
    const char *shown = event_text_lang(ev, t, lang);
    for (cJSON *c = v->child, *next; c != NULL; c = next) {
        next = c->next;
        if (c->string == NULL || strcmp(c->string, shown) != 0) cJSON_Delete(cJSON_DetachItemViaPointer(v, c));
    }
    return cJSON_GetArraySize(v) == 1 || t->count == 0;
}

/* A translated text (an object of translations) keeps only the one shown for lang. */
static bool cut_text(const Event *ev, cJSON *obj, const char *key, const EventText *t, const char *lang)
{
    cJSON *v = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    return cut_text_value(ev, v, t, lang);
}

char *event_json_for_lang(const Event *ev, const char *json, size_t len, const char *lang, size_t *out_len)
{
    cJSON *root = cJSON_ParseWithLength(json, len);
    if (root == NULL) return NULL;
    bool ok = cut_text(ev, root, "title", &ev->title, lang) && cut_text(ev, root, "short_title", &ev->short_title, lang) &&
              cut_text(ev, root, "body", &ev->body, lang) && cut_text(ev, root, "venue", &ev->venue, lang);
    cJSON *chair = cJSON_GetObjectItemCaseSensitive(root, "chair");
    ok = ok && cut_text(ev, chair, "name", &ev->chair_name, lang) && cut_text(ev, chair, "role", &ev->chair_role, lang);
    cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "agenda");
    ok = ok && cJSON_GetArraySize(list) == ev->agenda_count;
    for (int i = 0; ok && i < ev->agenda_count; i++) {
        cJSON *a = cJSON_GetArrayItem(list, i);
        ok = cut_text(ev, a, "title", &ev->agenda[i].title, lang) && cut_text(ev, a, "summary", &ev->agenda[i].summary, lang);
    }
    list = cJSON_GetObjectItemCaseSensitive(root, "panellists");
    ok = ok && cJSON_GetArraySize(list) == ev->panellist_count;
    for (int i = 0; ok && i < ev->panellist_count; i++) {
        const EventPanellist *p = &ev->panellists[i];
        cJSON *o = cJSON_GetArrayItem(list, i);
        ok = cut_text(ev, o, "name", &p->name, lang) && cut_text(ev, o, "organization", &p->organization, lang) &&
             cut_text(ev, o, "role", &p->role, lang) && cut_text(ev, o, "bio", &p->bio, lang);
        cJSON *topics = cJSON_GetObjectItemCaseSensitive(o, "topics");
        ok = ok && cJSON_GetArraySize(topics) == p->topic_count;
        for (int t = 0; ok && t < p->topic_count; t++) ok = cut_text_value(ev, cJSON_GetArrayItem(topics, t), &p->topics[t], lang);
    }
    list = cJSON_GetObjectItemCaseSensitive(root, "categories");
    ok = ok && cJSON_GetArraySize(list) == ev->category_count;
    for (int i = 0; ok && i < ev->category_count; i++)
        ok = cut_text(ev, cJSON_GetArrayItem(list, i), "label", &ev->categories[i].label, lang);
    char *out = ok ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    if (out != NULL && out_len != NULL) *out_len = strlen(out);
    return out;
}

bool event_same_shape(const Event *a, const Event *b)
{
    if (strcmp(a->id, b->id) != 0 || a->agenda_count != b->agenda_count || a->panellist_count != b->panellist_count ||
        a->category_count != b->category_count)
        return false;
    for (int i = 0; i < a->agenda_count; i++)
        if (strcmp(a->agenda[i].id, b->agenda[i].id) != 0) return false;
    for (int i = 0; i < a->panellist_count; i++)
        if (strcmp(a->panellists[i].id, b->panellists[i].id) != 0) return false;
    for (int i = 0; i < a->category_count; i++)
        if (strcmp(a->categories[i].id, b->categories[i].id) != 0) return false;
    return true;
}

int event_find_panellist(const Event *ev, const char *id)
{
    if (ev == NULL || id == NULL) return -1;
    for (int i = 0; i < ev->panellist_count; i++)
        if (ev->panellists[i].id != NULL && strcmp(ev->panellists[i].id, id) == 0) return i;
    return -1;
}
