/* devicefile.h — the device export file: every record still on a kiosk, saved by staff to
 * one file when the network never came back, and loaded at the server with
 * `parleyd import` (docs/device-export.md). Portable C11: no I/O, no SDL, no Emscripten;
 * cJSON and the core helpers only, so the web build links it too.
 *
 * The format is NDJSON (UTF-8, one JSON object per line, "\n" after each line):
 *   line 1, the header:
 *     {"format":"parley-device-export","version":1,"device":"<device uuid>",
 *      "exported":"<ISO 8601 UTC>","count":N}
 *   then N record lines:
 *     {"id":"<record id>","state":"pending|rejected|quarantined","reason":"<text or "">",
 *      "crc32":"<8 lowercase hex digits>","record":"<the record's NDJSON line as a string>"}
 *   where crc32 is CRC-32/IEEE (zlib's) of the UTF-8 bytes of that record line; and for a
 *   quarantined record whose stored bytes could not be decoded:
 *     {"id":..,"state":"quarantined","reason":..,"crc32":null,"record":null,
 *      "stored":"<base64 of the stored bytes>"}
 *   so nothing is thrown away. Readers ignore members they do not know.
 *
 * Writers fill a caller's buffer (sized with the bound functions); readers check one line
 * and say exactly why it is damaged. Nothing here trusts a byte of its input. */
#ifndef PARLEY_DEVICEFILE_H
#define PARLEY_DEVICEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/record.h"

#define DEVICEFILE_FORMAT            "parley-device-export"
#define DEVICEFILE_VERSION           1
#define DEVICEFILE_MAX_ID_BYTES      64u          /* a storage key; a record id is 36 */
#define DEVICEFILE_MAX_REASON_BYTES  512u         /* UTF-8, no control characters */
#define DEVICEFILE_MAX_STORED_BYTES  (192u * 1024u) /* raw stored bytes of one record */
#define DEVICEFILE_MAX_COUNT         UINT64_C(100000000)
/* The longest line a reader accepts: a record line of RECORD_MAX_LINE_BYTES with every
 * byte escaped as \u00XX, or the base64 of DEVICEFILE_MAX_STORED_BYTES, plus the rest. */
#define DEVICEFILE_MAX_LINE_BYTES    (6u * RECORD_MAX_LINE_BYTES + 2u * DEVICEFILE_MAX_REASON_BYTES * 6u + 1024u)
/* Room for what a record line carries once decoded (its record line or stored bytes). */
#define DEVICEFILE_MAX_DATA_BYTES    DEVICEFILE_MAX_STORED_BYTES
#define DEVICEFILE_HEADER_BOUND      256u         /* a header line and its NUL */

typedef enum DevicefileState {
    DEVICEFILE_PENDING = 0,   /* not yet acknowledged by the server */
    DEVICEFILE_REJECTED,      /* the server refused it (a dead letter); reason says why */
    DEVICEFILE_QUARANTINED    /* the device could not read it back; reason says why */
} DevicefileState;

typedef enum DevicefileStatus {
    DEVICEFILE_OK = 0,
    DEVICEFILE_DAMAGED,         /* not a well-formed line of this format (checksum, id, ...) */
    DEVICEFILE_INVALID_RECORD,  /* intact, but the record fails record_validate */
    DEVICEFILE_UNDECODABLE,     /* intact, but only the stored bytes are there: no record */
    DEVICEFILE_FOREIGN,         /* header: not a device export, or another version */
    DEVICEFILE_USAGE            /* writer: a bad argument or the buffer is too small */
} DevicefileStatus;

typedef struct DevicefileError {
    DevicefileStatus status;
    char message[256];          /* valid UTF-8, no control characters, no raw input */
} DevicefileError;

typedef struct DevicefileHeader {
    int version;
    char device[RECORD_UUID_LEN + 1];
    char exported[RECORD_TIME_BYTES];  /* "YYYY-MM-DDTHH:MM:SS[.sss]Z" */
    uint64_t count;                    /* record lines that follow */
} DevicefileHeader;

/* One record line, read back. */
typedef struct DevicefileEntry {
    char id[DEVICEFILE_MAX_ID_BYTES + 1];
    DevicefileState state;
    char reason[DEVICEFILE_MAX_REASON_BYTES + 1];
    bool has_record;     /* data holds the record line; else the stored bytes */
    size_t data_len;     /* bytes written to the caller's data buffer */
    uint32_t crc32;      /* has_record: the checksum, verified */
    RecordInfo info;     /* has_record and DEVICEFILE_OK: what record_validate read */
} DevicefileEntry;

/* CRC-32/IEEE, as zlib's crc32(): crc32_update(0, buf, len) for a whole buffer. */
uint32_t devicefile_crc32(uint32_t crc, const void *buf, size_t len);

/* "pending", "rejected", "quarantined". */
const char *devicefile_state_name(DevicefileState s);

/* Bytes (with the NUL) a record line of record_len bytes, or an undecodable one of
 * stored_len stored bytes, can take at most, with a reason of reason_len bytes. */
size_t devicefile_record_bound(size_t record_len, size_t reason_len);
size_t devicefile_stored_bound(size_t stored_len, size_t reason_len);

/* The header line, without its "\n", and its NUL into buf. device: a record id-style UUID
 * v4; exported: an ISO 8601 UTC time as record_format_time writes; count: the record lines
 * that will follow. Returns the length, or 0 with *err (may be NULL) filled. */
size_t devicefile_write_header(const char *device, const char *exported, uint64_t count,
                               char *buf, size_t cap, DevicefileError *err);

/* One record line (no "\n") and its NUL into buf: the record line record[0..record_len)
 * exactly as stored (valid UTF-8, no NUL, at most RECORD_MAX_LINE_BYTES; it need not pass
 * record_validate: a rejected record is carried as it is), its id (the storage key, 1..64
 * bytes of [A-Za-z0-9._-]), state and reason (NULL counts as ""). Returns the length, or
 * 0 with *err filled. */
size_t devicefile_write_record(const char *id, DevicefileState state, const char *reason,
                               const char *record, size_t record_len, char *buf, size_t cap,
                               DevicefileError *err);

/* A quarantined record whose stored bytes could not be decoded: "record" and "crc32" null,
 * "stored" the base64 of stored[0..stored_len) (at most DEVICEFILE_MAX_STORED_BYTES). */
size_t devicefile_write_stored(const char *id, const char *reason, const uint8_t *stored,
                               size_t stored_len, char *buf, size_t cap, DevicefileError *err);

/* Reads line 1 (without its line break). DEVICEFILE_OK, or DEVICEFILE_FOREIGN when it is
 * not a device export header of version 1 (not JSON, another "format", another version)
 * or DEVICEFILE_DAMAGED when it is one with a bad member; *err says which. */
DevicefileStatus devicefile_read_header(const char *line, size_t len, DevicefileHeader *out,
                                        DevicefileError *err);

/* Reads one record line (without its line break): checks its members, decodes the record
 * line (or the stored bytes) into data (data_cap >= DEVICEFILE_MAX_DATA_BYTES is always
 * enough; a record line also gets a NUL after it), verifies the checksum, that "id" is the
 * record's own id, then record_validate. Returns DEVICEFILE_OK (entry filled, info valid),
 * DEVICEFILE_INVALID_RECORD (entry filled, the record fails the validator: err has its
 * reason), DEVICEFILE_UNDECODABLE (entry filled with the stored bytes), or
 * DEVICEFILE_DAMAGED (err says why; entry->id is set when the line had a usable one). */
DevicefileStatus devicefile_read_entry(const char *line, size_t len, DevicefileEntry *entry,
                                       char *data, size_t data_cap, DevicefileError *err);

#endif
