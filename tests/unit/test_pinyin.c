/* test_pinyin.c — the pinyin engine with the real table the web build ships
 * (build/web/pinyin.bin, from Debian's rime-data-pinyin-simp): segmentation, candidates in
 * order, composition editing, paging, and damaged tables refused without a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/devicefile.h"
#include "core/pinyin.h"
#include "test_files.h"

#define TABLE_PATH "build/web/pinyin.bin"

static uint8_t *table_bytes;
static size_t table_len;
static PinyinTable table;
static PinyinInput input;

static int setup(void **state)
{
    (void)state;
    table_bytes = test_read_file(TABLE_PATH, &table_len);
    char err[128];
    if (!pinyin_table_load(&table, table_bytes, table_len, err, sizeof err)) fail_msg("%s: %s", TABLE_PATH, err);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(table_bytes);
    return 0;
}

static void type(const char *letters)
{
    pinyin_input_clear(&input);
    for (const char *p = letters; *p; p++) assert_true(pinyin_input_add(&input, &table, *p));
}

static bool candidate_is(int i, const char *text)
{
    if (i >= input.candidate_count) return false;
    const PinyinCandidate *c = &input.candidates[i];
    return c->len == strlen(text) && memcmp(c->text, text, c->len) == 0;
}

static int find_candidate(const char *text)
{
    for (int i = 0; i < input.candidate_count; i++)
        if (candidate_is(i, text)) return i;
    return -1;
}

static void segments_are(const char *want)
{
    char shown[PINYIN_MAX_LETTERS * 2 + 1];
    pinyin_input_display(&input, shown, sizeof shown);
    assert_string_equal(shown, want);
}

static void test_lianheguo_segments_and_offers_the_phrase_first(void **state)
{
    (void)state;
    type("lianheguo");
    assert_int_equal(input.segment_count, 3);
    segments_are("lian'he'guo");
    assert_true(candidate_is(0, "联合国"));
    /* then the shorter beginnings: 联合 before single characters for "lian" */
    int lianhe = find_candidate("联合"), lian = find_candidate("连");
    assert_true(lianhe > 0);
    assert_true(lian > lianhe);
}

static void test_segmentation_prefers_fewest_syllables(void **state)
{
    (void)state;
    type("xian");
    assert_int_equal(input.segment_count, 1);
    type("zhongguo");
    segments_are("zhong'guo");
    assert_true(candidate_is(0, "中国"));
    /* a separator forces the boundary */
    type("xi'an");
    assert_int_equal(input.segment_count, 2);
    assert_true(find_candidate("西安") >= 0);
}

static void test_single_syllable_most_frequent_first(void **state)
{
    (void)state;
    type("de");
    assert_true(candidate_is(0, "的"));
    for (int i = 1; i < input.candidate_count; i++)
        assert_true(input.candidates[i - 1].weight >= input.candidates[i].weight);
    type("shi");
    assert_true(input.candidate_count > 20);
}

static void test_partial_last_syllable(void **state)
{
    (void)state;
    /* "lianheg": the last letter starts a syllable; 联合国 is already offered */
    type("lianheg");
    assert_int_equal(input.segment_count, 3);
    assert_true(find_candidate("联合国") >= 0);
    assert_true(find_candidate("联合") >= 0);
}

static void test_choose_part_keeps_the_rest_composing(void **state)
{
    (void)state;
    type("lianheguo");
    int i = find_candidate("联合");
    assert_true(i >= 0);
    size_t len;
    const char *text = pinyin_input_choose(&input, &table, i, &len);
    assert_non_null(text);
    assert_int_equal(len, strlen("联合"));
    assert_memory_equal(text, "联合", len);
    assert_string_equal(input.letters, "guo");
    i = find_candidate("国");
    assert_true(i >= 0);
    text = pinyin_input_choose(&input, &table, i, &len);
    assert_memory_equal(text, "国", len);
    assert_false(pinyin_input_active(&input));
    assert_null(pinyin_input_choose(&input, &table, 0, &len));
}

static void test_backspace_edits_the_composition(void **state)
{
    (void)state;
    type("lianheguo");
    assert_true(pinyin_input_backspace(&input, &table));
    assert_true(pinyin_input_backspace(&input, &table));
    assert_string_equal(input.letters, "lianheg");
    while (pinyin_input_backspace(&input, &table)) {}
    assert_false(pinyin_input_active(&input));
    assert_int_equal(input.candidate_count, 0);
    assert_false(pinyin_input_backspace(&input, &table));
}

static void test_bad_letters_and_full_composition(void **state)
{
    (void)state;
    pinyin_input_clear(&input);
    assert_false(pinyin_input_add(&input, &table, '1'));
    assert_false(pinyin_input_add(&input, &table, '\''));  /* nothing to separate yet */
    assert_true(pinyin_input_add(&input, &table, 'N'));   /* upper case is taken as lower */
    assert_string_equal(input.letters, "n");
    for (int i = 1; i < PINYIN_MAX_LETTERS; i++) assert_true(pinyin_input_add(&input, &table, 'a'));
    assert_false(pinyin_input_add(&input, &table, 'a'));
    assert_int_equal(input.len, PINYIN_MAX_LETTERS);
    /* letters that never segment are kept and shown, with no candidate for them */
    type("vvv");
    assert_int_equal(input.candidate_count, 0);
    segments_are("vvv");
}

static void test_paging(void **state)
{
    (void)state;
    type("shi");
    int pages = pinyin_page_count(&input, 8);
    assert_int_equal(pages, (input.candidate_count + 7) / 8);
    assert_int_equal(pinyin_page_count(&input, 0), 0);
    pinyin_input_clear(&input);
    assert_int_equal(pinyin_page_count(&input, 8), 0);
}

/* A table that fails any check is refused with a reason and leaves nothing half-loaded. */
static void refused(const uint8_t *bytes, size_t len, const char *why)
{
    PinyinTable t;
    memset(&t, 0xAB, sizeof t);
    char err[128] = "";
    assert_false(pinyin_table_load(&t, bytes, len, err, sizeof err));
    assert_null(t.keys);
    assert_int_equal(t.key_count, 0);
    if (!strstr(err, why)) fail_msg("expected \"%s\", got \"%s\"", why, err);
}

static void wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

/* Damages a copy, then makes its checksum right again, so that the deeper checks are reached. */
static uint8_t *damaged(size_t at, uint8_t value)
{
    uint8_t *copy = malloc(table_len);
    assert_non_null(copy);
    memcpy(copy, table_bytes, table_len);
    copy[at] = value;
    wr32(copy + 8, devicefile_crc32(0, copy + 12, table_len - 12));
    return copy;
}

static void test_damaged_tables_are_refused(void **state)
{
    (void)state;
    refused(NULL, 0, "too short");
    refused(table_bytes, 16, "too short");
    refused(table_bytes, table_len - 1, "size");
    uint8_t *copy = malloc(table_len);
    memcpy(copy, table_bytes, table_len);
    copy[0] = 'X';
    refused(copy, table_len, "magic");
    memcpy(copy, table_bytes, table_len);
    copy[table_len / 2] ^= 0x40;   /* one flipped bit anywhere */
    refused(copy, table_len, "checksum");
    free(copy);

    uint32_t syllables = (uint32_t)table_bytes[14] | (uint32_t)table_bytes[15] << 8;
    size_t keys_at = 32 + (size_t)syllables * 8;
    uint8_t *d;
    d = damaged(12, 9);                              /* version */
    refused(d, table_len, "version"); free(d);
    d = damaged(32, 'A');                            /* the first syllable's first letter */
    refused(d, table_len, "a-z"); free(d);
    d = damaged(32 + 8, table_bytes[32]);           /* second syllable starts like the first... */
    d[32 + 9] = 0;                                   /* ...and is shorter: out of order */
    for (int i = 10; i < 16; i++) d[32 + i] = 0;
    wr32(d + 8, devicefile_crc32(0, d + 12, table_len - 12));
    refused(d, table_len, "order"); free(d);
    d = damaged(keys_at + 3, 0x7F);                  /* the first key's offset far outside */
    refused(d, table_len, "outside"); free(d);
    d = damaged(keys_at + 6, 0);                     /* a key of no syllables */
    refused(d, table_len, "without"); free(d);
    d = damaged(keys_at + 5, 0x7F);                  /* far more candidates than there are */
    refused(d, table_len, "candidate"); free(d);
    d = damaged(keys_at + 8 + 6, 3);                 /* the second key claims three syllables */
    refused(d, table_len, "syllable"); free(d);
    d = damaged(24, 1);
    refused(d, table_len, "reserved"); free(d);
    /* the candidate bytes of the first key: an invalid UTF-8 lead byte */
    uint32_t keys = (uint32_t)table_bytes[16] | (uint32_t)table_bytes[17] << 8 | (uint32_t)table_bytes[18] << 16;
    size_t data_at = keys_at + (size_t)keys * 8;
    d = damaged(data_at + 2 + 2, 0xFF);
    refused(d, table_len, "UTF-8"); free(d);

    /* an engine with no table offers nothing and crashes on nothing */
    PinyinTable none;
    memset(&none, 0, sizeof none);
    pinyin_input_clear(&input);
    assert_true(pinyin_input_add(&input, &none, 'a'));
    assert_int_equal(input.candidate_count, 0);
    segments_are("a");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lianheguo_segments_and_offers_the_phrase_first),
        cmocka_unit_test(test_segmentation_prefers_fewest_syllables),
        cmocka_unit_test(test_single_syllable_most_frequent_first),
        cmocka_unit_test(test_partial_last_syllable),
        cmocka_unit_test(test_choose_part_keeps_the_rest_composing),
        cmocka_unit_test(test_backspace_edits_the_composition),
        cmocka_unit_test(test_bad_letters_and_full_composition),
        cmocka_unit_test(test_paging),
        cmocka_unit_test(test_damaged_tables_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
