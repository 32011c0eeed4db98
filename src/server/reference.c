/* reference.c — a comment's state by its receipt's reference, as JSON and as a plain page,
 * with a per-address limit on look-ups (reference.h). */
#include "server/reference.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/i18n.h"
#include "core/record.h"
#include "server/buf.h"
#include "server/dbstaff.h"
#include "server/html.h"
#include "server/query.h"

/* --- the limit: a token bucket per client address ---------------------------------------- */

typedef struct Bucket { char addr[64]; double tokens; double at; } Bucket;
static Bucket buckets[REFERENCE_CLIENTS];
static pthread_mutex_t buckets_lock = PTHREAD_MUTEX_INITIALIZER;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Takes one look-up for addr; false (and the seconds to wait) when its bucket is empty. */
static bool reference_allowed(const char *addr, int *retry_s)
{
    const double rate = REFERENCE_LOOKUPS_PER_MINUTE / 60.0, cap = REFERENCE_LOOKUPS_PER_MINUTE;
    double t = now_s();
    pthread_mutex_lock(&buckets_lock);
    Bucket *b = NULL, *oldest = &buckets[0];
    for (int i = 0; i < REFERENCE_CLIENTS && !b; i++) {
        if (strcmp(buckets[i].addr, addr ? addr : "") == 0 && buckets[i].at > 0) b = &buckets[i];
        else if (buckets[i].at < oldest->at) oldest = &buckets[i];
    }
    if (!b) {
        b = oldest;
        snprintf(b->addr, sizeof b->addr, "%s", addr ? addr : "");
        b->tokens = cap;
        b->at = t;
    }
    b->tokens += (t - b->at) * rate;
    if (b->tokens > cap) b->tokens = cap;
    b->at = t;
    bool ok = b->tokens >= 1.0;
    if (ok) b->tokens -= 1.0;
    else *retry_s = (int)((1.0 - b->tokens) / rate) + 1;
    pthread_mutex_unlock(&buckets_lock);
    return ok;
}

/* --- the look-up ---------------------------------------------------------------------------- */

typedef enum RefOutcome { REF_FOUND, REF_UNKNOWN, REF_INVALID, REF_BUSY, REF_FAILED } RefOutcome;

static RefOutcome reference_lookup(const SrvState *st, const RouteReq *req, const char *typed,
                                   char canonical[RECORD_REFERENCE_BYTES], DbsReference *r, int *retry_s)
{
    char prefix[RECORD_ID_PREFIX_BYTES];
    if (!record_reference_parse(typed, strlen(typed), canonical, prefix)) return REF_INVALID;
    if (!reference_allowed(req->client, retry_s)) return REF_BUSY;
    DbReader *rd;
    bool found = false;
    DbStatus s = db_reader_open(st->db, &rd);
    if (s == DB_OK) s = dbs_reference_find(rd, prefix, r, &found);
    db_reader_close(rd);
    if (s != DB_OK) return REF_FAILED;
    return found ? REF_FOUND : REF_UNKNOWN;
}

/* "received" for a comment no one has decided on yet: the participant's view. */
static const char *public_state(const DbsReference *r)
{
    return strcmp(r->state, "published") == 0 || strcmp(r->state, "withheld") == 0 ? r->state : "received";
}

static void published_link(SrvBuf *b, const DbsReference *r, const char *canonical)
{
    buf_printf(b, "/published/%s#c-%s", r->event, canonical);
}

void route_reference_api(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    const char *typed = req->path + strlen(REFERENCE_API_PREFIX);
    char canonical[RECORD_REFERENCE_BYTES];
    DbsReference r;
    int retry = 0;
    switch (reference_lookup(st, req, typed, canonical, &r, &retry)) {
    case REF_INVALID: routes_error(resp, 400, "a reference has eight letters and digits, such as JS9P-DJW9"); return;
    case REF_BUSY:
        routes_error(resp, 429, "too many look-ups from this address");
        snprintf(resp->retry_after_buf, sizeof resp->retry_after_buf, "%d", retry);
        resp->retry_after = resp->retry_after_buf;
        return;
    case REF_FAILED: routes_db_error(resp, DB_BUSY); return;
    case REF_UNKNOWN: routes_error(resp, 404, "no comment with this reference has been received"); return;
    case REF_FOUND: break;
    }
    SrvBuf b;
    buf_init(&b, 4096);
    buf_puts(&b, "{\"reference\":");
    buf_json_cstr(&b, canonical);
    buf_puts(&b, ",\"state\":");
    buf_json_cstr(&b, public_state(&r));
    buf_puts(&b, ",\"received\":");
    buf_json_cstr(&b, r.received);
    if (strcmp(r.state, "withheld") == 0) {
        buf_puts(&b, ",\"reason\":");
        buf_json_cstr(&b, r.reason);
    }
    if (strcmp(r.state, "published") == 0) {
        buf_puts(&b, ",\"published_url\":\"");
        published_link(&b, &r, canonical); /* ids and references need no JSON escaping */
        buf_puts(&b, "\"");
    }
    buf_puts(&b, "}");
    size_t len;
    char *body = buf_take(&b, &len);
    buf_free(&b);
    if (!body) { routes_db_error(resp, DB_NOMEM); return; }
    routes_json_owned(resp, 200, body, len);
}

/* --- the page --------------------------------------------------------------------------------- */

static I18nMsg reason_message(const char *reason)
{
    static const struct { const char *reason; I18nMsg msg; } reasons[] = {
        {"off_topic", MSG_CON_R_OFF_TOPIC}, {"abusive", MSG_CON_R_ABUSIVE}, {"personal_data", MSG_CON_R_PERSONAL},
        {"duplicate", MSG_CON_R_DUPLICATE}, {"other", MSG_CON_R_OTHER},
    };
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
        if (strcmp(reason, reasons[i].reason) == 0) return reasons[i].msg;
    return MSG_CON_R_OTHER;
}

/* Appends a message of the catalogue with its %s replaced by the given texts, all escaped. */
static void message_html(SrvBuf *b, I18nLang lang, I18nMsg msg, const char *a1, const char *a2)
{
    const char *fmt = i18n_get(lang, msg);
    const char *args[2] = {a1, a2};
    int used = 0;
    for (const char *p = fmt; *p;) {
        const char *pct = strstr(p, "%s");
        size_t n = pct ? (size_t)(pct - p) : strlen(p);
        char chunk[512];
        snprintf(chunk, sizeof chunk, "%.*s", (int)(n < sizeof chunk - 1 ? n : sizeof chunk - 1), p);
        html_text(b, chunk);
        if (!pct) break;
        html_text(b, used < 2 && args[used] ? args[used] : "");
        used++;
        p = pct + 2;
    }
}

void route_reference_page(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    char lang_tag[16], typed[64] = "";
    if (query_param(req->query, "lang", lang_tag, sizeof lang_tag) != 1) snprintf(lang_tag, sizeof lang_tag, "en");
    I18nLang lang = i18n_lang_from_tag(lang_tag);
    const char *tag = i18n_lang_tag(lang);
    const char *in_path = req->path + strlen(REFERENCE_PAGE_PREFIX);
    if (*in_path) snprintf(typed, sizeof typed, "%s", in_path);
    else if (query_param(req->query, "ref", typed, sizeof typed) != 1) typed[0] = '\0'; /* the page's own form */

    char canonical[RECORD_REFERENCE_BYTES] = "";
    DbsReference r;
    int retry = 0, status = 200;
    RefOutcome o = *typed ? reference_lookup(st, req, typed, canonical, &r, &retry) : REF_INVALID;
    SrvBuf b;
    buf_init(&b, 16384);
    buf_printf(&b, "<!doctype html>\n<html lang=\"%s\" dir=\"%s\">\n<head><meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
               tag, i18n_is_rtl(lang) ? "rtl" : "ltr");
    message_html(&b, lang, MSG_REF_TITLE, NULL, NULL);
    buf_puts(&b, "</title>\n<link rel=\"icon\" href=\"data:,\">\n"
                 "<link rel=\"stylesheet\" href=\"/published/published.css\">\n</head>\n<body>\n<main>\n<h1>");
    message_html(&b, lang, MSG_REF_TITLE, NULL, NULL);
    buf_puts(&b, "</h1>\n");
    if (*canonical) {
        buf_puts(&b, "<p class=\"ref\"><span dir=\"ltr\">");
        html_text(&b, canonical);
        buf_puts(&b, "</span></p>\n");
    }
    buf_puts(&b, "<p role=\"status\">");
    char date[64] = "";
    if (o == REF_FOUND) {
        int y = 0, m = 0, d = 0;
        if (sscanf(r.received, "%4d-%2d-%2d", &y, &m, &d) == 3) i18n_format_date(lang, y, m, d, date, sizeof date);
    }
    switch (o) {
    case REF_FOUND:
        if (strcmp(r.state, "published") == 0) message_html(&b, lang, MSG_REF_PUBLISHED, date, NULL);
        else if (strcmp(r.state, "withheld") == 0) message_html(&b, lang, MSG_REF_WITHHELD, date, i18n_get(lang, reason_message(r.reason)));
        else message_html(&b, lang, MSG_REF_RECEIVED, date, NULL);
        break;
    case REF_UNKNOWN: status = 404; message_html(&b, lang, MSG_REF_UNKNOWN, NULL, NULL); break;
    case REF_INVALID: status = *typed ? 400 : 200; message_html(&b, lang, *typed ? MSG_REF_INVALID : MSG_REF_INTRO, NULL, NULL); break;
    case REF_BUSY: status = 429; message_html(&b, lang, MSG_REF_BUSY, NULL, NULL); break;
    case REF_FAILED: status = 503; message_html(&b, lang, MSG_REF_OFFLINE, NULL, NULL); break;
    }
    buf_puts(&b, "</p>\n");
    if (o == REF_FOUND && strcmp(r.state, "published") == 0) {
        buf_puts(&b, "<p><a href=\"");
        published_link(&b, &r, canonical);
        buf_puts(&b, "\">");
        message_html(&b, lang, MSG_REF_SEE, NULL, NULL);
        buf_puts(&b, "</a></p>\n");
    }
    /* another reference: a plain form, no script */
    buf_printf(&b, "<form action=\"/r/\" method=\"get\"><input type=\"hidden\" name=\"lang\" value=\"%s\">"
                   "<label for=\"ref\">", tag);
    message_html(&b, lang, MSG_RECEIPT_REFERENCE, NULL, NULL);
    buf_puts(&b, "</label> <input id=\"ref\" name=\"ref\" maxlength=\"12\" autocomplete=\"off\" dir=\"ltr\"");
    if (*canonical) { buf_puts(&b, " value=\""); html_text(&b, canonical); buf_puts(&b, "\""); }
    buf_puts(&b, "> <button type=\"submit\">");
    message_html(&b, lang, MSG_REF_CHECK, NULL, NULL);
    buf_puts(&b, "</button></form>\n</main>\n</body>\n</html>\n");
    size_t len;
    char *body = buf_take(&b, &len);
    buf_free(&b);
    if (!body) { routes_db_error(resp, DB_NOMEM); return; }
    routes_json_owned(resp, status, body, len);
    resp->content_type = "text/html; charset=utf-8";
    if (o == REF_BUSY) {
        snprintf(resp->retry_after_buf, sizeof resp->retry_after_buf, "%d", retry);
        resp->retry_after = resp->retry_after_buf;
    }
}
