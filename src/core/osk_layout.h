/* osk_layout.h — the on-screen keyboard's layouts as data: Latin (QWERTY with the accented
 * letters French and Spanish need), Russian ЙЦУКЕН, Arabic (the common operating systems'
 * Arabic 101 layout, shift giving hamza forms on alef, harakat and Arabic punctuation), the
 * pinyin layout Chinese is typed with, and their digit and punctuation layers.
 * Portable C11, constant data only; the app draws the keys and decides what they do. Rows are
 * listed left to right as on the physical keyboard, whatever the interface's direction.
 */
#ifndef PARLEY_OSK_LAYOUT_H
#define PARLEY_OSK_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/i18n.h"

typedef enum OskLayout { OSK_LATIN, OSK_RUSSIAN, OSK_ARABIC, OSK_PINYIN, OSK_LAYOUT_COUNT } OskLayout;

/* Letters; the accented letters (Latin only); digits and punctuation. */
typedef enum OskLayer { OSK_LAYER_LETTERS, OSK_LAYER_ACCENTS, OSK_LAYER_SYMBOLS, OSK_LAYER_COUNT } OskLayer;

typedef enum OskKeyKind { OSK_KEY_CHAR, OSK_KEY_SHIFT, OSK_KEY_BACKSPACE } OskKeyKind;

#define OSK_ROWS     4   /* rows of a layer above the bottom row (space, Done, ...) */
#define OSK_ROW_KEYS 12  /* at most, per row */
#define OSK_MORE_MAX 8   /* long-press alternates of one key */

typedef struct OskKey {
    OskKeyKind kind;
    const char *text;     /* what the key types (OSK_KEY_CHAR) */
    const char *shifted;  /* with shift; NULL: the upper case of text (none for caseless) */
    const char *more;     /* long-press alternates, space-separated; NULL: none */
} OskKey;

typedef struct OskRow {
    int count;
    OskKey keys[OSK_ROW_KEYS];
} OskRow;

typedef struct OskPlane {
    OskRow rows[OSK_ROWS];
    const char *comma, *stop;   /* the bottom row's two punctuation keys */
} OskPlane;

/* The plane of a layout's layer; NULL when the layout has no such layer (only Latin has
 * the accented letters; Arabic has its harakat and hamza forms on shift). */
const OskPlane *osk_plane(OskLayout layout, OskLayer layer);

/* What a key types: text, or with shift its shifted text or upper case. Writes at most
 * cap - 1 bytes and a NUL; returns the length. */
size_t osk_key_output(const OskKey *key, bool shift, char *out, size_t cap);

/* Alternate i of a key's long-press list (shift applied like osk_key_output); 0 past the
 * end. */
size_t osk_key_more(const OskKey *key, int i, bool shift, char *out, size_t cap);

/* The layout a language is typed with (English, French, Spanish: Latin; Chinese: pinyin). */
OskLayout osk_layout_for(I18nLang lang);
/* The language a layout types, for the accessibility tree's lang attribute. */
I18nLang osk_layout_lang(OskLayout layout);
/* A short sample of the layout's letters, for the key back to them: "ABC", "АБВ", "أ ب ت". */
const char *osk_layout_sample(OskLayout layout);
/* The layout's name on the globe key: "ABC" for Latin (English, French and Spanish share it),
 * else its language's own name ("Русский", "العربية", "中文"), which every page can draw. */
const char *osk_layout_name(OskLayout layout);

/* The globe key: the layout after current among those of langs[0..count) (the event's
 * languages, in their order, each layout once) and of the interface language ui. */
OskLayout osk_layout_next(OskLayout current, const I18nLang *langs, int count, I18nLang ui);

/* The upper case of one code point of the letters the layouts carry (Latin-1, œ, ÿ,
 * Cyrillic); others are returned as they are. */
unsigned osk_upper(unsigned cp);

#endif
