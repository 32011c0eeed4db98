/* devicefile.c — see devicefile.h. Writers escape by hand into the caller's buffer (no
 * allocation); readers run the raw JSON scan, then cJSON, then check every member. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "core/attrs.h"
#include "core/devicefile.h"
#include "core/jsonguard.h"
#include "core/utf8.h"

static const JsonguardRules devicefile_rules = {
    .max_depth = 2,       /* one object of scalars; a deeper line is not ours */
    .line_breaks = false,
    .skip_bom = false,
};

static DevicefileStatus df_fail(DevicefileError *err, DevicefileStatus status, const char *fmt,
                                ...) PRINTF_LIKE(3, 4);

static DevicefileStatus df_fail(DevicefileError *err, DevicefileStatus status, const char *fmt,
                                ...)
{
    if (err) {
        err->status = status;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        jsonguard_trim_utf8(err->message);
    }
    return status;
}

/* ---------------------------------------------------------------- checksum, base64 */

uint32_t devicefile_crc32(uint32_t crc, const void *buf, size_t len)
{
    /* Half-byte table of the reflected polynomial 0xEDB88320: small, and fast enough. */
    static const uint32_t t[16] = {
        0x00000000u, 0x1db71064u, 0x3b6e20c8u, 0x26d930acu, 0x76dc4190u, 0x6b6b51f4u,
        0x4db26158u, 0x5005713cu, 0xedb88320u, 0xf00f9344u, 0xd6d6a3e8u, 0xcb61b38cu,
        0x9b64c2b0u, 0x86d3d2d4u, 0xa00ae278u, 0xbdbdf21cu,
    };
    const unsigned char *p = buf;
    crc = ~crc;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        crc = (crc >> 4) ^ t[crc & 15];
        crc = (crc >> 4) ^ t[crc & 15];
    }
    return ~crc;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t b64_encode(const uint8_t *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < n) v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < n) v |= in[i + 2];
        out[o++] = b64[(v >> 18) & 63];
        out[o++] = b64[(v >> 12) & 63];
        out[o++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? b64[v & 63] : '=';
    }
    return o;
}

static int b64_value(char c)
{
    const char *p = c ? strchr(b64, c) : NULL;
    return p ? (int)(p - b64) : -1;
}

/* Strict: length a multiple of 4, '=' only at the end, unused bits zero. Returns the
 * decoded length, or SIZE_MAX when malformed or over cap. */
static size_t b64_decode(const char *in, size_t n, uint8_t *out, size_t cap)
{
    if (n % 4 != 0) return SIZE_MAX;
    size_t o = 0;
    for (size_t i = 0; i < n; i += 4) {
        bool last = i + 4 == n;
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; k++) {
            if (last && k >= 2 && in[i + (size_t)k] == '=' && (k == 3 || in[i + 3] == '=')) {
                v[k] = 0;
                pad++;
                continue;
            }
            v[k] = b64_value(in[i + (size_t)k]);
            if (v[k] < 0) return SIZE_MAX;
        }
        uint32_t w = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 | (uint32_t)v[3];
        if ((pad == 1 && (w & 0xff)) || (pad == 2 && (w & 0xffff))) return SIZE_MAX;
        size_t bytes = 3 - (size_t)pad;
        if (o + bytes > cap) return SIZE_MAX;
        out[o++] = (uint8_t)(w >> 16);
        if (bytes > 1) out[o++] = (uint8_t)(w >> 8);
        if (bytes > 2) out[o++] = (uint8_t)w;
    }
    return o;
}

/* ---------------------------------------------------------------- checks shared by both sides */

const char *devicefile_state_name(DevicefileState s)
{
    switch (s) {
    case DEVICEFILE_PENDING: return "pending";
    case DEVICEFILE_REJECTED: return "rejected";
    case DEVICEFILE_QUARANTINED: return "quarantined";
    }
    return "";
}

static bool df_key_valid(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n == 0 || n > DEVICEFILE_MAX_ID_BYTES) return false;
    for (size_t i = 0; i < n; i++)
        if (!record_id_char(id[i])) return false;
    return true;
}

/* "YYYY-MM-DDTHH:MM:SSZ" or with ".sss" milliseconds; fields in range. */
static bool df_time_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n != 20 && n != 24) return false;
    const char *shape = n == 20 ? "dddd-dd-ddTdd:dd:ddZ" : "dddd-dd-ddTdd:dd:dd.dddZ";
    for (size_t i = 0; i < n; i++) {
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i]) return false;
    }
    int mo = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    int h = (s[11] - '0') * 10 + (s[12] - '0'), mi = (s[14] - '0') * 10 + (s[15] - '0');
    int sec = (s[17] - '0') * 10 + (s[18] - '0');
    return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && sec <= 60;
}

/* A reason: valid UTF-8, at most DEVICEFILE_MAX_REASON_BYTES, no control characters. */
static bool df_reason_valid(const char *r)
{
    size_t n = strlen(r);
    if (n > DEVICEFILE_MAX_REASON_BYTES || !utf8_valid(r, n)) return false;
    for (size_t i = 0; i < n;)
        if (jsonguard_is_control(utf8_decode(r, n, &i), JSONGUARD_CONTROLS_C0_C1)) return false;
    return true;
}

/* ---------------------------------------------------------------- writers */

typedef struct Out {
    char *buf;
    size_t cap, len;
    bool over;
} Out;

static void out_bytes(Out *o, const char *s, size_t n)
{
    if (o->over || n >= o->cap - o->len) {
        o->over = true;
        return;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void out_str(Out *o, const char *s)
{
    out_bytes(o, s, strlen(s));
}

static bool out_sink(void *ctx, const char *bytes, size_t n)
{
    out_bytes(ctx, bytes, n);
    return true;
}

static void out_json(Out *o, const char *s, size_t n)
{
    jsonguard_write_string(s, n, out_sink, o);
}

static size_t out_end(Out *o, DevicefileError *err)
{
    if (o->over || o->len >= o->cap) {
        if (o->cap) o->buf[0] = '\0';
        df_fail(err, DEVICEFILE_USAGE, "buffer too small: %zu bytes", o->cap);
        return 0;
    }
    o->buf[o->len] = '\0';
    if (err) {
        err->status = DEVICEFILE_OK;
        err->message[0] = '\0';
    }
    return o->len;
}

static size_t df_usage(char *buf, size_t cap, DevicefileError *err, const char *what)
{
    if (buf && cap) buf[0] = '\0';
    df_fail(err, DEVICEFILE_USAGE, "%s", what);
    return 0;
}

size_t devicefile_record_bound(size_t record_len, size_t reason_len)
{
    return 128 + DEVICEFILE_MAX_ID_BYTES + 6 * reason_len + 6 * record_len;
}

size_t devicefile_stored_bound(size_t stored_len, size_t reason_len)
{
    return 160 + DEVICEFILE_MAX_ID_BYTES + 6 * reason_len + (stored_len + 2) / 3 * 4;
}

size_t devicefile_write_header(const char *device, const char *exported, uint64_t count,
                               char *buf, size_t cap, DevicefileError *err)
{
    if (!buf || cap == 0) return df_usage(buf, cap, err, "no buffer");
    if (!device || !record_is_uuid_v4(device))
        return df_usage(buf, cap, err, "device: expected a lowercase UUID v4");
    if (!df_time_valid(exported))
        return df_usage(buf, cap, err, "exported: expected an ISO 8601 UTC time");
    if (count > DEVICEFILE_MAX_COUNT) return df_usage(buf, cap, err, "count: too large");
    Out o = {buf, cap, 0, false};
    char n[32];
    snprintf(n, sizeof n, "%llu", (unsigned long long)count);
    out_str(&o, "{\"format\":\"" DEVICEFILE_FORMAT "\",\"version\":1,\"device\":\"");
    out_str(&o, device);
    out_str(&o, "\",\"exported\":\"");
    out_str(&o, exported);
    out_str(&o, "\",\"count\":");
    out_str(&o, n);
    out_str(&o, "}");
    return out_end(&o, err);
}

/* The members every record line starts with. */
static bool df_write_start(Out *o, const char *id, DevicefileState state, const char *reason,
                           DevicefileError *err)
{
    if (!df_key_valid(id)) {
        df_fail(err, DEVICEFILE_USAGE, "id: expected 1..%u bytes of [A-Za-z0-9._-]",
                DEVICEFILE_MAX_ID_BYTES);
        return false;
    }
    if (!df_reason_valid(reason)) {
        df_fail(err, DEVICEFILE_USAGE,
                "reason: expected at most %u bytes of UTF-8 without control characters",
                DEVICEFILE_MAX_REASON_BYTES);
        return false;
    }
    if (devicefile_state_name(state)[0] == '\0') {
        df_fail(err, DEVICEFILE_USAGE, "state: not a known state");
        return false;
    }
    out_str(o, "{\"id\":\"");
    out_str(o, id);
    out_str(o, "\",\"state\":\"");
    out_str(o, devicefile_state_name(state));
    out_str(o, "\",\"reason\":");
    out_json(o, reason, strlen(reason));
    return true;
}

size_t devicefile_write_record(const char *id, DevicefileState state, const char *reason,
                               const char *record, size_t record_len, char *buf, size_t cap,
                               DevicefileError *err)
{
    if (!buf || cap == 0) return df_usage(buf, cap, err, "no buffer");
    buf[0] = '\0';
    if (!record || record_len == 0 || record_len > RECORD_MAX_LINE_BYTES ||
        !utf8_valid(record, record_len))
        return df_usage(buf, cap, err, "record: expected 1..65536 bytes of UTF-8 without NUL");
    Out o = {buf, cap, 0, false};
    if (!df_write_start(&o, id, state, reason ? reason : "", err)) return 0;
    char crc[16];
    snprintf(crc, sizeof crc, "%08lx", (unsigned long)devicefile_crc32(0, record, record_len));
    out_str(&o, ",\"crc32\":\"");
    out_str(&o, crc);
    out_str(&o, "\",\"record\":");
    out_json(&o, record, record_len);
    out_str(&o, "}");
    return out_end(&o, err);
}

size_t devicefile_write_stored(const char *id, const char *reason, const uint8_t *stored,
                               size_t stored_len, char *buf, size_t cap, DevicefileError *err)
{
    if (!buf || cap == 0) return df_usage(buf, cap, err, "no buffer");
    buf[0] = '\0';
    if ((!stored && stored_len) || stored_len > DEVICEFILE_MAX_STORED_BYTES)
        return df_usage(buf, cap, err, "stored: at most 196608 bytes");
    Out o = {buf, cap, 0, false};
    if (!df_write_start(&o, id, DEVICEFILE_QUARANTINED, reason ? reason : "", err)) return 0;
    out_str(&o, ",\"crc32\":null,\"record\":null,\"stored\":\"");
    size_t need = (stored_len + 2) / 3 * 4;
    if (!o.over && need < o.cap - o.len) o.len += b64_encode(stored, stored_len, o.buf + o.len);
    else o.over = true;
    out_str(&o, "\"}");
    return out_end(&o, err);
}

/* ---------------------------------------------------------------- readers */

/* The raw scan and cJSON: an object, or NULL with *err (status as given). */
static cJSON *df_parse(const char *line, size_t len, DevicefileStatus status,
                       DevicefileError *err)
{
    if (len > DEVICEFILE_MAX_LINE_BYTES) {
        df_fail(err, status, "line is %zu bytes, over the limit of %u", len,
                DEVICEFILE_MAX_LINE_BYTES);
        return NULL;
    }
    JsonguardScan scan;
    if (!jsonguard_scan(line, len, &devicefile_rules, &scan)) {
        static const char *const what[] = {
            [JSONGUARD_INVALID_UTF8] = "invalid UTF-8", [JSONGUARD_NUL_BYTE] = "a NUL byte",
            [JSONGUARD_LINE_BREAK] = "a line break", [JSONGUARD_CONTROL] = "a control character",
            [JSONGUARD_BAD_ESCAPE] = "a bad \\u escape", [JSONGUARD_ESCAPED_NUL] = "\\u0000",
            [JSONGUARD_TOO_DEEP] = "nesting deeper than one object",
        };
        const char *w = (size_t)scan.issue < sizeof what / sizeof what[0] && what[scan.issue]
                            ? what[scan.issue] : "bad bytes";
        df_fail(err, status, "%s at byte %zu", w, scan.pos + 1);
        return NULL;
    }
    if (scan.unclosed) {
        df_fail(err, status, "cut short: the line ends inside a string or object");
        return NULL;
    }
    size_t stop = 0;
    cJSON *root = jsonguard_parse(line, len, &stop);
    if (!root) {
        df_fail(err, status, "not JSON (error at byte %zu)", stop + 1);
        return NULL;
    }
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        df_fail(err, status, "JSON, but not an object");
        return NULL;
    }
    /* A member named twice could mean two things; cJSON would take the first silently. */
    for (cJSON *a = root->child; a; a = a->next)
        for (cJSON *b = a->next; b; b = b->next)
            if (a->string && b->string && strcmp(a->string, b->string) == 0) {
                char q[JSONGUARD_QUOTE_CAP];
                df_fail(err, status, "member %s appears twice",
                        jsonguard_quote(q, sizeof q, a->string, JSONGUARD_CONTROLS_C0_C1));
                cJSON_Delete(root);
                return NULL;
            }
    return root;
}

static const char *df_string(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

DevicefileStatus devicefile_read_header(const char *line, size_t len, DevicefileHeader *out,
                                        DevicefileError *err)
{
    memset(out, 0, sizeof *out);
    cJSON *root = df_parse(line, len, DEVICEFILE_FOREIGN, err);
    if (!root) return DEVICEFILE_FOREIGN;
    DevicefileStatus st = DEVICEFILE_OK;
    const char *format = df_string(root, "format");
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
    const cJSON *count = cJSON_GetObjectItemCaseSensitive(root, "count");
    const char *device = df_string(root, "device"), *exported = df_string(root, "exported");
    if (!format || strcmp(format, DEVICEFILE_FORMAT) != 0) {
        st = df_fail(err, DEVICEFILE_FOREIGN, "not a device export: \"format\" is not \"%s\"",
                     DEVICEFILE_FORMAT);
    } else if (!cJSON_IsNumber(version) || version->valuedouble != DEVICEFILE_VERSION) {
        st = df_fail(err, DEVICEFILE_FOREIGN,
                     "device export of an unknown version (this build reads version %d)",
                     DEVICEFILE_VERSION);
    } else if (!device || !record_is_uuid_v4(device)) {
        st = df_fail(err, DEVICEFILE_DAMAGED, "header: \"device\" is not a lowercase UUID v4");
    } else if (!df_time_valid(exported)) {
        st = df_fail(err, DEVICEFILE_DAMAGED, "header: \"exported\" is not an ISO 8601 UTC time");
    } else if (!cJSON_IsNumber(count) || count->valuedouble < 0 ||
               count->valuedouble > (double)DEVICEFILE_MAX_COUNT ||
               count->valuedouble != (double)(uint64_t)count->valuedouble) {
        st = df_fail(err, DEVICEFILE_DAMAGED, "header: \"count\" is not a whole number 0..%llu",
                     (unsigned long long)DEVICEFILE_MAX_COUNT);
    } else {
        out->version = DEVICEFILE_VERSION;
        memcpy(out->device, device, RECORD_UUID_LEN + 1);
        snprintf(out->exported, sizeof out->exported, "%s", exported);
        out->count = (uint64_t)count->valuedouble;
        if (err) err->status = DEVICEFILE_OK, err->message[0] = '\0';
    }
    cJSON_Delete(root);
    return st;
}

static bool df_state_parse(const char *s, DevicefileState *out)
{
    for (int i = DEVICEFILE_PENDING; i <= DEVICEFILE_QUARANTINED; i++)
        if (s && strcmp(s, devicefile_state_name((DevicefileState)i)) == 0) {
            *out = (DevicefileState)i;
            return true;
        }
    return false;
}

static bool df_crc_parse(const char *s, uint32_t *out)
{
    if (!s || strlen(s) != 8) return false;
    uint32_t v = 0;
    for (int i = 0; i < 8; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) return false;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return true;
}

/* The members after the common ones: the record line, checksum and validator. */
static DevicefileStatus df_read_record(const cJSON *root, DevicefileEntry *e, char *data,
                                       size_t data_cap, DevicefileError *err)
{
    const cJSON *rec = cJSON_GetObjectItemCaseSensitive(root, "record");
    const cJSON *crc = cJSON_GetObjectItemCaseSensitive(root, "crc32");
    const cJSON *stored = cJSON_GetObjectItemCaseSensitive(root, "stored");
    if (cJSON_IsNull(rec)) {
        if (e->state != DEVICEFILE_QUARANTINED || !cJSON_IsNull(crc) || !cJSON_IsString(stored))
            return df_fail(err, DEVICEFILE_DAMAGED,
                           "\"record\" is null but this is not a quarantined record with "
                           "\"crc32\": null and \"stored\" bytes");
        size_t n = b64_decode(stored->valuestring, strlen(stored->valuestring),
                              (uint8_t *)data, data_cap < DEVICEFILE_MAX_STORED_BYTES
                                                   ? data_cap : DEVICEFILE_MAX_STORED_BYTES);
        if (n == SIZE_MAX)
            return df_fail(err, DEVICEFILE_DAMAGED,
                           "\"stored\" is not base64 of at most %u bytes",
                           DEVICEFILE_MAX_STORED_BYTES);
        e->data_len = n;
        return df_fail(err, DEVICEFILE_UNDECODABLE,
                       "the device could not decode this record; its stored bytes (%zu) are "
                       "kept in the file", n);
    }
    if (!cJSON_IsString(rec)) return df_fail(err, DEVICEFILE_DAMAGED, "\"record\" is not a string");
    if (stored) return df_fail(err, DEVICEFILE_DAMAGED, "\"stored\" next to a \"record\"");
    uint32_t want;
    if (!df_crc_parse(cJSON_IsString(crc) ? crc->valuestring : NULL, &want))
        return df_fail(err, DEVICEFILE_DAMAGED, "\"crc32\" is not 8 lowercase hex digits");
    size_t n = strlen(rec->valuestring);
    if (n == 0 || n > RECORD_MAX_LINE_BYTES || n + 1 > data_cap)
        return df_fail(err, DEVICEFILE_DAMAGED, "\"record\" is %zu bytes, expected 1..%u", n,
                       RECORD_MAX_LINE_BYTES);
    memcpy(data, rec->valuestring, n + 1);
    e->data_len = n;
    e->has_record = true;
    e->crc32 = devicefile_crc32(0, data, n);
    if (e->crc32 != want)
        return df_fail(err, DEVICEFILE_DAMAGED,
                       "checksum mismatch: the record's CRC-32 is %08lx, the line says %08lx",
                       (unsigned long)e->crc32, (unsigned long)want);
    RecordError re;
    if (!record_validate(data, n, &e->info, &re)) {
        memset(&e->info, 0, sizeof e->info);
        return df_fail(err, DEVICEFILE_INVALID_RECORD, "%s", re.message);
    }
    if (strcmp(e->info.id, e->id) != 0)
        return df_fail(err, DEVICEFILE_DAMAGED, "\"id\" %s is not the record's own id %s", e->id,
                       e->info.id);
    if (err) err->status = DEVICEFILE_OK, err->message[0] = '\0';
    return DEVICEFILE_OK;
}

DevicefileStatus devicefile_read_entry(const char *line, size_t len, DevicefileEntry *entry,
                                       char *data, size_t data_cap, DevicefileError *err)
{
    memset(entry, 0, sizeof *entry);
    if (!data || data_cap == 0) return df_fail(err, DEVICEFILE_USAGE, "no data buffer");
    data[0] = '\0';
    cJSON *root = df_parse(line, len, DEVICEFILE_DAMAGED, err);
    if (!root) return DEVICEFILE_DAMAGED;
    DevicefileStatus st;
    const char *id = df_string(root, "id"), *state = df_string(root, "state");
    const char *reason = df_string(root, "reason");
    if (cJSON_GetObjectItemCaseSensitive(root, "format")) {
        st = df_fail(err, DEVICEFILE_DAMAGED, "a header where a record line belongs");
    } else if (!df_key_valid(id)) {
        st = df_fail(err, DEVICEFILE_DAMAGED, "\"id\" is missing or not 1..%u bytes of [A-Za-z0-9._-]",
                     DEVICEFILE_MAX_ID_BYTES);
    } else {
        memcpy(entry->id, id, strlen(id) + 1);
        if (!df_state_parse(state, &entry->state)) {
            st = df_fail(err, DEVICEFILE_DAMAGED,
                         "\"state\" is not one of pending, rejected, quarantined");
        } else if (!reason || !df_reason_valid(reason)) {
            st = df_fail(err, DEVICEFILE_DAMAGED,
                         "\"reason\" is missing, or not text of at most %u bytes",
                         DEVICEFILE_MAX_REASON_BYTES);
        } else {
            memcpy(entry->reason, reason, strlen(reason) + 1);
            st = df_read_record(root, entry, data, data_cap, err);
        }
    }
    cJSON_Delete(root);
    return st;
}
