/* export.c — renders the admin exports from a read snapshot: comments CSV (RFC 4180, BOM,
 * formula cells neutralised), comments JSON, registrations JSON. Must never re-serialise a
 * stored record (it is spliced in as received, so unknown fields survive byte for byte) and
 * never emit a CSV cell that starts a formula. */
#include <stdio.h>
#include <string.h>

#include "server/export.h"

/* Spreadsheets start a formula with these; DDE payloads too ("=cmd|..."). The full-width
 * forms (U+FF1D, U+FF0B, U+FF0D, U+FF20) are read as formulas by some East Asian
 * spreadsheet set-ups. */
static bool export_is_formula_start(const char *v)
{
    static const char *const wide[] = {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D",
                                       "\xEF\xBC\xA0"};
    switch (v[0]) {
    case '=': case '+': case '-': case '@': case '\t': case '\r': return true;
    default: break;
    }
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (strncmp(v, wide[i], 3) == 0) return true;
    return false;
}

void export_csv_cell(SrvBuf *out, const char *value)
{
    const char *v = value ? value : "";
    bool quote = strpbrk(v, "\",\r\n") != NULL;
    if (quote) buf_putc(out, '"');
    if (export_is_formula_start(v)) buf_putc(out, '\'');
    for (const char *p = v; *p;) {
        const char *q = strchr(p, '"');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        buf_append(out, p, n);
        if (!q) break;
        buf_append(out, "\"\"", 2);
        p = q + 1;
    }
    if (quote) buf_putc(out, '"');
}

static bool export_csv_row(void *ctx, const DbComment *c)
{
    SrvBuf *out = ctx;
    const char *cells[] = {
        c->id, c->created, c->received, c->event, c->agenda_item, c->addressed_to,
        c->participant_name, c->organization, c->category, c->country, c->language, c->text,
    };
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        if (i) buf_putc(out, ',');
        export_csv_cell(out, cells[i]);
    }
    buf_append(out, "\r\n", 2);
    return !out->failed;  /* past the ceiling: stop reading, the caller reports it */
}

DbStatus export_comments_csv(DbReader *rd, const char *event, SrvBuf *out)
{
    buf_puts(out, "\xEF\xBB\xBF"
                  "id,created,received,event,agenda_item,addressed_to,participant_name,"
                  "organization,category,country,language,text\r\n");
    DbStatus s = db_each_comment(rd, event, export_csv_row, out);
    return s == DB_OK && out->failed ? DB_NOMEM : s;
}

typedef struct ExportJson {
    SrvBuf *out;
    size_t count;
} ExportJson;

/* The stored line is valid JSON (db.c hands NULL otherwise), so it is copied, not parsed. */
static void export_record(SrvBuf *out, const char *body, size_t len)
{
    buf_puts(out, ",\"record\":");
    if (body) buf_append(out, body, len);
    else buf_puts(out, "null");
}

static void export_bool(SrvBuf *out, int v)
{
    buf_puts(out, v < 0 ? "null" : v ? "true" : "false");
}

static bool export_comment_json(void *ctx, const DbComment *c)
{
    ExportJson *x = ctx;
    SrvBuf *out = x->out;
    buf_puts(out, x->count ? ",{\"received\":" : "{\"received\":");
    buf_json_cstr(out, c->received);
    export_record(out, c->body, c->body_len);
    buf_puts(out, ",\"participant\":");
    if (!c->has_registration) {
        buf_puts(out, "null");
    } else {
        buf_puts(out, "{\"name\":");
        buf_json_cstr(out, c->participant_name);
        buf_puts(out, ",\"organization\":");
        buf_json_cstr(out, c->organization);
        buf_puts(out, ",\"category\":");
        buf_json_cstr(out, c->category);
        buf_puts(out, ",\"country\":");
        buf_json_cstr(out, c->country);
        buf_puts(out, ",\"email\":");
        buf_json_cstr(out, c->email);
        buf_puts(out, ",\"publish_consent\":");
        export_bool(out, c->publish_consent);
        buf_putc(out, '}');
    }
    buf_putc(out, '}');
    x->count++;
    return !out->failed;
}

DbStatus export_comments_json(DbReader *rd, const char *event, SrvBuf *out)
{
    ExportJson x = {out, 0};
    buf_puts(out, "{\"comments\":[");
    DbStatus s = db_each_comment(rd, event, export_comment_json, &x);
    buf_printf(out, "],\"count\":%zu}", x.count);
    return s == DB_OK && out->failed ? DB_NOMEM : s;
}

static bool export_registration_json(void *ctx, const DbRegistration *r)
{
    ExportJson *x = ctx;
    SrvBuf *out = x->out;
    buf_puts(out, x->count ? ",{\"received\":" : "{\"received\":");
    buf_json_cstr(out, r->received);
    export_record(out, r->body, r->body_len);
    buf_putc(out, '}');
    x->count++;
    return !out->failed;
}

DbStatus export_registrations_json(DbReader *rd, const char *event, SrvBuf *out)
{
    ExportJson x = {out, 0};
    buf_puts(out, "{\"registrations\":[");
    DbStatus s = db_each_registration(rd, event, export_registration_json, &x);
    buf_printf(out, "],\"count\":%zu}", x.count);
    return s == DB_OK && out->failed ? DB_NOMEM : s;
}
