/* jsonguard.h — checks shared by every reader of untrusted JSON (event files, records): a raw
 * scan before cJSON, error line/column, quoting values for messages. Portable C11, no I/O.
 * It must never repair input nor let raw untrusted bytes into a message; callers word errors. */
#ifndef PARLEY_JSONGUARD_H
#define PARLEY_JSONGUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cJSON;

/* ---------------------------------------------------------------- quoting for messages */

#define JSONGUARD_QUOTE_BYTES 32 /* bytes of a quoted value kept before it is cut with "…" */
#define JSONGUARD_QUOTE_CAP (JSONGUARD_QUOTE_BYTES + 8) /* always enough for jsonguard_quote */
#define JSONGUARD_QUOTE_MIN_CAP 6 /* '"' "…" '"' NUL: less than this gives "" */

/* Which code points count as control characters. */
typedef enum JsonguardControls {
    JSONGUARD_CONTROLS_C0,    /* U+0000..U+001F and U+007F (DEL) */
    JSONGUARD_CONTROLS_C0_C1, /* those and the C1 controls U+0080..U+009F */
} JsonguardControls;

bool jsonguard_is_control(uint32_t cp, JsonguardControls controls);

/* Writes s (NUL-terminated; NULL counts as "") into buf in double quotes: '"' and '\' are
 * escaped, control characters (of the given set) and invalid UTF-8 become '?', and a value
 * longer than JSONGUARD_QUOTE_BYTES (or than cap allows) is cut at a whole character with
 * "…". The result is always valid UTF-8. Returns buf, for use as a printf argument. */
const char *jsonguard_quote(char *buf, size_t cap, const char *s, JsonguardControls controls);

/* Cuts a message (e.g. one vsnprintf cut short) back to whole UTF-8 characters: an
 * incomplete sequence at its end is removed. */
void jsonguard_trim_utf8(char *s);

/* ---------------------------------------------------------------- writing strings */

/* Where jsonguard_write_string puts its bytes; false stops the writing (no room). */
typedef bool (*JsonguardSink)(void *ctx, const char *bytes, size_t n);

/* Writes s[0..n) as a quoted JSON string through sink, in as few calls as the escapes allow:
 * '"' and '\' escaped, \n \r \t as such, the other C0 controls and DEL as \u00XX, and
 * every malformed UTF-8 sequence as U+FFFD, so the output is valid JSON and valid UTF-8
 * whatever the input; the UTF-8 of valid text is kept as it is. Returns false as soon as
 * the sink does. The one JSON string writer of the code base. */
bool jsonguard_write_string(const char *s, size_t n, JsonguardSink sink, void *ctx);

/* ---------------------------------------------------------------- the raw scan */

/* What the callers of the scan differ in. */
typedef struct JsonguardRules {
    int max_depth;    /* deepest nesting of arrays and objects accepted */
    bool line_breaks; /* raw "\n" and "\r" allowed between tokens (inside strings: never) */
    bool skip_bom;    /* a leading UTF-8 BOM is not part of the text: not scanned, no column */
} JsonguardRules;

typedef enum JsonguardIssue {
    JSONGUARD_OK = 0,
    JSONGUARD_INVALID_UTF8, /* byte: the first byte of the malformed sequence */
    JSONGUARD_NUL_BYTE,
    JSONGUARD_LINE_BREAK,   /* byte: '\n' or '\r'; only when rules->line_breaks is false */
    JSONGUARD_CONTROL,      /* byte: the raw control character; in_string: where it stands */
    JSONGUARD_BAD_ESCAPE,   /* "\u" not followed by 4 hex digits */
    JSONGUARD_ESCAPED_NUL,  /* "\u0000", which cJSON would silently cut the string at */
    JSONGUARD_TOO_DEEP,     /* the '[' or '{' one level beyond rules->max_depth */
} JsonguardIssue;

typedef struct JsonguardScan {
    JsonguardIssue issue;
    size_t pos;     /* byte offset of the issue; the length when there is none */
    unsigned byte;  /* the byte at pos, for the message */
    bool in_string; /* the issue is inside a string literal */
    bool unclosed;  /* no issue, but a string, array or object is still open at the end */
} JsonguardScan;

/* One pass over json[0..len) for what cJSON accepts and JSON (and we) must not: NUL bytes,
 * invalid UTF-8, raw control characters, "\u0000", "\u" without 4 hex digits; and nesting
 * deeper than rules->max_depth (cJSON's recursion must stay far from a small stack). Stops
 * at the first issue. Everything else (grammar, surrogate pairs in \u escapes) is left to
 * cJSON. Fills *out and returns true when there is no issue. */
bool jsonguard_scan(const char *json, size_t len, const JsonguardRules *rules,
                    JsonguardScan *out);

/* ---------------------------------------------------------------- positions */

/* Offset at which the JSON text begins: after a UTF-8 BOM when rules->skip_bom, else 0. */
size_t jsonguard_start(const char *json, size_t len, const JsonguardRules *rules);

/* The first offset from i on that is not JSON white space (or len). */
size_t jsonguard_skip_space(const char *json, size_t len, size_t i);

typedef struct JsonguardPos {
    size_t line, column; /* 1-based; columns count characters, not bytes, as editors do */
} JsonguardPos;

/* Line and column of byte pos, counted from jsonguard_start. Meant for a pos whose prefix
 * the scan passed (valid UTF-8); a character that pos falls inside is counted, and a pos
 * past len gives the position just after the last character. */
JsonguardPos jsonguard_locate(const char *json, size_t len, size_t pos,
                              const JsonguardRules *rules);

/* ---------------------------------------------------------------- parsing */

/* cJSON_ParseWithLengthOpts on json[0..len) that also gives, in *stop, the offset where
 * parsing ended (the error's offset on failure) from cJSON's end pointer rather than
 * cJSON_GetErrorPtr(), a process-wide global. Returns the tree (cJSON_Delete it) or NULL. */
struct cJSON *jsonguard_parse(const char *json, size_t len, size_t *stop);

#endif
