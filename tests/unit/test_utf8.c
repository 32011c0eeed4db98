/* test_utf8.c — unit tests of core/utf8: validation, decoding with replacement, encoding.
 * Each case pins one rule of Unicode Table 3-7; none may pass because of a lenient check. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/utf8.h"

#define VALID(lit) utf8_valid(lit, sizeof(lit) - 1)

static void test_valid_sequences(void **state)
{
    (void)state;
    assert_true(utf8_valid("", 0));
    assert_true(utf8_valid(NULL, 0));
    assert_true(VALID("plain ASCII ~"));
    assert_true(VALID("caf\xC3\xA9"));                   /* é, 2 bytes */
    assert_true(VALID("\xE2\x82\xAC"));                  /* €, 3 bytes */
    assert_true(VALID("\xF0\x9F\x98\x80"));              /* 😀, 4 bytes */
    assert_true(VALID("\xC2\x80"));                      /* U+0080, smallest 2-byte */
    assert_true(VALID("\xE0\xA0\x80"));                  /* U+0800, smallest 3-byte */
    assert_true(VALID("\xED\x9F\xBF"));                  /* U+D7FF, just below surrogates */
    assert_true(VALID("\xEE\x80\x80"));                  /* U+E000, just above surrogates */
    assert_true(VALID("\xEF\xBF\xBD"));                  /* U+FFFD itself is fine */
    assert_true(VALID("\xF0\x90\x80\x80"));              /* U+10000 */
    assert_true(VALID("\xF4\x8F\xBF\xBF"));              /* U+10FFFF, the last code point */
    /* Only len bytes are looked at. */
    assert_true(utf8_valid("ab\xFF", 2));
}

static void test_invalid_sequences(void **state)
{
    (void)state;
    /* Overlong forms. */
    assert_false(VALID("\xC0\x80"));
    assert_false(VALID("\xC1\xBF"));
    assert_false(VALID("\xE0\x80\x80"));
    assert_false(VALID("\xE0\x9F\xBF"));
    assert_false(VALID("\xF0\x80\x80\x80"));
    assert_false(VALID("\xF0\x8F\xBF\xBF"));
    /* UTF-16 surrogates encoded in UTF-8. */
    assert_false(VALID("\xED\xA0\x80"));
    assert_false(VALID("\xED\xBF\xBF"));
    assert_false(VALID("\xED\xA0\xBD\xED\xB8\x80")); /* CESU-8 pair */
    /* Beyond U+10FFFF and bytes that never occur. */
    assert_false(VALID("\xF4\x90\x80\x80"));
    assert_false(VALID("\xF5\x80\x80\x80"));
    assert_false(VALID("\xF8\x88\x80\x80\x80"));
    assert_false(VALID("\xFE"));
    assert_false(VALID("\xFF"));
    /* Truncated and stray. */
    assert_false(VALID("\xC3"));
    assert_false(VALID("\xE2\x82"));
    assert_false(VALID("\xF0\x9F\x98"));
    assert_false(VALID("a\xC3z"));
    assert_false(VALID("\x80"));
    assert_false(VALID("\xBF"));
    assert_false(utf8_valid("\xC3\xA9", 1)); /* cut by len */
    /* NUL anywhere. */
    assert_false(utf8_valid("a\0b", 3));
    assert_false(utf8_valid("\0", 1));
}

static void test_decode_advances(void **state)
{
    (void)state;
    const char s[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
    size_t len = sizeof s - 1, i = 0;
    assert_int_equal(utf8_decode(s, len, &i), 'a');
    assert_int_equal(i, 1);
    assert_int_equal(utf8_decode(s, len, &i), 0xE9);
    assert_int_equal(i, 3);
    assert_int_equal(utf8_decode(s, len, &i), 0x20AC);
    assert_int_equal(i, 6);
    assert_int_equal(utf8_decode(s, len, &i), 0x1F600);
    assert_int_equal(i, 10);
    assert_int_equal(i, len);
}

static void test_decode_replaces_malformed(void **state)
{
    (void)state;
    size_t i;

    /* A lead byte followed by ASCII: one replacement, then the ASCII survives. */
    i = 0;
    assert_int_equal(utf8_decode("\xC3(", 2, &i), UTF8_REPLACEMENT);
    assert_int_equal(i, 1);
    assert_int_equal(utf8_decode("\xC3(", 2, &i), '(');

    /* Truncated 3-byte sequence: its valid prefix is consumed as one replacement. */
    i = 0;
    assert_int_equal(utf8_decode("\xE2\x82", 2, &i), UTF8_REPLACEMENT);
    assert_int_equal(i, 2);

    /* Beyond U+10FFFF: F4 90 is already wrong, so each byte is its own replacement. */
    const char big[] = "\xF4\x90\x80\x80";
    size_t n = 0;
    i = 0;
    while (i < 4) {
        size_t before = i;
        assert_int_equal(utf8_decode(big, 4, &i), UTF8_REPLACEMENT);
        assert_true(i > before);
        n++;
    }
    assert_int_equal(n, 4);

    /* Surrogate: three replacements. */
    assert_int_equal(utf8_count("\xED\xA0\x80", 3), 3);

    /* Overlong NUL is never decoded as 0. */
    i = 0;
    assert_int_equal(utf8_decode("\xC0\x80", 2, &i), UTF8_REPLACEMENT);
    assert_int_equal(i, 1);

    /* A real U+FFFD decodes as itself, 3 bytes. */
    i = 0;
    assert_int_equal(utf8_decode("\xEF\xBF\xBD", 3, &i), UTF8_REPLACEMENT);
    assert_int_equal(i, 3);

    /* Decoding NUL is allowed (it is a code point); validation is where it is refused. */
    i = 0;
    assert_int_equal(utf8_decode("\0x", 2, &i), 0);
    assert_int_equal(i, 1);

    /* Outside the precondition: no read, no move. */
    i = 2;
    assert_int_equal(utf8_decode("ab", 2, &i), UTF8_REPLACEMENT);
    assert_int_equal(i, 2);
}

static void test_encode_boundaries(void **state)
{
    (void)state;
    static const struct { uint32_t cp; size_t n; const char *bytes; } cases[] = {
        {0x41, 1, "A"},
        {0x7F, 1, "\x7F"},
        {0x80, 2, "\xC2\x80"},
        {0x7FF, 2, "\xDF\xBF"},
        {0x800, 3, "\xE0\xA0\x80"},
        {0xD7FF, 3, "\xED\x9F\xBF"},
        {0xE000, 3, "\xEE\x80\x80"},
        {0xFFFF, 3, "\xEF\xBF\xBF"},
        {0x10000, 4, "\xF0\x90\x80\x80"},
        {0x10FFFF, 4, "\xF4\x8F\xBF\xBF"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char out[4];
        assert_int_equal(utf8_encode(cases[k].cp, out), cases[k].n);
        assert_memory_equal(out, cases[k].bytes, cases[k].n);
    }
    char out[4];
    assert_int_equal(utf8_encode(0xD800, out), 0);
    assert_int_equal(utf8_encode(0xDFFF, out), 0);
    assert_int_equal(utf8_encode(0x110000, out), 0);
    assert_int_equal(utf8_encode(0xFFFFFFFFu, out), 0);
}

/* Every scalar value: encode, validate, decode back; every surrogate is refused. */
static void test_encode_round_trip_all(void **state)
{
    (void)state;
    size_t encoded = 0;
    for (uint32_t cp = 1; cp <= 0x10FFFF; cp++) {
        char out[4];
        size_t n = utf8_encode(cp, out);
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            assert_int_equal(n, 0);
            continue;
        }
        assert_true(n >= 1 && n <= 4);
        assert_true(utf8_valid(out, n));
        size_t i = 0;
        if (utf8_decode(out, n, &i) != cp || i != n) fail_msg("round trip failed for U+%04X", (unsigned)cp);
        encoded++;
    }
    assert_int_equal(encoded, 0x10FFFF - 0x800);
}

static void test_count(void **state)
{
    (void)state;
    assert_int_equal(utf8_count("", 0), 0);
    assert_int_equal(utf8_count(NULL, 0), 0);
    assert_int_equal(utf8_count("abc", 3), 3);
    const char s[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
    assert_int_equal(utf8_count(s, sizeof s - 1), 4);
    const char fr[] = "Cl\xC3\xB4ture"; /* Clôture */
    assert_int_equal(utf8_count(fr, strlen(fr)), 7);
    /* Invalid input counts one per replacement, as it would be shown. */
    assert_int_equal(utf8_count("a\xFF" "b", 3), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_sequences),
        cmocka_unit_test(test_invalid_sequences),
        cmocka_unit_test(test_decode_advances),
        cmocka_unit_test(test_decode_replaces_malformed),
        cmocka_unit_test(test_encode_boundaries),
        cmocka_unit_test(test_encode_round_trip_all),
        cmocka_unit_test(test_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
