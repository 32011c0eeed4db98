/* test_i18n.c — unit tests of core/i18n and core/countries in the six languages: the
 * catalogue compiled from po/ is complete and translated, with the same printf conversions
 * everywhere; CLDR plural forms; language tags; dates; country names, orders and search. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/countries.h"
#include "core/i18n.h"

/* Messages that are rightly the same as the English in a language. */
static const struct { I18nLang lang; I18nMsg msg; } same_as_english[] = {
    {I18N_FR, MSG_DATE},        /* "Date" */
    {I18N_FR, MSG_KEY_ACCENTS}, /* "Accents" */
    {I18N_FR, MSG_CON_PARTICIPANT}, /* "Participant" */
};

static bool allowed_same(I18nLang lang, I18nMsg msg)
{
    for (size_t i = 0; i < sizeof same_as_english / sizeof same_as_english[0]; i++)
        if (same_as_english[i].lang == lang && same_as_english[i].msg == msg) return true;
    return false;
}

/* The printf conversions of a format, in order, as "d,s," (flags and width dropped, length
 * modifiers kept); "%%" is no conversion. */
static void conversions(const char *fmt, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') continue;
        p++;
        if (*p == '%') continue;
        while (*p && strchr("-+ #0123456789.*$", *p)) p++;
        while (*p && strchr("hljztL", *p)) {
            if (n + 2 < cap) out[n++] = *p;
            p++;
        }
        if (!*p) break;
        if (n + 3 < cap) { out[n++] = *p; out[n++] = ','; }
    }
    out[n] = '\0';
}

static void test_catalogue_complete_and_translated(void **state)
{
    (void)state;
    int checked = 0;
    for (int m = 1; m < MSG_COUNT; m++) {
        I18nMsg msg = (I18nMsg)m;
        const char *name = i18n_msg_name(msg);
        char want[64], got[64];
        const char *en0 = i18n_translation(I18N_EN, msg, 0);
        if (!en0 || !*en0) fail_msg("%s has no English text in po/parley.pot", name);
        conversions(en0, want, sizeof want);
        if (i18n_is_plural(msg)) {
            const char *en1 = i18n_translation(I18N_EN, msg, 1);
            assert_non_null(en1);
            conversions(en1, got, sizeof got);
            if (strcmp(want, got) != 0) fail_msg("%s: English singular and plural conversions differ", name);
        }
        for (int l = 0; l < I18N_LANG_COUNT; l++) {
            I18nLang lang = (I18nLang)l;
            const char *tag = i18n_lang_tag(lang);
            int forms = i18n_is_plural(msg) ? i18n_plural_count(lang) : 1;
            for (int k = 0; k < forms; k++) {
                const char *s = i18n_translation(lang, msg, k);
                if (!s || !*s) fail_msg("%s is missing in %s (form %d): see po/%s.po", name, tag, k, tag);
                conversions(s, got, sizeof got);
                if (strcmp(want, got) != 0)
                    fail_msg("%s in %s (form %d): conversions \"%s\", English has \"%s\"", name, tag, k, got, want);
                if (lang != I18N_EN && !allowed_same(lang, msg)) {
                    const char *en1 = i18n_is_plural(msg) ? i18n_translation(I18N_EN, msg, 1) : en0;
                    if (strcmp(s, en0) == 0 || strcmp(s, en1) == 0)
                        fail_msg("%s in %s is the English text: not translated?", name, tag);
                }
                checked++;
            }
            if (i18n_translation(lang, msg, forms) != NULL) fail_msg("%s in %s: a form too many", name, tag);
        }
    }
    assert_true(checked > 6 * (MSG_COUNT - 1));
    assert_string_equal(i18n_get(I18N_AR, MSG_NONE), "");
    assert_null(i18n_translation(I18N_AR, MSG_NONE, 0));
}

static void test_language_names_and_tags(void **state)
{
    (void)state;
    static const char *const own[I18N_LANG_COUNT] = {
        [I18N_AR] = "\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9", /* العربية */
        [I18N_ZH] = "\xE4\xB8\xAD\xE6\x96\x87",                                 /* 中文 */
        [I18N_EN] = "English",
        [I18N_FR] = "Fran\xC3\xA7" "ais",
        [I18N_RU] = "\xD0\xA0\xD1\x83\xD1\x81\xD1\x81\xD0\xBA\xD0\xB8\xD0\xB9", /* Русский */
        [I18N_ES] = "Espa\xC3\xB1ol",
    };
    static const char *const tags[I18N_LANG_COUNT] = {"ar", "zh", "en", "fr", "ru", "es"};
    for (int l = 0; l < I18N_LANG_COUNT; l++) {
        assert_string_equal(i18n_get((I18nLang)l, MSG_LANGUAGE_NAME), own[l]);
        assert_string_equal(i18n_lang_tag((I18nLang)l), tags[l]);
        assert_int_equal(i18n_lang_from_tag(tags[l]), l);
        assert_int_equal(i18n_is_rtl((I18nLang)l), l == I18N_AR);
    }
    static const struct { const char *tag; I18nLang lang; } cases[] = {
        {"ar-EG", I18N_AR}, {"AR", I18N_AR}, {"zh-Hans", I18N_ZH}, {"zh-CN", I18N_ZH},
        {"zh-TW", I18N_ZH}, {"zh_Hant_HK", I18N_ZH}, {"ru-RU", I18N_RU}, {"es-419", I18N_ES},
        {"es_MX", I18N_ES}, {"fr-CH", I18N_FR}, {"en-GB", I18N_EN}, {"de", I18N_EN},
        {"e", I18N_EN}, {"", I18N_EN}, {"ara", I18N_EN}, {"rus-RU", I18N_EN}, {"-es", I18N_EN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (i18n_lang_from_tag(cases[i].tag) != cases[i].lang)
            fail_msg("\"%s\" is not %s", cases[i].tag, i18n_lang_tag(cases[i].lang));
    assert_int_equal(i18n_lang_from_tag(NULL), I18N_EN);
    assert_string_equal(i18n_lang_tag((I18nLang)99), "en");
}

/* The standard Plural-Forms expressions of the PO headers, written out as C. */
static int po_expression(I18nLang lang, long n)
{
    switch (lang) {
    case I18N_AR: return n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 : n % 100 >= 11 ? 4 : 5;
    case I18N_ZH: return 0;
    case I18N_FR: return n > 1;
    case I18N_RU: return n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20) ? 1 : 2;
    default: return n != 1;
    }
}

static void test_plural_rules(void **state)
{
    (void)state;
    for (int l = 0; l < I18N_LANG_COUNT; l++)
        for (long n = 0; n <= 2000; n++)
            if (i18n_plural_index((I18nLang)l, n) != po_expression((I18nLang)l, n))
                fail_msg("%s: form of %ld differs from its Plural-Forms", i18n_lang_tag((I18nLang)l), n);
    assert_int_equal(i18n_plural_count(I18N_AR), 6);
    assert_int_equal(i18n_plural_count(I18N_RU), 3);
    assert_int_equal(i18n_plural_count(I18N_ZH), 1);
    assert_int_equal(i18n_plural_count(I18N_FR), 2);
    /* CLDR's examples */
    static const struct { I18nLang lang; long n; I18nPlural cat; } ex[] = {
        {I18N_AR, 0, I18N_PLURAL_ZERO}, {I18N_AR, 1, I18N_PLURAL_ONE}, {I18N_AR, 2, I18N_PLURAL_TWO},
        {I18N_AR, 3, I18N_PLURAL_FEW}, {I18N_AR, 10, I18N_PLURAL_FEW}, {I18N_AR, 103, I18N_PLURAL_FEW},
        {I18N_AR, 11, I18N_PLURAL_MANY}, {I18N_AR, 99, I18N_PLURAL_MANY}, {I18N_AR, 111, I18N_PLURAL_MANY},
        {I18N_AR, 100, I18N_PLURAL_OTHER}, {I18N_AR, 102, I18N_PLURAL_OTHER}, {I18N_AR, 1000, I18N_PLURAL_OTHER},
        {I18N_RU, 1, I18N_PLURAL_ONE}, {I18N_RU, 21, I18N_PLURAL_ONE}, {I18N_RU, 101, I18N_PLURAL_ONE},
        {I18N_RU, 2, I18N_PLURAL_FEW}, {I18N_RU, 4, I18N_PLURAL_FEW}, {I18N_RU, 22, I18N_PLURAL_FEW},
        {I18N_RU, 0, I18N_PLURAL_MANY}, {I18N_RU, 5, I18N_PLURAL_MANY}, {I18N_RU, 11, I18N_PLURAL_MANY},
        {I18N_RU, 12, I18N_PLURAL_MANY}, {I18N_RU, 14, I18N_PLURAL_MANY}, {I18N_RU, 111, I18N_PLURAL_MANY},
        {I18N_FR, 0, I18N_PLURAL_ONE}, {I18N_FR, 1, I18N_PLURAL_ONE}, {I18N_FR, 2, I18N_PLURAL_OTHER},
        {I18N_EN, 1, I18N_PLURAL_ONE}, {I18N_EN, 0, I18N_PLURAL_OTHER}, {I18N_ES, 1, I18N_PLURAL_ONE},
        {I18N_ES, 2, I18N_PLURAL_OTHER}, {I18N_ZH, 1, I18N_PLURAL_OTHER}, {I18N_RU, -21, I18N_PLURAL_ONE},
    };
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++)
        if (i18n_plural_category(ex[i].lang, ex[i].n) != ex[i].cat)
            fail_msg("%s: %ld is in the wrong CLDR category", i18n_lang_tag(ex[i].lang), ex[i].n);
}

static const char *waiting(I18nLang lang, long n, char *buf, size_t cap)
{
    snprintf(buf, cap, i18n_plural(lang, MSG_STATUS_WAITING, n), (int)n);
    return buf;
}

static void test_plural_messages_read_right(void **state)
{
    (void)state;
    char b[200];
    assert_string_equal(waiting(I18N_EN, 3, b, sizeof b), "3 waiting to upload");
    assert_string_equal(waiting(I18N_FR, 1, b, sizeof b), "1 en attente d\xE2\x80\x99" "envoi");
    assert_string_equal(waiting(I18N_ES, 1, b, sizeof b), "1 pendiente de env\xC3\xADo");
    assert_string_equal(waiting(I18N_ES, 3, b, sizeof b), "3 pendientes de env\xC3\xADo");
    /* Russian: запись, записи, записей */
    assert_string_equal(waiting(I18N_RU, 1, b, sizeof b), "1 \xD0\xB7\xD0\xB0\xD0\xBF\xD0\xB8\xD1\x81\xD1\x8C \xD0\xBE\xD0\xB6\xD0\xB8\xD0\xB4\xD0\xB0\xD0\xB5\xD1\x82 \xD0\xBE\xD1\x82\xD0\xBF\xD1\x80\xD0\xB0\xD0\xB2\xD0\xBA\xD0\xB8");
    assert_non_null(strstr(waiting(I18N_RU, 3, b, sizeof b), "\xD0\xB7\xD0\xB0\xD0\xBF\xD0\xB8\xD1\x81\xD0\xB8 ")); /* записи */
    assert_non_null(strstr(waiting(I18N_RU, 5, b, sizeof b), "\xD0\xB7\xD0\xB0\xD0\xBF\xD0\xB8\xD1\x81\xD0\xB5\xD0\xB9")); /* записей */
    assert_non_null(strstr(waiting(I18N_RU, 21, b, sizeof b), "\xD0\xB7\xD0\xB0\xD0\xBF\xD0\xB8\xD1\x81\xD1\x8C")); /* запись */
    /* Arabic: سجلان for two, سجلات for 3 to 10, سجلًا for 11 to 99, سجل for 100 */
    assert_non_null(strstr(waiting(I18N_AR, 2, b, sizeof b), "\xD8\xB3\xD8\xAC\xD9\x84\xD8\xA7\xD9\x86"));
    assert_non_null(strstr(waiting(I18N_AR, 3, b, sizeof b), "\xD8\xB3\xD8\xAC\xD9\x84\xD8\xA7\xD8\xAA"));
    assert_non_null(strstr(waiting(I18N_AR, 11, b, sizeof b), "\xD8\xB3\xD8\xAC\xD9\x84\xD9\x8B\xD8\xA7"));
    assert_string_equal(i18n_plural(I18N_AR, MSG_STATUS_WAITING, 100), i18n_translation(I18N_AR, MSG_STATUS_WAITING, 5));
    assert_string_equal(waiting(I18N_ZH, 3, b, sizeof b), "3 \xE6\x9D\xA1\xE8\xAE\xB0\xE5\xBD\x95\xE5\xBE\x85\xE4\xB8\x8A\xE4\xBC\xA0");
    /* English countdown: 1 second, 2 seconds */
    snprintf(b, sizeof b, i18n_plural(I18N_EN, MSG_COUNTDOWN, 1), 1);
    assert_non_null(strstr(b, "in 1 second."));
    /* a message without forms: i18n_plural is i18n_get */
    assert_ptr_equal(i18n_plural(I18N_RU, MSG_START, 5), i18n_get(I18N_RU, MSG_START));
    assert_ptr_equal(i18n_get(I18N_RU, MSG_STATUS_WAITING), i18n_translation(I18N_RU, MSG_STATUS_WAITING, 0));
}

static void test_dates(void **state)
{
    (void)state;
    static const struct { I18nLang lang; int d; const char *want; } cases[] = {
        {I18N_EN, 1, "1 July 2022"},
        {I18N_FR, 1, "1er juillet 2022"},
        {I18N_FR, 2, "2 juillet 2022"},
        {I18N_ES, 1, "1 de julio de 2022"},
        {I18N_RU, 1, "1 \xD0\xB8\xD1\x8E\xD0\xBB\xD1\x8F 2022 \xD0\xB3."},  /* 1 июля 2022 г. */
        {I18N_ZH, 1, "2022\xE5\xB9\xB4" "7\xE6\x9C\x88" "1\xE6\x97\xA5"},   /* 2022年7月1日 */
        {I18N_AR, 1, "1 \xD9\x8A\xD9\x88\xD9\x84\xD9\x8A\xD9\x88 2022"},   /* 1 يوليو 2022 */
    };
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        i18n_format_date(cases[i].lang, 2022, 7, cases[i].d, buf, sizeof buf);
        assert_string_equal(buf, cases[i].want);
    }
    i18n_format_date(I18N_RU, 2022, 13, 1, buf, sizeof buf);
    assert_string_equal(buf, "2022-13-01");
    i18n_format_date(I18N_ZH, 2022, 12, 31, buf, 5); /* cut, but terminated */
    assert_int_equal(strlen(buf), 4);
}

static const Country *by_code(const char *code)
{
    const Country *c = country_find(code);
    if (!c) fail_msg("no country %s", code);
    return c;
}

static void test_country_names_and_orders(void **state)
{
    (void)state;
    for (int l = 0; l < I18N_LANG_COUNT; l++) {
        bool seen[COUNTRY_COUNT] = {false};
        for (int k = 0; k < COUNTRY_COUNT; k++) {
            int i = country_order[l][k];
            assert_true(i >= 0 && i < COUNTRY_COUNT);
            assert_false(seen[i]);
            seen[i] = true;
            assert_true(country_table[i].name[l][0] != '\0');
        }
    }
    /* names from iso-codes in each language */
    assert_string_equal(by_code("CN")->name[I18N_ZH], "\xE4\xB8\xAD\xE5\x9B\xBD");                 /* 中国 */
    assert_string_equal(by_code("DE")->name[I18N_ES], "Alemania");
    assert_string_equal(by_code("DE")->name[I18N_RU], "\xD0\x93\xD0\xB5\xD1\x80\xD0\xBC\xD0\xB0\xD0\xBD\xD0\xB8\xD1\x8F"); /* Германия */
    assert_string_equal(by_code("TR")->name[I18N_AR], "\xD8\xAA\xD8\xB1\xD9\x83\xD9\x8A\xD8\xA7"); /* تركيا */
    /* first in each order: Afghanistan; Afganistán; Australia (Австралия); Albania (阿尔巴尼亚,
     * ā); the Russian Federation (الاتحاد الروسي, its article aside) */
    assert_memory_equal(country_table[country_order[I18N_EN][0]].code, "AF", 2);
    assert_memory_equal(country_table[country_order[I18N_FR][0]].code, "AF", 2);
    assert_memory_equal(country_table[country_order[I18N_ES][0]].code, "AF", 2);
    assert_memory_equal(country_table[country_order[I18N_RU][0]].code, "AU", 2);
    assert_memory_equal(country_table[country_order[I18N_ZH][0]].code, "AL", 2);
    assert_memory_equal(country_table[country_order[I18N_AR][0]].code, "RU", 2);
    /* accents aside: Émirats arabes unis among the E, not after Z */
    int pos_eg = -1, pos_ae = -1, pos_za = -1;
    for (int k = 0; k < COUNTRY_COUNT; k++) {
        const char *code = country_table[country_order[I18N_FR][k]].code;
        if (!memcmp(code, "EG", 2)) pos_eg = k;
        if (!memcmp(code, "AE", 2)) pos_ae = k;
        if (!memcmp(code, "ZW", 2)) pos_za = k;
    }
    assert_true(pos_eg < pos_ae && pos_ae < pos_za);
}

static bool match(const char *code, I18nLang lang, const char *q)
{
    return country_matches(by_code(code), lang, q);
}

static void test_country_search(void **state)
{
    (void)state;
    assert_true(match("CI", I18N_FR, "cote"));
    assert_true(match("CI", I18N_FR, "C\xC3\xB4te d\xE2\x80\x99Iv"));
    assert_true(match("GB", I18N_EN, "united k"));
    assert_false(match("US", I18N_EN, "united k"));
    assert_true(match("ES", I18N_ES, "espana"));
    assert_true(match("ES", I18N_ES, "ESPA\xC3\x91" "A"));
    assert_true(match("FR", I18N_RU, "\xD0\xA4\xD0\xA0\xD0\x90\xD0\x9D")); /* ФРАН */
    /* ё = е: "соединенное" finds Соединённое Королевство */
    assert_true(match("GB", I18N_RU, "\xD1\x81\xD0\xBE\xD0\xB5\xD0\xB4\xD0\xB8\xD0\xBD\xD0\xB5\xD0\xBD\xD0\xBD\xD0\xBE\xD0\xB5"));
    /* Arabic: "مملكة" finds المملكة المتحدة (the article aside), and so does "المملكه" */
    assert_true(match("GB", I18N_AR, "\xD9\x85\xD9\x85\xD9\x84\xD9\x83\xD8\xA9"));
    assert_true(match("GB", I18N_AR, "\xD8\xA7\xD9\x84\xD9\x85\xD9\x85\xD9\x84\xD9\x83\xD9\x87"));
    /* Arabic vowel marks in the name (الصّين) do not hide it: "الصين" */
    assert_true(match("CN", I18N_AR, "\xD8\xA7\xD9\x84\xD8\xB5\xD9\x8A\xD9\x86"));
    /* Chinese: any character starts a word, so 国 finds 中国 and 美国 */
    assert_true(match("CN", I18N_ZH, "\xE5\x9B\xBD"));
    assert_true(match("US", I18N_ZH, "\xE7\xBE\x8E\xE5\x9B\xBD"));
    assert_false(match("CN", I18N_ZH, "\xE7\xBE\x8E\xE5\x9B\xBD"));
    /* the English name and the code work in every language (the kiosk keyboard is Latin) */
    assert_true(match("GB", I18N_AR, "united k"));
    assert_true(match("CN", I18N_ZH, "china"));
    assert_true(match("DE", I18N_RU, "de"));
    assert_true(match("DE", I18N_ZH, ""));
    /* untrusted bytes are only read */
    assert_false(match("DE", I18N_FR, "\xFF\xFE"));
    assert_true(match("DE", (I18nLang)77, "germ"));
}

/* The language a text is written in, guessed from its letters; Latin letters take the
 * interface's language when it is written in them. */
static void test_language_of_a_text(void **state)
{
    (void)state;
    assert_int_equal(i18n_lang_of_text("نشكر السيد Francesco Testa", strlen("نشكر السيد Francesco Testa"), I18N_EN), I18N_AR);
    assert_int_equal(i18n_lang_of_text("感谢主席 Testa 先生", strlen("感谢主席 Testa 先生"), I18N_FR), I18N_ZH);
    assert_int_equal(i18n_lang_of_text("Спасибо, Francesco", strlen("Спасибо, Francesco"), I18N_ES), I18N_RU);
    assert_int_equal(i18n_lang_of_text("Gracias al Presidente", 21, I18N_ES), I18N_ES);
    assert_int_equal(i18n_lang_of_text("Thank you", 9, I18N_AR), I18N_EN);   /* Latin letters, Arabic UI */
    assert_int_equal(i18n_lang_of_text("Merci", 5, I18N_ZH), I18N_EN);
    assert_int_equal(i18n_lang_of_text("", 0, I18N_FR), I18N_FR);
    assert_int_equal(i18n_lang_of_text("12 345 !", 8, I18N_RU), I18N_EN);
    assert_int_equal(i18n_lang_of_text("\xff\xfe", 2, I18N_EN), I18N_EN);    /* not UTF-8: no letters */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_language_of_a_text),
        cmocka_unit_test(test_catalogue_complete_and_translated),
        cmocka_unit_test(test_language_names_and_tags),
        cmocka_unit_test(test_plural_rules),
        cmocka_unit_test(test_plural_messages_read_right),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_country_names_and_orders),
        cmocka_unit_test(test_country_search),
    };
    return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}
