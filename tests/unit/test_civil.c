/* test_civil.c — unit tests of the small shared rules of core: calendar dates and HTTP dates
 * (core/civil), ASCII classes and digit fields (core/ascii), FNV-1a (core/fnv), the id rule
 * (record_is_id) and the one JSON string writer (jsonguard_write_string). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/ascii.h"
#include "core/civil.h"
#include "core/fnv.h"
#include "core/jsonguard.h"
#include "core/record.h"

static void test_days_in_month_and_leap_years(void **state)
{
    (void)state;
    assert_int_equal(civil_days_in_month(2023, 1), 31);
    assert_int_equal(civil_days_in_month(2023, 4), 30);
    assert_int_equal(civil_days_in_month(2023, 2), 28);
    assert_int_equal(civil_days_in_month(2024, 2), 29);
    assert_int_equal(civil_days_in_month(1900, 2), 28); /* a century is not a leap year ... */
    assert_int_equal(civil_days_in_month(2000, 2), 29); /* ... unless it divides by 400 */
    assert_true(civil_date_valid(2024, 2, 29));
    assert_false(civil_date_valid(2023, 2, 29));
    assert_false(civil_date_valid(2023, 4, 31));
    assert_false(civil_date_valid(2023, 0, 1));
    assert_false(civil_date_valid(2023, 13, 1));
    assert_false(civil_date_valid(2023, 1, 0));
}

static void test_day_numbers_round_trip(void **state)
{
    (void)state;
    assert_int_equal(civil_days_from_date(1970, 1, 1), 0);
    assert_int_equal(civil_days_from_date(1969, 12, 31), -1);
    assert_int_equal(civil_days_from_date(2000, 3, 1), 11017);
    assert_int_equal(civil_days_from_date(1, 1, 1), -719162);
    /* Every day from year 1 to 9999 maps to the next number and back. */
    int64_t expect = civil_days_from_date(1, 1, 1);
    for (int64_t y = 1; y <= 9999; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= civil_days_in_month(y, m); d++, expect++) {
                int64_t n = civil_days_from_date(y, m, d), yy;
                int mm, dd;
                if (n != expect) fail_msg("%lld-%d-%d: %lld, not %lld", (long long)y, m, d, (long long)n, (long long)expect);
                civil_date_from_days(n, &yy, &mm, &dd);
                if (yy != y || mm != m || dd != d) fail_msg("%lld back to %lld-%d-%d", (long long)n, (long long)yy, mm, dd);
            }
}

static void test_http_dates(void **state)
{
    (void)state;
    const char *rfc = "Sun, 06 Nov 1994 08:49:37 GMT"; /* RFC 9110's example */
    assert_int_equal(civil_parse_http_date(rfc, strlen(rfc)), 784111777);
    char out[CIVIL_HTTP_DATE_LEN + 1];
    assert_true(civil_format_http_date(784111777, out));
    assert_string_equal(out, rfc);
    assert_true(civil_format_http_date(0, out));
    assert_string_equal(out, "Thu, 01 Jan 1970 00:00:00 GMT");
    assert_true(civil_format_http_date(951782400, out)); /* a leap day */
    assert_string_equal(out, "Tue, 29 Feb 2000 00:00:00 GMT");
    assert_false(civil_format_http_date(-1, out));
    assert_string_equal(out, "");
    static const char *const bad[] = {
        "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37 GMT ", "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nox 1994 08:49:37 GMT", "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:49:37 GMT",
        "Sun, 06 Nov 1994 08:60:37 GMT", "Sun, 06 Nov 1994 08:49:61 GMT", "Wed, 31 Dec 1969 23:59:59 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT", "", "Sun, 06 Nov 19x4 08:49:37 GMT",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (civil_parse_http_date(bad[i], strlen(bad[i])) != -1) fail_msg("accepted \"%s\"", bad[i]);
    assert_int_equal(civil_parse_http_date(NULL, 29), -1);
}

static void test_ascii_classes_and_digits(void **state)
{
    (void)state;
    int v = -1;
    assert_true(ascii_digits("0123", 4, &v));
    assert_int_equal(v, 123);
    assert_true(ascii_digits("999999999", 9, &v));
    assert_int_equal(v, 999999999);
    assert_false(ascii_digits("12a4", 4, &v));
    assert_false(ascii_digits("12", 4, &v)); /* stops at the NUL */
    assert_false(ascii_digits("-1", 2, &v));
    assert_true(ascii_alnum('z') && ascii_alnum('A') && ascii_alnum('0'));
    assert_false(ascii_alnum('_') || ascii_alnum('\xC3') || ascii_alpha('1') || ascii_digit('a'));
    assert_int_equal(ascii_lower('Q'), 'q');
    assert_int_equal(ascii_lower('?'), '?');
    assert_int_equal(ascii_hex_value('7'), 7);
    assert_int_equal(ascii_hex_value('b'), 11);
    assert_int_equal(ascii_hex_value('F'), 15);
    assert_int_equal(ascii_hex_value('g'), -1);
}

static void test_fnv1a_known_values(void **state)
{
    (void)state;
    /* Reference values of the FNV authors' test suite. */
    assert_int_equal(fnv1a32("", 0, FNV1A32_BASIS), 0x811c9dc5u);
    assert_int_equal(fnv1a32("a", 1, FNV1A32_BASIS), 0xe40c292cu);
    assert_int_equal(fnv1a32("foobar", 6, FNV1A32_BASIS), 0xbf9cf968u);
    assert_true(fnv1a64("", 0) == UINT64_C(0xcbf29ce484222325));
    assert_true(fnv1a64("a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
    assert_true(fnv1a64("foobar", 6) == UINT64_C(0x85944171f73967e8));
    /* Hashing in pieces gives the hash of the whole. */
    assert_int_equal(fnv1a32("bar", 3, fnv1a32("foo", 3, FNV1A32_BASIS)), 0xbf9cf968u);
}

static void test_id_rule(void **state)
{
    (void)state;
    char longest[RECORD_MAX_ID_BYTES + 2];
    memset(longest, 'a', RECORD_MAX_ID_BYTES);
    longest[RECORD_MAX_ID_BYTES] = '\0';
    assert_true(record_is_id(longest));
    assert_true(record_is_id("item-1.b_C"));
    longest[RECORD_MAX_ID_BYTES] = 'a';
    longest[RECORD_MAX_ID_BYTES + 1] = '\0';
    assert_false(record_is_id(longest));
    static const char *const bad[] = {"", "a b", "a/b", "caf\xC3\xA9", "a%2e", "a\tb", "a+b"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (record_is_id(bad[i])) fail_msg("accepted \"%s\"", bad[i]);
}

typedef struct Sink {
    char buf[64];
    size_t len, room;
    int calls;
} Sink;

static bool sink_put(void *ctx, const char *bytes, size_t n)
{
    Sink *s = ctx;
    s->calls++;
    if (n > s->room - s->len) return false;
    memcpy(s->buf + s->len, bytes, n);
    s->len += n;
    return true;
}

static const char *json_of(Sink *s, const char *in, size_t n)
{
    memset(s, 0, sizeof *s);
    s->room = sizeof s->buf - 1;
    assert_true(jsonguard_write_string(in, n, sink_put, s));
    s->buf[s->len] = '\0';
    return s->buf;
}

static void test_json_string_writer(void **state)
{
    (void)state;
    Sink s;
    assert_string_equal(json_of(&s, "plain", 5), "\"plain\"");
    assert_int_equal(s.calls, 3); /* a run that needs no escape goes in one call */
    assert_string_equal(json_of(&s, "a\"b\\c", 5), "\"a\\\"b\\\\c\"");
    assert_string_equal(json_of(&s, "\n\r\t\x01\x1f\x7f", 6), "\"\\n\\r\\t\\u0001\\u001f\\u007f\"");
    assert_string_equal(json_of(&s, "caf\xC3\xA9 \xE2\x82\xAC", 9), "\"caf\xC3\xA9 \xE2\x82\xAC\"");
    assert_string_equal(json_of(&s, "a\xC3" "b\xFF", 4), "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\"");
    assert_string_equal(json_of(&s, "a\0b", 3), "\"a\\u0000b\"");
    assert_string_equal(json_of(&s, "", 0), "\"\"");
    /* A sink that refuses stops the writer at once. */
    memset(&s, 0, sizeof s);
    s.room = 4;
    assert_false(jsonguard_write_string("abcdef", 6, sink_put, &s));
    assert_int_equal(s.calls, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_in_month_and_leap_years),
        cmocka_unit_test(test_day_numbers_round_trip),
        cmocka_unit_test(test_http_dates),
        cmocka_unit_test(test_ascii_classes_and_digits),
        cmocka_unit_test(test_fnv1a_known_values),
        cmocka_unit_test(test_id_rule),
        cmocka_unit_test(test_json_string_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
