/* test_record.c — unit tests of core/record: valid records, every rejection rule with its
 * exact message, builders round-tripping through the validator, ids, times, receipt codes.
 * Runs from the repository root; an expectation never accepts "some error": it names the text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "core/record.h"
#include "core/utf8.h"

#define ID_REG   "3f2b8c1e-9a7d-4e21-b5c3-0d8e6f1a2b3c"
#define ID_COM   "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"
#define ID_DEV   "1c6e8f0a-2d4b-4c8e-a0f2-6b8d0e2f4a6c"
#define CREATED  "2022-07-01T09:30:00.000Z"
#define CREATED_MS INT64_C(1656667800000)

/* ---------------------------------------------------------------- line building */

typedef struct Field { const char *key, *raw; } Field;

static const Field reg_fields[] = {
    {"v", "1"}, {"type", "\"registration\""}, {"id", "\"" ID_REG "\""},
    {"event", "\"untoc-som-2022\""}, {"device", "\"" ID_DEV "\""}, {"created", "\"" CREATED "\""},
    {"name", "\"Ana Pérez\""}, {"organization", "\"Casa Monarca\""}, {"category", "\"ngo\""},
    {"country", "\"MX\""}, {"email", "\"ana@example.org\""}, {"publish_consent", "true"},
};

static const Field com_fields[] = {
    {"v", "1"}, {"type", "\"comment\""}, {"id", "\"" ID_COM "\""},
    {"event", "\"untoc-som-2022\""}, {"device", "\"" ID_DEV "\""}, {"created", "\"" CREATED "\""},
    {"participant", "\"" ID_REG "\""}, {"agenda_item", "\"item-3\""}, {"addressed_to", "null"},
    {"language", "\"en\""}, {"text", "\"Thank you for the briefing.\""},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static char line_buf[RECORD_MAX_LINE_BYTES * 2];

/* The standard line with `key` given the raw JSON value `raw` (NULL: key left out; a key
 * not in the list is appended). */
static const char *make_line(const Field *fields, size_t count, const char *key, const char *raw)
{
    size_t o = 0;
    bool seen = false;
    line_buf[o++] = '{';
    for (size_t i = 0; i <= count; i++) {
        const char *k, *v;
        if (i < count) {
            k = fields[i].key;
            v = fields[i].raw;
            if (key != NULL && strcmp(k, key) == 0) {
                seen = true;
                v = raw;
            }
        } else {
            if (seen || key == NULL || raw == NULL) break;
            k = key;
            v = raw;
        }
        if (v == NULL) continue;
        o += (size_t)snprintf(line_buf + o, sizeof line_buf - o, "%s\"%s\":%s",
                              o > 1 ? "," : "", k, v);
        assert_true(o < sizeof line_buf - 2);
    }
    line_buf[o++] = '}';
    line_buf[o] = '\0';
    return line_buf;
}

static const char *reg_with(const char *key, const char *raw)
{
    return make_line(reg_fields, COUNT(reg_fields), key, raw);
}

static const char *com_with(const char *key, const char *raw)
{
    return make_line(com_fields, COUNT(com_fields), key, raw);
}

static void expect_ok(const char *line, RecordInfo *info)
{
    RecordError err;
    RecordInfo scratch;
    if (!record_validate(line, strlen(line), info ? info : &scratch, &err))
        fail_msg("rejected: %s\n  line: %.300s", err.message, line);
}

static void expect_reject_len(const char *line, size_t len, const char *id, const char *message)
{
    RecordError err;
    RecordInfo info;
    memset(&info, 0x55, sizeof info);
    if (record_validate(line, len, &info, &err)) fail_msg("accepted, expected \"%s\"", message);
    assert_string_equal(err.message, message);
    assert_string_equal(err.id, id);
    assert_true(utf8_valid(err.message, strlen(err.message)));
    RecordInfo zero;
    memset(&zero, 0, sizeof zero);
    assert_memory_equal(&info, &zero, sizeof info); /* failure leaves *out empty */
}

static void expect_reject(const char *line, const char *id, const char *message)
{
    expect_reject_len(line, strlen(line), id, message);
}

/* A JSON string literal of `count` repetitions of the UTF-8 sequence `unit`. */
static char *repeat_literal(const char *unit, size_t count)
{
    size_t n = strlen(unit);
    char *s = malloc(n * count + 3);
    assert_non_null(s);
    s[0] = '"';
    for (size_t i = 0; i < count; i++) memcpy(s + 1 + i * n, unit, n);
    s[1 + n * count] = '"';
    s[2 + n * count] = '\0';
    return s;
}

/* ---------------------------------------------------------------- valid records */

static void test_valid_registration(void **state)
{
    (void)state;
    RecordInfo info;
    expect_ok(reg_with(NULL, NULL), &info);
    assert_int_equal(info.type, RECORD_TYPE_REGISTRATION);
    assert_string_equal(info.id, ID_REG);
    assert_string_equal(info.event, "untoc-som-2022");
    assert_string_equal(info.device, ID_DEV);
    assert_string_equal(info.created, CREATED);
    assert_true(info.created_ms == CREATED_MS);
    assert_string_equal(info.category, "ngo");
    assert_string_equal(info.participant, "");
    assert_string_equal(info.agenda_item, "");
    assert_string_equal(record_type_name(info.type), "registration");

    /* The values "may be empty" really may. */
    expect_ok(reg_with("country", "\"\""), NULL);
    expect_ok(reg_with("email", "\"\""), NULL);
    expect_ok(reg_with("publish_consent", "false"), NULL);
    for (const char *const *c = (const char *const[]){"\"ngo\"", "\"academia\"",
                                                      "\"private_sector\"", "\"other\"", NULL};
         *c != NULL; c++) {
        expect_ok(reg_with("category", *c), &info);
        assert_int_equal(strlen(info.category) + 2, strlen(*c));
    }
    /* Key order is free, and white space between tokens is JSON. */
    expect_ok("{ \"publish_consent\" : false, \"email\":\"\", \"country\":\"\", \"category\":\"other\","
              "\"organization\":\"O\",\"name\":\"N\",\"created\":\"" CREATED "\",\"device\":\"" ID_DEV
              "\",\"event\":\"e\",\"id\":\"" ID_REG "\",\"type\":\"registration\",\"v\":1 }\t",
              NULL);
    /* Escapes that decode to ordinary text are fine. */
    expect_ok(reg_with("name", "\"Ana \\u00e9 \\ud83d\\ude00 \\\"A\\\" \\\\ \\/\""), NULL);
}

static void test_valid_comment(void **state)
{
    (void)state;
    RecordInfo info;
    expect_ok(com_with(NULL, NULL), &info);
    assert_int_equal(info.type, RECORD_TYPE_COMMENT);
    assert_string_equal(info.id, ID_COM);
    assert_string_equal(info.participant, ID_REG);
    assert_string_equal(info.agenda_item, "item-3");
    assert_string_equal(info.category, "");
    assert_string_equal(record_type_name(info.type), "comment");
    expect_ok(com_with("addressed_to", "\"panellist.1_x\""), NULL);
    expect_ok(com_with("text", "\"Line one\\nline two\\r\\n\\tindented\""), NULL);
    expect_ok(com_with("text", "\"x\""), NULL);
    static const char *const tags[] = {"\"fr\"", "\"es-419\"", "\"zh-Hant-TW\"", "\"ast\"",
                                       "\"en-GB-oxendict\"", "\"sr-Latn-RS\""};
    for (size_t i = 0; i < COUNT(tags); i++) expect_ok(com_with("language", tags[i]), NULL);
}

static void test_unknown_fields_accepted(void **state)
{
    (void)state;
    expect_ok(reg_with("app_version", "\"1.2.3\""), NULL);
    expect_ok(com_with("extra", "{\"nested\":[1,2,{\"deep\":null}],\"k\":\"v\"}"), NULL);
    expect_ok(com_with("kiosk", "{\"mode\":\"kiosk\",\"idle\":90}"), NULL);
    /* Keys differ by case: not duplicates ("Type" is just an unknown field). */
    expect_ok(reg_with("Type", "\"x\""), NULL);
    /* A record may carry the other type's fields: they are unknown to it, so kept. */
    expect_ok(reg_with("text", "42"), NULL);
}

static void test_time_fields(void **state)
{
    (void)state;
    RecordInfo info;
    static const struct { const char *created; int64_t ms; } ok[] = {
        {"\"2000-02-29T00:00:00.000Z\"", INT64_C(951782400000)},
        {"\"2024-02-29T12:34:56.789Z\"", INT64_C(1709210096789)},
        {"\"2024-02-29T12:34:56Z\"", INT64_C(1709210096000)},
        {"\"2024-02-29T12:34:56.7Z\"", INT64_C(1709210096700)},
        {"\"2024-02-29T12:34:56.789123456Z\"", INT64_C(1709210096789)},
        {"\"1970-01-01T00:00:00.000Z\"", 0},
        {"\"9999-12-31T23:59:59.999Z\"", INT64_C(253402300799999)},
    };
    for (size_t i = 0; i < COUNT(ok); i++) {
        expect_ok(reg_with("created", ok[i].created), &info);
        assert_true(info.created_ms == ok[i].ms);
    }
    static const char *const syntax[] = {
        "2022-07-01T09:30:00.000",  "2022-07-01T09:30:00+00:00", "2022-07-01t09:30:00Z",
        "2022-07-01 09:30:00Z",     "2022-7-01T09:30:00Z",       "2022-07-01T09:30:00.Z",
        "2022-07-01T09:30:00.1234567890Z", "2022-07-01T09:30Z", "22-07-01T09:30:00Z",
        "2022-07-01T09:30:00.000Zx", "", "+2022-07-01T09:30:00Z",
    };
    for (size_t i = 0; i < COUNT(syntax); i++) {
        char raw[64], msg[200];
        snprintf(raw, sizeof raw, "\"%s\"", syntax[i]);
        snprintf(msg, sizeof msg,
                 "created: \"%s\" is not an ISO 8601 UTC time like 2022-07-01T09:30:00.000Z",
                 syntax[i]);
        expect_reject(reg_with("created", raw), ID_REG, msg);
    }
    static const char *const range[] = {
        "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2022-13-01T00:00:00Z",
        "2022-00-01T00:00:00Z", "2022-04-31T00:00:00Z", "2022-07-00T00:00:00Z",
        "2022-07-01T24:00:00Z", "2022-07-01T23:60:00Z", "2022-07-01T23:59:60Z",
        "0000-01-01T00:00:00Z",
    };
    for (size_t i = 0; i < COUNT(range); i++) {
        char raw[64], msg[200];
        snprintf(raw, sizeof raw, "\"%s\"", range[i]);
        snprintf(msg, sizeof msg, "created: \"%s\" is not a real date and time", range[i]);
        expect_reject(reg_with("created", raw), ID_REG, msg);
    }
    expect_reject(reg_with("created", "1656667800000"), ID_REG, "created: expected a string");
}

/* ---------------------------------------------------------------- syntax stage */

static void test_line_size_limit(void **state)
{
    (void)state;
    /* Pad with an unknown field to exactly the limit: accepted; one more byte: refused. */
    const char *base = reg_with(NULL, NULL);
    size_t base_len = strlen(base);
    size_t overhead = strlen(",\"pad\":\"\"");
    size_t pad = RECORD_MAX_LINE_BYTES - base_len - overhead;
    char *line = malloc(RECORD_MAX_LINE_BYTES + 2);
    assert_non_null(line);
    memcpy(line, base, base_len - 1);
    size_t o = base_len - 1;
    memcpy(line + o, ",\"pad\":\"", 8);
    o += 8;
    memset(line + o, 'x', pad);
    o += pad;
    memcpy(line + o, "\"}", 3);
    o += 2;
    assert_int_equal(o, RECORD_MAX_LINE_BYTES);
    RecordError err;
    assert_true(record_validate(line, o, NULL, &err));
    memmove(line + o - 1, line + o - 2, 3); /* one more 'x' before the closing quote */
    line[o - 2] = 'x';
    expect_reject_len(line, o + 1, "", "record is 65537 bytes, over the limit of 65536");
    free(line);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    expect_reject("", "", "empty record");
    expect_reject("  \t ", "", "empty record");
    expect_reject("{\"v\":1,", "", "invalid JSON: unexpected end of the record");
    expect_reject("{\"v\":1 \"type\":2}", "", "invalid JSON near column 8");
    expect_reject("{\"v\":1}{}", "", "unexpected text after the JSON object at column 8");
    expect_reject("[1,2]", "", "expected a JSON object");
    expect_reject("\"registration\"", "", "expected a JSON object");
    expect_reject("null", "", "expected a JSON object");
    expect_reject("{'v':1}", "", "invalid JSON near column 3"); /* cJSON points just past the quote */
    expect_reject("{\"v\":1,}", "", "invalid JSON near column 8");
    expect_reject_len(NULL, 0, "", "no record");

    /* A NUL byte inside the given length, and the escape that means NUL. */
    static const char with_nul[] = "{\"v\":1,\"type\":\"regi\0stration\"}";
    expect_reject_len(with_nul, sizeof with_nul - 1, "", "NUL byte at column 20");
    expect_reject(reg_with("name", "\"Ana\\u0000Pérez\""), "", "\\u0000 (NUL) at column 195 is not allowed");

    /* Invalid UTF-8: overlong, lone continuation, encoded surrogate, truncated sequence. */
    expect_reject("{\"a\":\"\xC0\xAF\"}", "", "invalid UTF-8 (byte 0xC0) at column 7");
    expect_reject("{\"a\":\"\x80\"}", "", "invalid UTF-8 (byte 0x80) at column 7");
    expect_reject("{\"a\":\"\xED\xA0\x80\"}", "", "invalid UTF-8 (byte 0xED) at column 7");
    expect_reject("{\"é\":\"\xE2\x82\"}", "", "invalid UTF-8 (byte 0xE2) at column 7");

    /* One record per line; raw control characters are not JSON. */
    expect_reject("{\"v\":1,\n\"type\":\"comment\"}", "",
                  "line break inside the record at column 8 (one record per line)");
    expect_reject("{\"v\":1}\r", "", "line break inside the record at column 8 (one record per line)");
    expect_reject("{\"a\":\"x\ty\"}", "",
                  "control character U+0009 at column 8 (must be escaped in a string)");
    expect_reject("{\"a\":1,\x01\"b\":2}", "", "control character U+0001 at column 8");

    /* Escapes cJSON would mis-read. */
    expect_reject("{\"a\":\"\\u12G4\"}", "", "invalid \\u escape at column 7 (expected 4 hex digits)");
    expect_reject("{\"a\":\"\\u12\"}", "", "invalid \\u escape at column 7 (expected 4 hex digits)");
    expect_reject("{\"a\":\"\\ud800\"}", "", "invalid JSON near column 7");
    expect_reject("{\"a\":\"\\udc00\\ud800\"}", "", "invalid JSON near column 7");

    /* Nesting: 16 levels are fine, 17 are not (cJSON recurses; the web stack is small).
     * The record object is level 1, so 15 arrays inside it make 16. */
    char deep[128];
    for (int arrays = 15; arrays <= 16; arrays++) {
        size_t o = (size_t)snprintf(deep, sizeof deep, "{\"v\":1,\"x\":");
        for (int i = 0; i < arrays; i++) deep[o++] = '[';
        for (int i = 0; i < arrays; i++) deep[o++] = ']';
        deep[o++] = '}';
        deep[o] = '\0';
        if (arrays == 15) expect_reject(deep, "", "type: required field is missing");
        else expect_reject(deep, "", "nesting deeper than 16 levels at column 27");
    }
}

static void test_duplicate_keys(void **state)
{
    (void)state;
    expect_reject(reg_with("type", "\"registration\",\"type\":\"comment\""), ID_REG,
                  "\"type\": duplicate key");
    expect_reject(reg_with("id", "\"" ID_REG "\",\"id\":\"" ID_COM "\""), "",
                  "\"id\": duplicate key");
    expect_reject(com_with("extra", "{\"k\":1,\"j\":2,\"k\":3}"), ID_COM, "\"k\": duplicate key");
    expect_reject(com_with("extra", "[{\"k\":1},{\"q\":[{\"z\":1,\"z\":1}]}]"), ID_COM,
                  "\"z\": duplicate key");
    /* Escaped and literal spellings of the same key are the same key. */
    expect_reject(com_with("text", "\"a\",\"te\\u0078t\":\"b\""), ID_COM, "\"text\": duplicate key");

    /* Objects are capped in size so the duplicate check stays cheap. */
    char *big = malloc(RECORD_MAX_LINE_BYTES);
    assert_non_null(big);
    size_t o = (size_t)snprintf(big, RECORD_MAX_LINE_BYTES, "{\"v\":1");
    for (int i = 0; i < RECORD_MAX_FIELDS; i++)
        o += (size_t)snprintf(big + o, RECORD_MAX_LINE_BYTES - o, ",\"k%d\":0", i);
    big[o++] = '}';
    expect_reject_len(big, o, "", "an object has more than 256 fields");
    free(big);
}

/* ---------------------------------------------------------------- common fields */

static void test_common_fields(void **state)
{
    (void)state;
    expect_reject(reg_with("v", NULL), ID_REG, "v: required field is missing");
    expect_reject(reg_with("v", "2"), ID_REG, "v: unsupported version 2 (expected 1)");
    expect_reject(reg_with("v", "1.5"), ID_REG, "v: unsupported version 1.5 (expected 1)");
    expect_reject(reg_with("v", "\"1\""), ID_REG, "v: expected the number 1");
    expect_reject(reg_with("v", "true"), ID_REG, "v: expected the number 1");
    expect_ok(reg_with("v", "1.0"), NULL); /* the same number in JSON */

    expect_reject(reg_with("type", NULL), ID_REG, "type: required field is missing");
    expect_reject(reg_with("type", "1"), ID_REG, "type: expected a string");
    expect_reject(reg_with("type", "\"Registration\""), ID_REG,
                  "type: \"Registration\" is not \"registration\" or \"comment\"");

    expect_reject(reg_with("id", NULL), "", "id: required field is missing");
    expect_reject(reg_with("id", "42"), "", "id: expected a string");
    static const char *const bad_uuids[] = {
        "3F2B8C1E-9A7D-4E21-B5C3-0D8E6F1A2B3C", /* uppercase */
        "3f2b8c1e-9a7d-1e21-b5c3-0d8e6f1a2b3c", /* version 1 */
        "3f2b8c1e-9a7d-4e21-c5c3-0d8e6f1a2b3c", /* variant 110x */
        "3f2b8c1e-9a7d-4e21-75c3-0d8e6f1a2b3c", /* variant 0xxx */
        "3f2b8c1e9a7d4e21b5c30d8e6f1a2b3c",     /* no dashes */
        "{3f2b8c1e-9a7d-4e21-b5c3-0d8e6f1a2b3c}",
        "3f2b8c1e-9a7d-4e21-b5c3-0d8e6f1a2b3",  /* short */
        "3f2b8c1e-9a7d-4e21-b5c3-0d8e6f1a2b3cd", /* long */
        "3f2b8c1e-9a7d-4e21-b5c3_0d8e6f1a2b3c",
        "3f2b8c1g-9a7d-4e21-b5c3-0d8e6f1a2b3c",
        "",
    };
    for (size_t i = 0; i < COUNT(bad_uuids); i++) {
        char raw[64], msg[200], q[64];
        snprintf(raw, sizeof raw, "\"%s\"", bad_uuids[i]);
        /* Quoted values are cut to 32 bytes with an ellipsis. */
        if (strlen(bad_uuids[i]) > 32) snprintf(q, sizeof q, "\"%.32s\xE2\x80\xA6\"", bad_uuids[i]);
        else snprintf(q, sizeof q, "\"%s\"", bad_uuids[i]);
        snprintf(msg, sizeof msg,
                 "id: %s is not a lowercase UUID v4 (xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx)", q);
        expect_reject(reg_with("id", raw), "", msg);
        snprintf(msg, sizeof msg,
                 "device: %s is not a lowercase UUID v4 (xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx)", q);
        expect_reject(reg_with("device", raw), ID_REG, msg);
    }

    expect_reject(reg_with("event", NULL), ID_REG, "event: required field is missing");
    expect_reject(reg_with("event", "\"\""), ID_REG,
                  "event: \"\" is not an id (1..64 characters of A-Z a-z 0-9 . _ -)");
    expect_reject(reg_with("event", "\"untoc som\""), ID_REG,
                  "event: \"untoc som\" is not an id (1..64 characters of A-Z a-z 0-9 . _ -)");
    expect_reject(reg_with("event", "\"évent\""), ID_REG,
                  "event: \"évent\" is not an id (1..64 characters of A-Z a-z 0-9 . _ -)");
    char raw[80];
    snprintf(raw, sizeof raw, "\"%.64s\"", "a123456789b123456789c123456789d123456789e123456789f123456789g1234");
    RecordInfo info;
    expect_ok(reg_with("event", raw), &info); /* exactly 64 */
    assert_int_equal(strlen(info.event), 64);
    snprintf(raw, sizeof raw, "\"%s\"", "a123456789b123456789c123456789d123456789e123456789f123456789g1234X");
    expect_reject(reg_with("event", raw), ID_REG,
                  "event: \"a123456789b123456789c123456789d1\xE2\x80\xA6\" is not an id (1..64 "
                  "characters of A-Z a-z 0-9 . _ -)");

    expect_reject(reg_with("created", NULL), ID_REG, "created: required field is missing");
}

/* ---------------------------------------------------------------- registration */

static void test_registration_rules(void **state)
{
    (void)state;
    expect_reject(reg_with("name", NULL), ID_REG, "name: required field is missing");
    expect_reject(reg_with("name", "null"), ID_REG, "name: expected a string");
    expect_reject(reg_with("name", "\"\""), ID_REG, "name: must not be empty");
    expect_reject(reg_with("name", "\" \\t\\u00a0\\u3000 \""), ID_REG,
                  "name: control character U+0009 is not allowed");
    expect_reject(reg_with("name", "\" \\u00a0\\u3000\\u2003 \""), ID_REG, "name: must not be empty");
    expect_reject(reg_with("name", "\"Ana\\nPérez\""), ID_REG,
                  "name: control character U+000A is not allowed");
    expect_reject(reg_with("name", "\"Ana\\u0085\""), ID_REG,
                  "name: control character U+0085 is not allowed");
    expect_reject(reg_with("organization", "\"\\u007f\""), ID_REG,
                  "organization: control character U+007F is not allowed");

    /* 200 code points of 1..4 bytes each pass; 201 are refused, counted, not cut. */
    static const char *const units[] = {"a", "é", "中", "😀"};
    for (size_t u = 0; u < COUNT(units); u++) {
        char *v200 = repeat_literal(units[u], 200), *v201 = repeat_literal(units[u], 201);
        expect_ok(reg_with("name", v200), NULL);
        expect_ok(reg_with("organization", v200), NULL);
        expect_reject(reg_with("name", v201), ID_REG, "name: 201 characters, over the limit of 200");
        expect_reject(reg_with("organization", v201), ID_REG,
                      "organization: 201 characters, over the limit of 200");
        free(v200);
        free(v201);
    }
    /* Escapes count as the character they stand for. */
    char *esc = repeat_literal("\\u00e9", 201);
    expect_reject(reg_with("name", esc), ID_REG, "name: 201 characters, over the limit of 200");
    free(esc);

    expect_reject(reg_with("category", NULL), ID_REG, "category: required field is missing");
    expect_reject(reg_with("category", "\"NGO\""), ID_REG,
                  "category: \"NGO\" is not one of ngo, academia, private_sector, other");
    expect_reject(reg_with("category", "\"\""), ID_REG,
                  "category: \"\" is not one of ngo, academia, private_sector, other");
    expect_reject(reg_with("category", "[\"ngo\"]"), ID_REG, "category: expected a string");

    static const char *const bad_countries[] = {"mx", "MEX", "M", "M1", "Mx", " MX", "ÉS"};
    for (size_t i = 0; i < COUNT(bad_countries); i++) {
        char raw[32], msg[200];
        snprintf(raw, sizeof raw, "\"%s\"", bad_countries[i]);
        snprintf(msg, sizeof msg,
                 "country: \"%s\" is not an ISO 3166-1 alpha-2 code (two capital letters) or empty",
                 bad_countries[i]);
        expect_reject(reg_with("country", raw), ID_REG, msg);
    }
    expect_reject(reg_with("country", "null"), ID_REG, "country: expected a string");

    static const char *const good_emails[] = {"a@b.co", "first.last+tag@sub.example.org",
                                              "josé@correo.mx", "x_y-z@my-domain.example"};
    for (size_t i = 0; i < COUNT(good_emails); i++) {
        char raw[80];
        snprintf(raw, sizeof raw, "\"%s\"", good_emails[i]);
        expect_ok(reg_with("email", raw), NULL);
    }
    static const char *const bad_emails[] = {
        "ana",         "@example.org", "ana@",        "ana@example",  "ana@@example.org",
        "a@b@c.org",   "ana @x.org",   "ana@x .org",  "ana@.x.org",   "ana@x.org.",
        "ana@x..org",  "a,b@x.org",    "<a@x.org>",   "a@x.org;b@y.org",
    };
    for (size_t i = 0; i < COUNT(bad_emails); i++) {
        char raw[80], msg[200];
        snprintf(raw, sizeof raw, "\"%s\"", bad_emails[i]);
        snprintf(msg, sizeof msg, "email: \"%s\" is not a plausible e-mail address", bad_emails[i]);
        expect_reject(reg_with("email", raw), ID_REG, msg);
    }
    expect_reject(reg_with("email", "\"ana\\t@x.org\""), ID_REG,
                  "email: \"ana?@x.org\" is not a plausible e-mail address");
    /* 254 bytes pass, 255 are refused with the count. */
    char addr[300];
    memset(addr, 'a', sizeof addr);
    addr[0] = '"';
    memcpy(addr + 1 + 64, "@", 1);
    memcpy(addr + 1 + 254 - 4, ".org\"", 6);
    expect_ok(reg_with("email", addr), NULL);
    memset(addr + 1 + 65, 'b', 190);
    memcpy(addr + 1 + 255 - 4, ".org\"", 6);
    expect_reject(reg_with("email", addr), ID_REG, "email: 255 bytes, over the limit of 254");
    /* Local part over 64 bytes: implausible. */
    char local[120];
    memset(local, 'l', sizeof local);
    local[0] = '"';
    memcpy(local + 1 + 65, "@x.org\"", 8);
    expect_reject(reg_with("email", local), ID_REG,
                  "email: \"llllllllllllllllllllllllllllllll\xE2\x80\xA6\" is not a plausible e-mail address");

    expect_reject(reg_with("publish_consent", NULL), ID_REG,
                  "publish_consent: required field is missing");
    expect_reject(reg_with("publish_consent", "\"yes\""), ID_REG,
                  "publish_consent: expected true or false");
    expect_reject(reg_with("publish_consent", "1"), ID_REG, "publish_consent: expected true or false");
    expect_reject(reg_with("publish_consent", "null"), ID_REG,
                  "publish_consent: expected true or false");
}

/* ---------------------------------------------------------------- comment */

static void test_comment_rules(void **state)
{
    (void)state;
    expect_reject(com_with("participant", NULL), ID_COM, "participant: required field is missing");
    expect_reject(com_with("participant", "\"p1\""), ID_COM,
                  "participant: \"p1\" is not a lowercase UUID v4 (xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx)");
    expect_reject(com_with("agenda_item", NULL), ID_COM, "agenda_item: required field is missing");
    expect_reject(com_with("agenda_item", "\"item 3\""), ID_COM,
                  "agenda_item: \"item 3\" is not an id (1..64 characters of A-Z a-z 0-9 . _ -)");
    expect_reject(com_with("agenda_item", "null"), ID_COM, "agenda_item: expected a string");
    expect_reject(com_with("addressed_to", NULL), ID_COM, "addressed_to: required field is missing");
    expect_reject(com_with("addressed_to", "\"\""), ID_COM,
                  "addressed_to: \"\" is not an id (1..64 characters of A-Z a-z 0-9 . _ -)");
    expect_reject(com_with("addressed_to", "3"), ID_COM, "addressed_to: expected a string or null");
    expect_reject(com_with("addressed_to", "false"), ID_COM,
                  "addressed_to: expected a string or null");

    expect_reject(com_with("language", NULL), ID_COM, "language: required field is missing");
    static const char *const bad_tags[] = {"e", "english", "en_US", "en-", "-en", "en--GB", "",
                                           "en-123456789", "1en", "en GB"};
    for (size_t i = 0; i < COUNT(bad_tags); i++) {
        char raw[40], msg[200];
        snprintf(raw, sizeof raw, "\"%s\"", bad_tags[i]);
        snprintf(msg, sizeof msg,
                 "language: \"%s\" is not a BCP 47 language tag (like en, fr-CA, es-419)",
                 bad_tags[i]);
        expect_reject(com_with("language", raw), ID_COM, msg);
    }

    expect_reject(com_with("text", NULL), ID_COM, "text: required field is missing");
    expect_reject(com_with("text", "\"\""), ID_COM, "text: must not be empty");
    expect_reject(com_with("text", "\" \\n\\t \\u3000\""), ID_COM, "text: must not be empty");
    expect_reject(com_with("text", "\"ring \\u0007\""), ID_COM,
                  "text: control character U+0007 is not allowed");
    expect_reject(com_with("text", "12"), ID_COM, "text: expected a string");
}

static void test_text_limit_4000(void **state)
{
    (void)state;
    /* A mix of 1-, 2-, 3- and 4-byte characters: the limit is in code points, not bytes. */
    static const char *const cycle[] = {"a", "é", "中", "😀"};
    char *v = malloc(4 * 4001 + 3);
    assert_non_null(v);
    for (size_t count = 3999; count <= 4001; count++) {
        size_t o = 0;
        v[o++] = '"';
        for (size_t i = 0; i < count; i++) {
            const char *u = cycle[i % 4];
            memcpy(v + o, u, strlen(u));
            o += strlen(u);
        }
        v[o++] = '"';
        v[o] = '\0';
        if (count <= 4000) {
            expect_ok(com_with("text", v), NULL);
        } else {
            expect_reject(com_with("text", v), ID_COM, "text: 4001 characters, over the limit of 4000");
        }
    }
    free(v);
    char *big = repeat_literal("😀", 4012);
    expect_reject(com_with("text", big), ID_COM, "text: 4012 characters, over the limit of 4000");
    free(big);
}

static void test_messages_are_safe(void **state)
{
    (void)state;
    /* Quotes, backslashes and control characters of untrusted values never reach a message raw. */
    expect_reject(reg_with("category", "\"a\\\"b\\\\c\\u001bd\""), ID_REG,
                  "category: \"a\\\"b\\\\c?d\" is not one of ngo, academia, private_sector, other");
    /* Long values are cut on a character boundary. */
    char *long_cat = repeat_literal("é", 40);
    expect_reject(reg_with("category", long_cat), ID_REG,
                  "category: \"éééééééééééééééé\xE2\x80\xA6\" is not one of ngo, academia, "
                  "private_sector, other");
    free(long_cat);
    /* Keys are quoted too. */
    expect_reject(com_with("x", "1,\"\\u001b\\\"\":1,\"\\u001b\\\"\":2"), ID_COM,
                  "\"?\\\"\": duplicate key");
}

static void test_error_id(void **state)
{
    (void)state;
    RecordError err;
    const char *line = com_with("text", "\"\"");
    assert_false(record_validate(line, strlen(line), NULL, &err));
    assert_string_equal(err.id, ID_COM);
    line = com_with("id", "\"not-an-id\"");
    assert_false(record_validate(line, strlen(line), NULL, &err));
    assert_string_equal(err.id, "");
    /* A valid id in invalid JSON is not readable: no id. */
    line = "{\"id\":\"" ID_COM "\",";
    assert_false(record_validate(line, strlen(line), NULL, &err));
    assert_string_equal(err.id, "");
    /* NULL out and err are allowed. */
    line = reg_with(NULL, NULL);
    assert_true(record_validate(line, strlen(line), NULL, NULL));
    assert_false(record_validate("{", 1, NULL, NULL));
}

/* Random corruption of valid lines: any outcome but a crash, a leak or an accepted record
 * whose info disagrees with the rules (ASan/UBSan watch the rest). */
static void test_mutations_never_crash(void **state)
{
    (void)state;
    uint32_t seed = 12345;
    char buf[1024];
    for (int round = 0; round < 20000; round++) {
        const char *base = (round & 1) ? com_with(NULL, NULL) : reg_with(NULL, NULL);
        size_t len = strlen(base);
        memcpy(buf, base, len);
        int edits = 1 + round % 4;
        for (int e = 0; e < edits; e++) {
            seed = seed * 1664525u + 1013904223u;
            size_t at = (seed >> 8) % len;
            seed = seed * 1664525u + 1013904223u;
            switch (seed >> 30) {
            case 0: buf[at] = (char)(seed >> 8); break;
            case 1: buf[at] ^= (char)(1u << ((seed >> 8) % 8)); break;
            case 2: len = at + 1; break; /* truncate */
            default: buf[at] = "{}[]\",:\\u0"[(seed >> 8) % 10]; break;
            }
        }
        /* An exact-size heap copy, so ASan sees any read past the end of the line. */
        char *exact = malloc(len > 0 ? len : 1);
        assert_non_null(exact);
        memcpy(exact, buf, len);
        RecordInfo info;
        RecordError err;
        bool ok = record_validate(exact, len, &info, &err);
        free(exact);
        if (ok) {
            assert_true(record_is_uuid_v4(info.id));
            assert_true(record_is_uuid_v4(info.device));
            assert_true(info.type == RECORD_TYPE_REGISTRATION || info.type == RECORD_TYPE_COMMENT);
        } else {
            assert_true(err.message[0] != '\0');
            assert_true(utf8_valid(err.message, strlen(err.message)));
            for (const char *p = err.message; *p != '\0'; p++) assert_true((unsigned char)*p >= 0x20);
        }
    }
}

/* ---------------------------------------------------------------- builders */

static RecordRegistration sample_registration(void)
{
    RecordRegistration r = {
        .id = ID_REG, .event = "untoc-som-2022", .device = ID_DEV, .created = CREATED,
        .name = "  Ana \"La\" Pérez\\ ", .organization = "\xE3\x80\x80" "Casa Monarca\t",
        .category = "private_sector", .country = "MX", .email = " ana@example.org ",
        .publish_consent = true,
    };
    return r;
}

static RecordComment sample_comment(void)
{
    RecordComment c = {
        .id = ID_COM, .event = "untoc-som-2022", .device = ID_DEV, .created = CREATED,
        .participant = ID_REG, .agenda_item = "item-3", .addressed_to = NULL, .language = "es-419",
        .text = "  Gracias.\n\t\"Citar\" \\ </script> 😀 \xE2\x80\xA8 ",
    };
    return c;
}

static void test_write_registration(void **state)
{
    (void)state;
    RecordRegistration r = sample_registration();
    char buf[RECORD_MAX_LINE_BYTES + 1];
    RecordError err;
    size_t n = record_write_registration(&r, buf, sizeof buf, &err);
    if (n == 0) fail_msg("builder failed: %s", err.message);
    assert_int_equal(n, strlen(buf));
    /* Exactly the contract's schema, compact, in a stable order, trimmed. */
    assert_string_equal(buf,
                        "{\"v\":1,\"type\":\"registration\",\"id\":\"" ID_REG "\",\"event\":\"untoc-som-2022\","
                        "\"device\":\"" ID_DEV "\",\"created\":\"" CREATED "\",\"name\":\"Ana \\\"La\\\" "
                        "Pérez\\\\\",\"organization\":\"Casa Monarca\",\"category\":\"private_sector\","
                        "\"country\":\"MX\",\"email\":\"ana@example.org\",\"publish_consent\":true}");
    assert_null(memchr(buf, '\n', n));
    RecordInfo info;
    assert_true(record_validate(buf, n, &info, &err));
    assert_int_equal(info.type, RECORD_TYPE_REGISTRATION);
    assert_string_equal(info.category, "private_sector");

    /* Empty optional values and NULLs. */
    r.country = NULL;
    r.email = "";
    r.publish_consent = false;
    n = record_write_registration(&r, buf, sizeof buf, &err);
    assert_true(n > 0);
    assert_non_null(strstr(buf, "\"country\":\"\",\"email\":\"\",\"publish_consent\":false}"));

    /* Invalid values: 0, "" in buf, a field-named message and the id. */
    r = sample_registration();
    r.name = "   ";
    assert_int_equal(record_write_registration(&r, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "");
    assert_string_equal(err.message, "name: must not be empty");
    assert_string_equal(err.id, ID_REG);
    r = sample_registration();
    r.category = "government";
    assert_int_equal(record_write_registration(&r, buf, sizeof buf, &err), 0);
    assert_string_equal(err.message,
                        "category: \"government\" is not one of ngo, academia, private_sector, other");
    r = sample_registration();
    r.name = "Ana \xFF";
    assert_int_equal(record_write_registration(&r, buf, sizeof buf, &err), 0);
    assert_string_equal(err.message, "name: invalid UTF-8");
    r = sample_registration();
    r.id = NULL;
    assert_int_equal(record_write_registration(&r, buf, sizeof buf, &err), 0);
    assert_string_equal(err.id, "");
    assert_string_equal(err.message,
                        "id: \"\" is not a lowercase UUID v4 (xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx)");
    assert_int_equal(record_write_registration(NULL, buf, sizeof buf, &err), 0);

    /* Capacity: the line and its NUL fit exactly, one byte less does not. */
    r = sample_registration();
    n = record_write_registration(&r, buf, sizeof buf, NULL);
    char *exact = malloc(n + 1);
    assert_non_null(exact);
    assert_int_equal(record_write_registration(&r, exact, n + 1, NULL), n);
    assert_string_equal(exact, buf);
    assert_int_equal(record_write_registration(&r, exact, n, &err), 0);
    assert_string_equal(exact, "");
    char msg[100];
    snprintf(msg, sizeof msg, "record is %zu bytes, the buffer holds %zu", n + 1, n);
    assert_string_equal(err.message, msg);
    free(exact);
    assert_int_equal(record_write_registration(&r, NULL, 0, NULL), 0);
}

static void test_write_comment(void **state)
{
    (void)state;
    RecordComment c = sample_comment();
    char buf[RECORD_MAX_LINE_BYTES + 1];
    RecordError err;
    size_t n = record_write_comment(&c, buf, sizeof buf, &err);
    if (n == 0) fail_msg("builder failed: %s", err.message);
    assert_non_null(strstr(buf, "\"addressed_to\":null"));
    assert_null(memchr(buf, '\n', n));
    RecordInfo info;
    assert_true(record_validate(buf, n, &info, &err));
    assert_string_equal(info.participant, ID_REG);
    assert_string_equal(info.agenda_item, "item-3");

    /* The text comes back byte for byte: written as given, not trimmed, not cut. */
    cJSON *root = cJSON_ParseWithLength(buf, n);
    assert_non_null(root);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "text")->valuestring, c.text);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "language")->valuestring, "es-419");
    assert_int_equal(cJSON_GetArraySize(root), 11);
    cJSON_Delete(root);

    c.addressed_to = "panellist-2";
    n = record_write_comment(&c, buf, sizeof buf, &err);
    assert_true(n > 0);
    assert_non_null(strstr(buf, "\"addressed_to\":\"panellist-2\""));

    /* Over-long text: refused with the count and the limit, never shortened. */
    size_t units = 4001;
    char *text = malloc(units * 4 + 1);
    assert_non_null(text);
    for (size_t i = 0; i < units; i++) memcpy(text + i * 4, "😀", 4);
    text[units * 4] = '\0';
    c = sample_comment();
    c.text = text;
    assert_int_equal(record_write_comment(&c, buf, sizeof buf, &err), 0);
    assert_string_equal(err.message, "text: 4001 characters, over the limit of 4000");
    assert_string_equal(err.id, ID_COM);
    text[4000 * 4] = '\0';
    n = record_write_comment(&c, buf, sizeof buf, &err);
    if (n == 0) fail_msg("4000 characters refused: %s", err.message);
    free(text);

    /* A control character in the text: cJSON escapes it, the rule refuses it by name. */
    c = sample_comment();
    c.text = "bell \a";
    assert_int_equal(record_write_comment(&c, buf, sizeof buf, &err), 0);
    assert_string_equal(err.message, "text: control character U+0007 is not allowed");
    c = sample_comment();
    c.language = "english";
    assert_int_equal(record_write_comment(&c, buf, sizeof buf, &err), 0);
    assert_string_equal(err.message,
                        "language: \"english\" is not a BCP 47 language tag (like en, fr-CA, es-419)");
}

/* Every builder output passes the validator, for many generated inputs. */
static void test_builders_round_trip(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", " ", "é", "中", "😀", "\"", "\\", "/", "\n", "\t",
                                         "\xE2\x80\xA8", "<", "&", "Z", "0"};
    uint32_t seed = 7;
    char buf[RECORD_MAX_LINE_BYTES + 1], text[4 * 300 + 1], name[4 * 50 + 1];
    char id[RECORD_UUID_LEN + 1], dev[RECORD_UUID_LEN + 1], part[RECORD_UUID_LEN + 1];
    char created[RECORD_TIME_BYTES];
    for (int round = 0; round < 500; round++) {
        uint8_t rnd[16];
        for (int k = 0; k < 16; k++) {
            seed = seed * 1664525u + 1013904223u;
            rnd[k] = (uint8_t)(seed >> 24);
        }
        record_uuid_v4(rnd, id);
        rnd[0] ^= 1;
        record_uuid_v4(rnd, dev);
        rnd[1] ^= 1;
        record_uuid_v4(rnd, part);
        assert_true(record_format_time((int64_t)(seed % 4000000000u) * 1000 + round, created));
        size_t t = 0, m = 0;
        text[t++] = 'x'; /* never blank */
        for (int k = 0; k < 1 + round % 250; k++) {
            seed = seed * 1664525u + 1013904223u;
            const char *p = pieces[(seed >> 16) % COUNT(pieces)];
            memcpy(text + t, p, strlen(p));
            t += strlen(p);
        }
        text[t] = '\0';
        name[m++] = 'N';
        for (int k = 0; k < round % 40; k++) {
            const char *p = pieces[(k * 7 + round) % 8]; /* no control characters */
            if (p[0] == '\n' || p[0] == '\t') p = "-";
            memcpy(name + m, p, strlen(p));
            m += strlen(p);
        }
        name[m] = '\0';

        RecordRegistration r = {.id = id, .event = "ev.1", .device = dev, .created = created,
                                .name = name, .organization = name, .category = "academia",
                                .country = "", .email = "", .publish_consent = round & 1};
        RecordError err;
        size_t n = record_write_registration(&r, buf, sizeof buf, &err);
        if (n == 0) fail_msg("registration %d: %s", round, err.message);
        RecordInfo info;
        assert_true(record_validate(buf, n, &info, &err));
        assert_string_equal(info.id, id);
        assert_string_equal(info.created, created);

        RecordComment c = {.id = part, .event = "ev.1", .device = dev, .created = created,
                           .participant = id, .agenda_item = "a1",
                           .addressed_to = (round & 2) ? "p_1" : NULL, .language = "fr",
                           .text = text};
        n = record_write_comment(&c, buf, sizeof buf, &err);
        if (n == 0) fail_msg("comment %d: %s", round, err.message);
        assert_true(record_validate(buf, n, &info, &err));
        cJSON *root = cJSON_ParseWithLength(buf, n);
        assert_non_null(root);
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "text")->valuestring, text);
        cJSON_Delete(root);
    }
}

/* ---------------------------------------------------------------- ids, times, codes */

static void test_uuid_v4(void **state)
{
    (void)state;
    char out[RECORD_UUID_LEN + 1];
    static const uint8_t zeros[16] = {0};
    record_uuid_v4(zeros, out);
    assert_string_equal(out, "00000000-0000-4000-8000-000000000000");
    uint8_t ones[16];
    memset(ones, 0xFF, sizeof ones);
    record_uuid_v4(ones, out);
    assert_string_equal(out, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    static const uint8_t seq[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                                    0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};
    record_uuid_v4(seq, out);
    assert_string_equal(out, "01234567-89ab-4def-8123-456789abcdef");
    uint32_t seed = 99;
    for (int i = 0; i < 2000; i++) {
        uint8_t rnd[16];
        for (int k = 0; k < 16; k++) {
            seed = seed * 1664525u + 1013904223u;
            rnd[k] = (uint8_t)(seed >> 24);
        }
        record_uuid_v4(rnd, out);
        assert_true(record_is_uuid_v4(out));
    }
    assert_false(record_is_uuid_v4(NULL));
    assert_false(record_is_uuid_v4(""));
    assert_false(record_is_uuid_v4("00000000-0000-4000-8000-00000000000"));
    assert_false(record_is_uuid_v4("00000000-0000-4000-c000-000000000000"));
    assert_false(record_is_uuid_v4("00000000-0000-5000-8000-000000000000"));
    assert_true(record_is_uuid_v4("00000000-0000-4000-b000-000000000000"));
}

static void test_format_time(void **state)
{
    (void)state;
    char out[RECORD_TIME_BYTES];
    static const struct { int64_t ms; const char *text; } cases[] = {
        {0, "1970-01-01T00:00:00.000Z"},
        {1, "1970-01-01T00:00:00.001Z"},
        {-1, "1969-12-31T23:59:59.999Z"},
        {INT64_C(951782400000), "2000-02-29T00:00:00.000Z"},
        {INT64_C(951868799999), "2000-02-29T23:59:59.999Z"},
        {INT64_C(951868800000), "2000-03-01T00:00:00.000Z"},
        {INT64_C(1709210096789), "2024-02-29T12:34:56.789Z"},
        {INT64_C(1656667800000), "2022-07-01T09:30:00.000Z"},
        {INT64_C(4107542400000), "2100-03-01T00:00:00.000Z"}, /* 2100 is not a leap year */
        {INT64_C(253402300799999), "9999-12-31T23:59:59.999Z"},
        {INT64_C(-62135596800000), "0001-01-01T00:00:00.000Z"},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        assert_true(record_format_time(cases[i].ms, out));
        assert_string_equal(out, cases[i].text);
    }
    assert_false(record_format_time(INT64_C(253402300800000), out));
    assert_string_equal(out, "");
    assert_false(record_format_time(INT64_C(-62135596800001), out));
    assert_false(record_format_time(INT64_MIN, out));
    assert_false(record_format_time(INT64_MAX, out));

    /* Formatting and validation agree, instant for instant. */
    uint32_t seed = 3;
    for (int i = 0; i < 5000; i++) {
        seed = seed * 1664525u + 1013904223u;
        int64_t ms = ((int64_t)seed << 16 ^ (int64_t)(seed >> 5)) % INT64_C(253402300799999);
        if (i % 3 == 0) ms = -ms % INT64_C(62135596800000);
        assert_true(record_format_time(ms, out));
        char raw[40];
        snprintf(raw, sizeof raw, "\"%s\"", out);
        RecordInfo info;
        expect_ok(reg_with("created", raw), &info);
        assert_true(info.created_ms == ms);
    }
}

static void test_reference(void **state)
{
    (void)state;
    char a[RECORD_REFERENCE_BYTES], b[RECORD_REFERENCE_BYTES];
    assert_true(record_reference(ID_REG, a));
    assert_string_equal(a, "7WNR-R7MT");
    assert_true(record_reference(ID_REG, b));
    assert_string_equal(a, b);
    assert_true(record_reference("00000000-0000-4000-8000-000000000000", a));
    assert_string_equal(a, "0000-0000");
    assert_true(record_reference("ffffffff-ffff-4fff-bfff-ffffffffffff", a));
    assert_string_equal(a, "ZZZZ-ZZZZ");
    assert_false(record_reference("not a uuid", a));
    assert_string_equal(a, "");
    assert_false(record_reference(NULL, a));

    /* typed back: any case, dash or none, O and I/L read as 0 and 1; the id's start */
    char canon[RECORD_REFERENCE_BYTES], prefix[RECORD_ID_PREFIX_BYTES];
    assert_true(record_reference(ID_REG, a));
    static const char *const typed[] = {"7WNR-R7MT", "7wnr r7mt", "7wnrr7mt", " 7WNR-R7MT "};
    for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
        assert_true(record_reference_parse(typed[i], strlen(typed[i]), canon, prefix));
        assert_string_equal(canon, a);
        assert_memory_equal(prefix, ID_REG, 11);
        assert_int_equal(strlen(prefix), 11);
    }
    assert_true(record_reference_parse("OOOO-IIIL", 9, canon, prefix));
    assert_string_equal(canon, "0000-1111");
    static const char *const bad[] = {"", "7WNR-R7M", "7WNR-R7MTX", "7WNR-R7MU", "7WNR_R7MT", "ÉWNR-R7MT"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(record_reference_parse(bad[i], strlen(bad[i]), canon, prefix));
        assert_string_equal(canon, "");
        assert_string_equal(prefix, "");
    }
    assert_false(record_reference_parse(NULL, 0, canon, prefix));

    /* Distinct for distinct ids (40 random bits: a clash among 3000 is ~1e-5 likely, and
     * this seed has none), and never an ambiguous letter. */
    enum { N = 3000 };
    static char codes[N][RECORD_REFERENCE_BYTES];
    uint32_t seed = 2024;
    for (int i = 0; i < N; i++) {
        uint8_t rnd[16];
        char id[RECORD_UUID_LEN + 1];
        for (int k = 0; k < 16; k++) {
            seed = seed * 1664525u + 1013904223u;
            rnd[k] = (uint8_t)(seed >> 24);
        }
        record_uuid_v4(rnd, id);
        assert_true(record_reference(id, codes[i]));
        assert_int_equal(strlen(codes[i]), 9);
        assert_int_equal(codes[i][4], '-');
        assert_null(strpbrk(codes[i], "ILOUabcdefghijklmnopqrstuvwxyz"));
        for (int j = 0; j < i; j++) assert_string_not_equal(codes[i], codes[j]);
    }
}

static void test_ndjson_next(void **state)
{
    (void)state;
    static const char body[] = "\n{\"a\":1}\r\n\r\n   \n{\"b\":2}\n\t\n{\"c\":3}";
    size_t pos = 0, len = sizeof body - 1, n;
    const char *line;
    assert_true(record_ndjson_next(body, len, &pos, &line, &n));
    assert_int_equal(n, 7);
    assert_memory_equal(line, "{\"a\":1}", 7);
    assert_true(record_ndjson_next(body, len, &pos, &line, &n));
    assert_memory_equal(line, "{\"b\":2}", n);
    assert_true(record_ndjson_next(body, len, &pos, &line, &n));
    assert_int_equal(n, 7);
    assert_memory_equal(line, "{\"c\":3}", 7); /* last line without a line break */
    assert_false(record_ndjson_next(body, len, &pos, &line, &n));
    assert_false(record_ndjson_next(body, len, &pos, &line, &n));
    pos = 0;
    assert_false(record_ndjson_next("", 0, &pos, &line, &n));
    pos = 0;
    assert_false(record_ndjson_next("\r\n\n", 3, &pos, &line, &n));
    /* A lone '\r' is not a line break: it stays in the line, and the validator refuses it. */
    pos = 0;
    assert_true(record_ndjson_next("{}\r{}\n", 6, &pos, &line, &n));
    assert_int_equal(n, 5);
}

/* The form's per-field check and the record agree on every value: what the field check
 * lets through, a record accepts, and what it refuses, a record refuses too. */
static void test_field_checks_agree_with_records(void **state)
{
    (void)state;
    static char long_name[RECORD_MAX_NAME_CHARS + 2];
    memset(long_name, 'a', RECORD_MAX_NAME_CHARS + 1);
    static const struct { RecordField field; const char *value; RecordFieldProblem want; } cases[] = {
        {RECORD_FIELD_EMAIL, "", RECORD_FIELD_OK},
        {RECORD_FIELD_EMAIL, "   ", RECORD_FIELD_OK},
        {RECORD_FIELD_EMAIL, " ana@example.org ", RECORD_FIELD_OK},
        {RECORD_FIELD_EMAIL, "a,b@x.org", RECORD_FIELD_INVALID},
        {RECORD_FIELD_EMAIL, "a@b@x.org", RECORD_FIELD_INVALID},
        {RECORD_FIELD_EMAIL, "ana@example", RECORD_FIELD_INVALID},
        {RECORD_FIELD_EMAIL, "ana@example..org", RECORD_FIELD_INVALID},
        {RECORD_FIELD_EMAIL, "ana example@x.org", RECORD_FIELD_INVALID},
        {RECORD_FIELD_EMAIL, "<ana@x.org>", RECORD_FIELD_INVALID},
        {RECORD_FIELD_NAME, "  Ana Pérez ", RECORD_FIELD_OK},
        {RECORD_FIELD_NAME, " \t ", RECORD_FIELD_EMPTY},
        {RECORD_FIELD_NAME, "\xE3\x80\x80", RECORD_FIELD_EMPTY},
        {RECORD_FIELD_NAME, "Ana\tPérez", RECORD_FIELD_INVALID},
        {RECORD_FIELD_NAME, "Ana\x01", RECORD_FIELD_INVALID},
        {RECORD_FIELD_NAME, "\xC3(", RECORD_FIELD_INVALID},
        {RECORD_FIELD_NAME, long_name, RECORD_FIELD_TOO_LONG},
        {RECORD_FIELD_ORGANIZATION, "Casa Monarca", RECORD_FIELD_OK},
        {RECORD_FIELD_ORGANIZATION, "", RECORD_FIELD_EMPTY},
        {RECORD_FIELD_TEXT, "Line one\nline two\twith a tab", RECORD_FIELD_OK},
        {RECORD_FIELD_TEXT, "  \n ", RECORD_FIELD_EMPTY},
        {RECORD_FIELD_TEXT, "bell\x07", RECORD_FIELD_INVALID},
    };
    char buf[RECORD_MAX_LINE_BYTES + 1];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        RecordError err;
        RecordFieldProblem got = record_check_field(cases[i].field, cases[i].value, strlen(cases[i].value), &err);
        if (got != cases[i].want) fail_msg("case %zu (%s): %d, expected %d", i, cases[i].value, got, cases[i].want);
        if (got != RECORD_FIELD_OK) assert_true(err.message[0] != '\0');
        size_t n;
        if (cases[i].field == RECORD_FIELD_TEXT) {
            RecordComment c = sample_comment();
            c.text = cases[i].value;
            n = record_write_comment(&c, buf, sizeof buf, NULL);
        } else {
            RecordRegistration r = sample_registration();
            if (cases[i].field == RECORD_FIELD_EMAIL) r.email = cases[i].value;
            else if (cases[i].field == RECORD_FIELD_NAME) r.name = cases[i].value;
            else r.organization = cases[i].value;
            n = record_write_registration(&r, buf, sizeof buf, NULL);
        }
        if ((n > 0) != (got == RECORD_FIELD_OK))
            fail_msg("case %zu (%s): the field check says %d, the record %s", i, cases[i].value, got,
                     n > 0 ? "accepts it" : "refuses it");
    }
    assert_int_equal(record_check_field((RecordField)99, "x", 1, NULL), RECORD_FIELD_INVALID);
    assert_int_equal(record_check_field(RECORD_FIELD_NAME, "a\0b", 3, NULL), RECORD_FIELD_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_registration),
        cmocka_unit_test(test_field_checks_agree_with_records),
        cmocka_unit_test(test_valid_comment),
        cmocka_unit_test(test_unknown_fields_accepted),
        cmocka_unit_test(test_time_fields),
        cmocka_unit_test(test_line_size_limit),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_common_fields),
        cmocka_unit_test(test_registration_rules),
        cmocka_unit_test(test_comment_rules),
        cmocka_unit_test(test_text_limit_4000),
        cmocka_unit_test(test_messages_are_safe),
        cmocka_unit_test(test_error_id),
        cmocka_unit_test(test_mutations_never_crash),
        cmocka_unit_test(test_write_registration),
        cmocka_unit_test(test_write_comment),
        cmocka_unit_test(test_builders_round_trip),
        cmocka_unit_test(test_uuid_v4),
        cmocka_unit_test(test_format_time),
        cmocka_unit_test(test_reference),
        cmocka_unit_test(test_ndjson_next),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
