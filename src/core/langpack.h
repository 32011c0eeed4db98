/* langpack.h — one language's pack: its messages and its country names in its order, a file
 * the web build fetches when the language is chosen (build/web/lang/<tag>.txt, made by
 * scripts/gen_catalog.py and scripts/gen_countries.py), so the first load carries English
 * only. The bytes come from the network: every check below runs before anything is
 * installed, and a pack that fails one changes nothing. Portable C11, no I/O.
 *
 * Format: UTF-8 text, lines ending in LF, no other control characters but TAB.
 *   parley-lang 1 <tag>                     the first line: format version and language
 *   m <MSG_NAME>\t<form>[\t<form>...]       a message: one form, or the language's
 *                                           plural count of forms for a counted one
 *   c <AA>\t<name>                          a country (alpha-2 code), in the language's order
 * In a form or a name, "\\", "\t" and "\n" stand for a backslash, a tab and a line feed.
 * Every message is optional (a missing one shows in English) but given at most once, known
 * to this build and with the same printf conversions as its English; every country of
 * country_table is there exactly once. */
#ifndef PARLEY_LANGPACK_H
#define PARLEY_LANGPACK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/i18n.h"

#define LANGPACK_MAX_BYTES (256u * 1024u) /* a pack is about 17 KB */
#define LANGPACK_MAX_FIELD 2048u          /* bytes of one form or name, unescaped */

/* Checks a pack for `lang` (not English) and, only if every check passes, installs its
 * messages (i18n_install) and countries (country_install) in place of what the language had.
 * Keeps its own copy of the bytes (malloc; the previous copy of that language is freed).
 * On failure returns false with the reason in err ("line 3: unknown message MSG_X"). */
bool langpack_load(I18nLang lang, const char *bytes, size_t len, char *err, size_t cap);

#endif
