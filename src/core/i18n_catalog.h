/* i18n_catalog.h — the tables scripts/gen_catalog.py compiles from po/ into
 * build/gen/i18n_catalog.c; only i18n.c reads them. A NULL entry is a message the language's
 * PO file lacks (missing, fuzzy or stale), which the unit tests report. */
#ifndef PARLEY_I18N_CATALOG_H
#define PARLEY_I18N_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/i18n.h"

/* The languages compiled in whole. The web build compiles English only, and of the others
 * only their MSG_LANGUAGE_NAME; the rest comes in their language packs (core/langpack.h). */
extern const bool i18n_catalog_embedded[I18N_LANG_COUNT];

/* Every message in every language; for counted messages, their first form. */
extern const char *const i18n_catalog[I18N_LANG_COUNT][MSG_COUNT];

/* The counted messages (msgid_plural), their forms in each language's PO order. */
typedef struct I18nPluralMsg {
    I18nMsg msg;
    const char *form[I18N_LANG_COUNT][I18N_MAX_FORMS];
} I18nPluralMsg;
extern const I18nPluralMsg i18n_catalog_plurals[];
extern const int i18n_catalog_plural_count;

#endif
