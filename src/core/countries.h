/* countries.h — ISO 3166-1 countries named in the six languages of the catalogue, for the
 * registration form's country picker. The table is generated at build time from Debian's
 * iso-codes (scripts/gen_countries.py); this header is its fixed interface. The web build
 * compiles in the English names only; the other languages' names and order arrive in their
 * language packs (core/langpack.h). Read names and order through country_name and
 * country_at, which see both. */
#ifndef PARLEY_COUNTRIES_H
#define PARLEY_COUNTRIES_H

#include <stdbool.h>

#include "core/i18n.h"

#define COUNTRY_COUNT 249
#define COUNTRY_FOLD_LATIN_END 0x250 /* country_fold_latin covers U+00C0..U+024F */

typedef struct Country {
    char code[3];                      /* alpha-2, upper case */
    const char *name[I18N_LANG_COUNT]; /* UTF-8; NULL for a language left to its pack */
} Country;

extern const Country country_table[COUNTRY_COUNT];
/* Indexes into country_table in each language's alphabetical order: accents and case aside
 * (ñ after n in Spanish, ё with е in Russian), Arabic without its vowel marks and the article
 * "ال", Chinese by Hanyu Pinyin (scripts/gen_countries.py). */
extern const unsigned short country_order[I18N_LANG_COUNT][COUNTRY_COUNT];
/* ASCII base letter of U+00C0..U+024F, lower case, or 0 (generated with the table). */
extern const char country_fold_latin[COUNTRY_FOLD_LATIN_END - 0xC0];

/* The country with this alpha-2 code, or NULL. */
const Country *country_find(const char *code);
/* Its name in `lang`: installed from the pack, else compiled in, else the English one. */
const char *country_name(const Country *c, I18nLang lang);
/* The k-th country (0 <= k < COUNTRY_COUNT) in the language's order (English's when the
 * language is neither compiled in nor installed); NULL when k is out of range. */
const Country *country_at(I18nLang lang, int k);
/* Installs a language's names (names[i] of country_table[i]) and order (indexes into
 * country_table); both must stay valid until the next install for the language. Called by
 * langpack_load once a pack passed every check. */
void country_install(I18nLang lang, const char *const names[COUNTRY_COUNT], const unsigned short order[COUNTRY_COUNT]);

/* True when every word of the query starts a word of the country's name in `lang` or in
 * English (a kiosk's on-screen keyboard types Latin letters), or the query is its code. Case and accents are ignored in Latin and Cyrillic script
 * (ё = е), vowel marks and the forms of alef in Arabic, where a word may also be found
 * without its article "ال"; in Chinese any character starts a word. "cote" finds Côte
 * d'Ivoire, "united k" the United Kingdom, "соединенное" Соединённое Королевство,
 * "مملكة" المملكة المتحدة, "国" 中国. An empty query matches everything. */
bool country_matches(const Country *c, I18nLang lang, const char *query);

#endif
