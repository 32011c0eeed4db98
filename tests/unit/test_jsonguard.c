/* test_jsonguard.c — unit tests of core/jsonguard, the guards event.c and record.c share:
 * quoting values for messages, the raw scan before cJSON, error positions, parsing.
 * Each case pins an exact result (offset, byte, text); none may pass on a lenient check. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cJSON.h"

#include "core/jsonguard.h"
#include "core/record.h"
#include "core/utf8.h"

#define ELLIPSIS "\xE2\x80\xA6"

/* The two callers' rules (event.c: 64 levels; record.c: RECORD_MAX_DEPTH). */
static const JsonguardRules file_rules = {.max_depth = 64, .line_breaks = true, .skip_bom = true};
static const JsonguardRules line_rules = {
    .max_depth = RECORD_MAX_DEPTH, .line_breaks = false, .skip_bom = false};

/* ---------------------------------------------------------------- helpers */

static const char *quote_c0(const char *s)
{
    static char buf[JSONGUARD_QUOTE_CAP];
    return jsonguard_quote(buf, sizeof buf, s, JSONGUARD_CONTROLS_C0);
}

static const char *quote_c1(const char *s)
{
    static char buf[JSONGUARD_QUOTE_CAP];
    return jsonguard_quote(buf, sizeof buf, s, JSONGUARD_CONTROLS_C0_C1);
}

/* n copies of c, NUL-terminated, in a static buffer (n < 256). */
static const char *run_of(char c, size_t n)
{
    static char buf[256];
    memset(buf, c, n);
    buf[n] = '\0';
    return buf;
}

/* A fresh string: a + b (free it). */
static char *cat(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *s = malloc(na + nb + 1);
    assert_non_null(s);
    memcpy(s, a, na);
    memcpy(s + na, b, nb + 1);
    return s;
}

static JsonguardScan scan_n(const char *json, size_t len, const JsonguardRules *rules)
{
    JsonguardScan r;
    bool ok = jsonguard_scan(json, len, rules, &r);
    assert_int_equal(ok, r.issue == JSONGUARD_OK);
    if (ok) assert_int_equal(r.pos, len);
    return r;
}

static JsonguardScan scan(const char *json, const JsonguardRules *rules)
{
    return scan_n(json, strlen(json), rules);
}

static void expect_issue(const char *json, const JsonguardRules *rules, JsonguardIssue issue,
                         size_t pos, unsigned byte, bool in_string)
{
    JsonguardScan r = scan(json, rules);
    assert_int_equal(r.issue, issue);
    assert_int_equal(r.pos, pos);
    assert_int_equal(r.byte, byte);
    assert_int_equal(r.in_string, in_string);
    assert_false(r.unclosed);
}

static void expect_clean(const char *json, const JsonguardRules *rules, bool unclosed)
{
    JsonguardScan r = scan(json, rules);
    assert_int_equal(r.issue, JSONGUARD_OK);
    assert_int_equal(r.unclosed, unclosed);
}

/* depth opening brackets (alternating '[' and '{"k":') then the matching closers. */
static char *nest(int depth)
{
    char *s = malloc((size_t)depth * 6 + 2);
    size_t o = 0;
    assert_non_null(s);
    for (int i = 0; i < depth; i++) {
        if (i % 2 == 0) {
            s[o++] = '[';
        } else {
            memcpy(s + o, "{\"k\":", 5);
            o += 5;
        }
    }
    s[o++] = '1';
    for (int i = depth - 1; i >= 0; i--) s[o++] = i % 2 == 0 ? ']' : '}';
    s[o] = '\0';
    return s;
}

/* ---------------------------------------------------------------- quoting */

static void test_is_control(void **state)
{
    (void)state;
    for (uint32_t cp = 0; cp < 0x20; cp++) {
        assert_true(jsonguard_is_control(cp, JSONGUARD_CONTROLS_C0));
        assert_true(jsonguard_is_control(cp, JSONGUARD_CONTROLS_C0_C1));
    }
    assert_false(jsonguard_is_control(' ', JSONGUARD_CONTROLS_C0));
    assert_false(jsonguard_is_control('~', JSONGUARD_CONTROLS_C0_C1));
    assert_true(jsonguard_is_control(0x7F, JSONGUARD_CONTROLS_C0));
    assert_true(jsonguard_is_control(0x7F, JSONGUARD_CONTROLS_C0_C1));
    /* C1: only in the wider set, both ends of the range. */
    assert_false(jsonguard_is_control(0x80, JSONGUARD_CONTROLS_C0));
    assert_true(jsonguard_is_control(0x80, JSONGUARD_CONTROLS_C0_C1));
    assert_false(jsonguard_is_control(0x9F, JSONGUARD_CONTROLS_C0));
    assert_true(jsonguard_is_control(0x9F, JSONGUARD_CONTROLS_C0_C1));
    assert_false(jsonguard_is_control(0xA0, JSONGUARD_CONTROLS_C0_C1)); /* no-break space */
    assert_false(jsonguard_is_control(0x2028, JSONGUARD_CONTROLS_C0_C1));
}

static void test_quote_plain_and_escapes(void **state)
{
    (void)state;
    assert_string_equal(quote_c0(""), "\"\"");
    assert_string_equal(quote_c0(NULL), "\"\"");
    assert_string_equal(quote_c0("item-3"), "\"item-3\"");
    assert_string_equal(quote_c0("Cl\xC3\xB4ture"), "\"Cl\xC3\xB4ture\"");
    assert_string_equal(quote_c0("a\"b\\c"), "\"a\\\"b\\\\c\"");
    assert_string_equal(quote_c1("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"");
}

static void test_quote_controls_and_invalid_bytes(void **state)
{
    (void)state;
    assert_string_equal(quote_c0("a\tb\nc\x01" "d\x1F" "e\x7F" "f"), "\"a?b?c?d?e?f\"");
    assert_string_equal(quote_c1("a\tb\x7F" "c"), "\"a?b?c\"");
    /* U+0085 (NEL) and U+009F: shown as they are in C0 mode, as '?' with C1. */
    assert_string_equal(quote_c0("a\xC2\x85" "b"), "\"a\xC2\x85" "b\"");
    assert_string_equal(quote_c1("a\xC2\x85" "b\xC2\x9F"), "\"a?b?\"");
    assert_string_equal(quote_c1("\xC2\xA0"), "\"\xC2\xA0\""); /* U+00A0 is no control */
    /* Invalid UTF-8 never reaches a message: one '?' per malformed sequence. */
    assert_string_equal(quote_c0("a\xFF" "b"), "\"a?b\"");
    assert_string_equal(quote_c1("a\xC0\xAF" "b"), "\"a??b\"");      /* overlong: 2 pieces */
    assert_string_equal(quote_c1("a\xED\xA0\x80" "b"), "\"a???b\""); /* encoded surrogate */
    assert_string_equal(quote_c1("a\xE2\x82"), "\"a?\"");            /* truncated at the end */
}

static void test_quote_cut_at_the_limit(void **state)
{
    char buf[JSONGUARD_QUOTE_CAP];
    (void)state;
    /* Exactly JSONGUARD_QUOTE_BYTES fit; one more byte cuts there with "…". */
    assert_int_equal(JSONGUARD_QUOTE_BYTES, 32);
    char *want = cat("\"", run_of('a', 32));
    char *want_full = cat(want, "\"");
    assert_string_equal(quote_c0(run_of('a', 32)), want_full);
    char *want_cut = cat(want, ELLIPSIS "\"");
    assert_string_equal(quote_c0(run_of('a', 33)), want_cut);
    assert_string_equal(quote_c0(run_of('a', 200)), want_cut);
    free(want);
    free(want_full);
    free(want_cut);

    /* A 2-byte character whose second byte would be byte 33: cut before the whole of it. */
    char *s = cat(run_of('a', 31), "\xC3\xA9");
    char *cut = cat("\"", run_of('a', 31));
    char *cut_want = cat(cut, ELLIPSIS "\"");
    assert_string_equal(quote_c0(s), cut_want);
    free(s);
    /* The same character ending exactly at byte 32 fits, and nothing after it does. */
    s = cat(run_of('a', 30), "\xC3\xA9");
    char *fit = cat("\"", s);
    char *fit_want = cat(fit, "\"");
    assert_string_equal(quote_c0(s), fit_want);
    char *s2 = cat(s, "b");
    char *fit_cut = cat(fit, ELLIPSIS "\"");
    assert_string_equal(quote_c0(s2), fit_cut);
    free(s);
    free(s2);
    free(fit);
    free(fit_want);
    free(fit_cut);

    /* A 4-byte character straddling the limit (bytes 30..33) and an escape whose backslash
     * would fit but not the quote it escapes: both cut whole. */
    s = cat(run_of('a', 29), "\xF0\x9F\x98\x80");
    char *cut29 = cat("\"", run_of('a', 29));
    char *cut29_want = cat(cut29, ELLIPSIS "\"");
    assert_string_equal(quote_c0(s), cut29_want);
    free(s);
    s = cat(run_of('a', 31), "\"");
    assert_string_equal(quote_c0(s), cut_want);
    free(s);
    /* A control character takes one byte: '?' as byte 32 still fits. */
    s = cat(run_of('a', 31), "\x01");
    char *q = cat(cut, "?\"");
    assert_string_equal(quote_c0(s), q);
    free(s);
    free(q);
    free(cut29);
    free(cut29_want);
    free(cut);
    free(cut_want);

    /* A small buffer cuts earlier but keeps room for "…", the quote and the NUL. */
    assert_string_equal(jsonguard_quote(buf, 10, "abcdefgh", JSONGUARD_CONTROLS_C0),
                        "\"abcd" ELLIPSIS "\"");
    assert_string_equal(jsonguard_quote(buf, 6, "abc", JSONGUARD_CONTROLS_C0),
                        "\"" ELLIPSIS "\"");
    assert_string_equal(jsonguard_quote(buf, 6, "", JSONGUARD_CONTROLS_C0), "\"\"");
    /* Below the minimum: nothing to quote into, but never an overflow. */
    memset(buf, 'x', sizeof buf);
    assert_string_equal(jsonguard_quote(buf, JSONGUARD_QUOTE_MIN_CAP - 1, "abc",
                                        JSONGUARD_CONTROLS_C0), "");
    assert_int_equal(buf[1], 'x');
    assert_string_equal(jsonguard_quote(NULL, 10, "abc", JSONGUARD_CONTROLS_C0), "");
}

/* Whatever the bytes and the buffer, the result is valid UTF-8 within cap. */
static void test_quote_always_valid(void **state)
{
    static const char *const pieces[] = {"a", "\"", "\\", "\x01", "\x7F", "\xC2\x85",
                                         "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                                         "\xFF", "\xE2\x82", "\x80", "\xED\xA0\x80"};
    unsigned seed = 12345;
    (void)state;
    for (int round = 0; round < 5000; round++) {
        char s[200], buf[64];
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        int parts = (int)(seed >> 16) % 40;
        for (int k = 0; k < parts; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            memcpy(s + n, p, strlen(p));
            n += strlen(p);
        }
        s[n] = '\0';
        size_t cap = JSONGUARD_QUOTE_MIN_CAP + (size_t)round % (sizeof buf - JSONGUARD_QUOTE_MIN_CAP);
        memset(buf, 'x', sizeof buf);
        jsonguard_quote(buf, cap, s, round % 2 ? JSONGUARD_CONTROLS_C0 : JSONGUARD_CONTROLS_C0_C1);
        size_t out = strlen(buf);
        assert_true(out < cap);
        assert_true(out <= JSONGUARD_QUOTE_BYTES + 5);
        assert_true(utf8_valid(buf, out));
        assert_int_equal(buf[0], '"');
        assert_int_equal(buf[out - 1], '"');
        for (size_t i = 0; i < out; i++) assert_false((unsigned char)buf[i] < 0x20);
    }
}

static void test_trim_utf8(void **state)
{
    char s[32];
    (void)state;
    strcpy(s, "abc\xC3");
    jsonguard_trim_utf8(s);
    assert_string_equal(s, "abc");
    strcpy(s, "abc\xE2\x80");
    jsonguard_trim_utf8(s);
    assert_string_equal(s, "abc");
    strcpy(s, "abc\xF0\x9F\x98");
    jsonguard_trim_utf8(s);
    assert_string_equal(s, "abc");
    /* Whole characters stay. */
    strcpy(s, "abc" ELLIPSIS);
    jsonguard_trim_utf8(s);
    assert_string_equal(s, "abc" ELLIPSIS);
    strcpy(s, "\xC3\xA9");
    jsonguard_trim_utf8(s);
    assert_string_equal(s, "\xC3\xA9");
    strcpy(s, "");
    jsonguard_trim_utf8(s);
    assert_string_equal(s, "");
    jsonguard_trim_utf8(NULL);
}

/* ---------------------------------------------------------------- the raw scan */

static void test_scan_clean(void **state)
{
    (void)state;
    expect_clean("{\"a\":[1,2,{\"b\":\"x\"}]}", &line_rules, false);
    expect_clean("{\"a\":\"Cl\xC3\xB4ture \\\" \\\\ \\n \\u00e9\"}", &line_rules, false);
    expect_clean("", &line_rules, false);
    /* Unclosed strings and containers are cJSON's to reject; the scan says so. */
    expect_clean("{\"a\":[1,2", &line_rules, true);
    expect_clean("{\"a\":\"abc", &line_rules, true);
    expect_clean("\"\\\"", &line_rules, true); /* the escaped quote does not close it */
    /* Brackets inside strings do not nest; stray closers do not go below zero. */
    expect_clean("[\"[[[[{{{{\"]", &line_rules, false);
    expect_clean("]]]}}}[", &line_rules, true);
}

static void test_scan_line_breaks(void **state)
{
    (void)state;
    /* Event files: line breaks and tabs between tokens, never raw inside a string. */
    expect_clean("{\n\t\"a\": 1,\r\n\t\"b\": 2\n}\n", &file_rules, false);
    expect_issue("{\"a\":\"x\ny\"}", &file_rules, JSONGUARD_CONTROL, 7, '\n', true);
    expect_issue("{\"a\":\"x\ry\"}", &file_rules, JSONGUARD_CONTROL, 7, '\r', true);
    /* Record lines: a raw line break anywhere is a line break, even in a string. */
    expect_issue("{\"a\":1}\n", &line_rules, JSONGUARD_LINE_BREAK, 7, '\n', false);
    expect_issue("{\"a\":1}\r", &line_rules, JSONGUARD_LINE_BREAK, 7, '\r', false);
    expect_issue("{\"a\":\"x\ny\"}", &line_rules, JSONGUARD_LINE_BREAK, 7, '\n', true);
    /* Tabs between tokens are fine for both. */
    expect_clean("{\t\"a\":\t1}", &line_rules, false);
}

static void test_scan_controls_and_nul(void **state)
{
    static const char nul_in_string[] = "{\"a\":\"x\0y\"}";
    static const char nul_outside[] = "{\0}";
    (void)state;
    expect_issue("{\"a\":\"x\ty\"}", &line_rules, JSONGUARD_CONTROL, 7, '\t', true);
    expect_issue("{\"a\":\"x\ty\"}", &file_rules, JSONGUARD_CONTROL, 7, '\t', true);
    expect_issue("{\"a\":1,\x01\"b\":2}", &line_rules, JSONGUARD_CONTROL, 7, 0x01, false);
    expect_issue("{\x1F}", &file_rules, JSONGUARD_CONTROL, 1, 0x1F, false);
    expect_issue("\x0B", &file_rules, JSONGUARD_CONTROL, 0, 0x0B, false); /* vertical tab */
    /* DEL and C1 are valid JSON in and out of strings: the scan lets them through. */
    expect_clean("{\"a\":\"\x7F\xC2\x85\"}", &line_rules, false);
    /* NUL bytes, counted by the given length, not by strlen. */
    JsonguardScan r = scan_n(nul_in_string, sizeof nul_in_string - 1, &line_rules);
    assert_int_equal(r.issue, JSONGUARD_NUL_BYTE);
    assert_int_equal(r.pos, 7);
    assert_true(r.in_string);
    r = scan_n(nul_outside, sizeof nul_outside - 1, &file_rules);
    assert_int_equal(r.issue, JSONGUARD_NUL_BYTE);
    assert_int_equal(r.pos, 1);
    assert_false(r.in_string);
    /* The first issue wins. */
    expect_issue("[\x01\xFF]", &line_rules, JSONGUARD_CONTROL, 1, 0x01, false);
    expect_issue("[\xFF\x01]", &line_rules, JSONGUARD_INVALID_UTF8, 1, 0xFF, false);
}

static void test_scan_invalid_utf8(void **state)
{
    (void)state;
    expect_issue("{\"a\":\"\xC0\xAF\"}", &line_rules, JSONGUARD_INVALID_UTF8, 6, 0xC0, true);
    expect_issue("{\"a\":\"\x80\"}", &line_rules, JSONGUARD_INVALID_UTF8, 6, 0x80, true);
    expect_issue("{\"a\":\"\xED\xA0\x80\"}", &line_rules, JSONGUARD_INVALID_UTF8, 6, 0xED, true);
    expect_issue("{\"\xC3\xA9\":\"\xE2\x82\"}", &file_rules, JSONGUARD_INVALID_UTF8, 7, 0xE2,
                 true);
    expect_issue("[1]\xF0\x9F\x98", &file_rules, JSONGUARD_INVALID_UTF8, 3, 0xF0, false);
    expect_issue("\xFE", &file_rules, JSONGUARD_INVALID_UTF8, 0, 0xFE, false);
}

static void test_scan_unicode_escapes(void **state)
{
    (void)state;
    expect_clean("[\"\\u00e9\\u00E9\\uFFFF\\u0001\"]", &line_rules, false);
    /* "\u0000" would cut the string in cJSON; the offset is the backslash's. */
    expect_issue("[\"ab\\u0000\"]", &line_rules, JSONGUARD_ESCAPED_NUL, 4, '\\', true);
    /* Fewer than 4 hex digits: in the middle, before the end of the string, at the end. */
    expect_issue("[\"\\u12G4\"]", &line_rules, JSONGUARD_BAD_ESCAPE, 2, '\\', true);
    expect_issue("[\"\\u12\"]", &line_rules, JSONGUARD_BAD_ESCAPE, 2, '\\', true);
    expect_issue("[\"\\u123", &file_rules, JSONGUARD_BAD_ESCAPE, 2, '\\', true);
    expect_issue("[\"\\u", &file_rules, JSONGUARD_BAD_ESCAPE, 2, '\\', true);
    expect_issue("[\"\\u +1234\"]", &file_rules, JSONGUARD_BAD_ESCAPE, 2, '\\', true);
    /* An escaped backslash before "u" is no \u escape. */
    expect_clean("[\"\\\\u12\"]", &line_rules, false);
    /* Outside strings "\u0000" is no escape at all (cJSON rejects the backslash). */
    expect_clean("[\\u0000]", &line_rules, false);
    /* Surrogates: a pair, and lone halves, pass the scan (any 4 hex digits but 0000 do)... */
    expect_clean("[\"\\ud83d\\ude00\"]", &line_rules, false);
    expect_clean("[\"\\uD800\"]", &line_rules, false);
    expect_clean("[\"\\udc00\\ud800\"]", &line_rules, false);
    /* ...and a pair whose low half is "\u0000" is still the NUL escape, at its own offset. */
    expect_issue("[\"\\ud83d\\u0000\"]", &line_rules, JSONGUARD_ESCAPED_NUL, 8, '\\', true);
    expect_issue("[\"\\ud83d\\u00\"]", &line_rules, JSONGUARD_BAD_ESCAPE, 8, '\\', true);
}

/* Pairing surrogates is cJSON's part after the scan: a pair decodes, a lone half fails. */
static cJSON *parse_lit(const char *json, size_t *stop)
{
    return jsonguard_parse(json, strlen(json), stop);
}

static void test_parse_surrogates(void **state)
{
    size_t stop = 99;
    (void)state;
    cJSON *root = parse_lit("[\"\\ud83d\\ude00\"]", &stop);
    assert_non_null(root);
    assert_int_equal(stop, 16);
    assert_string_equal(cJSON_GetArrayItem(root, 0)->valuestring, "\xF0\x9F\x98\x80");
    cJSON_Delete(root);
    assert_null(parse_lit("[\"\\ud800\"]", &stop));
    assert_int_equal(stop, 2); /* at the escape's backslash */
    assert_null(parse_lit("[\"\\udc00\\ud800\"]", &stop));
    assert_int_equal(stop, 2);
}

static void check_depth_limit(const JsonguardRules *rules)
{
    int limit = rules->max_depth;
    /* One below and exactly at the limit pass, complete. */
    for (int depth = limit - 1; depth <= limit; depth++) {
        char *s = nest(depth);
        expect_clean(s, rules, false);
        free(s);
    }
    /* One above: the offending bracket is the (limit+1)-th opener. */
    char *s = nest(limit + 1);
    JsonguardScan r = scan(s, rules);
    assert_int_equal(r.issue, JSONGUARD_TOO_DEEP);
    size_t opener = (size_t)(limit / 2) * 6 + (limit % 2 ? 1 : 0); /* '[' is 1 byte, '{"k":' 5 */
    assert_int_equal(r.pos, opener);
    assert_true(s[r.pos] == '[' || s[r.pos] == '{');
    assert_int_equal(r.byte, (unsigned char)s[r.pos]);
    assert_false(r.in_string);
    free(s);
}

static void test_scan_depth(void **state)
{
    static const JsonguardRules one = {.max_depth = 1, .line_breaks = true, .skip_bom = true};
    (void)state;
    check_depth_limit(&file_rules); /* 64, event files */
    check_depth_limit(&line_rules); /* 16, record lines */
    check_depth_limit(&one);
    /* Siblings at the limit are fine: depth is nesting, not a count of brackets. */
    expect_clean("[1],[2],{\"a\":3}", &one, false);
    expect_issue("[[1]]", &one, JSONGUARD_TOO_DEEP, 1, '[', false);
    /* Closing brackets return the depth. */
    expect_issue("[][][{}][[]]", &one, JSONGUARD_TOO_DEEP, 5, '{', false);
    /* Brackets in strings (including escaped quotes) do not count. */
    expect_clean("[\"\\\"[[[{{{\"]", &one, false);
}

static void test_scan_bom(void **state)
{
    static const char bom_nul[] = "\xEF\xBB\xBF\0";
    (void)state;
    /* Skipped: not scanned, not counted. Not skipped: U+FEFF is valid UTF-8, no issue. */
    expect_clean("\xEF\xBB\xBF{\"a\":1}", &file_rules, false);
    expect_clean("\xEF\xBB\xBF{\"a\":1}", &line_rules, false);
    expect_issue("\xEF\xBB\xBF\x01", &file_rules, JSONGUARD_CONTROL, 3, 0x01, false);
    JsonguardScan r = scan_n(bom_nul, sizeof bom_nul - 1, &file_rules);
    assert_int_equal(r.issue, JSONGUARD_NUL_BYTE);
    assert_int_equal(r.pos, 3);
    /* A partial BOM is just invalid UTF-8. */
    expect_issue("\xEF\xBB", &file_rules, JSONGUARD_INVALID_UTF8, 0, 0xEF, false);
    assert_int_equal(jsonguard_start("\xEF\xBB\xBF{}", 5, &file_rules), 3);
    assert_int_equal(jsonguard_start("\xEF\xBB\xBF{}", 5, &line_rules), 0);
    assert_int_equal(jsonguard_start("\xEF\xBB", 2, &file_rules), 0);
    assert_int_equal(jsonguard_start("", 0, &file_rules), 0);
}

/* ---------------------------------------------------------------- positions and parsing */

static void expect_at(const char *json, size_t pos, const JsonguardRules *rules, size_t line,
                      size_t column)
{
    JsonguardPos at = jsonguard_locate(json, strlen(json), pos, rules);
    assert_int_equal(at.line, line);
    assert_int_equal(at.column, column);
}

static void test_locate(void **state)
{
    const char *text = "{\n  \"a\": 1,\r\n  \"\xC3\xA9\": x\n}";
    (void)state;
    expect_at(text, 0, &file_rules, 1, 1);
    expect_at(text, 1, &file_rules, 1, 2);  /* the '\n' itself ends line 1 */
    expect_at(text, 2, &file_rules, 2, 1);
    expect_at(text, 11, &file_rules, 2, 10); /* '\r' is a column of its line */
    expect_at(text, 13, &file_rules, 3, 1);
    /* After "é" (2 bytes) columns count characters: 'x' is byte 21, column 8. */
    assert_int_equal(text[21], 'x');
    expect_at(text, 21, &file_rules, 3, 8);
    /* An offset inside a character counts that character: "é" is column 4, byte 17 is 5. */
    expect_at(text, 16, &file_rules, 3, 4);
    expect_at(text, 17, &file_rules, 3, 5);
    expect_at(text, 18, &file_rules, 3, 5);
    /* The end, and beyond it, is just past the last character. */
    expect_at(text, strlen(text), &file_rules, 4, 2);
    expect_at(text, 1000, &file_rules, 4, 2);
    /* A skipped BOM is no column; a kept one is one character. */
    expect_at("\xEF\xBB\xBF{x", 4, &file_rules, 1, 2);
    expect_at("\xEF\xBB\xBF{x", 4, &line_rules, 1, 3);
    expect_at("\xF0\x9F\x98\x80\xE2\x82\xAC" "a", 7, &line_rules, 1, 3);
    expect_at("", 0, &line_rules, 1, 1);
}

static void test_skip_space(void **state)
{
    (void)state;
    assert_int_equal(jsonguard_skip_space(" \t\r\n x", 6, 0), 5);
    assert_int_equal(jsonguard_skip_space(" \t\r\n x", 6, 5), 5);
    assert_int_equal(jsonguard_skip_space("   ", 3, 0), 3);
    assert_int_equal(jsonguard_skip_space("   ", 2, 0), 2); /* never past len */
    /* Only JSON's four: not vertical tab, form feed or no-break space. */
    assert_int_equal(jsonguard_skip_space("\x0B", 1, 0), 0);
    assert_int_equal(jsonguard_skip_space("\x0C", 1, 0), 0);
    assert_int_equal(jsonguard_skip_space("\xC2\xA0", 2, 0), 0);
}

static void test_parse_stop(void **state)
{
    size_t stop = 99;
    (void)state;
    /* Success: stop is just after the value; trailing text is the caller's to judge. */
    cJSON *root = parse_lit("{\"a\":1}  x", &stop);
    assert_non_null(root);
    assert_int_equal(stop, 7);
    cJSON_Delete(root);
    /* Only len bytes are parsed. */
    root = jsonguard_parse("[1][2]", 3, &stop);
    assert_non_null(root);
    assert_int_equal(stop, 3);
    cJSON_Delete(root);
    /* Failure: stop is where cJSON gave up. */
    assert_null(parse_lit("{\"v\":1 \"type\":2}", &stop));
    assert_int_equal(stop, 7);
    assert_null(parse_lit("{'v':1}", &stop));
    assert_int_equal(stop, 2);
    assert_null(parse_lit("", &stop));
    assert_int_equal(stop, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_control),
        cmocka_unit_test(test_quote_plain_and_escapes),
        cmocka_unit_test(test_quote_controls_and_invalid_bytes),
        cmocka_unit_test(test_quote_cut_at_the_limit),
        cmocka_unit_test(test_quote_always_valid),
        cmocka_unit_test(test_trim_utf8),
        cmocka_unit_test(test_scan_clean),
        cmocka_unit_test(test_scan_line_breaks),
        cmocka_unit_test(test_scan_controls_and_nul),
        cmocka_unit_test(test_scan_invalid_utf8),
        cmocka_unit_test(test_scan_unicode_escapes),
        cmocka_unit_test(test_parse_surrogates),
        cmocka_unit_test(test_scan_depth),
        cmocka_unit_test(test_scan_bom),
        cmocka_unit_test(test_locate),
        cmocka_unit_test(test_skip_space),
        cmocka_unit_test(test_parse_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
