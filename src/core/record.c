/* record.c — validates, builds and identifies the records of docs/interface.md §3 on cJSON; the kiosk
 * and parleyd run this same code, so a record one accepts the other accepts too.
 * Portable C11: no I/O, no clock, no globals. It must never truncate or repair a value,
 * never crash or leak on any bytes, and never let a message carry raw untrusted bytes. */
#include "core/record.h"

#include "core/ascii.h"
#include "core/attrs.h"
#include "core/civil.h"
#include "core/jsonguard.h"
#include "core/utf8.h"

#include "cJSON.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#define RECORD_MS_PER_DAY INT64_C(86400000)

static const char *const category_names[] = {"ngo", "academia", "private_sector", "other"};

/* ---------------------------------------------------------------- messages */

static bool fail(RecordError *err, const char *fmt, ...) PRINTF_LIKE(2, 3);

static bool fail(RecordError *err, const char *fmt, ...)
{
    if (err != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        jsonguard_trim_utf8(err->message);
        err->problem = RECORD_FIELD_INVALID;
    }
    return false;
}

/* Refines the kind of the failure fail() just described. */
static bool fail_kind(RecordError *err, RecordFieldProblem problem)
{
    if (err != NULL) err->problem = problem;
    return false;
}

/* Records treat C1 controls (U+0080..U+009F) as control characters too, in values and in
 * the messages that quote them. */
static bool is_control(uint32_t cp)
{
    return jsonguard_is_control(cp, JSONGUARD_CONTROLS_C0_C1);
}

/* Untrusted values in messages: quoted, cut with "…", controls and invalid bytes as '?'. */
static const char *quote(char *buf, size_t cap, const char *s)
{
    return jsonguard_quote(buf, cap, s, JSONGUARD_CONTROLS_C0_C1);
}

/* ---------------------------------------------------------------- small parsers */

/* White space as JavaScript's String.prototype.trim sees it, so the web page and C agree. */
static bool is_space(uint32_t cp)
{
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/* The span of s[0..len) without leading and trailing white space. */
static void trim_span(const char *s, size_t len, size_t *start, size_t *end)
{
    size_t i = 0, b = 0, e = 0;
    bool seen = false;
    while (i < len) {
        size_t at = i;
        uint32_t cp = utf8_decode(s, len, &i);
        if (!is_space(cp)) {
            if (!seen) b = at;
            seen = true;
            e = i;
        }
    }
    *start = seen ? b : 0;
    *end = seen ? e : 0;
}

typedef enum TimeStatus { TIME_OK, TIME_SYNTAX, TIME_RANGE } TimeStatus;

/* "YYYY-MM-DDTHH:MM:SS(.f{1,9})?Z": UTC only, because records from many devices are
 * compared; a real date and time (no Feb 30, no 24:00, no leap second), years 0001..9999. */
static TimeStatus parse_time(const char *s, int64_t *ms)
{
    size_t n = strlen(s);
    int y, mo, d, h, mi, sec, frac_ms = 0;
    if (n < 20 || n >= RECORD_TIME_BYTES) return TIME_SYNTAX;
    if (!ascii_digits(s, 4, &y) || s[4] != '-' || !ascii_digits(s + 5, 2, &mo) || s[7] != '-' ||
        !ascii_digits(s + 8, 2, &d) || s[10] != 'T' || !ascii_digits(s + 11, 2, &h) ||
        s[13] != ':' || !ascii_digits(s + 14, 2, &mi) || s[16] != ':' ||
        !ascii_digits(s + 17, 2, &sec))
        return TIME_SYNTAX;
    size_t i = 19;
    if (s[i] == '.') {
        size_t first = ++i;
        while (ascii_digit(s[i])) {
            if (i - first < 3) frac_ms = frac_ms * 10 + (s[i] - '0');
            i++;
        }
        size_t digits = i - first;
        if (digits == 0 || digits > 9) return TIME_SYNTAX;
        for (; digits < 3; digits++) frac_ms *= 10;
    }
    if (s[i] != 'Z' || i + 1 != n) return TIME_SYNTAX;
    if (y < 1 || !civil_date_valid(y, mo, d) || h > 23 || mi > 59 ||
        sec > 59)
        return TIME_RANGE;
    *ms = civil_days_from_date(y, mo, d) * RECORD_MS_PER_DAY +
          ((int64_t)h * 3600 + mi * 60 + sec) * 1000 + frac_ms;
    return TIME_OK;
}

int64_t record_parse_time(const char *s)
{
    int64_t ms;
    return s && parse_time(s, &ms) == TIME_OK ? ms : -1;
}

bool record_is_uuid_v4(const char *s)
{
    if (s == NULL) return false;
    for (size_t i = 0; i < RECORD_UUID_LEN; i++) {
        char c = s[i]; /* a NUL fails the checks below, so no read past a short string */
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!ascii_digit(c) && !(c >= 'a' && c <= 'f')) {
            return false;
        }
    }
    return s[RECORD_UUID_LEN] == '\0' && s[14] == '4' &&
           (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b');
}

bool record_id_char(char c)
{
    return ascii_alnum(c) || c == '.' || c == '_' || c == '-';
}

bool record_is_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > RECORD_MAX_ID_BYTES) return false;
    for (size_t i = 0; i < n; i++)
        if (!record_id_char(s[i])) return false;
    return true;
}

/* BCP 47 in the shape the kiosk meets: a 2-3 letter language, then subtags of 1-8
 * letters or digits ("en", "fr-CA", "es-419", "zh-Hant-TW"). */
static bool is_language_tag(const char *s)
{
    size_t n = strlen(s), i = 0;
    if (n > RECORD_MAX_LANG_BYTES) return false;
    while (i < n && ascii_alpha(s[i])) i++;
    if (i < 2 || i > 3) return false;
    while (i < n) {
        if (s[i] != '-') return false;
        size_t start = ++i;
        while (i < n && (ascii_alpha(s[i]) || ascii_digit(s[i]))) i++;
        if (i - start < 1 || i - start > 8) return false;
    }
    return true;
}

/* Plausible, not RFC 5322: one '@', something before it, a dotted domain after it, and none
 * of the characters that mean two addresses or a typo (space, comma, brackets...). */
static bool is_plausible_email(const char *s)
{
    const char *at = strchr(s, '@');
    if (at == NULL || strchr(at + 1, '@') != NULL) return false;
    size_t local = (size_t)(at - s);
    const char *domain = at + 1;
    size_t dlen = strlen(domain);
    if (local == 0 || local > 64 || dlen < 3) return false;
    for (const char *p = s; *p != '\0'; p++)
        if ((unsigned char)*p <= 0x20 || strchr("\"(),:;<>[\\]", *p) != NULL) return false;
    if (domain[0] == '.' || domain[dlen - 1] == '.' || strchr(domain, '.') == NULL ||
        strstr(domain, "..") != NULL)
        return false;
    return true;
}

/* ---------------------------------------------------------------- value checks */

/* Each check names the field in its message; the validator and the builders share them. */
typedef bool (*ValueCheck)(const char *key, const char *v, RecordError *err);

static bool check_uuid(const char *key, const char *v, RecordError *err)
{
    char q[JSONGUARD_QUOTE_CAP];
    if (record_is_uuid_v4(v)) return true;
    return fail(err, "%s: %s is not a lowercase UUID v4 (xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx)",
                key, quote(q, sizeof q, v));
}

static bool check_id(const char *key, const char *v, RecordError *err)
{
    char q[JSONGUARD_QUOTE_CAP];
    if (record_is_id(v)) return true;
    return fail(err, "%s: %s is not an id (1..%u characters of A-Z a-z 0-9 . _ -)", key,
                quote(q, sizeof q, v), RECORD_MAX_ID_BYTES);
}

static bool check_time(const char *key, const char *v, RecordError *err)
{
    char q[JSONGUARD_QUOTE_CAP];
    int64_t ms;
    switch (parse_time(v, &ms)) {
    case TIME_OK:
        return true;
    case TIME_RANGE:
        return fail(err, "%s: %s is not a real date and time", key, quote(q, sizeof q, v));
    default:
        return fail(err, "%s: %s is not an ISO 8601 UTC time like 2022-07-01T09:30:00.000Z", key,
                    quote(q, sizeof q, v));
    }
}

/* Free text: valid UTF-8, 1..max code points, not only white space, no control characters
 * (line breaks and tabs allowed where the text may have several lines). */
static bool check_text_value(const char *key, const char *v, int max_chars, bool multiline,
                             RecordError *err)
{
    size_t len = strlen(v), i = 0, start, end;
    if (!utf8_valid(v, len)) return fail(err, "%s: invalid UTF-8", key);
    size_t count = utf8_count(v, len);
    if (count > (size_t)max_chars) {
        fail(err, "%s: %zu characters, over the limit of %d", key, count, max_chars);
        return fail_kind(err, RECORD_FIELD_TOO_LONG);
    }
    while (i < len) {
        uint32_t cp = utf8_decode(v, len, &i);
        bool allowed = multiline && (cp == '\n' || cp == '\r' || cp == '\t');
        if (is_control(cp) && !allowed)
            return fail(err, "%s: control character U+%04" PRIX32 " is not allowed", key, cp);
    }
    trim_span(v, len, &start, &end);
    if (start == end) {
        fail(err, "%s: must not be empty", key);
        return fail_kind(err, RECORD_FIELD_EMPTY);
    }
    return true;
}

static bool check_name(const char *key, const char *v, RecordError *err)
{
    return check_text_value(key, v, RECORD_MAX_NAME_CHARS, false, err);
}

static bool check_text(const char *key, const char *v, RecordError *err)
{
    return check_text_value(key, v, RECORD_MAX_TEXT_CHARS, true, err);
}

static bool check_category(const char *key, const char *v, RecordError *err)
{
    char q[JSONGUARD_QUOTE_CAP];
    for (size_t i = 0; i < sizeof category_names / sizeof category_names[0]; i++)
        if (strcmp(v, category_names[i]) == 0) return true;
    return fail(err, "%s: %s is not one of ngo, academia, private_sector, other", key,
                quote(q, sizeof q, v));
}

static bool check_country(const char *key, const char *v, RecordError *err)
{
    char q[JSONGUARD_QUOTE_CAP];
    if (v[0] == '\0' || (v[0] >= 'A' && v[0] <= 'Z' && v[1] >= 'A' && v[1] <= 'Z' && v[2] == '\0'))
        return true;
    return fail(err, "%s: %s is not an ISO 3166-1 alpha-2 code (two capital letters) or empty",
                key, quote(q, sizeof q, v));
}

static bool check_email(const char *key, const char *v, RecordError *err)
{
    char q[JSONGUARD_QUOTE_CAP];
    size_t len = strlen(v);
    if (len == 0) return true;
    if (!utf8_valid(v, len)) return fail(err, "%s: invalid UTF-8", key);
    if (len > RECORD_MAX_EMAIL_BYTES) {
        fail(err, "%s: %zu bytes, over the limit of %u", key, len, RECORD_MAX_EMAIL_BYTES);
        return fail_kind(err, RECORD_FIELD_TOO_LONG);
    }
    if (!is_plausible_email(v))
        return fail(err, "%s: %s is not a plausible e-mail address", key, quote(q, sizeof q, v));
    return true;
}

static bool check_language(const char *key, const char *v, RecordError *err)
{
    char q[JSONGUARD_QUOTE_CAP];
    if (is_language_tag(v)) return true;
    return fail(err, "%s: %s is not a BCP 47 language tag (like en, fr-CA, es-419)", key,
                quote(q, sizeof q, v));
}

/* ---------------------------------------------------------------- schema */

typedef struct FieldRule {
    const char *key;
    ValueCheck check;
    bool nullable; /* JSON null is a value ("addressed_to") */
} FieldRule;

static const FieldRule common_rules[] = {
    {"id", check_uuid, false},
    {"event", check_id, false},
    {"device", check_uuid, false},
    {"created", check_time, false},
};

static const FieldRule registration_rules[] = {
    {"name", check_name, false},
    {"organization", check_name, false},
    {"category", check_category, false},
    {"country", check_country, false},
    {"email", check_email, false},
};

static const FieldRule comment_rules[] = {
    {"participant", check_uuid, false},
    {"agenda_item", check_id, false},
    {"addressed_to", check_id, true},
    {"language", check_language, false},
    {"text", check_text, false},
};

#define RULE_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool check_rules(const cJSON *root, const FieldRule *rules, size_t count,
                        RecordError *err)
{
    for (size_t i = 0; i < count; i++) {
        const FieldRule *r = &rules[i];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, r->key);
        if (v == NULL) return fail(err, "%s: required field is missing", r->key);
        if (r->nullable && cJSON_IsNull(v)) continue;
        if (!cJSON_IsString(v) || v->valuestring == NULL)
            return fail(err, "%s: expected a string%s", r->key, r->nullable ? " or null" : "");
        if (!r->check(r->key, v->valuestring, err)) return false;
    }
    return true;
}

static const char *string_of(const cJSON *root, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    return cJSON_IsString(v) && v->valuestring != NULL ? v->valuestring : "";
}

/* Copies a checked value (its length is already known to fit). */
static void copy_field(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

/* Puts the record's id into err as soon as it is known to be a valid id, so a rejection
 * can still be matched to its record by the sender. */
static void note_id(const cJSON *root, RecordError *err)
{
    const cJSON *id = NULL;
    if (err == NULL || !cJSON_IsObject(root)) return;
    for (const cJSON *c = root->child; c != NULL; c = c->next) {
        if (c->string == NULL || strcmp(c->string, "id") != 0) continue;
        if (id != NULL) return; /* two ids: which one is meant is anyone's guess */
        id = c;
    }
    if (cJSON_IsString(id) && record_is_uuid_v4(id->valuestring))
        copy_field(err->id, sizeof err->id, id->valuestring);
}

/* The schema stage, shared by the validator (on the parsed line) and the builders (on the
 * tree they are about to print). */
static bool check_tree(const cJSON *root, RecordInfo *out, RecordError *err)
{
    char q[JSONGUARD_QUOTE_CAP];
    RecordType type;

    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "v");
    if (v == NULL) return fail(err, "v: required field is missing");
    if (!cJSON_IsNumber(v)) return fail(err, "v: expected the number %d", RECORD_VERSION);
    if (v->valuedouble != RECORD_VERSION)
        return fail(err, "v: unsupported version %g (expected %d)", v->valuedouble, RECORD_VERSION);

    const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "type");
    if (t == NULL) return fail(err, "type: required field is missing");
    if (!cJSON_IsString(t) || t->valuestring == NULL) return fail(err, "type: expected a string");
    if (strcmp(t->valuestring, "registration") == 0) {
        type = RECORD_TYPE_REGISTRATION;
    } else if (strcmp(t->valuestring, "comment") == 0) {
        type = RECORD_TYPE_COMMENT;
    } else {
        return fail(err, "type: %s is not \"registration\" or \"comment\"",
                    quote(q, sizeof q, t->valuestring));
    }

    if (!check_rules(root, common_rules, RULE_COUNT(common_rules), err)) return false;
    if (type == RECORD_TYPE_REGISTRATION) {
        if (!check_rules(root, registration_rules, RULE_COUNT(registration_rules), err))
            return false;
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(root, "publish_consent");
        if (c == NULL) return fail(err, "publish_consent: required field is missing");
        if (!cJSON_IsBool(c)) return fail(err, "publish_consent: expected true or false");
    } else if (!check_rules(root, comment_rules, RULE_COUNT(comment_rules), err)) {
        return false;
    }

    if (out != NULL) {
        memset(out, 0, sizeof *out);
        out->type = type;
        copy_field(out->id, sizeof out->id, string_of(root, "id"));
        copy_field(out->event, sizeof out->event, string_of(root, "event"));
        copy_field(out->device, sizeof out->device, string_of(root, "device"));
        copy_field(out->created, sizeof out->created, string_of(root, "created"));
        (void)parse_time(out->created, &out->created_ms); /* checked above */
        if (type == RECORD_TYPE_REGISTRATION) {
            copy_field(out->category, sizeof out->category, string_of(root, "category"));
        } else {
            copy_field(out->participant, sizeof out->participant, string_of(root, "participant"));
            copy_field(out->agenda_item, sizeof out->agenda_item, string_of(root, "agenda_item"));
        }
    }
    return true;
}

/* ---------------------------------------------------------------- syntax */

static const JsonguardRules record_rules = {
    .max_depth = RECORD_MAX_DEPTH,
    .line_breaks = false, /* one record per line: a raw line break is never part of one */
    .skip_bom = false,    /* cJSON skips one, but it still counts as a column */
};

/* 1-based column in characters of byte pos (a line has no line breaks). */
static size_t column_of(const char *line, size_t len, size_t pos)
{
    return jsonguard_locate(line, len, pos, &record_rules).column;
}

/* The raw scan before cJSON (see jsonguard_scan); fills *err with its finding. */
static bool scan_raw(const char *line, size_t len, bool *unclosed, RecordError *err)
{
    JsonguardScan raw;
    (void)jsonguard_scan(line, len, &record_rules, &raw);
    size_t col = column_of(line, len, raw.pos);
    switch (raw.issue) {
    case JSONGUARD_OK:
        break;
    case JSONGUARD_INVALID_UTF8:
        return fail(err, "invalid UTF-8 (byte 0x%02X) at column %zu", raw.byte, col);
    case JSONGUARD_NUL_BYTE:
        return fail(err, "NUL byte at column %zu", col);
    case JSONGUARD_LINE_BREAK:
        return fail(err, "line break inside the record at column %zu (one record per line)", col);
    case JSONGUARD_CONTROL:
        return fail(err, "control character U+%04X at column %zu%s", raw.byte, col,
                    raw.in_string ? " (must be escaped in a string)" : "");
    case JSONGUARD_BAD_ESCAPE:
        return fail(err, "invalid \\u escape at column %zu (expected 4 hex digits)", col);
    case JSONGUARD_ESCAPED_NUL:
        return fail(err, "\\u0000 (NUL) at column %zu is not allowed", col);
    case JSONGUARD_TOO_DEEP:
        return fail(err, "nesting deeper than %d levels at column %zu", RECORD_MAX_DEPTH, col);
    }
    *unclosed = raw.unclosed;
    return true;
}

/* Rejects duplicate keys anywhere (JSON leaves their meaning open: the kiosk, the server
 * and a spreadsheet could each read a different value). Objects are capped at
 * RECORD_MAX_FIELDS members so the pairwise comparison stays cheap. */
static bool check_keys(const cJSON *node, RecordError *err)
{
    char q[JSONGUARD_QUOTE_CAP];
    if (cJSON_IsObject(node)) {
        int count = 0;
        for (const cJSON *c = node->child; c != NULL; c = c->next) {
            if (++count > RECORD_MAX_FIELDS)
                return fail(err, "an object has more than %d fields", RECORD_MAX_FIELDS);
            for (const cJSON *d = node->child; d != c; d = d->next)
                if (strcmp(d->string, c->string) == 0)
                    return fail(err, "%s: duplicate key", quote(q, sizeof q, c->string));
        }
    }
    for (const cJSON *c = node->child; c != NULL; c = c->next)
        if (!check_keys(c, err)) return false; /* depth <= RECORD_MAX_DEPTH */
    return true;
}

bool record_validate(const char *line, size_t len, RecordInfo *out, RecordError *err)
{
    if (out != NULL) memset(out, 0, sizeof *out);
    if (err != NULL) memset(err, 0, sizeof *err);
    if (line == NULL) return fail(err, "no record");
    if (len > RECORD_MAX_LINE_BYTES)
        return fail(err, "record is %zu bytes, over the limit of %u", len, RECORD_MAX_LINE_BYTES);
    size_t first = jsonguard_skip_space(line, len, jsonguard_start(line, len, &record_rules));
    if (first == len) return fail(err, "empty record");
    bool unclosed = false;
    if (!scan_raw(line, len, &unclosed, err)) return false;

    size_t stop;
    cJSON *root = jsonguard_parse(line, len, &stop);
    if (root == NULL) {
        /* cJSON reports running off the end as the last byte; say what it means. */
        if (stop >= len || (unclosed && stop + 1 >= len))
            return fail(err, "invalid JSON: unexpected end of the record");
        return fail(err, "invalid JSON near column %zu", column_of(line, len, stop));
    }
    stop = jsonguard_skip_space(line, len, stop);
    bool ok;
    if (stop < len) {
        ok = fail(err, "unexpected text after the JSON object at column %zu",
                  column_of(line, len, stop));
    } else if (!cJSON_IsObject(root)) {
        ok = fail(err, "expected a JSON object");
    } else {
        note_id(root, err);
        ok = check_keys(root, err) && check_tree(root, out, err);
    }
    cJSON_Delete(root);
    if (!ok && out != NULL) memset(out, 0, sizeof *out);
    return ok;
}

const char *record_type_name(RecordType type)
{
    switch (type) {
    case RECORD_TYPE_REGISTRATION: return "registration";
    case RECORD_TYPE_COMMENT: return "comment";
    default: return "";
    }
}

/* ---------------------------------------------------------------- builders */

static const char *or_empty(const char *s)
{
    return s != NULL ? s : "";
}

/* Adds a string member; trimmed ones lose leading and trailing white space first (typed
 * names often end in a space). Returns false only when out of memory. */
static bool add_string(cJSON *obj, const char *key, const char *value, bool trim)
{
    const char *s = or_empty(value);
    if (!trim) return cJSON_AddStringToObject(obj, key, s) != NULL;
    size_t len = strlen(s), start, end;
    trim_span(s, len, &start, &end);
    char *copy = malloc(end - start + 1);
    if (copy == NULL) return false;
    memcpy(copy, s + start, end - start);
    copy[end - start] = '\0';
    bool ok = cJSON_AddStringToObject(obj, key, copy) != NULL;
    free(copy);
    return ok;
}

static cJSON *begin_record(const char *type, const char *id, const char *event,
                           const char *device, const char *created)
{
    cJSON *obj = cJSON_CreateObject();
    if (obj == NULL) return NULL;
    if (cJSON_AddNumberToObject(obj, "v", RECORD_VERSION) == NULL ||
        !add_string(obj, "type", type, false) || !add_string(obj, "id", id, false) ||
        !add_string(obj, "event", event, false) || !add_string(obj, "device", device, false) ||
        !add_string(obj, "created", created, false)) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

/* Checks the tree (field-named messages), prints it compactly into buf and validates the
 * printed bytes: the line stored is the line the server will see. Consumes obj. */
static size_t finish_record(cJSON *obj, char *buf, size_t cap, RecordError *err)
{
    if (buf != NULL && cap > 0) buf[0] = '\0';
    if (err != NULL) memset(err, 0, sizeof *err);
    if (obj == NULL) {
        fail(err, "out of memory");
        return 0;
    }
    note_id(obj, err);
    if (!check_tree(obj, NULL, err)) {
        cJSON_Delete(obj);
        return 0;
    }
    char *text = cJSON_PrintUnformatted(obj);
    cJSON_Delete(obj);
    if (text == NULL) {
        fail(err, "out of memory");
        return 0;
    }
    size_t n = strlen(text);
    if (buf == NULL || n + 1 > cap) {
        fail(err, "record is %zu bytes, the buffer holds %zu", n + 1, cap);
        free(text);
        return 0;
    }
    memcpy(buf, text, n + 1);
    free(text);
    if (!record_validate(buf, n, NULL, err)) {
        buf[0] = '\0';
        return 0;
    }
    return n;
}

size_t record_write_registration(const RecordRegistration *r, char *buf, size_t cap,
                                 RecordError *err)
{
    if (r == NULL) return finish_record(NULL, buf, cap, err);
    cJSON *obj = begin_record("registration", r->id, r->event, r->device, r->created);
    if (obj != NULL &&
        (!add_string(obj, "name", r->name, true) ||
         !add_string(obj, "organization", r->organization, true) ||
         !add_string(obj, "category", r->category, false) ||
         !add_string(obj, "country", r->country, false) ||
         !add_string(obj, "email", r->email, true) ||
         cJSON_AddBoolToObject(obj, "publish_consent", r->publish_consent) == NULL)) {
        cJSON_Delete(obj);
        obj = NULL;
    }
    return finish_record(obj, buf, cap, err);
}

size_t record_write_comment(const RecordComment *c, char *buf, size_t cap, RecordError *err)
{
    if (c == NULL) return finish_record(NULL, buf, cap, err);
    cJSON *obj = begin_record("comment", c->id, c->event, c->device, c->created);
    if (obj != NULL &&
        (!add_string(obj, "participant", c->participant, false) ||
         !add_string(obj, "agenda_item", c->agenda_item, false) ||
         (c->addressed_to != NULL ? !add_string(obj, "addressed_to", c->addressed_to, false)
                                  : cJSON_AddNullToObject(obj, "addressed_to") == NULL) ||
         !add_string(obj, "language", c->language, false) ||
         !add_string(obj, "text", c->text, false))) {
        cJSON_Delete(obj);
        obj = NULL;
    }
    return finish_record(obj, buf, cap, err);
}

/* ---------------------------------------------------------------- one field */

RecordFieldProblem record_check_field(RecordField field, const char *value, size_t len,
                                      RecordError *err)
{
    static const struct { const char *key; ValueCheck check; bool trim; } fields[] = {
        [RECORD_FIELD_NAME] = {"name", check_name, true},
        [RECORD_FIELD_ORGANIZATION] = {"organization", check_name, true},
        [RECORD_FIELD_EMAIL] = {"email", check_email, true},
        [RECORD_FIELD_TEXT] = {"text", check_text, false},
    };
    if ((unsigned)field >= sizeof fields / sizeof fields[0] || (value == NULL && len > 0)) {
        fail(err, "no such field");
        return RECORD_FIELD_INVALID;
    }
    if (len > RECORD_MAX_LINE_BYTES) {
        fail(err, "%s: %zu bytes, over any limit", fields[field].key, len);
        fail_kind(err, RECORD_FIELD_TOO_LONG);
        return RECORD_FIELD_TOO_LONG;
    }
    if (memchr(value ? value : "", '\0', len) != NULL) {
        fail(err, "%s: contains a NUL character", fields[field].key);
        return RECORD_FIELD_INVALID;
    }
    size_t start = 0, end = len;
    if (fields[field].trim && utf8_valid(value, len)) trim_span(value, len, &start, &end);
    char *v = malloc(end - start + 1);
    if (v == NULL) {
        fail(err, "out of memory");
        return RECORD_FIELD_INVALID;
    }
    memcpy(v, value + start, end - start);
    v[end - start] = '\0';
    RecordError e;
    bool ok = fields[field].check(fields[field].key, v, &e);
    free(v);
    if (ok) {
        if (err != NULL) err->message[0] = '\0';
        return RECORD_FIELD_OK;
    }
    if (err != NULL) *err = e;
    return e.problem;
}

/* ---------------------------------------------------------------- ids, times, codes */

void record_uuid_v4(const uint8_t random16[16], char out[RECORD_UUID_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    uint8_t b[16];
    memcpy(b, random16, sizeof b);
    b[6] = (uint8_t)((b[6] & 0x0F) | 0x40); /* version 4 */
    b[8] = (uint8_t)((b[8] & 0x3F) | 0x80); /* variant 10xx (RFC 4122) */
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 0x0F];
    }
    out[o] = '\0';
}

bool record_format_time(int64_t unix_ms, char out[RECORD_TIME_BYTES])
{
    int64_t days = unix_ms / RECORD_MS_PER_DAY, rem = unix_ms % RECORD_MS_PER_DAY;
    if (rem < 0) { /* floor, so times before 1970 land on the right day */
        rem += RECORD_MS_PER_DAY;
        days--;
    }
    int64_t year;
    int month, day;
    out[0] = '\0';
    if (days < civil_days_from_date(1, 1, 1) || days > civil_days_from_date(9999, 12, 31)) return false;
    civil_date_from_days(days, &year, &month, &day);
    int secs = (int)(rem / 1000);
    /* Fixed-width fields written digit by digit: the ranges are known, no printf needed. */
    const struct { int value, width; char after; } parts[] = {
        {(int)year, 4, '-'},      {month, 2, '-'},       {day, 2, 'T'},
        {secs / 3600, 2, ':'},    {secs / 60 % 60, 2, ':'}, {secs % 60, 2, '.'},
        {(int)(rem % 1000), 3, 'Z'},
    };
    size_t o = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        for (int k = parts[i].width - 1, v = parts[i].value; k >= 0; k--, v /= 10)
            out[o + (size_t)k] = (char)('0' + v % 10);
        o += (size_t)parts[i].width;
        out[o++] = parts[i].after;
    }
    out[o] = '\0';
    return true;
}

bool record_reference(const char *uuid, char out[RECORD_REFERENCE_BYTES])
{
    static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    out[0] = '\0';
    if (!record_is_uuid_v4(uuid)) return false;
    /* The first 40 bits are hex digits 0..7 and 9..10 (after the first '-'); all random. */
    uint64_t bits = 0;
    for (int i = 0; i < 11; i++) {
        if (i == 8) continue;
        char c = uuid[i];
        bits = bits << 4 | (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    size_t o = 0;
    for (int i = 0; i < 8; i++) {
        if (i == 4) out[o++] = '-';
        out[o++] = crockford[(bits >> (35 - 5 * i)) & 0x1F];
    }
    out[o] = '\0';
    return true;
}

bool record_reference_parse(const char *text, size_t len, char canonical[RECORD_REFERENCE_BYTES],
                            char id_prefix[RECORD_ID_PREFIX_BYTES])
{
    static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    canonical[0] = id_prefix[0] = '\0';
    uint64_t bits = 0;
    int n = 0;
    for (size_t i = 0; text && i < len; i++) {
        char c = text[i];
        if (c == '-' || c == ' ') continue;
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        if (c == 'O') c = '0';
        else if (c == 'I' || c == 'L') c = '1';
        const char *at = c ? strchr(crockford, c) : NULL;
        if (!at || n == 8) return false;
        bits = bits << 5 | (uint64_t)(at - crockford);
        n++;
    }
    if (n != 8) return false;
    for (int i = 0, o = 0; i < 8; i++) {
        if (i == 4) canonical[o++] = '-';
        canonical[o++] = crockford[(bits >> (35 - 5 * i)) & 31u];
        canonical[o] = '\0';
    }
    static const char hex[] = "0123456789abcdef";
    for (int i = 0, o = 0; i < 10; i++) {
        if (i == 8) id_prefix[o++] = '-';
        id_prefix[o++] = hex[(bits >> (36 - 4 * i)) & 15u];
        id_prefix[o] = '\0';
    }
    return true;
}

bool record_ndjson_next(const char *buf, size_t len, size_t *pos, const char **line,
                        size_t *line_len)
{
    size_t i = *pos;
    while (i < len) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t end = nl != NULL ? (size_t)(nl - buf) : len;
        size_t next = nl != NULL ? end + 1 : len;
        size_t stop = end;
        if (stop > i && buf[stop - 1] == '\r') stop--;
        size_t k = i;
        while (k < stop && (buf[k] == ' ' || buf[k] == '\t')) k++;
        if (k < stop) { /* not blank */
            *line = buf + i;
            *line_len = stop - i;
            *pos = next;
            return true;
        }
        i = next;
    }
    *pos = len;
    *line = NULL;
    *line_len = 0;
    return false;
}
