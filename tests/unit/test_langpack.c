/* test_langpack.c — unit tests of core/langpack: the packs the web build fetches
 * (build/gen/web/lang/<tag>.txt) give exactly the messages, plural forms, country names and
 * orders compiled into the native build; a damaged, truncated, hostile or mislabelled pack is
 * refused with its reason and changes nothing; random damage never crashes the loader. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/countries.h"
#include "core/i18n.h"
#include "core/langpack.h"
#include "test_files.h"

static const I18nLang pack_langs[] = {I18N_AR, I18N_ZH, I18N_FR, I18N_RU, I18N_ES};

static char *read_pack(I18nLang lang, size_t *len)
{
    char path[64];
    snprintf(path, sizeof path, "build/gen/web/lang/%s.txt", i18n_lang_tag(lang));
    return (char *)test_read_file(path, len);
}

static void test_packs_give_what_is_compiled_in(void **state)
{
    (void)state;
    for (size_t l = 0; l < sizeof pack_langs / sizeof pack_langs[0]; l++) {
        I18nLang lang = pack_langs[l];
        /* what the native build has compiled in, before the pack takes precedence */
        static char *before[MSG_COUNT][I18N_MAX_FORMS];
        static const char *before_ptr[MSG_COUNT];
        static char *names[COUNTRY_COUNT];
        static const Country *order[COUNTRY_COUNT];
        memset(before, 0, sizeof before);
        for (int m = 1; m < MSG_COUNT; m++) {
            for (int k = 0; k < I18N_MAX_FORMS; k++) {
                const char *s = i18n_translation(lang, (I18nMsg)m, k);
                before[m][k] = s ? strdup(s) : NULL;
            }
            before_ptr[m] = i18n_translation(lang, (I18nMsg)m, 0);
        }
        for (int k = 0; k < COUNTRY_COUNT; k++) {
            names[k] = strdup(country_name(&country_table[k], lang));
            order[k] = country_at(lang, k);
        }
        size_t len;
        char *pack = read_pack(lang, &len);
        char err[160];
        if (!langpack_load(lang, pack, len, err, sizeof err)) fail_msg("%s: %s", i18n_lang_tag(lang), err);
        free(pack); /* the loader keeps its own copy */
        int from_pack = 0;
        for (int m = 1; m < MSG_COUNT; m++) {
            for (int k = 0; k < I18N_MAX_FORMS; k++) {
                const char *s = i18n_translation(lang, (I18nMsg)m, k);
                if (!before[m][k]) { assert_null(s); continue; }
                assert_non_null(s);
                assert_string_equal(s, before[m][k]);
                free(before[m][k]);
            }
            if (i18n_translation(lang, (I18nMsg)m, 0) != before_ptr[m]) from_pack++;
        }
        assert_true(from_pack == MSG_COUNT - 1); /* every message now comes from the pack */
        for (int k = 0; k < COUNTRY_COUNT; k++) {
            assert_string_equal(country_name(&country_table[k], lang), names[k]);
            assert_ptr_equal(country_at(lang, k), order[k]);
            free(names[k]);
        }
        assert_true(i18n_available(lang));
    }
}

/* A pack for French made of a header, some lines, and (unless told not to) every country. */
static char *make_pack(const char *header, const char *lines, int countries)
{
    size_t len;
    char *base = read_pack(I18N_FR, &len);
    const char *c = strstr(base, "\nc ");
    assert_non_null(c);
    size_t need = strlen(header) + strlen(lines) + strlen(c) + 4;
    char *out = malloc(need);
    assert_non_null(out);
    snprintf(out, need, "%s\n%s", header, lines);
    if (countries) {
        const char *from = c + 1;
        for (int i = 0; i < countries && *from; i++) {
            const char *nl = strchr(from, '\n');
            strncat(out, from, (size_t)(nl - from) + 1);
            from = nl + 1;
        }
    }
    free(base);
    return out;
}

static void expect_refused(I18nLang lang, const char *bytes, size_t len, const char *why)
{
    const char *start_before = i18n_get(lang, MSG_START);
    const char *name_before = country_name(country_find("DE"), lang);
    char err[160] = "x";
    if (langpack_load(lang, bytes, len, err, sizeof err)) fail_msg("accepted a pack with %s", why);
    if (!err[0]) fail_msg("no reason given for %s", why);
    assert_ptr_equal(i18n_get(lang, MSG_START), start_before);
    assert_ptr_equal(country_name(country_find("DE"), lang), name_before);
}

static void refuse_made(const char *header, const char *lines, int countries, const char *why)
{
    char *p = make_pack(header, lines, countries);
    expect_refused(I18N_FR, p, strlen(p), why);
    free(p);
}

static void test_bad_packs_change_nothing(void **state)
{
    (void)state;
    const char *h = "parley-lang 1 fr";
    /* a well-made pack of this kind passes (so the failures below are the lines' own) */
    char *good = make_pack(h, "m MSG_START\tCommencer\\tici\nm MSG_STATUS_WAITING\t%d en attente\t%d en attente\n",
                           COUNTRY_COUNT);
    char err[160];
    if (!langpack_load(I18N_FR, good, strlen(good), err, sizeof err)) fail_msg("%s", err);
    assert_string_equal(i18n_get(I18N_FR, MSG_START), "Commencer\tici");
    assert_string_equal(i18n_plural(I18N_FR, MSG_STATUS_WAITING, 3), "%d en attente");
    free(good);

    expect_refused(I18N_FR, NULL, 0, "no bytes");
    expect_refused(I18N_FR, "", 0, "nothing");
    refuse_made("parley-lang 2 fr", "", COUNTRY_COUNT, "another format version");
    refuse_made("parley-lang 1 ru", "", COUNTRY_COUNT, "another language's header");
    refuse_made("PARLEY-LANG 1 fr", "", COUNTRY_COUNT, "a header in capitals");
    refuse_made(h, "", COUNTRY_COUNT - 1, "a country missing (cut short at a line end)");
    refuse_made(h, "", 0, "no countries");
    refuse_made(h, "m MSG_BOGUS\tx\n", COUNTRY_COUNT, "an unknown message");
    refuse_made(h, "m MSG_NONE\tx\n", COUNTRY_COUNT, "MSG_NONE");
    refuse_made(h, "m MSG_START\tA\nm MSG_START\tB\n", COUNTRY_COUNT, "a message twice");
    refuse_made(h, "m MSG_START\n", COUNTRY_COUNT, "a message without text");
    refuse_made(h, "m MSG_START\t\n", COUNTRY_COUNT, "an empty form");
    refuse_made(h, "m MSG_START\ta\\qb\n", COUNTRY_COUNT, "an unknown escape");
    refuse_made(h, "m MSG_START\tA\tB\n", COUNTRY_COUNT, "two forms of a message without plural");
    refuse_made(h, "m MSG_STATUS_WAITING\t%d\n", COUNTRY_COUNT, "one form where French has two");
    refuse_made(h, "m MSG_STATUS_WAITING\t%d\t%d\t%d\n", COUNTRY_COUNT, "three forms where French has two");
    refuse_made(h, "m MSG_WELCOME_BACK\tBonjour %d\n", COUNTRY_COUNT, "%d where the English has %s");
    refuse_made(h, "m MSG_WELCOME_BACK\tBonjour %s %s\n", COUNTRY_COUNT, "a conversion too many");
    refuse_made(h, "m MSG_WELCOME_BACK\tBonjour\n", COUNTRY_COUNT, "a conversion too few");
    refuse_made(h, "m MSG_WELCOME_BACK\tBonjour %*s\n", COUNTRY_COUNT, "a width from the arguments");
    refuse_made(h, "m MSG_WELCOME_BACK\tBonjour %1$s\n", COUNTRY_COUNT, "a positional argument");
    refuse_made(h, "m MSG_WELCOME_BACK\tBonjour %ls\n", COUNTRY_COUNT, "a length modifier");
    refuse_made(h, "m MSG_STATUS_WAITING\t%d en attente\t%n\n", COUNTRY_COUNT, "%n");
    refuse_made(h, "m MSG_START\t100 %\n", COUNTRY_COUNT, "a lone % at the end");
    refuse_made(h, "x MSG_START\tA\n", COUNTRY_COUNT, "an unknown kind of line");
    refuse_made(h, "\n", COUNTRY_COUNT, "an empty line");
    refuse_made(h, "c XX\tNulle part\n", COUNTRY_COUNT, "an unknown country");
    refuse_made(h, "c DE\tAllemagne\n", COUNTRY_COUNT, "a country twice");
    refuse_made(h, "c DE\n", COUNTRY_COUNT, "a country without a name");
    refuse_made(h, "c DE\tA\tB\n", COUNTRY_COUNT, "a country with two names");
    refuse_made(h, "m MSG_START\tA\rB\n", COUNTRY_COUNT, "a carriage return");
    refuse_made(h, "m MSG_START\tA\x01" "B\n", COUNTRY_COUNT, "a control character");
    refuse_made(h, "m MSG_START\tA\xFF" "B\n", COUNTRY_COUNT, "invalid UTF-8");
    refuse_made(h, "m MSG_START\tA\xC0\xAF" "B\n", COUNTRY_COUNT, "an overlong UTF-8 sequence");

    /* a NUL byte, a missing final line feed, a pack handed to the wrong language or to
     * English, and one over the size limit */
    size_t len;
    char *fr = read_pack(I18N_FR, &len);
    expect_refused(I18N_FR, fr, len - 1, "no final line feed (cut short)");
    expect_refused(I18N_FR, fr, len / 2, "half the pack");
    expect_refused(I18N_RU, fr, len, "the French pack given as Russian");
    expect_refused(I18N_EN, fr, len, "a pack for English");
    expect_refused((I18nLang)77, fr, len, "a language that does not exist");
    char *nul = malloc(len);
    memcpy(nul, fr, len);
    nul[len / 3] = '\0';
    expect_refused(I18N_FR, nul, len, "a NUL byte");
    free(nul);
    size_t big_len = LANGPACK_MAX_BYTES + 1;
    char *big = malloc(big_len);
    memset(big, 'a', big_len);
    big[big_len - 1] = '\n';
    expect_refused(I18N_FR, big, big_len, "a pack over the size limit");
    free(big);
    free(fr);
    char small[4];
    assert_false(langpack_load(I18N_FR, "", 0, small, sizeof small)); /* a short error buffer */
    assert_false(langpack_load(I18N_FR, "", 0, NULL, 0));
}

/* Random damage to a real pack: refused or accepted, never a crash (this test also runs
 * under ASan+UBSan), and whatever was installed still reads as strings. */
static void test_random_damage_never_crashes(void **state)
{
    (void)state;
    size_t len;
    char *fr = read_pack(I18N_FR, &len);
    char *copy = malloc(len);
    uint32_t seed = 12345;
    int accepted = 0;
    for (int round = 0; round < 3000; round++) {
        memcpy(copy, fr, len);
        size_t n = len;
        int edits = 1 + (int)(seed % 4);
        for (int e = 0; e < edits; e++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % n;
            seed = seed * 1103515245u + 12345u;
            switch (seed % 4) {
            case 0: copy[at] = (char)(seed >> 16); break;
            case 1: copy[at] = "\t\n\\%m c"[(seed >> 16) % 7]; break;
            case 2: n = at + 1; break; /* cut */
            default: copy[at] ^= 0x20; break;
            }
        }
        char err[160];
        if (langpack_load(I18N_FR, copy, n, err, sizeof err)) accepted++;
        for (int m = 1; m < MSG_COUNT; m++) assert_non_null(i18n_get(I18N_FR, (I18nMsg)m));
        for (int k = 0; k < COUNTRY_COUNT; k++) assert_non_null(country_name(country_at(I18N_FR, k), I18N_FR));
    }
    assert_true(accepted < 3000);
    free(copy);
    free(fr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_packs_give_what_is_compiled_in),
        cmocka_unit_test(test_bad_packs_change_nothing),
        cmocka_unit_test(test_random_damage_never_crashes),
    };
    return cmocka_run_group_tests_name("langpack", tests, NULL, NULL);
}
