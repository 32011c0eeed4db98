/* test_textedit.c — unit tests of core/textedit: caret, selection, word motion, composition,
 * limits, sanitising and UTF-16 offsets. Every expectation names exact bytes and offsets;
 * after each edit the buffer is checked to be valid UTF-8 with a zeroed tail, never "close". */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/textedit.h"
#include "core/utf8.h"

#define S(lit) lit, sizeof(lit) - 1

#define E_ACUTE "\xC3\xA9"                 /* é, 2 bytes */
#define EURO "\xE2\x82\xAC"                /* €, 3 bytes */
#define GRIN "\xF0\x9F\x98\x80"            /* 😀, 4 bytes */
#define COMB_ACUTE "\xCC\x81"              /* U+0301 combining acute */
#define ZWJ "\xE2\x80\x8D"
#define FAMILY "\xF0\x9F\x91\xA8" ZWJ "\xF0\x9F\x91\xA9" ZWJ "\xF0\x9F\x91\xA7" /* 18 bytes */
#define FLAG_FR "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7"
#define FLAG_DE "\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA"
#define THUMB_TONE "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD" /* 👍🏽 */

/* The stored state must be coherent after every operation, whatever the test checks. */
static void check_invariants(const TextEdit *te)
{
    size_t len;
    const char *v = textedit_value(te, &len);
    assert_true(utf8_valid(v, len));
    assert_int_equal(textedit_count(te), utf8_count(v, len));
    assert_true(textedit_count(te) <= textedit_max_count(te));
    assert_true(len < te->cap);
    for (size_t i = len; i < te->cap; i++) assert_int_equal(v[i], 0);
    size_t caret = textedit_caret(te), anchor = textedit_anchor(te);
    assert_true(caret <= len && anchor <= len);
    assert_true(caret == len || ((unsigned char)v[caret] & 0xC0u) != 0x80u);
    assert_true(anchor == len || ((unsigned char)v[anchor] & 0xC0u) != 0x80u);
}

static void check_value(const TextEdit *te, const char *want)
{
    size_t len;
    const char *v = textedit_value(te, &len);
    check_invariants(te);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(v, want, len);
}

static void check_sel(const TextEdit *te, size_t anchor, size_t caret)
{
    assert_int_equal(textedit_anchor(te), anchor);
    assert_int_equal(textedit_caret(te), caret);
}

static void field(TextEdit *te, char *buf, size_t cap, size_t max, bool multiline, const char *init)
{
    assert_true(textedit_init(te, buf, cap, max, multiline));
    TextEditResult r = textedit_insert(te, init, strlen(init));
    assert_int_equal(r.status, TEXTEDIT_OK);
    check_value(te, init);
}

static void test_init(void **state)
{
    (void)state;
    TextEdit te;
    char buf[16];
    memset(buf, 'x', sizeof buf);
    assert_false(textedit_init(&te, NULL, 16, 10, false));
    assert_false(textedit_init(&te, buf, 0, 10, false));
    assert_false(textedit_init(&te, buf, sizeof buf, 0, false));
    assert_true(textedit_init(&te, buf, sizeof buf, 10, false));
    check_value(&te, ""); /* also checks the whole buffer was zeroed */
    assert_int_equal(textedit_count(&te), 0);
    assert_int_equal(textedit_max_count(&te), 10);
    assert_int_not_equal(textedit_version(&te), 0);
    assert_false(textedit_selection(&te, NULL, NULL));
    assert_false(textedit_composition(&te, NULL, NULL));
}

static void test_insert_multibyte(void **state)
{
    (void)state;
    TextEdit te;
    char buf[64];
    assert_true(textedit_init(&te, buf, sizeof buf, 100, false));
    uint32_t v = textedit_version(&te);
    const char *parts[] = {"a", E_ACUTE, EURO, GRIN};
    size_t carets[] = {1, 3, 6, 10};
    for (int k = 0; k < 4; k++) {
        TextEditResult r = textedit_insert(&te, parts[k], strlen(parts[k]));
        assert_int_equal(r.status, TEXTEDIT_OK);
        assert_int_equal(r.inserted, 1);
        assert_int_equal(r.refused, 0);
        assert_int_not_equal(textedit_version(&te), v);
        v = textedit_version(&te);
        check_sel(&te, carets[k], carets[k]);
    }
    check_value(&te, "a" E_ACUTE EURO GRIN);
    assert_int_equal(textedit_count(&te), 4);
    /* Inserting in the middle keeps the tail intact. */
    assert_true(textedit_select(&te, 3, 3));
    assert_int_equal(textedit_insert(&te, S("[]")).status, TEXTEDIT_OK);
    check_value(&te, "a" E_ACUTE "[]" EURO GRIN);
    check_sel(&te, 5, 5);
}

static void test_move_across_multibyte(void **state)
{
    (void)state;
    TextEdit te;
    char buf[64];
    field(&te, buf, sizeof buf, 100, false, "a" E_ACUTE EURO GRIN);
    size_t back[] = {6, 3, 1, 0};
    for (int k = 0; k < 4; k++) {
        assert_true(textedit_move(&te, TEXTEDIT_PREV_CHAR, false));
        check_sel(&te, back[k], back[k]);
        check_invariants(&te);
    }
    uint32_t v = textedit_version(&te);
    assert_false(textedit_move(&te, TEXTEDIT_PREV_CHAR, false));
    assert_int_equal(textedit_version(&te), v); /* nothing happened, nothing to publish */
    size_t fwd[] = {1, 3, 6, 10};
    for (int k = 0; k < 4; k++) {
        assert_true(textedit_move(&te, TEXTEDIT_NEXT_CHAR, false));
        check_sel(&te, fwd[k], fwd[k]);
    }
    assert_false(textedit_move(&te, TEXTEDIT_NEXT_CHAR, false));
    assert_true(textedit_move(&te, TEXTEDIT_START, false));
    check_sel(&te, 0, 0);
    assert_true(textedit_move(&te, TEXTEDIT_END, false));
    check_sel(&te, 10, 10);
}

static void test_delete_across_multibyte(void **state)
{
    (void)state;
    TextEdit te;
    char buf[64];
    field(&te, buf, sizeof buf, 100, false, "a" E_ACUTE EURO GRIN "b");
    assert_true(textedit_move(&te, TEXTEDIT_PREV_CHAR, false)); /* before b */
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_CHAR));
    check_value(&te, "a" E_ACUTE EURO "b");
    check_sel(&te, 6, 6);
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_CHAR));
    check_value(&te, "a" E_ACUTE "b");
    check_sel(&te, 3, 3);
    assert_true(textedit_move(&te, TEXTEDIT_START, false));
    assert_false(textedit_delete(&te, TEXTEDIT_PREV_CHAR));
    assert_true(textedit_delete(&te, TEXTEDIT_NEXT_CHAR));
    check_value(&te, E_ACUTE "b");
    assert_true(textedit_delete(&te, TEXTEDIT_NEXT_CHAR));
    check_value(&te, "b");
    assert_int_equal(textedit_count(&te), 1);
    assert_true(textedit_move(&te, TEXTEDIT_END, false));
    assert_false(textedit_delete(&te, TEXTEDIT_NEXT_CHAR));
    check_value(&te, "b");
}

static void test_combining_sequence(void **state)
{
    (void)state;
    TextEdit te;
    char buf[64];
    /* "e" + U+0301 is one visible letter in two code points. */
    field(&te, buf, sizeof buf, 100, false, "e" COMB_ACUTE "x");
    assert_int_equal(textedit_count(&te), 3);
    assert_true(textedit_move(&te, TEXTEDIT_PREV_CHAR, false));
    check_sel(&te, 3, 3);
    assert_true(textedit_move(&te, TEXTEDIT_PREV_CHAR, false));
    check_sel(&te, 0, 0); /* over the whole cluster, not to 1 */
    assert_true(textedit_move(&te, TEXTEDIT_NEXT_CHAR, false));
    check_sel(&te, 3, 3);
    /* Backspace removes only the accent, so a wrong accent can be fixed alone. */
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_CHAR));
    check_value(&te, "ex");
    check_sel(&te, 1, 1);
    /* Typing the mark after "e" again, then Delete from the start removes the cluster. */
    assert_int_equal(textedit_insert(&te, S(COMB_ACUTE)).status, TEXTEDIT_OK);
    check_value(&te, "e" COMB_ACUTE "x");
    assert_true(textedit_move(&te, TEXTEDIT_START, false));
    assert_true(textedit_delete(&te, TEXTEDIT_NEXT_CHAR));
    check_value(&te, "x");
    /* A byte offset inside a code point is moved back to its start, never kept. */
    field(&te, buf, sizeof buf, 100, false, "e" COMB_ACUTE GRIN);
    assert_true(textedit_select(&te, 2, 5));
    check_sel(&te, 1, 3);
    assert_true(textedit_select(&te, 99, 99));
    check_sel(&te, 7, 7);
}

static void test_emoji_clusters(void **state)
{
    (void)state;
    TextEdit te;
    char buf[128];
    field(&te, buf, sizeof buf, 100, false, "a" FAMILY);
    assert_int_equal(textedit_count(&te), 6);
    assert_true(textedit_move(&te, TEXTEDIT_PREV_CHAR, false));
    check_sel(&te, 1, 1);
    assert_true(textedit_move(&te, TEXTEDIT_NEXT_CHAR, false));
    check_sel(&te, 19, 19);
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_CHAR)); /* the whole family */
    check_value(&te, "a");

    field(&te, buf, sizeof buf, 100, false, FLAG_FR FLAG_DE);
    assert_true(textedit_move(&te, TEXTEDIT_PREV_CHAR, false));
    check_sel(&te, 8, 8);
    assert_true(textedit_move(&te, TEXTEDIT_PREV_CHAR, false));
    check_sel(&te, 0, 0);
    assert_true(textedit_move(&te, TEXTEDIT_NEXT_CHAR, false));
    check_sel(&te, 8, 8);
    assert_true(textedit_move(&te, TEXTEDIT_END, false));
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_CHAR));
    check_value(&te, FLAG_FR);

    field(&te, buf, sizeof buf, 100, false, "x" THUMB_TONE);
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_CHAR));
    check_value(&te, "x");
}

static void test_word_motion(void **state)
{
    (void)state;
    TextEdit te;
    char buf[128];
    /* h0 ... o4 ,5 _6 w7 ... d11 _12 _13 f14 o15 o16 */
    field(&te, buf, sizeof buf, 100, false, "hello, world  foo");
    size_t back[] = {14, 7, 5, 0};
    for (int k = 0; k < 4; k++) {
        assert_true(textedit_move(&te, TEXTEDIT_PREV_WORD, false));
        check_sel(&te, back[k], back[k]);
    }
    assert_false(textedit_move(&te, TEXTEDIT_PREV_WORD, false));
    size_t fwd[] = {5, 6, 12, 17};
    for (int k = 0; k < 4; k++) {
        assert_true(textedit_move(&te, TEXTEDIT_NEXT_WORD, false));
        check_sel(&te, fwd[k], fwd[k]);
    }

    field(&te, buf, sizeof buf, 100, false, "don't stop");
    assert_true(textedit_move(&te, TEXTEDIT_PREV_WORD, false));
    check_sel(&te, 6, 6);
    assert_true(textedit_move(&te, TEXTEDIT_PREV_WORD, false));
    check_sel(&te, 0, 0);
    assert_true(textedit_move(&te, TEXTEDIT_NEXT_WORD, false));
    check_sel(&te, 5, 5);

    /* c0 a1 f2 é3-4 _5 €6-8 5(9) _10 o11 k12 */
    field(&te, buf, sizeof buf, 100, false, "caf" E_ACUTE " " EURO "5 ok");
    size_t mb[] = {11, 9, 6, 0};
    for (int k = 0; k < 4; k++) {
        assert_true(textedit_move(&te, TEXTEDIT_PREV_WORD, false));
        check_sel(&te, mb[k], mb[k]);
    }
    assert_true(textedit_move(&te, TEXTEDIT_NEXT_WORD, false));
    check_sel(&te, 5, 5);

    /* A line break is a stop of its own. */
    field(&te, buf, sizeof buf, 100, true, "ab\ncd");
    size_t nl[] = {3, 2, 0};
    for (int k = 0; k < 3; k++) {
        assert_true(textedit_move(&te, TEXTEDIT_PREV_WORD, false));
        check_sel(&te, nl[k], nl[k]);
    }
    size_t nlf[] = {2, 3, 5};
    for (int k = 0; k < 3; k++) {
        assert_true(textedit_move(&te, TEXTEDIT_NEXT_WORD, false));
        check_sel(&te, nlf[k], nlf[k]);
    }
    /* Each of two line breaks in a row is its own stop (an empty line is not skipped). */
    field(&te, buf, sizeof buf, 100, true, "ab\n\ncd");
    size_t nn[] = {4, 3, 2, 0};
    for (int k = 0; k < 4; k++) {
        assert_true(textedit_move(&te, TEXTEDIT_PREV_WORD, false));
        check_sel(&te, nn[k], nn[k]);
    }
    size_t nnf[] = {2, 3, 4, 6};
    for (int k = 0; k < 4; k++) {
        assert_true(textedit_move(&te, TEXTEDIT_NEXT_WORD, false));
        check_sel(&te, nnf[k], nnf[k]);
    }

    /* Arabic: letters of 2 bytes, a vowel mark joined to its letter. */
    field(&te, buf, sizeof buf, 100, false,
          "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xD8\xA8\xD9\x8E\xD8\xA7\xD9\x84");
    assert_true(textedit_move(&te, TEXTEDIT_PREV_WORD, false));
    check_sel(&te, 11, 11);
    assert_true(textedit_move(&te, TEXTEDIT_PREV_WORD, false));
    check_sel(&te, 0, 0);
    assert_true(textedit_select(&te, 11, 11));
    assert_true(textedit_move(&te, TEXTEDIT_NEXT_CHAR, false));
    check_sel(&te, 15, 15); /* ba + fatha is one step */
}

static void test_delete_word_backward(void **state)
{
    (void)state;
    TextEdit te;
    char buf[128];
    field(&te, buf, sizeof buf, 100, false, "hello, world");
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_WORD));
    check_value(&te, "hello, ");
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_WORD));
    check_value(&te, "hello");
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_WORD));
    check_value(&te, "");
    assert_false(textedit_delete(&te, TEXTEDIT_PREV_WORD));

    field(&te, buf, sizeof buf, 100, false, "\xC3\x87" "a va?!");
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_WORD));
    check_value(&te, "\xC3\x87" "a va");
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_WORD));
    check_value(&te, "\xC3\x87" "a ");
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_WORD));
    check_value(&te, "");

    /* From the middle of a word, only its first part goes. */
    field(&te, buf, sizeof buf, 100, false, "one two");
    assert_true(textedit_select(&te, 6, 6));
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_WORD));
    check_value(&te, "one o");
    check_sel(&te, 4, 4);
    /* Word delete forward reaches the end of the next word. */
    assert_true(textedit_move(&te, TEXTEDIT_START, false));
    assert_true(textedit_delete(&te, TEXTEDIT_NEXT_WORD));
    check_value(&te, " o");
}

static void test_selection_replace(void **state)
{
    (void)state;
    TextEdit te;
    char buf[64];
    field(&te, buf, sizeof buf, 100, false, "hello world");
    assert_true(textedit_select(&te, 0, 5));
    size_t s, e;
    assert_true(textedit_selection(&te, &s, &e));
    assert_int_equal(s, 0);
    assert_int_equal(e, 5);
    TextEditResult r = textedit_insert(&te, S(EURO));
    assert_int_equal(r.status, TEXTEDIT_OK);
    assert_int_equal(r.inserted, 1);
    check_value(&te, EURO " world");
    check_sel(&te, 3, 3);
    assert_false(textedit_selection(&te, &s, &e));
    /* A backward selection (anchor after caret) is replaced the same way. */
    assert_true(textedit_select(&te, 9, 4));
    assert_true(textedit_selection(&te, &s, &e));
    assert_int_equal(s, 4);
    assert_int_equal(e, 9);
    assert_int_equal(textedit_insert(&te, S(GRIN GRIN)).status, TEXTEDIT_OK);
    check_value(&te, EURO " " GRIN GRIN);
    check_sel(&te, 12, 12);
    /* Delete with a selection removes exactly the selection, whatever the motion. */
    assert_true(textedit_select(&te, 0, 4));
    assert_true(textedit_delete(&te, TEXTEDIT_NEXT_WORD));
    check_value(&te, GRIN GRIN);
    check_sel(&te, 0, 0);
}

static void test_shift_extend(void **state)
{
    (void)state;
    TextEdit te;
    char buf[64];
    field(&te, buf, sizeof buf, 100, false, "abcdef");
    assert_true(textedit_select(&te, 3, 3));
    assert_true(textedit_move(&te, TEXTEDIT_NEXT_CHAR, true));
    assert_true(textedit_move(&te, TEXTEDIT_NEXT_CHAR, true));
    check_sel(&te, 3, 5);
    for (int k = 0; k < 3; k++) assert_true(textedit_move(&te, TEXTEDIT_PREV_CHAR, true));
    check_sel(&te, 3, 2); /* shrank through the anchor and grew the other way */
    size_t s, e;
    assert_true(textedit_selection(&te, &s, &e));
    assert_int_equal(s, 2);
    assert_int_equal(e, 3);
    /* Without Shift, a selection collapses to its edge on the side of the motion. */
    assert_true(textedit_move(&te, TEXTEDIT_NEXT_CHAR, false));
    check_sel(&te, 3, 3);
    assert_true(textedit_select(&te, 2, 4));
    assert_true(textedit_move(&te, TEXTEDIT_PREV_CHAR, false));
    check_sel(&te, 2, 2);
    /* Extend by word and to the ends. */
    field(&te, buf, sizeof buf, 100, false, "one two three");
    assert_true(textedit_move(&te, TEXTEDIT_PREV_WORD, true));
    check_sel(&te, 13, 8);
    assert_true(textedit_move(&te, TEXTEDIT_PREV_WORD, true));
    check_sel(&te, 13, 4);
    assert_true(textedit_move(&te, TEXTEDIT_START, true));
    check_sel(&te, 13, 0);
    /* Word motion without Shift continues from the selection's edge. */
    assert_true(textedit_select(&te, 4, 7));
    assert_true(textedit_move(&te, TEXTEDIT_PREV_WORD, false));
    check_sel(&te, 0, 0);
    assert_true(textedit_select(&te, 7, 4));
    assert_true(textedit_move(&te, TEXTEDIT_NEXT_WORD, false));
    check_sel(&te, 13, 13);
    /* Extending over multi-byte characters. */
    field(&te, buf, sizeof buf, 100, false, E_ACUTE EURO);
    assert_true(textedit_move(&te, TEXTEDIT_PREV_CHAR, true));
    check_sel(&te, 5, 2);
    assert_true(textedit_move(&te, TEXTEDIT_PREV_CHAR, true));
    check_sel(&te, 5, 0);
    assert_true(textedit_move(&te, TEXTEDIT_NEXT_CHAR, true));
    check_sel(&te, 5, 2);
}

static void test_select_all_and_type(void **state)
{
    (void)state;
    TextEdit te;
    char buf[64];
    field(&te, buf, sizeof buf, 100, false, "some " GRIN " text");
    textedit_select_all(&te);
    check_sel(&te, 0, 14);
    assert_int_equal(textedit_insert(&te, S("X")).status, TEXTEDIT_OK);
    check_value(&te, "X");
    check_sel(&te, 1, 1);
    textedit_select_all(&te);
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_CHAR));
    check_value(&te, "");
}

static void test_composition_update_commit(void **state)
{
    (void)state;
    TextEdit te;
    char buf[64];
    size_t s, e;
    field(&te, buf, sizeof buf, 100, false, "ab");
    assert_true(textedit_select(&te, 1, 1));
    uint32_t v = textedit_version(&te);
    assert_int_equal(textedit_composition_set(&te, S("k")).status, TEXTEDIT_OK);
    check_value(&te, "akb");
    assert_true(textedit_composition(&te, &s, &e));
    assert_int_equal(s, 1);
    assert_int_equal(e, 2);
    assert_int_not_equal(textedit_version(&te), v);
    v = textedit_version(&te);
    assert_int_equal(textedit_composition_set(&te, S("\xE3\x81\x8B")).status, TEXTEDIT_OK); /* か */
    check_value(&te, "a\xE3\x81\x8B" "b");
    assert_true(textedit_composition(&te, &s, &e));
    assert_int_equal(e, 4);
    check_sel(&te, 4, 4);
    assert_int_not_equal(textedit_version(&te), v);
    TextEditResult r = textedit_composition_set(&te, S("\xE6\xBC\xA2\xE5\xAD\x97")); /* 漢字 */
    assert_int_equal(r.inserted, 2);
    check_value(&te, "a\xE6\xBC\xA2\xE5\xAD\x97" "b");
    assert_true(textedit_composition(&te, &s, &e));
    assert_int_equal(s, 1);
    assert_int_equal(e, 7);
    v = textedit_version(&te);
    textedit_composition_commit(&te);
    assert_false(textedit_composition(&te, NULL, NULL));
    assert_int_not_equal(textedit_version(&te), v);
    check_value(&te, "a\xE6\xBC\xA2\xE5\xAD\x97" "b");
    check_sel(&te, 7, 7);
    /* Commit and cancel without a composition do nothing. */
    v = textedit_version(&te);
    textedit_composition_commit(&te);
    textedit_composition_cancel(&te);
    assert_int_equal(textedit_version(&te), v);
    check_value(&te, "a\xE6\xBC\xA2\xE5\xAD\x97" "b");
}

static void test_composition_cancel(void **state)
{
    (void)state;
    TextEdit te;
    char buf[64];
    field(&te, buf, sizeof buf, 100, false, "hello");
    assert_int_equal(textedit_composition_set(&te, S("\xE3\x81\xAB")).status, TEXTEDIT_OK);
    assert_int_equal(textedit_composition_set(&te, S("\xE3\x81\xAB\xE3\x81\xBB")).status, TEXTEDIT_OK);
    check_value(&te, "hello\xE3\x81\xAB\xE3\x81\xBB");
    textedit_composition_cancel(&te);
    check_value(&te, "hello");
    check_sel(&te, 5, 5);
    assert_false(textedit_composition(&te, NULL, NULL));
    /* An empty pre-edit keeps composing with an empty range. */
    assert_int_equal(textedit_composition_set(&te, S("x")).status, TEXTEDIT_OK);
    assert_int_equal(textedit_composition_set(&te, "", 0).status, TEXTEDIT_OK);
    size_t s, e;
    assert_true(textedit_composition(&te, &s, &e));
    assert_int_equal(s, 5);
    assert_int_equal(e, 5);
    check_value(&te, "hello");
    textedit_composition_cancel(&te);
    /* A composition over a selection replaces it from the first pre-edit (as browsers do). */
    field(&te, buf, sizeof buf, 100, false, "abc");
    assert_true(textedit_select(&te, 1, 2));
    assert_int_equal(textedit_composition_set(&te, S("x")).status, TEXTEDIT_OK);
    check_value(&te, "axc");
    textedit_composition_cancel(&te);
    check_value(&te, "ac");
    check_sel(&te, 1, 1);
    /* Invalid pre-edit changes nothing, composition included. */
    assert_int_equal(textedit_composition_set(&te, S("y")).status, TEXTEDIT_OK);
    uint32_t v = textedit_version(&te);
    assert_int_equal(textedit_composition_set(&te, S("\xFF")).status, TEXTEDIT_INVALID);
    assert_int_equal(textedit_version(&te), v);
    check_value(&te, "ayc");
    assert_true(textedit_composition(&te, &s, &e));
    assert_int_equal(s, 1);
    assert_int_equal(e, 2);
}

static void test_composition_ended_by_other_edits(void **state)
{
    (void)state;
    TextEdit te;
    char buf[64];
    field(&te, buf, sizeof buf, 100, false, "");
    assert_int_equal(textedit_composition_set(&te, S("\xE3\x81\xAB")).status, TEXTEDIT_OK);
    assert_int_equal(textedit_insert(&te, S("!")).status, TEXTEDIT_OK);
    assert_false(textedit_composition(&te, NULL, NULL));
    check_value(&te, "\xE3\x81\xAB!");
    assert_int_equal(textedit_composition_set(&te, S("a")).status, TEXTEDIT_OK);
    uint32_t v = textedit_version(&te);
    assert_false(textedit_move(&te, TEXTEDIT_END, false)); /* caret already there... */
    assert_false(textedit_composition(&te, NULL, NULL));   /* ...but the composition ended */
    assert_int_not_equal(textedit_version(&te), v);
    check_value(&te, "\xE3\x81\xAB!a");
    assert_int_equal(textedit_composition_set(&te, S("b")).status, TEXTEDIT_OK);
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_CHAR)); /* deletes the committed "b" */
    assert_false(textedit_composition(&te, NULL, NULL));
    check_value(&te, "\xE3\x81\xAB!a");
}

/* Fills out with n copies of unit and returns the byte length. */
static size_t repeat(char *out, const char *unit, size_t n)
{
    size_t u = strlen(unit);
    for (size_t k = 0; k < n; k++) memcpy(out + k * u, unit, u);
    return n * u;
}

static void test_limit_4000(void **state)
{
    (void)state;
    static char buf[TEXTEDIT_BUF_BYTES(4000)];
    static char src[4001 * 4];
    TextEdit te;
    assert_true(textedit_init(&te, buf, sizeof buf, 4000, true));
    size_t n = repeat(src, EURO, 3999);
    TextEditResult r = textedit_insert(&te, src, n);
    assert_int_equal(r.status, TEXTEDIT_OK);
    assert_int_equal(r.inserted, 3999);
    r = textedit_insert(&te, S(GRIN)); /* the 4000th, 4 bytes */
    assert_int_equal(r.status, TEXTEDIT_OK);
    assert_int_equal(r.inserted, 1);
    assert_int_equal(textedit_count(&te), 4000);
    assert_false(textedit_refused(&te));
    check_invariants(&te);
    uint32_t v = textedit_version(&te);
    r = textedit_insert(&te, S("a")); /* the 4001st is refused, nothing changes */
    assert_int_equal(r.status, TEXTEDIT_LIMITED);
    assert_int_equal(r.inserted, 0);
    assert_int_equal(r.refused, 1);
    assert_int_equal(textedit_count(&te), 4000);
    assert_true(textedit_refused(&te));
    assert_int_not_equal(textedit_version(&te), v); /* so the UI re-publishes what it kept */
    size_t len;
    const char *val = textedit_value(&te, &len);
    assert_int_equal(len, 3999 * 3 + 4);
    assert_memory_equal(val + len - 4, GRIN, 4);
    check_sel(&te, len, len);
    /* Replacing a selection frees room, but three letters for two are still one too many:
     * none of them goes in and the selection stays. */
    assert_true(textedit_select(&te, 0, 6));
    r = textedit_insert(&te, S("xyz"));
    assert_int_equal(r.status, TEXTEDIT_LIMITED);
    assert_int_equal(r.inserted, 0);
    assert_int_equal(r.refused, 3);
    assert_memory_equal(textedit_value(&te, NULL), EURO EURO, 6);
    check_sel(&te, 0, 6);
    r = textedit_insert(&te, S("xy"));
    assert_int_equal(r.status, TEXTEDIT_OK);
    assert_memory_equal(textedit_value(&te, NULL), "xy" EURO, 5);
    assert_int_equal(textedit_count(&te), 4000);
    assert_false(textedit_refused(&te)); /* the value changed: the message goes */
    check_invariants(&te);

    /* One paste of 4001 two-byte characters is refused whole: never 4000 of them. */
    textedit_clear(&te);
    n = repeat(src, E_ACUTE, 4001);
    r = textedit_insert(&te, src, n);
    assert_int_equal(r.status, TEXTEDIT_LIMITED);
    assert_int_equal(r.inserted, 0);
    assert_int_equal(r.refused, 4001);
    check_value(&te, "");
    check_sel(&te, 0, 0);
    /* 4000 of them fit, and so do exactly 4000 four-byte characters in the default buffer. */
    r = textedit_insert(&te, src, n - 2);
    assert_int_equal(r.status, TEXTEDIT_OK);
    assert_int_equal(r.inserted, 4000);
    textedit_clear(&te);
    n = repeat(src, GRIN, 4000);
    r = textedit_insert(&te, src, n);
    assert_int_equal(r.status, TEXTEDIT_OK);
    assert_int_equal(r.inserted, 4000);
    check_invariants(&te);
}

static void test_limit_refuses_whole(void **state)
{
    (void)state;
    TextEdit te;
    char buf[64];
    assert_true(textedit_init(&te, buf, sizeof buf, 5, false));
    TextEditResult r = textedit_insert(&te, S("abcde" COMB_ACUTE "f"));
    assert_int_equal(r.status, TEXTEDIT_LIMITED);
    assert_int_equal(r.inserted, 0);
    assert_int_equal(r.refused, 7);
    check_value(&te, "");
    assert_int_equal(textedit_insert(&te, S("abc")).status, TEXTEDIT_OK);
    /* a letter and its accent are two characters: both or neither */
    r = textedit_insert(&te, S("de" COMB_ACUTE));
    assert_int_equal(r.status, TEXTEDIT_LIMITED);
    check_value(&te, "abc");
    check_sel(&te, 3, 3);
    r = textedit_insert(&te, S("d" THUMB_TONE));
    assert_int_equal(r.status, TEXTEDIT_LIMITED);
    check_value(&te, "abc");
    assert_int_equal(textedit_insert(&te, S(THUMB_TONE)).status, TEXTEDIT_OK);
    check_value(&te, "abc" THUMB_TONE);
    /* A refused composition leaves the composition as it was; a refused value from the DOM
     * leaves value, caret and composition alike. */
    textedit_clear(&te);
    assert_int_equal(textedit_insert(&te, S("ab")).status, TEXTEDIT_OK);
    assert_int_equal(textedit_composition_set(&te, S("n")).status, TEXTEDIT_OK);
    r = textedit_composition_set(&te, S("niha"));
    assert_int_equal(r.status, TEXTEDIT_LIMITED);
    size_t c0, c1;
    assert_true(textedit_composition(&te, &c0, &c1));
    assert_int_equal(c0, 2);
    assert_int_equal(c1, 3);
    check_value(&te, "abn");
    assert_true(textedit_refused(&te));
    r = textedit_set_value(&te, S("abcdef"), 1, 1);
    assert_int_equal(r.status, TEXTEDIT_LIMITED);
    check_value(&te, "abn");
    check_sel(&te, 3, 3);
    assert_true(textedit_composition(&te, NULL, NULL));
    /* Backspace changes the value: the refusal is over. So does a clear. */
    assert_int_equal(textedit_composition_set(&te, S("ni")).status, TEXTEDIT_OK);
    assert_false(textedit_refused(&te));
    textedit_composition_commit(&te);
    textedit_mark_refused(&te);
    assert_true(textedit_refused(&te));
    assert_true(textedit_move(&te, TEXTEDIT_START, false));
    assert_true(textedit_refused(&te)); /* moving the caret is no change of value */
    assert_true(textedit_delete(&te, TEXTEDIT_NEXT_CHAR));
    assert_false(textedit_refused(&te));
    textedit_mark_refused(&te);
    uint32_t v = textedit_version(&te);
    textedit_clear(&te);
    assert_false(textedit_refused(&te));
    assert_int_not_equal(textedit_version(&te), v);
}

static void test_byte_capacity(void **state)
{
    (void)state;
    TextEdit te;
    char buf[8]; /* 7 bytes of text + NUL */
    assert_true(textedit_init(&te, buf, sizeof buf, 100, false));
    TextEditResult r = textedit_insert(&te, S(GRIN GRIN));
    assert_int_equal(r.status, TEXTEDIT_LIMITED);
    assert_int_equal(r.inserted, 0);
    assert_int_equal(r.refused, 2);
    check_value(&te, "");
    assert_int_equal(textedit_insert(&te, S(GRIN)).status, TEXTEDIT_OK);
    r = textedit_insert(&te, S(EURO "a"));
    assert_int_equal(r.status, TEXTEDIT_LIMITED);
    check_value(&te, GRIN);
    assert_int_equal(textedit_insert(&te, S(EURO)).status, TEXTEDIT_OK);
    r = textedit_insert(&te, S("a"));
    assert_int_equal(r.status, TEXTEDIT_LIMITED);
    assert_int_equal(r.inserted, 0);
    check_value(&te, GRIN EURO);
    assert_int_equal(buf[7], '\0');
    /* A 2-byte character does not fit into 1 free byte: not half of it either. */
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_CHAR));
    assert_int_equal(textedit_insert(&te, S("ab")).status, TEXTEDIT_OK);
    r = textedit_insert(&te, S(E_ACUTE));
    assert_int_equal(r.status, TEXTEDIT_LIMITED);
    assert_int_equal(r.inserted, 0);
    r = textedit_insert(&te, S("c"));
    assert_int_equal(r.status, TEXTEDIT_OK);
    check_value(&te, GRIN "abc");
}

static void test_paste_line_endings(void **state)
{
    (void)state;
    TextEdit te;
    char buf[64];
    assert_true(textedit_init(&te, buf, sizeof buf, 100, true));
    TextEditResult r = textedit_insert(&te, S("a\r\nb\rc\nd\r\n\r\ne"));
    assert_int_equal(r.status, TEXTEDIT_OK);
    assert_int_equal(r.inserted, 10);
    assert_int_equal(r.dropped, 0);
    check_value(&te, "a\nb\nc\nd\n\ne");
    textedit_clear(&te);
    r = textedit_insert(&te, S("x\xE2\x80\xA8y\ttab")); /* U+2028 line separator, tab */
    check_value(&te, "x\ny tab");

    assert_true(textedit_init(&te, buf, sizeof buf, 100, false));
    r = textedit_insert(&te, S("a\r\nb\rc\nd"));
    assert_int_equal(r.status, TEXTEDIT_OK);
    check_value(&te, "a b c d");
    /* CR LF counts as one character against the limit. */
    assert_true(textedit_init(&te, buf, sizeof buf, 3, true));
    r = textedit_insert(&te, S("a\r\nb\r\n"));
    assert_int_equal(r.status, TEXTEDIT_LIMITED);
    assert_int_equal(r.inserted, 0);
    assert_int_equal(r.refused, 4);
    check_value(&te, "");
    r = textedit_insert(&te, S("a\r\nb"));
    assert_int_equal(r.status, TEXTEDIT_OK);
    check_value(&te, "a\nb");
}

static void test_control_characters(void **state)
{
    (void)state;
    TextEdit te;
    char buf[64];
    assert_true(textedit_init(&te, buf, sizeof buf, 100, false));
    /* BEL, ESC (of an ANSI sequence), DEL, C1 U+0090, NUL inside an explicit length. */
    const char in[] = "a\x07" "b\x1b[0mc\x7f" "d\xC2\x90" "e\0f";
    TextEditResult r = textedit_insert(&te, in, sizeof in - 1);
    assert_int_equal(r.status, TEXTEDIT_OK);
    assert_int_equal(r.dropped, 5);
    assert_int_equal(r.inserted, 9);
    check_value(&te, "ab[0mcdef");
    /* Only control characters over a selection: the selection is replaced by nothing. */
    textedit_select_all(&te);
    r = textedit_insert(&te, S("\x01\x02"));
    assert_int_equal(r.status, TEXTEDIT_OK);
    assert_int_equal(r.dropped, 2);
    assert_int_equal(r.inserted, 0);
    check_value(&te, "");
    /* '\n' is a control character too in a single-line field, but it becomes a space. */
    r = textedit_insert(&te, S("a\nb"));
    check_value(&te, "a b");
    assert_true(textedit_init(&te, buf, sizeof buf, 100, true));
    r = textedit_insert(&te, S("a\nb\x0b" "c\x0c"));
    assert_int_equal(r.dropped, 2);
    check_value(&te, "a\nbc");
}

static void test_invalid_utf8_refused(void **state)
{
    (void)state;
    TextEdit te;
    char buf[64];
    field(&te, buf, sizeof buf, 100, false, "keep");
    assert_true(textedit_select(&te, 1, 3));
    uint32_t v = textedit_version(&te);
    const char *bad[] = {"\xC3", "ok\xC3(", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                         "\x80", "\xFF", "\xE2\x82"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        TextEditResult r = textedit_insert(&te, bad[k], strlen(bad[k]));
        assert_int_equal(r.status, TEXTEDIT_INVALID);
        assert_int_equal(r.inserted, 0);
        r = textedit_set_value(&te, bad[k], strlen(bad[k]), 0, 0);
        assert_int_equal(r.status, TEXTEDIT_INVALID);
    }
    assert_int_equal(textedit_insert(&te, NULL, 3).status, TEXTEDIT_INVALID);
    /* Text pointing into the field's own buffer would be overwritten while copied. */
    const char *own = textedit_value(&te, NULL);
    assert_int_equal(textedit_insert(&te, own, 2).status, TEXTEDIT_INVALID);
    check_value(&te, "keep");
    check_sel(&te, 1, 3);
    assert_int_equal(textedit_version(&te), v);
    /* NULL with length 0 is just an empty insertion: the selection goes. */
    assert_int_equal(textedit_insert(&te, NULL, 0).status, TEXTEDIT_OK);
    check_value(&te, "kp");
}

static void test_utf16_offsets(void **state)
{
    (void)state;
    /* a(0) 😀(1..4) é(5..6) €(7..9) b(10); UTF-16: a0 😀1-2 é3 €4 b5, end 6 */
    const char s[] = "a" GRIN E_ACUTE EURO "b";
    size_t len = sizeof s - 1;
    size_t bytes[] = {0, 1, 5, 7, 10, 11};
    size_t units[] = {0, 1, 3, 4, 5, 6};
    for (int k = 0; k < 6; k++) {
        assert_int_equal(textedit_byte_to_utf16(s, len, bytes[k]), units[k]);
        assert_int_equal(textedit_utf16_to_byte(s, len, units[k]), bytes[k]);
    }
    assert_int_equal(textedit_utf16_to_byte(s, len, 2), 1);  /* between the surrogate halves */
    assert_int_equal(textedit_byte_to_utf16(s, len, 3), 1);  /* inside the emoji's bytes */
    assert_int_equal(textedit_byte_to_utf16(s, len, 6), 3);  /* inside é */
    assert_int_equal(textedit_utf16_to_byte(s, len, 99), len);
    assert_int_equal(textedit_byte_to_utf16(s, len, 99), 6);
    assert_int_equal(textedit_utf16_to_byte(NULL, 0, 5), 0);
    assert_int_equal(textedit_byte_to_utf16("", 0, 5), 0);
    /* Two emoji in a row: each is two units. */
    assert_int_equal(textedit_utf16_to_byte(GRIN GRIN, 8, 2), 4);
    assert_int_equal(textedit_utf16_to_byte(GRIN GRIN, 8, 3), 4);
    assert_int_equal(textedit_byte_to_utf16(GRIN GRIN, 8, 8), 4);
}

static void test_set_value_from_dom(void **state)
{
    (void)state;
    TextEdit te;
    char buf[64];
    assert_true(textedit_init(&te, buf, sizeof buf, 100, false));
    /* Z0 o1 ë2-3 _4 😀5-8 _9 o10 k11; UTF-16: Z0 o1 ë2 _3 😀4-5 _6 o7 k8 */
    const char dom[] = "Zo\xC3\xAB " GRIN " ok";
    uint32_t v = textedit_version(&te);
    TextEditResult r = textedit_set_value(&te, dom, sizeof dom - 1, 4, 6);
    assert_int_equal(r.status, TEXTEDIT_OK);
    assert_int_equal(r.inserted, 8);
    check_value(&te, dom);
    check_sel(&te, 5, 9);
    assert_int_equal(textedit_count(&te), 8);
    assert_int_not_equal(textedit_version(&te), v);
    /* The same value and selection again: nothing to re-publish. */
    v = textedit_version(&te);
    r = textedit_set_value(&te, dom, sizeof dom - 1, 4, 6);
    assert_int_equal(r.status, TEXTEDIT_OK);
    assert_int_equal(textedit_version(&te), v);
    /* selectionDirection "backward": anchor at the end, caret at the start. */
    textedit_set_value(&te, dom, sizeof dom - 1, 6, 4);
    check_sel(&te, 9, 5);
    assert_int_not_equal(textedit_version(&te), v);
    /* Between surrogate halves and past the end. */
    textedit_set_value(&te, dom, sizeof dom - 1, 5, 50);
    check_sel(&te, 5, 12);
    /* A shorter value from the DOM: the stale tail is wiped. */
    textedit_set_value(&te, S("Zo"), 2, 2);
    check_value(&te, "Zo");
    check_sel(&te, 2, 2);
    textedit_set_value(&te, "", 0, 0, 0);
    check_value(&te, "");
}

static void test_set_value_sanitises(void **state)
{
    (void)state;
    TextEdit te;
    char buf[64];
    assert_true(textedit_init(&te, buf, sizeof buf, 5, false));
    TextEditResult r = textedit_set_value(&te, S("ab\r\ncdefg"), 9, 9);
    assert_int_equal(r.status, TEXTEDIT_LIMITED);
    assert_int_equal(r.inserted, 0);
    assert_int_equal(r.refused, 8);
    check_value(&te, "");
    check_sel(&te, 0, 0);
    r = textedit_set_value(&te, S("ab\r\ncd"), 6, 6);
    assert_int_equal(r.status, TEXTEDIT_OK);
    check_value(&te, "ab cd");
    check_sel(&te, 5, 5);
    uint32_t v = textedit_version(&te);
    r = textedit_set_value(&te, S("ab cd"), 5, 5); /* the re-published value comes back */
    assert_int_equal(r.status, TEXTEDIT_OK);
    assert_int_equal(textedit_version(&te), v);
    /* Offsets are mapped through CR LF folding: u16 3 is before "b". */
    assert_true(textedit_init(&te, buf, sizeof buf, 100, true));
    textedit_set_value(&te, S("a\r\nb"), 3, 3);
    check_value(&te, "a\nb");
    check_sel(&te, 2, 2);
    /* Offsets after dropped control characters move with the text. */
    textedit_set_value(&te, S("\x01\x02xy"), 4, 3);
    check_value(&te, "xy");
    check_sel(&te, 2, 1);
    /* set_value ends a composition (the DOM owns it then). */
    assert_int_equal(textedit_composition_set(&te, S("z")).status, TEXTEDIT_OK);
    textedit_set_value(&te, S("xyz"), 3, 3);
    assert_false(textedit_composition(&te, NULL, NULL));
    check_value(&te, "xyz");
}

static void test_clear_wipes(void **state)
{
    (void)state;
    TextEdit te;
    char buf[32];
    field(&te, buf, sizeof buf, 100, true, "secret " GRIN " name");
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_WORD));
    check_value(&te, "secret " GRIN " "); /* check_invariants: the deleted tail is zero */
    uint32_t v = textedit_version(&te);
    textedit_clear(&te);
    assert_int_not_equal(textedit_version(&te), v);
    for (size_t i = 0; i < sizeof buf; i++) assert_int_equal(buf[i], 0);
    check_value(&te, "");
    check_sel(&te, 0, 0);
    v = textedit_version(&te);
    textedit_clear(&te);
    assert_int_equal(textedit_version(&te), v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_insert_multibyte),
        cmocka_unit_test(test_move_across_multibyte),
        cmocka_unit_test(test_delete_across_multibyte),
        cmocka_unit_test(test_combining_sequence),
        cmocka_unit_test(test_emoji_clusters),
        cmocka_unit_test(test_word_motion),
        cmocka_unit_test(test_delete_word_backward),
        cmocka_unit_test(test_selection_replace),
        cmocka_unit_test(test_shift_extend),
        cmocka_unit_test(test_select_all_and_type),
        cmocka_unit_test(test_composition_update_commit),
        cmocka_unit_test(test_composition_cancel),
        cmocka_unit_test(test_composition_ended_by_other_edits),
        cmocka_unit_test(test_limit_4000),
        cmocka_unit_test(test_limit_refuses_whole),
        cmocka_unit_test(test_byte_capacity),
        cmocka_unit_test(test_paste_line_endings),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_invalid_utf8_refused),
        cmocka_unit_test(test_utf16_offsets),
        cmocka_unit_test(test_set_value_from_dom),
        cmocka_unit_test(test_set_value_sanitises),
        cmocka_unit_test(test_clear_wipes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
