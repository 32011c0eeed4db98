/* published.c — see published.h. Must never put a withheld or pending comment's text on a
 * page (the query does not even read it), never show a name without consent, and never
 * write a byte of stored text except through html_text or buf_json_string. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/civil.h"
#include "core/record.h"
#include "server/dbstaff.h"
#include "server/export.h"
#include "server/html.h"
#include "server/published.h"
#include "server/query.h"

/* Served at /published/published.css (the CSP allows only style-src 'self'), and inlined
 * into the downloadable file. Print-friendly; long words wrap; fields are bidi-isolated. */
static const char published_css[] =
    "html{font-family:system-ui,'Noto Sans',sans-serif;line-height:1.5;color:#111;"
    "background:#fff}\n"
    "body{margin:0 auto;max-width:46rem;padding:1rem}\n"
    "h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.25rem;margin-top:2rem;"
    "border-bottom:1px solid #999}\n"
    "h1,h2,p,bdi,span{overflow-wrap:anywhere;word-break:break-word}\n"
    ".alt{color:#333;margin:.25rem 0}\n"
    "article{border-left:4px solid #2a5db0;padding:.25rem .75rem;margin:1rem 0;"
    "unicode-bidi:isolate}\n"
    ".text{white-space:pre-line;margin:.25rem 0}\n"
    ".by,.ref{font-size:.9rem;color:#333;margin:.25rem 0}\n"
    "bdi,.ref span{unicode-bidi:isolate}\n"
    ".withheld{font-style:italic;color:#444}\n"
    ".none{color:#444}\n"
    "@media print{body{max-width:none;padding:0}article{border-left-color:#000;"
    "break-inside:avoid}h2{break-after:avoid}a{color:inherit}}\n";

/* The downloaded file carries its style inline: this policy allows that and nothing else. */
#define PUBLISHED_DOWNLOAD_CSP                                                             \
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; " \
    "frame-ancestors 'none'"

typedef enum PublishedMode { PUB_PAGE, PUB_DOWNLOAD, PUB_JSON } PublishedMode;

static const struct { const char *reason, *label; } published_reasons[] = {
    {"off_topic", "not on the subject of the dialogue"},
    {"abusive", "abusive language"},
    {"personal_data", "it contained personal data"},
    {"duplicate", "it repeated another comment"},
    {"other", "another reason"},
};

static const char *published_reason_label(const char *reason)
{
    for (size_t i = 0; i < sizeof published_reasons / sizeof published_reasons[0]; i++)
        if (reason && strcmp(reason, published_reasons[i].reason) == 0)
            return published_reasons[i].label;
    return "another reason";
}

/* Right-to-left scripts by the language's primary subtag. */
static bool published_rtl(const char *lang)
{
    static const char *const rtl[] = {"ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb"};
    if (!lang) return false;
    size_t n = strcspn(lang, "-_");
    for (size_t i = 0; i < sizeof rtl / sizeof rtl[0]; i++)
        if (strlen(rtl[i]) == n && strncmp(lang, rtl[i], n) == 0) return true;
    return false;
}

/* One bucket per agenda item (in agenda order) and one for items the event does not know. */
typedef struct PublishedRender {
    const Event *ev;
    PublishedMode mode;
    SrvBuf items[EVENT_MAX_AGENDA + 1];
    int counts[EVENT_MAX_AGENDA + 1];
    int published, withheld;
    char last_changed[RECORD_TIME_BYTES];
} PublishedRender;

static int published_item_index(const Event *ev, const char *item)
{
    for (int i = 0; item && i < ev->agenda_count; i++)
        if (strcmp(ev->agenda[i].id, item) == 0) return i;
    return EVENT_MAX_AGENDA;
}

static void published_attr(SrvBuf *b, const char *name, const char *value)
{
    buf_printf(b, " %s=\"", name);
    html_text(b, value);
    buf_putc(b, '"');
}

static void published_comment_html(SrvBuf *b, const DbsPublished *p)
{
    if (strcmp(p->state, "withheld") == 0) {
        buf_puts(b, "<p class=\"withheld\"");
        if (p->reference && p->reference[0]) { buf_puts(b, " id=\"c-"); html_text(b, p->reference); buf_puts(b, "\""); }
        buf_puts(b, ">A comment was withheld: ");
        html_text(b, published_reason_label(p->reason));
        buf_puts(b, ". <span class=\"ref\">Reference <span>");
        html_text(b, p->reference);
        buf_puts(b, "</span></span></p>\n");
        return;
    }
    buf_puts(b, "<article");
    /* the anchor a reference's page links to: /published/<event>#c-<reference> */
    if (p->reference && p->reference[0]) {
        buf_puts(b, " id=\"c-");
        html_text(b, p->reference);
        buf_puts(b, "\"");
    }
    published_attr(b, "lang", p->language ? p->language : "und");
    if (published_rtl(p->language)) buf_puts(b, " dir=\"rtl\"");
    buf_puts(b, "><p class=\"text\">");
    html_text(b, p->text);
    buf_puts(b, "</p><footer lang=\"en\" dir=\"ltr\">");
    if (p->name && p->name[0]) {
        buf_puts(b, "<p class=\"by\">By <bdi>");
        html_text(b, p->name);
        buf_puts(b, "</bdi>");
        if (p->organization && p->organization[0]) {
            buf_puts(b, ", <bdi>");
            html_text(b, p->organization);
            buf_puts(b, "</bdi>");
        }
        buf_puts(b, "</p>");
    }
    buf_puts(b, "<p class=\"ref\">Reference <span>");
    html_text(b, p->reference);
    buf_puts(b, "</span></p></footer></article>\n");
}

static void published_comment_json(SrvBuf *b, const DbsPublished *p)
{
    bool withheld = strcmp(p->state, "withheld") == 0;
    buf_puts(b, "{\"state\":");
    buf_json_cstr(b, p->state);
    buf_puts(b, ",\"reference\":");
    buf_json_cstr(b, p->reference);
    if (withheld) {
        buf_puts(b, ",\"reason\":");
        buf_json_cstr(b, p->reason);
        buf_puts(b, ",\"label\":");
        buf_json_cstr(b, published_reason_label(p->reason));
    } else {
        buf_puts(b, ",\"language\":");
        buf_json_cstr(b, p->language);
        buf_puts(b, ",\"text\":");
        buf_json_cstr(b, p->text);
        buf_puts(b, ",\"name\":");
        buf_json_cstr(b, p->name);
        buf_puts(b, ",\"organization\":");
        buf_json_cstr(b, p->organization);
    }
    buf_putc(b, '}');
}

static bool published_row(void *ctx, const DbsPublished *p)
{
    PublishedRender *r = ctx;
    int i = published_item_index(r->ev, p->agenda_item);
    SrvBuf *b = &r->items[i];
    if (r->mode == PUB_JSON) {
        if (r->counts[i]) buf_putc(b, ',');
        published_comment_json(b, p);
    } else {
        published_comment_html(b, p);
    }
    r->counts[i]++;
    if (strcmp(p->state, "withheld") == 0) r->withheld++;
    else r->published++;
    if (p->changed_at && strcmp(p->changed_at, r->last_changed) > 0)
        snprintf(r->last_changed, sizeof r->last_changed, "%s", p->changed_at);
    return !b->failed;
}

/* The text of t in its first language, with that language in lang (may be NULL). */
static const EventTextVariant *published_first(const EventText *t)
{
    return t->count > 0 ? &t->v[0] : NULL;
}

/* <tag lang=..>text</tag> for every language of t; the first one as `first`, the rest as
 * `<p class="alt">`. */
static void published_text_variants(SrvBuf *b, const EventText *t, const char *first,
                                    const char *prefix)
{
    for (int i = 0; i < t->count; i++) {
        const char *tag = i == 0 ? first : "p";
        buf_printf(b, "<%s", tag);
        published_attr(b, "lang", t->v[i].lang);
        if (published_rtl(t->v[i].lang)) buf_puts(b, " dir=\"rtl\"");
        if (i > 0) buf_puts(b, " class=\"alt\"");
        buf_puts(b, ">");
        if (prefix) html_text(b, prefix);
        html_text(b, t->v[i].text);
        buf_printf(b, "</%s>\n", tag);
    }
}

static void published_json_text(SrvBuf *b, const EventText *t)
{
    buf_putc(b, '{');
    for (int i = 0; i < t->count; i++) {
        if (i) buf_putc(b, ',');
        buf_json_cstr(b, t->v[i].lang);
        buf_putc(b, ':');
        buf_json_cstr(b, t->v[i].text);
    }
    buf_putc(b, '}');
}

static void published_html(PublishedRender *r, SrvBuf *out)
{
    const Event *ev = r->ev;
    const EventTextVariant *title = published_first(&ev->title);
    buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<title>Written comments: ");
    const EventTextVariant *shorter = published_first(&ev->short_title);
    html_text(out, shorter ? shorter->text : title ? title->text : ev->id);
    buf_puts(out, "</title>\n<link rel=\"icon\" href=\"data:,\">\n");
    if (r->mode == PUB_DOWNLOAD) {
        buf_puts(out, "<style>\n");
        buf_puts(out, published_css);
        buf_puts(out, "</style>\n");
    } else {
        buf_puts(out, "<link rel=\"stylesheet\" href=\"/published/published.css\">\n");
    }
    buf_puts(out, "</head>\n<body>\n<header>\n<p>Written comments</p>\n");
    published_text_variants(out, &ev->title, "h1", NULL);
    published_text_variants(out, &ev->body, "p", NULL);
    buf_printf(out, "<p><time datetime=\"%04d-%02d-%02d\">%04d-%02d-%02d</time></p>\n",
               ev->year, ev->month, ev->day, ev->year, ev->month, ev->day);
    buf_printf(out, "<p>%d comment%s published, %d withheld.</p>\n</header>\n<main>\n",
               r->published, r->published == 1 ? "" : "s", r->withheld);
    for (int i = 0; i <= ev->agenda_count; i++) {
        int slot = i < ev->agenda_count ? i : EVENT_MAX_AGENDA;
        if (slot == EVENT_MAX_AGENDA && r->counts[slot] == 0) break;
        buf_printf(out, "<section aria-labelledby=\"item-%d\">\n", i + 1);
        if (slot == EVENT_MAX_AGENDA) {
            buf_printf(out, "<h2 id=\"item-%d\">Other comments</h2>\n", i + 1);
        } else {
            const EventAgendaItem *it = &ev->agenda[i];
            char num[16] = "";
            if (it->number > 0) snprintf(num, sizeof num, "%d. ", it->number);
            SrvBuf h;
            buf_init(&h, 64 * 1024);
            published_text_variants(&h, &it->title, "h2", num);
            /* The first variant is the heading: give it the id the section names. */
            size_t hl;
            char *hs = buf_take(&h, &hl);
            buf_free(&h);
            if (hs && strncmp(hs, "<h2", 3) == 0) {
                buf_printf(out, "<h2 id=\"item-%d\"", i + 1);
                buf_append(out, hs + 3, hl - 3);
            } else {
                buf_printf(out, "<h2 id=\"item-%d\">", i + 1);
                html_text(out, it->id);
                buf_puts(out, "</h2>\n");
            }
            free(hs);
        }
        if (r->counts[slot] == 0)
            buf_puts(out, "<p class=\"none\">No written comment has been published on this item.</p>\n");
        else
            buf_append(out, r->items[slot].data, r->items[slot].len);
        buf_puts(out, "</section>\n");
    }
    buf_puts(out, "</main>\n</body>\n</html>\n");
}

static void published_json(PublishedRender *r, SrvBuf *out)
{
    const Event *ev = r->ev;
    buf_puts(out, "{\"event\":");
    buf_json_cstr(out, ev->id);
    buf_puts(out, ",\"title\":");
    published_json_text(out, &ev->title);
    buf_printf(out, ",\"published\":%d,\"withheld\":%d,\"items\":[", r->published, r->withheld);
    bool first = true;
    for (int i = 0; i <= ev->agenda_count; i++) {
        int slot = i < ev->agenda_count ? i : EVENT_MAX_AGENDA;
        if (slot == EVENT_MAX_AGENDA && r->counts[slot] == 0) break;
        if (!first) buf_putc(out, ',');
        first = false;
        buf_puts(out, "{\"id\":");
        if (slot == EVENT_MAX_AGENDA) {
            buf_puts(out, "null,\"number\":null,\"title\":{}");
        } else {
            buf_json_cstr(out, ev->agenda[i].id);
            buf_printf(out, ",\"number\":%d,\"title\":", ev->agenda[i].number);
            published_json_text(out, &ev->agenda[i].title);
        }
        buf_puts(out, ",\"comments\":[");
        buf_append(out, r->items[slot].data, r->items[slot].len);
        buf_puts(out, "]}");
    }
    buf_puts(out, "]}");
}

/* "2022-07-01T09:30:00.000Z" as an HTTP-date; "" when it is not such a time. */
static void published_http_date(const char *iso, char out[40])
{
    int y, m, d, hh, mm, ss;
    out[0] = '\0';
    if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &m, &d, &hh, &mm, &ss) != 6 ||
        !civil_date_valid(y, m, d) || y < 1970)
        return;
    civil_format_http_date(civil_days_from_date(y, m, d) * CIVIL_SECONDS_PER_DAY + hh * 3600 +
                               mm * 60 + ss, out);
}

static void published_render(const SrvState *st, const SrvEvent *e, PublishedMode mode,
                             const RouteReq *req, RouteResp *resp)
{
    static PublishedRender zero;
    PublishedRender *r = malloc(sizeof *r);
    if (!r) {
        routes_error(resp, 503, "out of memory");
        return;
    }
    *r = zero;
    r->ev = e->model;
    r->mode = mode;
    for (int i = 0; i <= EVENT_MAX_AGENDA; i++) buf_init(&r->items[i], EXPORT_MAX_BYTES);
    DbReader *rd;
    DbStatus s = db_reader_open(st->db, &rd);
    if (s == DB_OK) s = dbs_published_each(rd, e->model->id, published_row, r);
    db_reader_close(rd);
    SrvBuf out;
    buf_init(&out, EXPORT_MAX_BYTES);
    if (s == DB_OK) {
        if (mode == PUB_JSON) published_json(r, &out);
        else published_html(r, &out);
    }
    for (int i = 0; i <= EVENT_MAX_AGENDA; i++) {
        if (r->items[i].failed) out.failed = true;
        buf_free(&r->items[i]);
    }
    size_t len;
    char *body = s == DB_OK ? buf_take(&out, &len) : NULL;
    buf_free(&out);
    char last[RECORD_TIME_BYTES];
    memcpy(last, r->last_changed, sizeof last);
    free(r);
    if (!body) {
        routes_db_error(resp, s == DB_OK ? DB_NOMEM : s);
        return;
    }
    unsigned char h[16];
    char hex[33];
    crypto_generichash(h, sizeof h, (const unsigned char *)body, len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    if (req->if_none_match && strstr(req->if_none_match, hex)) {
        free(body);
        routes_resp_free(resp);
        resp->status = 304;
        body = NULL;
        len = 0;
    } else {
        routes_json_owned(resp, 200, body, len);
    }
    snprintf(resp->etag, sizeof resp->etag, "\"%s\"", hex);
    published_http_date(last, resp->last_modified);
    resp->cache_control = "no-cache";
    resp->content_type = mode == PUB_JSON ? "application/json" : "text/html; charset=utf-8";
    if (mode == PUB_DOWNLOAD) {
        resp->csp = PUBLISHED_DOWNLOAD_CSP;
        resp->content_disposition = "attachment; filename=\"written-comments.html\"";
    }
}

/* The loaded event whose id is name minus suffix (NULL when name does not end with it). */
static const SrvEvent *published_event_with(const SrvState *st, const char *name,
                                            const char *suffix)
{
    size_t n = strlen(name), sl = strlen(suffix);
    if (n <= sl || strcmp(name + n - sl, suffix) != 0 || n - sl > RECORD_MAX_ID_BYTES) return NULL;
    char id[RECORD_MAX_ID_BYTES + 1];
    memcpy(id, name, n - sl);
    id[n - sl] = '\0';
    return srv_event_find(st, id);
}

void route_published(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    const char *name = req->path + strlen(PUBLISHED_PREFIX);
    if (strcmp(name, "published.css") == 0) {
        routes_resp_free(resp);
        resp->status = 200;
        resp->content_type = "text/css; charset=utf-8";
        resp->cache_control = "no-cache";
        resp->body = (char *)published_css;
        resp->body_len = sizeof published_css - 1;
        return;
    }
    const SrvEvent *e = NULL;
    PublishedMode mode = PUB_PAGE;
    if (!name[0]) {
        e = &st->events[0];
    } else if (!strchr(name, '/') && (e = srv_event_find(st, name))) {
        mode = PUB_PAGE;
    } else if (!strchr(name, '/') && (e = published_event_with(st, name, ".json"))) {
        mode = PUB_JSON;
    } else if (!strchr(name, '/') && (e = published_event_with(st, name, ".html"))) {
        char v[8];
        mode = query_param(req->query, "download", v, sizeof v) == 1 && strcmp(v, "1") == 0
                   ? PUB_DOWNLOAD : PUB_PAGE;
    }
    if (!e) {
        routes_error(resp, 404, "no published page for this event");
        return;
    }
    published_render(st, e, mode, req, resp);
}
