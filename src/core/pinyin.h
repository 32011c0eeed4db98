/* pinyin.h — Chinese input by pinyin for the on-screen keyboard: the candidate table, the
 * segmentation of typed letters into syllables, and the composition being typed.
 * Portable C11; no allocation, no I/O. The table's bytes are untrusted (fetched by the page):
 * pinyin_table_load checks all of them before anything reads them, and refuses the table with
 * a reason rather than ever reading outside it.
 *
 * The table (built by scripts/gen_pinyin.py, little-endian):
 *   header, 32 bytes: "PLPY", u32 total bytes, u32 CRC-32 (zlib's) of every byte after this
 *     field, u16 version (1), u16 syllables, u32 keys, u32 data bytes, 8 zero bytes;
 *   syllables: 8 bytes each, lowercase ASCII letters NUL padded, strictly ascending;
 *   keys: 8 bytes each, u32 offset into data, u16 candidates, u8 syllables, u8 zero; in
 *     ascending order of their syllable sequences (a sequence sorts before its extensions);
 *   data: per key its syllables' indices (u16 each), then its candidates, most frequent
 *     first, each u8 weight (log scale), u8 byte length, that many bytes of UTF-8 with as
 *     many characters as the key has syllables.
 */
#ifndef PARLEY_PINYIN_H
#define PARLEY_PINYIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/deferred.h"

#define PINYIN_MAX_TABLE_BYTES (4u << 20)  /* a larger table is refused unread */
#define PINYIN_MAX_LETTERS     48          /* letters one composition holds */
#define PINYIN_MAX_SEGMENTS    PINYIN_MAX_LETTERS
#define PINYIN_MAX_CANDIDATES  400         /* offered for one composition, most likely first */

typedef struct PinyinTable {
    const uint8_t *syllables, *keys, *data;
    uint32_t syllable_count, key_count, data_len;
} PinyinTable;

/* Checks bytes[0..len) completely (magic, size, checksum, version, every offset, count and
 * string) and on success points t into them: the caller keeps the bytes alive as long as t.
 * On failure t is emptied and err says why ("checksum mismatch", ...). */
PARLEY_OUT_OF_LINE bool pinyin_table_load(PinyinTable *t, const uint8_t *bytes, size_t len, char *err, size_t err_cap);

/* One candidate: text points into the table; it covers the first `syllables` segments of the
 * composition, i.e. its first `letters` letters. */
typedef struct PinyinCandidate {
    const char *text;
    uint8_t len, syllables, weight;
    uint8_t letters;
} PinyinCandidate;

/* The letters being composed, their segmentation and their candidates. */
typedef struct PinyinInput {
    char letters[PINYIN_MAX_LETTERS + 1];   /* a-z and the separator '\'' */
    size_t len;
    int segment_count;                       /* syllables found, the last one maybe partial */
    uint8_t seg_start[PINYIN_MAX_SEGMENTS], seg_len[PINYIN_MAX_SEGMENTS];
    uint16_t seg_first[PINYIN_MAX_SEGMENTS], seg_end[PINYIN_MAX_SEGMENTS]; /* syllable index range */
    size_t segmented;                        /* letters the segments cover */
    int candidate_count;
    PinyinCandidate candidates[PINYIN_MAX_CANDIDATES];
} PinyinInput;

/* Empties the composition and wipes its memory (a kiosk reset leaves nothing behind). */
void pinyin_input_clear(PinyinInput *in);
bool pinyin_input_active(const PinyinInput *in);

/* Adds a typed letter (a-z, A-Z taken as lowercase) or the separator '\''; false (nothing
 * changes) when the composition is full or c is none of those. Candidates are recomputed. */
bool pinyin_input_add(PinyinInput *in, const PinyinTable *t, char c);
/* Removes the last letter; false when there was none. */
bool pinyin_input_backspace(PinyinInput *in, const PinyinTable *t);
/* Recomputes segmentation and candidates (after the table arrived, for instance). */
PARLEY_OUT_OF_LINE void pinyin_input_update(PinyinInput *in, const PinyinTable *t);

/* Chooses candidate i: its letters leave the composition (the rest stays, its candidates
 * recomputed) and its text is returned, to be committed to the field. NULL for no such i. */
const char *pinyin_input_choose(PinyinInput *in, const PinyinTable *t, int i, size_t *len);

/* The composition as shown in the field: the segments separated by '\'' where the letters
 * have no separator of their own ("lianheguo" shows as "lian'he'guo"), then any letters
 * that do not segment. Returns the length written (out is NUL-terminated). */
size_t pinyin_input_display(const PinyinInput *in, char *out, size_t cap);

/* Candidates of one page of page_size: the index of its first and how many it has. */
int pinyin_page_count(const PinyinInput *in, int page_size);

#endif
