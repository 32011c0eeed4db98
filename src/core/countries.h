/* countries.h — ISO 3166-1 countries with English and French names, for the registration
 * form's country picker. The table is generated at build time from Debian's iso-codes
 * (scripts/gen_countries.py); this header is its fixed interface. */
#ifndef PARLEY_COUNTRIES_H
#define PARLEY_COUNTRIES_H

#include <stdbool.h>

#include "core/i18n.h"

#define COUNTRY_COUNT 249

typedef struct Country {
    char code[3];                      /* alpha-2, upper case */
    const char *name[I18N_LANG_COUNT]; /* UTF-8 */
    const char *key[I18N_LANG_COUNT];  /* lowercase ASCII, accents removed: for search */
} Country;

extern const Country country_table[COUNTRY_COUNT];
/* Indexes into country_table in each language's alphabetical order. */
extern const unsigned short country_order[I18N_LANG_COUNT][COUNTRY_COUNT];
/* ASCII base letter of U+00C0..U+017F, or 0 (generated with the table). */
extern const char country_fold_latin[0x180 - 0xC0];

/* The country with this alpha-2 code, or NULL. */
const Country *country_find(const char *code);

/* True when every word of the query starts a word of the country's name (accents and case
 * ignored), or the query is the country's code: "cote" finds Côte d'Ivoire, "united k"
 * finds the United Kingdom. An empty query matches everything. */
bool country_matches(const Country *c, I18nLang lang, const char *query);

#endif
