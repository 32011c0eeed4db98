/* ingest.c — upload decoding: media type, LZ4 frame (core/codec.h), NDJSON lines and the
 * shared record validator (core/record.h). Must never trust a declared size before checking
 * it against the limits, never keep part of an upload it refused as a whole, and never
 * change a record's bytes (the line is stored exactly as received). */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/codec.h"
#include "server/ingest.h"

/* Room for the rendered rejections: each line's message is at most ~200 bytes, plus its
 * id, line number and JSON punctuation. */
#define INGEST_REJECT_BYTES 400u

static atomic_size_t ingest_in_use;

size_t ingest_memory_in_use(void)
{
    return atomic_load(&ingest_in_use);
}

static bool ingest_reserve(IngestBatch *b, size_t n)
{
    size_t before = atomic_fetch_add(&ingest_in_use, n);
    if (n > INGEST_MEMORY_BUDGET || before > INGEST_MEMORY_BUDGET - n) {
        atomic_fetch_sub(&ingest_in_use, n);
        return false;
    }
    b->reserved += n;
    return true;
}

static bool ingest_fail(IngestError *err, int status, const char *fmt, const char *detail)
{
    err->status = status;
    snprintf(err->message, sizeof err->message, fmt, detail ? detail : "");
    return false;
}

static bool ingest_ieq(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen != blen) return false;
    for (size_t i = 0; i < alen; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

IngestEncoding ingest_encoding(const char *content_type)
{
    if (!content_type) return INGEST_UNSUPPORTED;
    const char *s = content_type;
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strcspn(s, ";");
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (ingest_ieq(s, n, "application/x-ndjson")) return INGEST_PLAIN;
    if (ingest_ieq(s, n, "application/x-ndjson+lz4")) return INGEST_LZ4;
    return INGEST_UNSUPPORTED;
}

void ingest_free(IngestBatch *b)
{
    free(b->decoded);
    free(b->infos);
    free(b->records);
    free(b->inserted);
    buf_free(&b->rejected);
    if (b->reserved) atomic_fetch_sub(&ingest_in_use, b->reserved);
    memset(b, 0, sizeof *b);
}

/* Whether a line the validator refused is at least one JSON object. If it is, the record
 * is rejected on its own (a bad value); if not, the body is not NDJSON and the whole
 * upload is a 400 (docs/interface.md §2: bad JSON). Only runs on refused lines. */
static bool ingest_is_json_object(const char *line, size_t len)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(line, len, &end, 0);
    bool ok = root && cJSON_IsObject(root);
    cJSON_Delete(root);
    if (!ok || !end || end < line || end > line + len) return false;
    for (const char *p = end; p < line + len; p++)
        if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') return false;
    return true;
}

static size_t ingest_count_newlines(const char *s, size_t n)
{
    size_t count = 0;
    const char *end = s + n;
    while (s < end && (s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
        count++;
        s++;
    }
    return count;
}

static bool ingest_lz4(const char *body, size_t len, IngestBatch *b, IngestError *err)
{
    CodecFrameInfo info;
    CodecError ce;
    if (!codec_frame_info(body, len, &info, &ce))
        return ingest_fail(err, 400, "bad LZ4 frame: %s", ce.message);
    /* The declared size is checked (and reserved) before a single output byte exists. */
    if (info.has_content_size && info.content_size > INGEST_MAX_DECODED_BYTES) {
        char detail[96];
        snprintf(detail, sizeof detail, "%llu bytes, over the limit of %u",
                 (unsigned long long)info.content_size, INGEST_MAX_DECODED_BYTES);
        return ingest_fail(err, 413, "upload too large: the frame declares %s", detail);
    }
    if (info.has_content_size && !ingest_reserve(b, (size_t)info.content_size + 1))
        return ingest_fail(err, 503, "server busy: too many uploads being processed%s", NULL);
    uint8_t *out = NULL;
    size_t out_len = 0;
    if (!codec_decompress(body, len, INGEST_MAX_DECODED_BYTES, NULL, 0, &out, &out_len, &ce)) {
        switch (ce.kind) {
        case CODEC_ERROR_TOO_LARGE: return ingest_fail(err, 413, "upload too large: %s", ce.message);
        case CODEC_ERROR_NO_MEMORY: return ingest_fail(err, 503, "server busy: %s", ce.message);
        case CODEC_ERROR_USAGE: return ingest_fail(err, 500, "internal error: %s", ce.message);
        default: return ingest_fail(err, 400, "bad LZ4 frame: %s", ce.message);
        }
    }
    b->decoded = out;
    b->decoded_len = out_len;
    return true;
}

/* Appends one rejection: {"id": <uuid or null>, "line": n, "error": "..."}. */
static bool ingest_reject(IngestBatch *b, const RecordError *re, size_t line_no)
{
    SrvBuf *r = &b->rejected;
    if (b->rejected_count && !buf_putc(r, ',')) return false;
    buf_puts(r, "{\"id\":");
    buf_json_cstr(r, re->id[0] ? re->id : NULL);
    buf_printf(r, ",\"line\":%zu,\"error\":", line_no);
    buf_json_cstr(r, re->message);
    if (!buf_putc(r, '}')) return false;
    b->rejected_count++;
    return true;
}

void ingest_db_record(const RecordInfo *info, const char *line, size_t len, DbRecord *out)
{
    out->id = info->id;
    out->type = record_type_name(info->type);
    out->event = info->event;
    out->device = info->device;
    out->created = info->created;
    out->body = line;  /* stored exactly as received: unknown fields are kept */
    out->body_len = len;
}

bool ingest_decode(IngestEncoding enc, const char *body, size_t len, IngestBatch *b,
                   IngestError *err)
{
    memset(b, 0, sizeof *b);
    memset(err, 0, sizeof *err);
    buf_init(&b->rejected, (size_t)INGEST_MAX_RECORDS * INGEST_REJECT_BYTES);
    if (enc == INGEST_UNSUPPORTED)
        return ingest_fail(err, 415,
                           "unsupported content type: send application/x-ndjson or "
                           "application/x-ndjson+lz4%s", NULL);
    if (len > INGEST_MAX_WIRE_BYTES)
        return ingest_fail(err, 413, "upload too large: over the limit of 2 MiB on the wire%s",
                           NULL);
    const char *text = body;
    size_t text_len = len;
    if (enc == INGEST_LZ4) {
        if (!ingest_lz4(body, len, b, err)) {
            ingest_free(b);
            return false;
        }
        text = (const char *)b->decoded;
        text_len = b->decoded_len;
    }

    /* First pass: count the lines, so the bookkeeping is sized (and budgeted) once. */
    size_t lines = 0, pos = 0, line_len;
    const char *line;
    while (record_ndjson_next(text, text_len, &pos, &line, &line_len)) {
        if (++lines > INGEST_MAX_RECORDS) {
            char detail[64];
            snprintf(detail, sizeof detail, "%u", INGEST_MAX_RECORDS);
            ingest_free(b);
            return ingest_fail(err, 413, "upload too large: more than %s records in one upload",
                               detail);
        }
    }
    if (lines == 0) return true;  /* an empty upload stores nothing and says so */
    size_t per = sizeof(RecordInfo) + sizeof(DbRecord) + sizeof(bool);
    if (!ingest_reserve(b, lines * per)) {
        ingest_free(b);
        return ingest_fail(err, 503, "server busy: too many uploads being processed%s", NULL);
    }
    b->infos = malloc(lines * sizeof *b->infos);
    b->records = malloc(lines * sizeof *b->records);
    b->inserted = calloc(lines, sizeof *b->inserted);
    if (!b->infos || !b->records || !b->inserted) {
        ingest_free(b);
        return ingest_fail(err, 503, "server busy: out of memory%s", NULL);
    }

    /* Second pass: validate each line with the validator the kiosk uses. */
    size_t counted_upto = 0, newlines = 0;
    pos = 0;
    while (record_ndjson_next(text, text_len, &pos, &line, &line_len)) {
        size_t start = (size_t)(line - text);
        newlines += ingest_count_newlines(text + counted_upto, start - counted_upto);
        counted_upto = start;
        size_t line_no = newlines + 1;
        RecordInfo *info = &b->infos[b->count];
        RecordError re;
        if (record_validate(line, line_len, info, &re)) {
            ingest_db_record(info, line, line_len, &b->records[b->count++]);
            continue;
        }
        if (!ingest_is_json_object(line, line_len)) {
            char detail[sizeof re.message + 32];
            snprintf(detail, sizeof detail, "line %zu: %s", line_no, re.message);
            ingest_free(b);
            return ingest_fail(err, 400, "not NDJSON: %s", detail);
        }
        if (!ingest_reject(b, &re, line_no)) {
            ingest_free(b);
            return ingest_fail(err, 503, "server busy: out of memory%s", NULL);
        }
    }
    return true;
}

/* Appends the ids of the stored records whose inserted flag equals `want`. */
static void ingest_render_ids(const IngestBatch *b, bool want, SrvBuf *out)
{
    bool first = true;
    for (size_t i = 0; i < b->count; i++) {
        if (b->inserted[i] != want) continue;
        if (!first) buf_putc(out, ',');
        first = false;
        /* Ids passed record_is_uuid_v4: nothing in them needs escaping. */
        buf_putc(out, '"');
        buf_puts(out, b->records[i].id);
        buf_putc(out, '"');
    }
}

bool ingest_render(const IngestBatch *b, char **out, size_t *out_len)
{
    SrvBuf r;
    /* Ids (39 bytes each with quotes and comma) plus the rejections already rendered. */
    buf_init(&r, 64 + b->count * (RECORD_UUID_LEN + 3) + b->rejected.len);
    buf_puts(&r, "{\"accepted\":[");
    ingest_render_ids(b, true, &r);
    buf_puts(&r, "],\"duplicates\":[");
    ingest_render_ids(b, false, &r);
    buf_puts(&r, "],\"rejected\":[");
    if (b->rejected.len) buf_append(&r, b->rejected.data, b->rejected.len);
    buf_puts(&r, "]}");
    *out = buf_take(&r, out_len);
    return *out != NULL;
}
