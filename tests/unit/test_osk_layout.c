/* test_osk_layout.c — the on-screen keyboard's layouts: well-formed, every letter the issue's
 * languages need reachable (on a layer or by shift), shift and alternates, and the globe
 * key's order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/osk_layout.h"
#include "core/utf8.h"

/* Whether some key of the layout types s, on any layer, with or without shift. */
static bool reachable(OskLayout layout, const char *s)
{
    char out[32];
    for (int layer = 0; layer < OSK_LAYER_COUNT; layer++) {
        const OskPlane *p = osk_plane(layout, (OskLayer)layer);
        if (!p) continue;
        for (int r = 0; r < OSK_ROWS; r++)
            for (int k = 0; k < p->rows[r].count; k++)
                for (int shift = 0; shift <= 1; shift++) {
                    osk_key_output(&p->rows[r].keys[k], shift, out, sizeof out);
                    if (strcmp(out, s) == 0) return true;
                }
        if (strcmp(p->comma, s) == 0 || strcmp(p->stop, s) == 0) return true;
    }
    return false;
}

static void test_planes_are_well_formed(void **state)
{
    (void)state;
    for (int l = 0; l < OSK_LAYOUT_COUNT; l++) {
        assert_non_null(osk_plane((OskLayout)l, OSK_LAYER_LETTERS));
        assert_non_null(osk_plane((OskLayout)l, OSK_LAYER_SYMBOLS));
        for (int layer = 0; layer < OSK_LAYER_COUNT; layer++) {
            const OskPlane *p = osk_plane((OskLayout)l, (OskLayer)layer);
            if (!p) continue;
            int backspaces = 0;
            for (int r = 0; r < OSK_ROWS; r++) {
                assert_in_range(p->rows[r].count, 9, OSK_ROW_KEYS);
                for (int k = 0; k < p->rows[r].count; k++) {
                    const OskKey *key = &p->rows[r].keys[k];
                    if (key->kind == OSK_KEY_BACKSPACE) backspaces++;
                    if (key->kind != OSK_KEY_CHAR) continue;
                    assert_non_null(key->text);
                    assert_true(strlen(key->text) > 0 && utf8_valid(key->text, strlen(key->text)));
                    if (key->shifted) assert_true(utf8_valid(key->shifted, strlen(key->shifted)));
                }
            }
            assert_int_equal(backspaces, 1);
        }
    }
    assert_null(osk_plane(OSK_ARABIC, OSK_LAYER_ACCENTS));
    assert_null(osk_plane(OSK_LAYOUT_COUNT, OSK_LAYER_LETTERS));
}

static void test_latin_has_french_and_spanish_letters(void **state)
{
    (void)state;
    static const char *const need[] = {"é", "è", "ê", "ë", "à", "â", "ç", "ô", "û", "ù", "ü", "ï", "î", "ñ",
                                       "œ", "«", "»", "¿", "¡", "á", "í", "ó", "ú", "É", "Ç", "Œ", "Ñ"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (!reachable(OSK_LATIN, need[i])) fail_msg("%s is not on the Latin keyboard", need[i]);
    /* the same letters on a long press of their base letter */
    const OskPlane *p = osk_plane(OSK_LATIN, OSK_LAYER_LETTERS);
    const OskKey *e = &p->rows[1].keys[2];
    char out[16];
    assert_string_equal(e->text, "e");
    osk_key_more(e, 0, false, out, sizeof out);
    assert_string_equal(out, "é");
    osk_key_more(e, 3, true, out, sizeof out);
    assert_string_equal(out, "Ë");
    assert_int_equal(osk_key_more(e, 4, false, out, sizeof out), 0);
    assert_string_equal(out, "");
}

static void test_russian_and_arabic(void **state)
{
    (void)state;
    static const char *const ru[] = {"й", "ц", "у", "к", "е", "ё", "Ё", "ъ", "ы", "э", "ю", "я", "Я"};
    for (size_t i = 0; i < sizeof ru / sizeof ru[0]; i++)
        if (!reachable(OSK_RUSSIAN, ru[i])) fail_msg("%s is not on the Russian keyboard", ru[i]);
    /* hamza forms, tā' marbūṭa, alif maqṣūra, Arabic comma and question mark, harakat */
    static const char *const ar[] = {"ء", "أ", "إ", "آ", "ؤ", "ئ", "ة", "ى", "،", "؟", "؛", "َ", "ً", "ُ", "ٌ",
                                     "ِ", "ٍ", "ْ", "ّ", "لا", "ض", "ظ", "ذ"};
    for (size_t i = 0; i < sizeof ar / sizeof ar[0]; i++)
        if (!reachable(OSK_ARABIC, ar[i])) fail_msg("%s is not on the Arabic keyboard", ar[i]);
    /* the layout's own order: ض first on the top letter row, as on the physical keyboard */
    assert_string_equal(osk_plane(OSK_ARABIC, OSK_LAYER_LETTERS)->rows[1].keys[0].text, "ض");
    /* caseless letters stay as they are with shift unless the layout says otherwise */
    char out[16];
    const OskKey *hamza = &osk_plane(OSK_ARABIC, OSK_LAYER_LETTERS)->rows[3].keys[2];
    osk_key_output(hamza, true, out, sizeof out);
    assert_string_equal(out, "ْ");
}

static void test_pinyin_and_chinese_punctuation(void **state)
{
    (void)state;
    for (char c = 'a'; c <= 'z'; c++) {
        char s[2] = {c, 0};
        if (!reachable(OSK_PINYIN, s)) fail_msg("%s is not on the pinyin keyboard", s);
    }
    static const char *const zh[] = {"，", "。", "？", "！", "、", "《", "》", "'"};
    for (size_t i = 0; i < sizeof zh / sizeof zh[0]; i++)
        if (!reachable(OSK_PINYIN, zh[i])) fail_msg("%s is not on the pinyin keyboard", zh[i]);
}

static void test_shift_and_upper(void **state)
{
    (void)state;
    assert_int_equal(osk_upper('a'), 'A');
    assert_int_equal(osk_upper(0xE9), 0xC9);   /* é */
    assert_int_equal(osk_upper(0xF7), 0xF7);   /* ÷ has no case */
    assert_int_equal(osk_upper(0x451), 0x401); /* ё */
    assert_int_equal(osk_upper(0x44F), 0x42F); /* я */
    assert_int_equal(osk_upper(0x62F), 0x62F); /* د */
    const OskKey *one = &osk_plane(OSK_LATIN, OSK_LAYER_LETTERS)->rows[0].keys[0];
    char out[4];
    osk_key_output(one, true, out, sizeof out);
    assert_string_equal(out, "!");
    /* a buffer too small is never overrun and always terminated */
    const OskKey *e = &osk_plane(OSK_LATIN, OSK_LAYER_LETTERS)->rows[1].keys[2];
    char tiny[2];
    assert_int_equal(osk_key_more(e, 0, false, tiny, sizeof tiny), 0);
    assert_string_equal(tiny, "");
}

static void test_layouts_follow_languages_and_the_globe_cycles(void **state)
{
    (void)state;
    assert_int_equal(osk_layout_for(I18N_EN), OSK_LATIN);
    assert_int_equal(osk_layout_for(I18N_FR), OSK_LATIN);
    assert_int_equal(osk_layout_for(I18N_ES), OSK_LATIN);
    assert_int_equal(osk_layout_for(I18N_RU), OSK_RUSSIAN);
    assert_int_equal(osk_layout_for(I18N_AR), OSK_ARABIC);
    assert_int_equal(osk_layout_for(I18N_ZH), OSK_PINYIN);
    /* the default event's order: en fr ar zh ru es → Latin, Arabic, pinyin, Russian, Latin… */
    const I18nLang ev[] = {I18N_EN, I18N_FR, I18N_AR, I18N_ZH, I18N_RU, I18N_ES};
    assert_int_equal(osk_layout_next(OSK_LATIN, ev, 6, I18N_EN), OSK_ARABIC);
    assert_int_equal(osk_layout_next(OSK_ARABIC, ev, 6, I18N_EN), OSK_PINYIN);
    assert_int_equal(osk_layout_next(OSK_PINYIN, ev, 6, I18N_EN), OSK_RUSSIAN);
    assert_int_equal(osk_layout_next(OSK_RUSSIAN, ev, 6, I18N_EN), OSK_LATIN);
    /* an event in English and French only, seen in Russian: the interface's layout joins in */
    const I18nLang two[] = {I18N_EN, I18N_FR};
    assert_int_equal(osk_layout_next(OSK_RUSSIAN, two, 2, I18N_RU), OSK_LATIN);
    assert_int_equal(osk_layout_next(OSK_LATIN, two, 2, I18N_RU), OSK_RUSSIAN);
    /* one layout only: the globe stays on it */
    assert_int_equal(osk_layout_next(OSK_LATIN, two, 2, I18N_EN), OSK_LATIN);
    assert_int_equal(osk_layout_lang(OSK_PINYIN), I18N_ZH);
    assert_string_equal(osk_layout_sample(OSK_RUSSIAN), "АБВ");
    assert_string_equal(osk_layout_name(OSK_LATIN), "ABC");
    assert_string_equal(osk_layout_name(OSK_PINYIN), "中文");
    assert_string_equal(osk_layout_name(OSK_ARABIC), "العربية");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_planes_are_well_formed),
        cmocka_unit_test(test_latin_has_french_and_spanish_letters),
        cmocka_unit_test(test_russian_and_arabic),
        cmocka_unit_test(test_pinyin_and_chinese_punctuation),
        cmocka_unit_test(test_shift_and_upper),
        cmocka_unit_test(test_layouts_follow_languages_and_the_globe_cycles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
