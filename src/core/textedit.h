/* textedit.h — the text of one input field: UTF-8 bytes, caret, selection and IME composition.
 * Portable C11; no allocation (the caller supplies the buffer), no I/O. It must never hold
 * invalid UTF-8, split a code point, exceed its limits, or change text without saying so.
 *
 * Units: every offset here is a BYTE offset into the value, always on a code point boundary,
 * except textedit_set_value, whose selection is in UTF-16 code units because its only caller
 * is the DOM mirror (selectionStart/End count an emoji as 2). Convert with textedit_utf16_*.
 * "Character" in the limits means code point; caret motion steps over whole clusters
 * (base + combining marks, emoji ZWJ sequences, flags) so the caret never lands inside "é"
 * written as e + U+0301. Motion is logical (PREV/NEXT in memory order), not visual: the UI maps
 * arrow keys to PREV/NEXT according to the text direction (Arabic is right to left).
 *
 * Text arriving from outside (typing, paste, IME, the DOM) is treated the same way:
 *  - invalid UTF-8 (overlongs, surrogates, truncated sequences) is REJECTED: nothing changes and
 *    the status is TEXTEDIT_INVALID; the platform must convert (TextEncoder turns lone
 *    surrogates into U+FFFD), we do not guess;
 *  - "\r\n", "\r", U+0085, U+2028 and U+2029 become "\n" in a multi-line field, " " otherwise;
 *    '\n' becomes ' ' in a single-line field; '\t' becomes ' ' (pasted table cells stay apart);
 *  - every other control character (C0, DEL, C1, including NUL) is dropped and counted;
 *  - text that would take the field past its code point limit or its byte capacity is REFUSED
 *    whole, never cut: the value, caret, selection and composition stay as they were, the status
 *    is TEXTEDIT_LIMITED, and the field remembers the refusal (textedit_refused) so the UI can
 *    show the field's message until its value next changes.
 */
#ifndef PARLEY_TEXTEDIT_H
#define PARLEY_TEXTEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A buffer this large never makes the byte capacity the binding limit (4 bytes per code point
 * at most, plus the terminating NUL). Smaller buffers are allowed: then both limits apply. */
#define TEXTEDIT_BUF_BYTES(max_cps) ((size_t)(max_cps) * 4u + 1u)

/* The fields are private: read them through the functions below. */
typedef struct TextEdit {
    char *buf;                 /* caller's storage; buf[len..cap) is always zero */
    size_t cap;                /* bytes in buf, including room for the NUL */
    size_t len;                /* bytes of text */
    size_t count;              /* code points of text */
    size_t max_count;          /* limit in code points */
    size_t caret, anchor;      /* selection is [min, max) of the two */
    size_t comp_start, comp_end;
    bool composing;
    bool multiline;
    bool refused;              /* the last text offered did not fit; cleared by the next change */
    uint32_t version;
} TextEdit;

typedef enum TextEditStatus {
    TEXTEDIT_OK = 0,   /* all of the text went in (control characters may have been dropped) */
    TEXTEDIT_LIMITED,  /* it would not fit the limits: nothing changed, the refusal is recorded */
    TEXTEDIT_INVALID   /* not valid UTF-8, or NULL, or pointing into the field: nothing changed */
} TextEditStatus;

typedef struct TextEditResult {
    TextEditStatus status;
    size_t inserted;   /* code points written */
    size_t refused;    /* code points refused because they would not fit (all of the text) */
    size_t dropped;    /* control characters removed */
} TextEditResult;

typedef enum TextEditMove {
    TEXTEDIT_PREV_CHAR,  /* one cluster back */
    TEXTEDIT_NEXT_CHAR,  /* one cluster forward */
    TEXTEDIT_PREV_WORD,  /* to the start of this or the previous word */
    TEXTEDIT_NEXT_WORD,  /* to the end of this or the next word */
    TEXTEDIT_START,      /* to the start of the text */
    TEXTEDIT_END         /* to the end of the text */
} TextEditMove;

/* Uses buf[0..buf_bytes) as storage (zeroed here): at most buf_bytes - 1 bytes of text and
 * max_count code points. False (and te unusable) when buf is NULL, buf_bytes is 0 or
 * max_count is 0. */
bool textedit_init(TextEdit *te, char *buf, size_t buf_bytes, size_t max_count, bool multiline);

/* Empties the field and wipes every byte of the buffer (a kiosk reset must leave nothing of
 * the previous participant in memory). */
void textedit_clear(TextEdit *te);

/* Replaces the whole value with what the DOM element holds (the DOM is the source of truth
 * when the person typed there). anchor_u16 and caret_u16 are UTF-16 offsets into `utf8` as
 * given: for selectionDirection "backward" pass (selectionEnd, selectionStart), otherwise
 * (selectionStart, selectionEnd). Offsets past the end are clamped; an offset between the two
 * halves of a surrogate pair moves to the start of that character. Ends any composition.
 * The text is sanitised as described above, or refused whole when it would not fit; when the
 * stored value then differs from what was given, the version changes so the UI re-publishes it. Giving back exactly what is
 * stored changes nothing (no version change), so a mirror cannot echo forever. */
TextEditResult textedit_set_value(TextEdit *te, const char *utf8, size_t len,
                                  size_t anchor_u16, size_t caret_u16);

/* Typing, paste, on-screen keyboard: replaces the selection (or inserts at the caret) and
 * leaves the caret after what went in. Commits any composition first. On TEXTEDIT_INVALID
 * nothing changes, the selection included. `utf8` must not point into the field's buffer. */
TextEditResult textedit_insert(TextEdit *te, const char *utf8, size_t len);

/* Deletes the selection if there is one; otherwise from the caret to where `move` would take
 * it. TEXTEDIT_PREV_CHAR (Backspace) removes one code point, so a mistyped accent can be
 * removed alone, except that an emoji sequence or a flag goes as a whole. TEXTEDIT_NEXT_CHAR
 * (Delete) removes one cluster. Commits any composition first. True when the text changed. */
bool textedit_delete(TextEdit *te, TextEditMove move);

/* Moves the caret. With extend (Shift), the anchor stays and the selection grows or shrinks;
 * without it, a selection first collapses to its edge on the side of the motion (PREV_CHAR
 * and NEXT_CHAR stop there; word motions continue from there). Commits any composition.
 * True when the caret or selection changed. */
bool textedit_move(TextEdit *te, TextEditMove move, bool extend);

/* Sets the selection in bytes (e.g. from a tap the UI hit-tested); offsets are clamped and
 * moved back to a code point boundary. Commits any composition. True when it changed. */
bool textedit_select(TextEdit *te, size_t anchor, size_t caret);
void textedit_select_all(TextEdit *te);

/* IME pre-edit: replaces the current composition range, or the selection when no composition
 * is active (so the selection is gone from the first pre-edit on, as in browsers), with the
 * pre-edit text, which becomes the composition range; the caret goes to its end. */
TextEditResult textedit_composition_set(TextEdit *te, const char *utf8, size_t len);
/* Keeps the pre-edit text as typed text and ends the composition. */
void textedit_composition_commit(TextEdit *te);
/* Removes the pre-edit text and ends the composition: the value is as it was after the first
 * pre-edit replaced the selection (a selection replaced by a composition is not restored). */
void textedit_composition_cancel(TextEdit *te);

/* Queries. The value is NUL-terminated and valid UTF-8. */
const char *textedit_value(const TextEdit *te, size_t *len);
size_t textedit_count(const TextEdit *te);       /* code points, for "123 / 4000" */
size_t textedit_max_count(const TextEdit *te);
size_t textedit_caret(const TextEdit *te);
size_t textedit_anchor(const TextEdit *te);
/* The selection as [start, end) in bytes; true when it is not empty. */
bool textedit_selection(const TextEdit *te, size_t *start, size_t *end);
/* The composition as [start, end) in bytes; true while composing (the range may be empty). */
bool textedit_composition(const TextEdit *te, size_t *start, size_t *end);
/* Changes whenever the value, caret, selection or composition changes; compare for
 * inequality (it wraps). The UI re-publishes the field to the DOM when it changed. */
uint32_t textedit_version(const TextEdit *te);
/* True from a refused insertion (TEXTEDIT_LIMITED) until the value next changes (typed,
 * deleted, cleared): the UI shows the field's "at most N characters" message meanwhile. */
bool textedit_refused(const TextEdit *te);
/* Records a refusal the caller decided itself: an input method that checked the room before
 * changing its own state (the on-screen keyboard's pinyin composition). */
void textedit_mark_refused(TextEdit *te);

/* Offsets between UTF-8 bytes and the DOM's UTF-16 code units, for any string s[0..len).
 * Both clamp to the end; a byte offset inside a sequence, or a UTF-16 offset between the
 * halves of a surrogate pair, resolves to the start of that character. Malformed bytes
 * count as U+FFFD (one unit), as a decoder would show them. */
size_t textedit_utf16_to_byte(const char *s, size_t len, size_t u16);
size_t textedit_byte_to_utf16(const char *s, size_t len, size_t byte);

#endif
