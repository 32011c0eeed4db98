/* record.h — the records of docs/interface.md §3: one validator for kiosk and server, the kiosk's
 * builders (one compact NDJSON line each), UUID v4 ids, ISO 8601 times, receipt codes.
 * Portable C11, no I/O, no clock, no randomness of its own (the platform passes them in).
 * Over-long or invalid values are rejected with a reason, never truncated or "fixed". */
#ifndef PARLEY_RECORD_H
#define PARLEY_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RECORD_MAX_LINE_BYTES  (64u * 1024u) /* one NDJSON line, checked before parsing */
#define RECORD_VERSION         1
#define RECORD_UUID_LEN        36u  /* "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" */
#define RECORD_MAX_ID_BYTES    64u  /* event, agenda item, panellist ids: [A-Za-z0-9._-] */
#define RECORD_TIME_BYTES      32u  /* room for any accepted "created" value and its NUL */
#define RECORD_MAX_NAME_CHARS  200  /* code points, "name" and "organization" */
#define RECORD_MAX_TEXT_CHARS  4000 /* code points, comment "text" */
#define RECORD_MAX_EMAIL_BYTES 254u /* RFC 5321 path limit */
#define RECORD_MAX_LANG_BYTES  35u  /* BCP 47 tags used in practice fit easily */
#define RECORD_REFERENCE_BYTES 10u  /* "XXXX-XXXX" and its NUL */
#define RECORD_MAX_FIELDS      256  /* members of any one object (bounds duplicate-key checks) */
#define RECORD_MAX_DEPTH       16   /* nesting of unknown extra fields */

typedef enum RecordType {
    RECORD_TYPE_NONE = 0,
    RECORD_TYPE_REGISTRATION,
    RECORD_TYPE_COMMENT
} RecordType;

/* What a valid record says, copied out (no pointers into anything) for storing and
 * indexing. The caller keeps the raw line itself: unknown fields are kept, not parsed. */
typedef struct RecordInfo {
    RecordType type;
    char id[RECORD_UUID_LEN + 1];
    char event[RECORD_MAX_ID_BYTES + 1];
    char device[RECORD_UUID_LEN + 1];
    char created[RECORD_TIME_BYTES]; /* exactly as sent, e.g. "2022-07-01T09:30:00.000Z" */
    int64_t created_ms;              /* the same instant in ms since 1970-01-01 UTC */
    char category[16];               /* registration: ngo|academia|private_sector|other */
    char participant[RECORD_UUID_LEN + 1];   /* comment: registration id */
    char agenda_item[RECORD_MAX_ID_BYTES + 1]; /* comment */
} RecordInfo;

/* The fields a person types, checked one by one exactly as the validator checks them in a
 * record (after the same trimming the builders apply), so a form can say which field is
 * wrong and why instead of failing the whole record later. */
typedef enum RecordField {
    RECORD_FIELD_NAME, RECORD_FIELD_ORGANIZATION, RECORD_FIELD_EMAIL, RECORD_FIELD_TEXT
} RecordField;

typedef enum RecordFieldProblem {
    RECORD_FIELD_OK,
    RECORD_FIELD_EMPTY,     /* a required field holds nothing but white space */
    RECORD_FIELD_TOO_LONG,  /* over its limit of characters or bytes */
    RECORD_FIELD_INVALID    /* invalid UTF-8, a control character, an implausible e-mail */
} RecordFieldProblem;

typedef struct RecordError {
    char id[RECORD_UUID_LEN + 1]; /* the record's "id" when it was a valid UUID v4, else "" */
    char message[200];            /* "field: reason", e.g. "text: 4012 characters, over the
                                   * limit of 4000"; valid UTF-8, no control characters */
    RecordFieldProblem problem;   /* what kind of failure, for record_check_field */
} RecordError;

/* Validates one untrusted NDJSON line (without its line break). Every field of §3 is
 * required; "may be empty" or "or null" describes the value, not the key. Unknown extra
 * fields are accepted. On success fills *out (may be NULL) and returns true; otherwise
 * fills *err (may be NULL). Safe on any bytes: size, UTF-8, NUL, "\u0000", depth and
 * duplicate keys are checked before any field is looked at. */
bool record_validate(const char *line, size_t len, RecordInfo *out, RecordError *err);

/* "registration", "comment", or "" for RECORD_TYPE_NONE. */
const char *record_type_name(RecordType type);

/* Input of the builders: NUL-terminated UTF-8; NULL counts as "". Times come from
 * record_format_time, ids from record_uuid_v4. */
typedef struct RecordRegistration {
    const char *id, *event, *device, *created;
    const char *name, *organization; /* leading and trailing white space is trimmed */
    const char *category;            /* ngo | academia | private_sector | other */
    const char *country;             /* ISO 3166-1 alpha-2 or "" */
    const char *email;               /* "" or an address; trimmed */
    bool publish_consent;
} RecordRegistration;

typedef struct RecordComment {
    const char *id, *event, *device, *created;
    const char *participant;  /* the registration's id */
    const char *agenda_item;
    const char *addressed_to; /* a panellist id, or NULL for null */
    const char *language;     /* BCP 47, e.g. "en", "es-419" */
    const char *text;         /* written as given: 1..4000 characters, never cut */
} RecordComment;

/* Write one compact JSON line (no line break) and its NUL into buf, and check it with
 * record_validate, so the kiosk never stores what the server would reject. Return the
 * line's length, or 0 with *err (may be NULL) filled when a value is invalid or cap is
 * too small (buf then holds ""). RECORD_MAX_LINE_BYTES + 1 is always enough. */
/* value[0..len) as the form holds it (untrimmed); err (may be NULL) says why. */
RecordFieldProblem record_check_field(RecordField field, const char *value, size_t len,
                                      RecordError *err);

size_t record_write_registration(const RecordRegistration *r, char *buf, size_t cap,
                                 RecordError *err);
size_t record_write_comment(const RecordComment *c, char *buf, size_t cap, RecordError *err);

/* Formats 16 secure random bytes (from the platform) as a lowercase UUID v4, forcing the
 * version (4) and variant (10xx) bits. */
void record_uuid_v4(const uint8_t random16[16], char out[RECORD_UUID_LEN + 1]);

/* True for a lowercase canonical UUID v4: the only form records use, so that ids compare
 * (and deduplicate) byte for byte. */
bool record_is_uuid_v4(const char *s);

/* The id rule of events, agenda items and panellists, wherever such an id is read: 1 to
 * RECORD_MAX_ID_BYTES characters, each a letter, a digit, '.', '_' or '-' (record_id_char). */
bool record_id_char(char c);
bool record_is_id(const char *s);

/* The Unix time in milliseconds of a record's time ("YYYY-MM-DDTHH:MM:SS(.f{1,9})?Z", UTC,
 * a real date and time, years 0001..9999), or -1 when it is not one. */
int64_t record_parse_time(const char *s);

/* "YYYY-MM-DDTHH:MM:SS.sssZ" for a Unix time in milliseconds. False (and "") outside
 * years 0001..9999. */
bool record_format_time(int64_t unix_ms, char out[RECORD_TIME_BYTES]);

/* A short code for receipts, "XXXX-XXXX": the first 40 bits of the id in Crockford base32
 * (digits and capitals without I, L, O, U), so it is easy to read aloud and type. Same id,
 * same code. False (and "") when uuid is not a record id. */
bool record_reference(const char *uuid, char out[RECORD_REFERENCE_BYTES]);

/* A reference as someone typed it (any case, with or without the dash or spaces, O for 0 and
 * I or L for 1, as Crockford's base32 allows), made canonical ("XXXX-XXXX") with the start of
 * every record id that has it: id_prefix receives "hhhhhhhh-hh" (lower-case hex, the id's
 * first 40 bits). False when it is not eight such symbols. */
#define RECORD_ID_PREFIX_BYTES 12u /* "hhhhhhhh-hh" and its NUL */
bool record_reference_parse(const char *text, size_t len, char canonical[RECORD_REFERENCE_BYTES],
                            char id_prefix[RECORD_ID_PREFIX_BYTES]);

/* NDJSON iteration: finds the next line in buf[*pos..len) that is not blank, strips its
 * "\n" or "\r\n", sets *line and *line_len, advances *pos and returns true; false at the
 * end. It does not validate: pass each line to record_validate. */
bool record_ndjson_next(const char *buf, size_t len, size_t *pos, const char **line,
                        size_t *line_len);

#endif
