/* moderation.c — see moderation.h. Must never change a publication without the version the
 * moderator saw, never leave a change without its log entry (dbstaff.c writes both in one
 * transaction), and never accept an unbounded or unchecked parameter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/record.h"
#include "core/utf8.h"
#include "server/dbstaff.h"
#include "server/export.h"
#include "server/moderation.h"
#include "server/query.h"
#include "server/staff.h"
#include "server/stream.h"

static const char *const moderation_states[] = {"pending", "published", "withheld"};
static const char *const moderation_reasons[] = {"off_topic", "abusive", "personal_data",
                                                 "duplicate", "other"};
static const char *const moderation_categories[] = {"ngo", "academia", "private_sector",
                                                    "other"};

bool moderation_one_of(const char *v, const char *const *set, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        if (strcmp(v, set[i]) == 0) return true;
    return false;
}

void moderation_take(RouteResp *resp, SrvBuf *b, int status_db, int status)
{
    size_t len;
    char *body = status_db == DB_OK ? buf_take(b, &len) : NULL;
    buf_free(b);
    if (!body) {
        routes_db_error(resp, status_db == DB_OK ? DB_NOMEM : status_db);
        return;
    }
    routes_json_owned(resp, status, body, len);
}

bool moderation_event(const SrvState *st, const RouteReq *req, RouteResp *resp,
                             char out[RECORD_MAX_ID_BYTES + 1])
{
    int r = query_id(req->query, "event", out, RECORD_MAX_ID_BYTES + 1);
    if (r < 0) {
        routes_error(resp, 400, "bad event parameter: expected ?event=<event id>");
        return false;
    }
    if (r == 0) snprintf(out, RECORD_MAX_ID_BYTES + 1, "%s", st->events[0].model->id);
    return true;
}

bool moderation_plain_text(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f) return false;
    return true;
}

long long moderation_version(const cJSON *v)
{
    double d = cJSON_IsNumber(v) ? v->valuedouble : -1;
    if (d < 0 || d > 9e15 || d != (double)(long long)d) return -1;
    return (long long)d;
}

/* --- the list ----------------------------------------------------------------------------- */

typedef struct ModerationList {
    SrvBuf *b;
    int limit, n;
    long long last_seq;
    bool more;
} ModerationList;

static bool moderation_list_row(void *ctx, long long seq, const char *json, size_t len)
{
    ModerationList *l = ctx;
    if (l->n == l->limit) {
        l->more = true;
        return false;
    }
    if (l->n++) buf_putc(l->b, ',');
    buf_append(l->b, json, len);
    l->last_seq = seq;
    return !l->b->failed;
}

long long moderation_number(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 18) return -1;
    long long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        v = v * 10 + (*p - '0');
    }
    return v;
}

void route_comments(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    StaffWho who;
    if (!staff_require(st, req, resp, STAFF_MODERATOR, &who)) return;
    char event[RECORD_MAX_ID_BYTES + 1], item[RECORD_MAX_ID_BYTES + 1];
    char panellist[RECORD_MAX_ID_BYTES + 1], category[32], language[RECORD_MAX_LANG_BYTES + 1];
    char state[16], q[MODERATION_Q_MAX + 1], limit_s[8], after_s[24];
    if (!moderation_event(st, req, resp, event)) return;
    int ri = query_id(req->query, "item", item, sizeof item);
    int rp = query_id(req->query, "panellist", panellist, sizeof panellist);
    int rc = query_param(req->query, "category", category, sizeof category);
    int rl = query_id(req->query, "language", language, sizeof language);
    int rs = query_param(req->query, "state", state, sizeof state);
    int rq = query_param(req->query, "q", q, sizeof q);
    int rlim = query_param(req->query, "limit", limit_s, sizeof limit_s);
    int ra = query_param(req->query, "after", after_s, sizeof after_s);
    long long limit = rlim == 1 ? moderation_number(limit_s) : MODERATION_LIMIT_DEFAULT;
    long long after = ra == 1 ? moderation_number(after_s) : 0;
    const char *bad = ri < 0 ? "bad item parameter: expected an agenda item id"
                      : rp < 0 ? "bad panellist parameter: expected a panellist id"
                      : rc < 0 || (rc == 1 && !ONE_OF(category, moderation_categories))
                          ? "bad category: expected ngo, academia, private_sector or other"
                      : rl < 0 ? "bad language parameter: expected a BCP 47 tag"
                      : rs < 0 || (rs == 1 && !ONE_OF(state, moderation_states))
                          ? "bad state: expected pending, published or withheld"
                      : rq < 0 ? "bad q parameter: at most 200 bytes of UTF-8 text"
                      : limit < 1 || limit > MODERATION_LIMIT_MAX ? "bad limit: expected 1..500"
                      : after < 0 ? "bad after parameter: expected the cursor of a previous page"
                                  : NULL;
    if (bad) {
        routes_error(resp, 400, bad);
        return;
    }
    DbsFilter f = {
        .event = event, .item = ri == 1 ? item : NULL, .category = rc == 1 ? category : NULL,
        .panellist = rp == 1 ? panellist : NULL, .language = rl == 1 ? language : NULL,
        .state = rs == 1 ? state : NULL, .q = rq == 1 && q[0] ? q : NULL,
        .after = after, .limit = (int)limit,
    };
    SrvBuf b;
    buf_init(&b, EXPORT_MAX_BYTES);
    ModerationList l = {.b = &b, .limit = (int)limit};
    buf_puts(&b, "{\"comments\":[");
    DbReader *rd;
    DbStatus s = db_reader_open(st->db, &rd);
    if (s == DB_OK) s = dbs_comments_each(rd, &f, moderation_list_row, &l);
    db_reader_close(rd);
    if (l.more) buf_printf(&b, "],\"next\":\"%lld\"}", l.last_seq);
    else buf_puts(&b, "],\"next\":null}");
    moderation_take(resp, &b, s, 200);
}

/* --- a change ----------------------------------------------------------------------------- */

void moderation_now(char out[RECORD_TIME_BYTES])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (!record_format_time((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, out)) out[0] = '\0';
}

/* The publication object of the response and of the stream. */
static void moderation_publication_json(SrvBuf *b, const DbsChange *c, long long version)
{
    buf_puts(b, "{\"comment\":");
    buf_json_cstr(b, c->comment);
    buf_puts(b, ",\"state\":");
    buf_json_cstr(b, c->state);
    buf_puts(b, ",\"reason\":");
    buf_json_cstr(b, c->reason);
    buf_puts(b, ",\"note\":");
    buf_json_cstr(b, c->note);
    buf_printf(b, ",\"version\":%lld,\"changed_by\":", version);
    buf_json_cstr(b, c->actor);
    buf_puts(b, ",\"changed_at\":");
    buf_json_cstr(b, c->at);
    buf_putc(b, '}');
}

/* The id in /api/v1/comments/<id>/publication, or false. */
static bool moderation_path_id(const char *path, char id[RECORD_UUID_LEN + 1])
{
    const char *p = path + strlen(MODERATION_PREFIX);
    const char *slash = strchr(p, '/');
    if (!slash || (size_t)(slash - p) != RECORD_UUID_LEN || strcmp(slash, "/publication") != 0)
        return false;
    memcpy(id, p, RECORD_UUID_LEN);
    id[RECORD_UUID_LEN] = '\0';
    return record_is_uuid_v4(id);
}

/* Checks the body of a change into c (strings point into j). NULL when fine, else why. */
static const char *moderation_parse_change(const cJSON *j, DbsChange *c)
{
    const cJSON *state = cJSON_GetObjectItemCaseSensitive(j, "state");
    const cJSON *reason = cJSON_GetObjectItemCaseSensitive(j, "reason");
    const cJSON *note = cJSON_GetObjectItemCaseSensitive(j, "note");
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(j, "version");
    if (!cJSON_IsString(state) || !ONE_OF(state->valuestring, moderation_states))
        return "state: expected \"pending\", \"published\" or \"withheld\"";
    if (reason && !cJSON_IsNull(reason) &&
        (!cJSON_IsString(reason) || !ONE_OF(reason->valuestring, moderation_reasons)))
        return "reason: expected off_topic, abusive, personal_data, duplicate or other";
    bool withheld = strcmp(state->valuestring, "withheld") == 0;
    bool has_reason = cJSON_IsString(reason);
    if (withheld && !has_reason) return "reason: required when the state is withheld";
    if (!withheld && has_reason) return "reason: only a withheld comment has a reason";
    if (note && !cJSON_IsNull(note) && !cJSON_IsString(note)) return "note: expected a string";
    const char *n = cJSON_IsString(note) ? note->valuestring : NULL;
    if (n && utf8_count(n, strlen(n)) > MODERATION_NOTE_MAX)
        return "note: over the limit of 1000 characters";
    if (n && !moderation_plain_text(n)) return "note: control characters are not allowed";
    long long v = moderation_version(version);
    if (v < 0) return "version: expected the publication's current version (an integer >= 0)";
    c->state = state->valuestring;
    c->reason = has_reason ? reason->valuestring : NULL;
    c->note = n && n[0] ? n : NULL;
    c->version = v;
    return NULL;
}

void route_publication(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    StaffWho who;
    char id[RECORD_UUID_LEN + 1];
    if (!moderation_path_id(req->path, id)) {
        routes_error(resp, 404, "no such API endpoint: expected /api/v1/comments/<id>/publication");
        return;
    }
    if (!staff_require(st, req, resp, STAFF_MODERATOR, &who)) return;
    cJSON *j;
    if (!staff_json_body(req, resp, &j)) return;
    char at[RECORD_TIME_BYTES];
    moderation_now(at);
    DbsChange c = {.comment = id, .actor = who.name, .at = at};
    const char *bad = moderation_parse_change(j, &c);
    if (bad) {
        cJSON_Delete(j);
        routes_error(resp, 400, bad);
        return;
    }
    DbsOutcome outcome;
    long long current;
    char event[RECORD_MAX_ID_BYTES + 1];
    DbStatus s = dbs_publication_set(st->db, &c, &outcome, &current, event);
    SrvBuf b;
    buf_init(&b, 64 * 1024);
    if (s == DB_OK && outcome == DBS_NO_COMMENT) {
        cJSON_Delete(j);
        buf_free(&b);
        routes_error(resp, 404, "no comment with this id");
        return;
    }
    if (s == DB_OK && outcome == DBS_STALE) {
        cJSON_Delete(j);
        buf_printf(&b, "{\"error\":\"version %lld is not the current one: someone else changed "
                       "this publication; reload it\",\"version\":%lld}", c.version, current);
        moderation_take(resp, &b, DB_OK, 409);
        return;
    }
    if (s == DB_OK) {
        moderation_publication_json(&b, &c, current);
        char data[STREAM_DATA_MAX];
        SrvBuf ev;
        buf_init(&ev, sizeof data - 1);
        buf_puts(&ev, "{\"event\":");
        buf_json_cstr(&ev, event);
        buf_puts(&ev, ",\"publication\":");
        moderation_publication_json(&ev, &c, current);
        buf_putc(&ev, '}');
        if (!ev.failed && ev.data) stream_publish(st->stream, event, "publication", ev.data);
        else {
            /* A long note: the stream says what changed, the list has the rest. */
            snprintf(data, sizeof data, "{\"event\":\"%s\",\"publication\":{\"comment\":\"%s\","
                     "\"version\":%lld}}", event, id, current);
            stream_publish(st->stream, event, "publication", data);
        }
        buf_free(&ev);
    }
    cJSON_Delete(j);
    moderation_take(resp, &b, s, 200);
}

/* --- the log ------------------------------------------------------------------------------ */

static bool moderation_log_row(void *ctx, const DbsLogEntry *e)
{
    SrvBuf *b = ctx;
    if (b->len && b->data[b->len - 1] == '}') buf_putc(b, ',');
    buf_printf(b, "{\"seq\":%lld,\"at\":", e->seq);
    buf_json_cstr(b, e->at);
    buf_puts(b, ",\"by\":");
    buf_json_cstr(b, e->actor);
    buf_puts(b, ",\"comment\":");
    buf_json_cstr(b, e->comment);
    buf_puts(b, ",\"event\":");
    buf_json_cstr(b, e->event);
    buf_puts(b, ",\"from\":");
    buf_json_cstr(b, e->from);
    buf_puts(b, ",\"to\":");
    buf_json_cstr(b, e->to);
    buf_puts(b, ",\"reason\":");
    buf_json_cstr(b, e->reason);
    buf_puts(b, ",\"note\":");
    buf_json_cstr(b, e->note);
    buf_printf(b, ",\"version\":%lld}", e->version);
    return !b->failed;
}

void route_moderation_log(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    StaffWho who;
    if (!staff_require(st, req, resp, STAFF_MODERATOR, &who)) return;
    char event[RECORD_MAX_ID_BYTES + 1];
    if (!moderation_event(st, req, resp, event)) return;
    SrvBuf b;
    buf_init(&b, EXPORT_MAX_BYTES);
    buf_puts(&b, "{\"entries\":[");
    DbReader *rd;
    DbStatus s = db_reader_open(st->db, &rd);
    if (s == DB_OK) s = dbs_log_each(rd, event, moderation_log_row, &b);
    db_reader_close(rd);
    buf_puts(&b, "]}");
    moderation_take(resp, &b, s, 200);
}

/* --- live --------------------------------------------------------------------------------- */

void moderation_new_comment(const SrvState *st, const char *event, const char *id,
                            const char *agenda_item)
{
    if (!st->stream) return;
    char data[STREAM_DATA_MAX], ref[RECORD_REFERENCE_BYTES];
    if (!record_reference(id, ref)) ref[0] = '\0';
    /* Ids are validated record fields ([A-Za-z0-9._-] and UUIDs): nothing to escape. */
    snprintf(data, sizeof data,
             "{\"event\":\"%s\",\"comment\":\"%s\",\"reference\":\"%s\",\"agenda_item\":\"%s\"}",
             event, id, ref, agenda_item);
    stream_publish(st->stream, event, "comment", data);
}

void route_stream(const SrvState *st, const RouteReq *req, RouteResp *resp)
{
    StaffWho who;
    if (!staff_require(st, req, resp, STAFF_MODERATOR, &who)) return;
    char event[RECORD_MAX_ID_BYTES + 1];
    if (!moderation_event(st, req, resp, event)) return;
    unsigned long long last = 0;
    if (req->last_event_id && req->last_event_id[0]) {
        long long v = moderation_number(req->last_event_id);
        if (v < 0) {
            routes_error(resp, 400, "bad Last-Event-ID: expected an id the stream sent");
            return;
        }
        last = (unsigned long long)v;
    }
    StreamSub *sub = st->stream ? stream_subscribe(st->stream, event, last) : NULL;
    if (!sub) {
        routes_error(resp, 503, "too many live connections; retry shortly");
        resp->retry_after = "10";
        return;
    }
    routes_resp_free(resp);
    resp->status = 200;
    resp->content_type = "text/event-stream; charset=utf-8";
    resp->cache_control = "no-store";
    resp->stream = sub;
}
