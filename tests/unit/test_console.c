/* test_console.c — the moderation console natively: its model (hostile and malformed JSON,
 * filters, search by text and reference, counts, selection, newer publications only), the
 * event-stream parser (pieces cut anywhere, CRLF, heartbeats, ids), and the controller
 * through a fake AppHost.request: sign-in that wipes the password, the list by pages, live
 * events, a decision with its CSRF header, 409, an expired session back to sign-in, the
 * stream resumed with Last-Event-ID; and the screens at laptop and tablet widths. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_files.h"
#include "test_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/chair_desk.h"
#include "app/console.h"
#include "app/summary_draft.h"
#include "cJSON.h"
#include "core/record.h"
#include "core/utf8.h"

#define EVENT_FILE "assets/events/untoc-som-2022.json"
#define ID1 "11111111-1111-4111-8111-111111111111"
#define ID2 "22222222-2222-4222-8222-222222222222"
#define ID3 "33333333-3333-4333-8333-333333333333"

static char *comment_json(const char *id, const char *item, const char *to, const char *lang, const char *text,
                          const char *state, int version, bool registered)
{
    static char buf[8][8192];
    static int next;
    char *b = buf[next++ % 8];
    char pub[300];
    snprintf(pub, sizeof pub, "{\"state\":\"%s\",\"reason\":%s,\"note\":null,\"version\":%d,\"changed_by\":%s,\"changed_at\":%s}",
             state, strcmp(state, "withheld") == 0 ? "\"off_topic\"" : "null", version, version ? "\"alice\"" : "null",
             version ? "\"2022-07-01T10:00:00.000Z\"" : "null");
    snprintf(b, 8192,
             "{\"v\":1,\"type\":\"comment\",\"id\":\"%s\",\"event\":\"untoc-wg-som-9-cd-2022\",\"device\":\"%s\","
             "\"created\":\"2022-07-01T09:30:00.000Z\",\"participant\":%s,\"agenda_item\":\"%s\",\"addressed_to\":%s,"
             "\"language\":\"%s\",\"text\":\"%s\",\"reference\":\"XXXX-XXXX\",\"received\":\"2022-07-01T09:31:00.000Z\","
             "\"publication\":%s}",
             id, id,
             registered ? "{\"id\":\"r\",\"name\":\"Ana P\\u00e9rez\",\"organization\":\"Casa Monarca\",\"category\":\"ngo\","
                          "\"country\":\"MX\",\"publish_consent\":true}"
                        : "{\"id\":\"r\"}",
             item, to, lang, text, pub);
    return b;
}

static int parse_page(ConsoleModel *m, const char *rows, const char *next_json, char *next, size_t cap)
{
    char body[20000];
    snprintf(body, sizeof body, "{\"comments\":[%s],\"next\":%s}", rows, next_json);
    return console_parse_comments(m, body, strlen(body), next, cap);
}

static Event *load_event(void)
{
    static Event ev;
    static bool loaded;
    if (!loaded) {
        size_t len;
        char *json = (char *)test_read_file(EVENT_FILE, &len);
        EventError err;
        assert_true(event_load(&ev, json, len, &err));
        free(json);
        loaded = true;
    }
    return &ev;
}

static void test_comments_parsed_and_hostile_rows_left_out(void **state)
{
    (void)state;
    ConsoleModel m;
    console_model_init(&m, load_event());
    char rows[16000], next[32];
    snprintf(rows, sizeof rows, "%s,%s,%s",
             comment_json(ID1, "panel-cluster-1", "null", "en", "Protect migrants' families.", "pending", 0, true),
             comment_json(ID2, "opening", "null", "fr", "Un commentaire.", "published", 1, false),
             comment_json(ID3, "nowhere", "\"no-such-panellist\"", "es", "Otro.", "withheld", 2, true));
    assert_int_equal(parse_page(&m, rows, "\"41\"", next, sizeof next), 3);
    assert_string_equal(next, "41");
    assert_int_equal(m.count, 3);
    const ConsoleComment *c = &m.comments[console_find(&m, ID1)];
    char ref[RECORD_REFERENCE_BYTES];
    record_reference(ID1, ref);
    assert_string_equal(c->reference, ref); /* derived from the id, not taken from the server */
    assert_string_equal(console_str(&m, c->name), "Ana Pérez");
    assert_true(c->registered && c->consent);
    assert_int_equal(c->item, 2);
    assert_int_equal(c->category_index, 0);
    const ConsoleComment *c2 = &m.comments[console_find(&m, ID2)];
    assert_false(c2->registered);
    assert_int_equal(c2->state, CONSOLE_PUBLISHED);
    const ConsoleComment *c3 = &m.comments[console_find(&m, ID3)];
    assert_int_equal(c3->item, -1);
    assert_int_equal(c3->reason, CONSOLE_OFF_TOPIC);
    assert_string_equal(c3->changed_by, "alice");

    /* rows that are not what the API promises are left out, one by one, and counted */
    char long_text[4100 * 2];
    memset(long_text, 'w', 4001);
    long_text[4001] = '\0';
    const char *bad[] = {
        comment_json("not-a-uuid", "opening", "null", "en", "x", "pending", 0, true),
        comment_json("44444444-4444-4444-8444-444444444444", "op ening", "null", "en", "x", "pending", 0, true),
        comment_json("55555555-5555-4555-8555-555555555555", "opening", "null", "en", "x", "lost", 0, true),
        comment_json("66666666-6666-4666-8666-666666666666", "opening", "null", "en", long_text, "pending", 0, true),
        comment_json("77777777-7777-4777-8777-777777777777", "opening", "7", "en", "x", "pending", 0, true),
        comment_json("88888888-8888-4888-8888-888888888888", "opening", "null", "en", "", "pending", 0, true),
        "{\"id\":\"99999999-9999-4999-8999-999999999999\"}", "42", "null", "[]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int before = m.rejected;
        assert_int_equal(parse_page(&m, bad[i], "null", next, sizeof next), 0);
        assert_int_equal(m.rejected, before + 1);
        assert_string_equal(next, "");
    }
    assert_int_equal(m.count, 3);
    /* a withheld state without its reason, a name with a control character */
    char *w = comment_json("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "opening", "null", "en", "x", "withheld", 1, true);
    char *reason = strstr(w, "\"off_topic\"");
    memcpy(reason, "null       ", 11);
    assert_int_equal(parse_page(&m, w, "null", NULL, 0), 0);
    char *n = comment_json("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", "opening", "null", "en", "x", "pending", 0, true);
    char *p = strstr(n, "Ana");
    memcpy(p, "\\u0007", 3); /* "\u0" then the rest: an invalid escape, not JSON at all */
    assert_int_equal(parse_page(&m, n, "null", NULL, 0), -1);

    /* bodies that are not the list at all */
    const char *garbage[] = {"", "{", "{\"comments\":{}}", "[1,2]", "{\"comments\":[]}\x01", "\xff\xfe{}"};
    for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++)
        assert_int_equal(console_parse_comments(&m, garbage[i], strlen(garbage[i]), next, sizeof next), -1);
    char deep[200];
    memset(deep, '[', 100);
    snprintf(deep + 100, sizeof deep - 100, "1");
    char wrapped[300];
    snprintf(wrapped, sizeof wrapped, "{\"comments\":%s}", deep);
    assert_int_equal(console_parse_comments(&m, wrapped, strlen(wrapped), next, sizeof next), -1);
    assert_int_equal(console_parse_comments(&m, "{}", CONSOLE_MAX_BODY + 1, next, sizeof next), -1);
    assert_int_equal(m.count, 3);
    console_model_free(&m);
}

static void test_filters_search_counts_and_selection(void **state)
{
    (void)state;
    ConsoleModel m;
    console_model_init(&m, load_event());
    const Event *ev = load_event();
    char rows[16000];
    snprintf(rows, sizeof rows, "%s,%s,%s",
             comment_json(ID1, "panel-cluster-1", "null", "en", "Protect the FAMILIES of migrants.", "pending", 0, true),
             comment_json(ID2, "opening", "null", "fr", "Un commentaire.", "published", 1, false),
             comment_json(ID3, ev->agenda[2].id, "\"casa-monarca\"", "es", "Otro texto.", "withheld", 2, true));
    assert_int_equal(parse_page(&m, rows, "null", NULL, 0), 3);
    console_refilter(&m);
    assert_int_equal(m.view_count, 3);
    assert_string_equal(m.comments[m.view[0]].id, ID3); /* newest first */
    assert_int_equal(m.counted, 3);
    assert_int_equal(m.counts[CONSOLE_PENDING], 1);
    assert_int_equal(m.counts[CONSOLE_PUBLISHED], 1);
    assert_int_equal(m.counts[CONSOLE_WITHHELD], 1);

    m.filter.state = CONSOLE_PENDING;
    console_refilter(&m);
    assert_int_equal(m.view_count, 1);
    assert_int_equal(m.counted, 3); /* the tabs still count every state */
    m.filter.state = CONSOLE_ALL;

    m.filter.item = 2;
    console_refilter(&m);
    assert_int_equal(m.view_count, 2);
    m.filter.item = CONSOLE_ALL;

    m.filter.panellist = CONSOLE_TO_NO_ONE;
    console_refilter(&m);
    assert_int_equal(m.view_count, 2);
    m.filter.panellist = CONSOLE_ALL;

    m.filter.category = 0; /* ngo: the unregistered one has no category */
    console_refilter(&m);
    assert_int_equal(m.view_count, 2);
    m.filter.category = CONSOLE_ALL;

    m.filter.language = m.comments[console_find(&m, ID2)].lang_index;
    console_refilter(&m);
    assert_int_equal(m.view_count, 1);
    assert_string_equal(m.comments[m.view[0]].id, ID2);
    m.filter.language = CONSOLE_ALL;

    /* text, case folded; a reference with or without its dash, in any case */
    snprintf(m.filter.q, sizeof m.filter.q, "  families OF ");
    console_refilter(&m);
    assert_int_equal(m.view_count, 1);
    assert_string_equal(m.comments[m.view[0]].id, ID1);
    char ref[RECORD_REFERENCE_BYTES];
    record_reference(ID2, ref);
    snprintf(m.filter.q, sizeof m.filter.q, "%c%c%c%c%c%c%c%c", ref[0] | 0x20, ref[1], ref[2], ref[3], ref[5], ref[6],
             ref[7], ref[8] | 0x20);
    console_refilter(&m);
    assert_int_equal(m.view_count, 1);
    assert_string_equal(m.comments[m.view[0]].id, ID2);
    snprintf(m.filter.q, sizeof m.filter.q, "casa monarca"); /* the organisation too */
    console_refilter(&m);
    assert_int_equal(m.view_count, 2);
    snprintf(m.filter.q, sizeof m.filter.q, "nothing like this");
    console_refilter(&m);
    assert_int_equal(m.view_count, 0);
    assert_int_equal(m.counted, 0);
    m.filter.q[0] = '\0';
    console_refilter(&m);

    /* next and previous, bounded; the selection survives a refilter that keeps it */
    assert_null(console_selected(&m));
    assert_true(console_select_step(&m, 1));
    assert_string_equal(m.selected, ID3);
    assert_true(console_select_step(&m, 1));
    assert_true(console_select_step(&m, 1));
    assert_false(console_select_step(&m, 1));
    assert_string_equal(m.selected, ID1);
    assert_true(console_select_step(&m, -5));
    assert_string_equal(m.selected, ID3);
    m.filter.state = CONSOLE_PUBLISHED;
    console_refilter(&m);
    assert_int_equal(console_selected_row(&m), -1);
    assert_non_null(console_selected(&m)); /* still selected, just not shown */
    console_model_free(&m);
}

static void test_publications_newer_only(void **state)
{
    (void)state;
    ConsoleModel m;
    console_model_init(&m, load_event());
    assert_int_equal(parse_page(&m, comment_json(ID1, "opening", "null", "en", "x", "pending", 0, true), "null", NULL, 0), 1);
    bool bad;
    const char *pub = "{\"event\":\"e\",\"publication\":{\"comment\":\"" ID1 "\",\"state\":\"withheld\",\"reason\":\"abusive\","
                      "\"note\":\"insults\",\"version\":2,\"changed_by\":\"bob\",\"changed_at\":\"2022-07-01T11:00:00Z\"}}";
    assert_int_equal(console_apply_publication_json(&m, pub, strlen(pub), &bad), 0);
    assert_false(bad);
    assert_int_equal(m.comments[0].state, CONSOLE_WITHHELD);
    assert_string_equal(console_str(&m, m.comments[0].note), "insults");
    /* an older answer arriving late changes nothing */
    const char *old = "{\"comment\":\"" ID1 "\",\"state\":\"published\",\"reason\":null,\"note\":null,\"version\":1,"
                      "\"changed_by\":\"alice\",\"changed_at\":\"2022-07-01T10:00:00Z\"}";
    assert_int_equal(console_apply_publication_json(&m, old, strlen(old), &bad), 0);
    assert_int_equal(m.comments[0].state, CONSOLE_WITHHELD);
    /* a row of an older page does not undo it either */
    assert_int_equal(parse_page(&m, comment_json(ID1, "opening", "null", "en", "x", "published", 1, true), "null", NULL, 0), 1);
    assert_int_equal(m.comments[0].state, CONSOLE_WITHHELD);
    /* unknown comment: not bad, just not here; malformed: bad */
    const char *other = "{\"comment\":\"" ID2 "\",\"state\":\"published\",\"reason\":null,\"note\":null,\"version\":1,"
                        "\"changed_by\":\"a\",\"changed_at\":\"t\"}";
    assert_int_equal(console_apply_publication_json(&m, other, strlen(other), &bad), -1);
    assert_false(bad);
    const char *hostile[] = {"{\"comment\":\"" ID1 "\",\"state\":\"published\",\"version\":-1}",
                             "{\"comment\":\"" ID1 "\",\"state\":\"published\",\"version\":3.5}",
                             "{\"comment\":\"" ID1 "\",\"state\":\"published\",\"reason\":\"abusive\",\"version\":3}",
                             "{\"comment\":\"" ID1 "\",\"state\":\"withheld\",\"version\":3}", "nope", "{}"};
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        assert_int_equal(console_apply_publication_json(&m, hostile[i], strlen(hostile[i]), &bad), -1);
        assert_true(bad);
    }
    assert_int_equal(m.comments[0].version, 2);

    const char *log = "{\"entries\":[{\"seq\":1,\"at\":\"t1\",\"by\":\"alice\",\"comment\":\"" ID1 "\",\"event\":\"e\","
                      "\"from\":\"pending\",\"to\":\"published\",\"reason\":null,\"note\":null,\"version\":1},"
                      "{\"seq\":2,\"at\":\"t2\",\"by\":\"bob\",\"comment\":\"" ID1 "\",\"from\":\"published\","
                      "\"to\":\"withheld\",\"reason\":\"abusive\",\"note\":\"insults\",\"version\":2},"
                      "{\"seq\":3,\"at\":\"t3\",\"by\":\"eve\",\"comment\":\"x\",\"from\":\"a\",\"to\":\"b\"}]}";
    assert_int_equal(console_parse_log(&m, log, strlen(log)), 2);
    assert_int_equal(m.log[1].reason, CONSOLE_ABUSIVE);
    assert_string_equal(console_str(&m, m.log[1].note), "insults");
    assert_int_equal(console_parse_log(&m, "[]", 2), -1);
    console_model_free(&m);
}

typedef struct Seen { char events[8][32]; char data[8][256]; int n; } Seen;

static void on_event(void *ctx, const char *event, const char *data, size_t len)
{
    Seen *s = ctx;
    if (s->n == 8) return;
    snprintf(s->events[s->n], sizeof s->events[0], "%s", event);
    snprintf(s->data[s->n], sizeof s->data[0], "%.*s", (int)len, data);
    s->n++;
}

static void test_event_stream_parser(void **state)
{
    (void)state;
    const char *wire = "retry: 2000\nid: 0\n: connected\n\nid: 7\r\nevent: comment\r\ndata: {\"a\":1}\r\n\r\n"
                       ": heartbeat\n\nevent: publication\ndata: line one\ndata: line two\nid: 9\n\n"
                       "data: no event name\n\nevent: partial\ndata: never ended";
    /* the same bytes in one piece and cut at every position give the same events */
    for (size_t cut = 0; cut <= strlen(wire); cut++) {
        ConsoleSse sse;
        memset(&sse, 0, sizeof sse);
        Seen seen = {0};
        console_sse_feed(&sse, wire, cut, on_event, &seen);
        console_sse_feed(&sse, wire + cut, strlen(wire) - cut, on_event, &seen);
        assert_int_equal(seen.n, 3);
        assert_string_equal(seen.events[0], "comment");
        assert_string_equal(seen.data[0], "{\"a\":1}");
        assert_string_equal(seen.events[1], "publication");
        assert_string_equal(seen.data[1], "line one\nline two");
        assert_string_equal(seen.events[2], "message");
        assert_string_equal(sse.last_id, "9");
    }
    /* a line longer than the buffer is dropped whole; a new connection keeps the last id */
    ConsoleSse sse;
    memset(&sse, 0, sizeof sse);
    Seen seen = {0};
    char *big = malloc(CONSOLE_SSE_LINE * 2 + 64);
    int n = snprintf(big, 64, "id: 12\nevent: comment\ndata: ");
    memset(big + n, 'x', CONSOLE_SSE_LINE * 2);
    memcpy(big + n + CONSOLE_SSE_LINE * 2, "\n\ndata: ok\n\n", 13);
    console_sse_feed(&sse, big, strlen(big), on_event, &seen);
    free(big);
    assert_int_equal(seen.n, 1);
    assert_string_equal(seen.data[0], "ok");
    console_sse_feed(&sse, "id: 1x\n\n", 8, on_event, &seen); /* not an id the server sends */
    assert_string_equal(sse.last_id, "12");
    console_sse_reset(&sse);
    assert_string_equal(sse.last_id, "12");
}

/* --- the controller through a fake host ------------------------------------------------------ */

typedef struct Sent { uint32_t id; char method[8]; char path[256]; char headers[512]; char body[2048]; bool stream; } Sent;

typedef struct Fixture {
    TestHost host; /* first: the host's user is the fixture */
    Ui ui;
    App app;
    Sent sent[64];
    int sent_count;
    int cancelled;
} Fixture;

static bool fake_store(void *user, const char *id, const uint8_t *blob, size_t len) { (void)user; (void)id; (void)blob; (void)len; return false; }
static bool fake_request(void *user, uint32_t id, const AppRequest *req)
{
    Fixture *f = user;
    if (f->sent_count == 64) return false;
    Sent *s = &f->sent[f->sent_count++];
    memset(s, 0, sizeof *s);
    s->id = id;
    snprintf(s->method, sizeof s->method, "%s", req->method);
    snprintf(s->path, sizeof s->path, "%s", req->path);
    snprintf(s->headers, sizeof s->headers, "%s", req->headers);
    if (req->body) snprintf(s->body, sizeof s->body, "%.*s", (int)req->body_len, req->body);
    s->stream = req->stream;
    return true;
}
static void fake_cancel(void *user, uint32_t id) { (void)id; ((Fixture *)user)->cancelled++; }

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    test_host_init(&f->host);
    f->ui.fonts = &f->host.fonts;
    AppHost host = test_host(f);
    host.store_record = fake_store;
    host.request = fake_request;
    host.cancel = fake_cancel;
    assert_true(app_init(&f->app, &host, "en", APP_MODE_CONSOLE, 30, NULL));
    size_t len;
    char *json = (char *)test_read_file(EVENT_FILE, &len);
    assert_true(app_load_event(&f->app, EVENT_FILE, json, len));
    free(json);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    test_host_free_fixture(&f->host, &f->app);
    return 0;
}

static Sent *last_to(Fixture *f, const char *method, const char *path_prefix)
{
    for (int i = f->sent_count - 1; i >= 0; i--)
        if (strcmp(f->sent[i].method, method) == 0 && strncmp(f->sent[i].path, path_prefix, strlen(path_prefix)) == 0)
            return &f->sent[i];
    return NULL;
}

static void answer(Fixture *f, const Sent *s, int status, const char *body)
{
    app_http_response(&f->app, s->id, status, body, strlen(body), true);
}

static const UiNode *find(const Fixture *f, UiRole role, const char *name)
{
    for (int i = 0; i < f->ui.node_count; i++) {
        const UiNode *n = &f->ui.nodes[i];
        if (n->role == role && n->name_len == strlen(name) && memcmp(f->ui.text + n->name_off, name, n->name_len) == 0)
            return n;
    }
    return NULL;
}

static void press(Fixture *f, UiRole role, const char *name, float w, float h)
{
    app_frame(&f->app, &f->ui, w, h);
    const UiNode *n = find(f, role, name);
    if (!n) fail_msg("no %s named \"%s\"", ui_role_name(role), name);
    UiInput in = {.kind = UI_IN_ACTIVATE, .target = n->id};
    app_input(&f->app, &f->ui, &in, w, h);
}

static void type(Fixture *f, const char *label, const char *text)
{
    app_frame(&f->app, &f->ui, 1280, 800);
    const UiNode *n = find(f, UI_ROLE_TEXTBOX, label);
    if (!n) fail_msg("no text field \"%s\"", label);
    UiInput in = {.kind = UI_IN_EDIT, .target = n->id, .text = text, .text_len = strlen(text),
                  .sel_start = (uint32_t)strlen(text), .sel_end = (uint32_t)strlen(text)};
    app_input(&f->app, &f->ui, &in, 1280, 800);
}

static void sign_in_as(Fixture *f, const char *role);

static void sign_in(Fixture *f)
{
    sign_in_as(f, "moderator");
}

static void sign_in_as(Fixture *f, const char *role)
{
    app_begin(&f->app);
    Sent *s = last_to(f, "GET", "api/v1/session");
    assert_non_null(s);
    answer(f, s, 401, "{\"error\":\"not signed in\"}");
    assert_int_equal(f->app.screen, SCREEN_CON_SIGNIN);
    type(f, "Account name", "mod");
    type(f, "Password", "a long staff password");
    app_frame(&f->app, &f->ui, 1280, 800);
    const UiNode *pw = find(f, UI_ROLE_TEXTBOX, "Password");
    assert_int_equal(pw->hint, UI_HINT_PASSWORD);
    char json[8192];
    assert_true(ui_semantics_json(&f->ui, json, sizeof json) > 0);
    assert_non_null(strstr(json, "\"hint\":\"password\""));
    press(f, UI_ROLE_BUTTON, "Sign in", 1280, 800);
    s = last_to(f, "POST", "api/v1/session");
    assert_non_null(s);
    assert_non_null(strstr(s->body, "\"password\":\"a long staff password\""));
    assert_non_null(strstr(s->headers, "Content-Type: application/json"));
    char session[200];
    snprintf(session, sizeof session, "{\"name\":\"mod\",\"role\":\"%s\",\"csrf\":\"abc123\"}", role);
    answer(f, s, 200, session);
    assert_int_equal(textedit_count(&f->app.console->password), 0); /* wiped once used */
    assert_int_equal(f->app.screen, SCREEN_CON_LIST);
}

static bool has_replacement(const char *s, size_t n)
{
    for (size_t i = 0; i + 3 <= n; i++)
        if (memcmp(s + i, "\xef\xbf\xbd", 3) == 0) return true;
    return false;
}

/* The same sign-in with the interface in Russian. */
static void sign_in_ru(Fixture *f)
{
    type(f, "Имя учетной записи", "mod");
    type(f, "Пароль", "a long staff password");
    press(f, UI_ROLE_BUTTON, "Войти", 1280, 800);
    answer(f, last_to(f, "POST", "api/v1/session"), 200, "{\"name\":\"mod\",\"role\":\"moderator\",\"csrf\":\"abc123\"}");
    assert_int_equal(f->app.screen, SCREEN_CON_LIST);
}

static void test_sign_in_list_live_decide(void **state)
{
    Fixture *f = *state;
    /* a wrong password says so and wipes the field */
    app_begin(&f->app);
    answer(f, last_to(f, "GET", "api/v1/session"), 401, "{}");
    type(f, "Account name", "mod");
    type(f, "Password", "wrong password!");
    press(f, UI_ROLE_BUTTON, "Sign in", 1280, 800);
    answer(f, last_to(f, "POST", "api/v1/session"), 401, "{\"error\":\"wrong name or password\"}");
    assert_int_equal(f->app.console->signin_error, MSG_CON_ERR_WRONG);
    assert_int_equal(textedit_count(&f->app.console->password), 0);
    app_frame(&f->app, &f->ui, 1280, 800);
    assert_non_null(find(f, UI_ROLE_ALERT, "Wrong account name or password."));
    press(f, UI_ROLE_BUTTON, "Sign in", 1280, 800);
    assert_int_equal(f->app.console->signin_error, MSG_CON_ERR_REQUIRED);

    sign_in(f);
    Console *c = f->app.console;
    Sent *stream = last_to(f, "GET", "api/v1/stream?event=untoc-wg-som-9-cd-2022");
    assert_non_null(stream);
    assert_true(stream->stream);
    Sent *page = last_to(f, "GET", "api/v1/comments?event=untoc-wg-som-9-cd-2022&limit=500");
    assert_non_null(page);
    char body[16000];
    snprintf(body, sizeof body, "{\"comments\":[%s],\"next\":\"1\"}",
             comment_json(ID1, "panel-cluster-1", "null", "en", "First.", "pending", 0, true));
    answer(f, page, 200, body);
    page = last_to(f, "GET", "api/v1/comments?event=untoc-wg-som-9-cd-2022&limit=500&after=1");
    assert_non_null(page);
    snprintf(body, sizeof body, "{\"comments\":[%s],\"next\":null}",
             comment_json(ID2, "opening", "null", "fr", "Deuxième.", "pending", 0, true));
    answer(f, page, 200, body);
    assert_true(c->loaded);
    assert_int_equal(c->model.view_count, 2);

    /* live: a new comment is fetched by its reference; a colleague's decision applies at once */
    const char *live = "id: 5\nevent: comment\ndata: {\"event\":\"untoc-wg-som-9-cd-2022\",\"comment\":\"" ID3 "\",\"reference\":\"R\",\"agenda_item\":\"opening\"}\n\n"
                       "id: 6\nevent: publication\ndata: {\"event\":\"untoc-wg-som-9-cd-2022\",\"publication\":{\"comment\":\"" ID2 "\",\"state\":\"published\",\"reason\":null,\"note\":null,\"version\":1,\"changed_by\":\"alice\",\"changed_at\":\"2022-07-01T10:00:00Z\"}}\n\n";
    assert_true(app_http_response(&f->app, stream->id, 200, live, strlen(live), false));
    assert_int_equal(c->model.comments[console_find(&c->model, ID2)].state, CONSOLE_PUBLISHED);
    char ref3[RECORD_REFERENCE_BYTES], want[128];
    record_reference(ID3, ref3);
    snprintf(want, sizeof want, "api/v1/comments?event=untoc-wg-som-9-cd-2022&q=%s", ref3);
    Sent *one = last_to(f, "GET", want);
    assert_non_null(one);
    snprintf(body, sizeof body, "{\"comments\":[%s],\"next\":null}", comment_json(ID3, "opening", "null", "en", "Third.", "pending", 0, true));
    answer(f, one, 200, body);
    assert_int_equal(c->model.view_count, 3);
    assert_string_equal(c->model.comments[c->model.view[0]].id, ID3); /* on top */

    /* the moderator's keys: J selects the newest, P publishes with the CSRF header and version */
    assert_true(app_shortcut(&f->app, &f->ui, 'j', 1280, 800));
    assert_string_equal(c->model.selected, ID3);
    assert_true(app_shortcut(&f->app, &f->ui, 'p', 1280, 800));
    Sent *d = last_to(f, "POST", "api/v1/comments/" ID3 "/publication");
    assert_non_null(d);
    assert_non_null(strstr(d->headers, "X-CSRF-Token: abc123\n"));
    assert_non_null(strstr(d->body, "\"state\":\"published\""));
    assert_non_null(strstr(d->body, "\"version\":0"));
    answer(f, d, 200, "{\"comment\":\"" ID3 "\",\"state\":\"published\",\"reason\":null,\"note\":null,\"version\":1,\"changed_by\":\"mod\",\"changed_at\":\"2022-07-01T10:05:00Z\"}");
    assert_int_equal(c->model.comments[console_find(&c->model, ID3)].state, CONSOLE_PUBLISHED);
    assert_int_equal(c->banner, MSG_CON_DONE_PUBLISHED);

    /* W opens the reasons, Escape closes them; without a reason W asks for one; 2 picks
     * "abusive"; W again sends it */
    assert_true(app_shortcut(&f->app, &f->ui, 'w', 1280, 800));
    assert_true(c->withhold_open);
    UiInput esc = {.kind = UI_IN_KEY, .key = UI_KEY_ESCAPE};
    app_input(&f->app, &f->ui, &esc, 1280, 800);
    assert_false(c->withhold_open);
    assert_true(app_shortcut(&f->app, &f->ui, 'w', 1280, 800));
    assert_true(c->withhold_open);
    press(f, UI_ROLE_BUTTON, "Withhold with this reason", 1280, 800);
    assert_int_equal(c->withhold_error, MSG_CON_ERR_REASON);
    assert_true(app_shortcut(&f->app, &f->ui, '2', 1280, 800));
    assert_true(app_shortcut(&f->app, &f->ui, 'w', 1280, 800));
    d = last_to(f, "POST", "api/v1/comments/" ID3 "/publication");
    assert_non_null(strstr(d->body, "\"reason\":\"abusive\""));
    assert_non_null(strstr(d->body, "\"version\":1"));
    /* a colleague was faster: 409 says so in words and fetches the comment as it is now */
    int before = f->sent_count;
    answer(f, d, 409, "{\"error\":\"version 1 is not the current one\",\"version\":2}");
    assert_int_equal(c->banner, MSG_CON_CONFLICT);
    assert_int_equal(f->sent_count, before + 1);
    app_frame(&f->app, &f->ui, 1280, 800);
    char conflict[300];
    snprintf(conflict, sizeof conflict, i18n_get(I18N_EN, MSG_CON_CONFLICT), ref3);
    assert_non_null(find(f, UI_ROLE_ALERT, conflict));
    /* unknown id and a server error: messages, never a crash */
    assert_true(app_shortcut(&f->app, &f->ui, 'u', 1280, 800));
    answer(f, last_to(f, "POST", "api/v1/comments/" ID3 "/publication"), 404, "{\"error\":\"no such comment\"}");
    assert_int_equal(c->banner, MSG_CON_ERR_NOT_FOUND);
    assert_true(app_shortcut(&f->app, &f->ui, 'u', 1280, 800));
    answer(f, last_to(f, "POST", "api/v1/comments/" ID3 "/publication"), 500, "not json");
    assert_int_equal(c->banner, MSG_CON_ERR_SERVER);

    /* the stream drops: it comes back after a short wait, resuming from the last id */
    assert_true(app_http_response(&f->app, stream->id, 0, NULL, 0, true));
    assert_false(c->stream_live);
    int64_t wait = app_next_tick_ms(&f->app, f->host.now);
    assert_true(wait >= 0 && wait <= 1000);
    f->host.now += wait;
    assert_true(app_tick(&f->app, f->host.now));
    Sent *again = last_to(f, "GET", "api/v1/stream");
    assert_ptr_not_equal(again, stream);
    assert_non_null(strstr(again->headers, "Last-Event-ID: 6\n"));
    /* a list that could not load (no network) loads once the stream is back */
    c->loaded = false;
    console_set_banner(c, MSG_CON_ERR_NETWORK, CONSOLE_TONE_ERROR, NULL, 0);
    int sent_before = f->sent_count;
    assert_true(app_http_response(&f->app, again->id, 200, ": connected\n\n", 14, false));
    assert_int_equal(c->banner, MSG_NONE);
    assert_int_equal(f->sent_count, sent_before + 1);
    assert_non_null(strstr(f->sent[f->sent_count - 1].path, "api/v1/comments?event="));

    /* the session expired: back to sign-in, all wiped */
    answer(f, last_to(f, "GET", "api/v1/comments"), 401, "{\"error\":\"not signed in\"}");
    assert_int_equal(f->app.screen, SCREEN_CON_SIGNIN);
    assert_int_equal(c->banner, MSG_CON_SESSION_ENDED);
    assert_int_equal(c->model.count, 0);
    assert_string_equal(c->csrf, "");
    assert_true(f->cancelled > 0);
    /* a late answer to a request of the old session is ignored */
    assert_false(app_http_response(&f->app, again->id, 200, live, strlen(live), false));
}

static void test_screens_laptop_and_tablet(void **state)
{
    Fixture *f = *state;
    sign_in(f);
    Console *c = f->app.console;
    /* 600 comments in two pages: only rows in view are drawn and mirrored */
    static char body[600 * 1200];
    for (int page = 0; page < 2; page++) {
        size_t n = (size_t)snprintf(body, sizeof body, "{\"comments\":[");
        for (int i = 0; i < 300; i++) {
            char id[40];
            snprintf(id, sizeof id, "%08x-0000-4000-8000-%012x", page * 300 + i + 1, page * 300 + i + 1);
            n += (size_t)snprintf(body + n, sizeof body - n, "%s%s", i ? "," : "",
                                  comment_json(id, i % 3 ? "opening" : "panel-cluster-1", "null", i % 2 ? "fr" : "en",
                                               "A comment that is long enough to be cut in the list of comments, "
                                               "as most real ones are.", i % 5 ? "pending" : "published", i % 5 ? 0 : 1, i % 7 != 0));
        }
        snprintf(body + n, sizeof body - n, "],\"next\":%s}", page ? "null" : "\"300\"");
        answer(f, last_to(f, "GET", "api/v1/comments"), 200, body);
    }
    assert_int_equal(c->model.count, 600);
    const float sizes[][2] = {{1920, 1080}, {1280, 800}, {768, 1024}};
    for (size_t s = 0; s < 3; s++) {
        float w = sizes[s][0], h = sizes[s][1];
        app_frame(&f->app, &f->ui, w, h);
        assert_false(f->ui.overflow);
        int rows = 0;
        for (int i = 0; i < f->ui.node_count; i++) rows += f->ui.nodes[i].role == UI_ROLE_LISTITEM;
        assert_true(rows > 3 && rows < 20);
        /* choose the first row: beside the list when wide, alone on a tablet */
        app_shortcut(&f->app, &f->ui, 'j', w, h);
        app_frame(&f->app, &f->ui, w, h);
        assert_non_null(console_selected(&c->model));
        if (w >= 980) {
            assert_non_null(find(f, UI_ROLE_BUTTON, "Withhold"));
            assert_non_null(find(f, UI_ROLE_BUTTON, "Publish"));
        }
        c->model.selected[0] = '\0';
        if (f->app.screen == SCREEN_CON_DETAIL) press(f, UI_ROLE_BUTTON, "Back to the list", w, h);
        assert_int_equal(f->app.screen, SCREEN_CON_LIST);
    }
    /* on a tablet, a tap on a row opens the comment alone, with a way back */
    app_frame(&f->app, &f->ui, 768, 1024);
    int row = -1;
    for (int i = 0; i < f->ui.node_count && row < 0; i++)
        if (f->ui.nodes[i].role == UI_ROLE_BUTTON && f->ui.nodes[i].parent >= 0
            && f->ui.nodes[f->ui.nodes[i].parent].role == UI_ROLE_LISTITEM)
            row = i;
    assert_true(row >= 0);
    UiInput in = {.kind = UI_IN_ACTIVATE, .target = f->ui.nodes[row].id};
    app_input(&f->app, &f->ui, &in, 768, 1024);
    app_frame(&f->app, &f->ui, 768, 1024);
    assert_int_equal(f->app.screen, SCREEN_CON_DETAIL);
    assert_non_null(find(f, UI_ROLE_BUTTON, "Back to the list"));
    /* the filters narrow the list; their counts follow */
    press(f, UI_ROLE_BUTTON, "Back to the list", 768, 1024);
    press(f, UI_ROLE_BUTTON, "Published: 120", 768, 1024);
    assert_int_equal(c->model.view_count, 120);
    press(f, UI_ROLE_BUTTON, "Agenda item", 768, 1024);
    press(f, UI_ROLE_RADIO, "1. Opening", 768, 1024);
    assert_int_equal(c->model.filter.item, 0);
    assert_int_equal(c->model.view_count, 80);
    /* sign out: nothing of the session is left */
    press(f, UI_ROLE_BUTTON, "Sign out", 768, 1024);
    assert_non_null(last_to(f, "DELETE", "api/v1/session"));
    assert_non_null(strstr(last_to(f, "DELETE", "api/v1/session")->headers, "X-CSRF-Token: abc123"));
    assert_int_equal(f->app.screen, SCREEN_CON_SIGNIN);
    assert_int_equal(c->model.count, 0);
    assert_int_equal(textedit_count(&c->password), 0);
    /* every language draws the console without running out of room */
    for (int l = 0; l < I18N_LANG_COUNT; l++) {
        app_set_lang(&f->app, (I18nLang)l);
        app_frame(&f->app, &f->ui, 768, 1024);
        assert_false(f->ui.overflow);
    }
    /* signed in again in Russian (two bytes a letter) with a comment open: no text is cut
     * inside a character (it was: "криминали\xef\xbf\xbd") */
    app_set_lang(&f->app, I18N_RU);
    sign_in_ru(f);
    char body2[4096];
    snprintf(body2, sizeof body2, "{\"comments\":[%s],\"next\":null}",
             comment_json(ID1, "panel-cluster-1", "\"casa-monarca\"", "ru", "Комментарий.", "withheld", 3, true));
    answer(f, last_to(f, "GET", "api/v1/comments"), 200, body2);
    app_frame(&f->app, &f->ui, 1280, 800);
    assert_true(app_shortcut(&f->app, &f->ui, 'j', 1280, 800));
    assert_non_null(console_selected(&c->model));
    for (int wide = 0; wide < 2; wide++) {
        app_frame(&f->app, &f->ui, wide ? 1280 : 768, wide ? 800 : 1024);
        int texts = 0;
        for (int i = 0; i < f->ui.node_count; i++) {
            const UiNode *n = &f->ui.nodes[i];
            assert_true(utf8_valid(f->ui.text + n->name_off, n->name_len));
            assert_false(has_replacement(f->ui.text + n->name_off, n->name_len));
            texts += n->role == UI_ROLE_TEXT;
        }
        if (wide) assert_true(texts > 5); /* the comment's details are there */
    }
    for (int i = 0; i < f->ui.cmd_count; i++)
        if (f->ui.cmds[i].kind == UI_CMD_TEXT)
            assert_true(utf8_valid(f->ui.text + f->ui.cmds[i].text_off, f->ui.cmds[i].text_len));
}

/* --- the Chair's desk ---------------------------------------------------------------------- */

#define REQ1 "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
#define REQ2 "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"

static bool desk_parse(bool (*fn)(DeskModel *, const char *, size_t), DeskModel *m, const char *json)
{
    return fn(m, json, strlen(json));
}

static void test_desk_model_hostile_rows_left_out(void **state)
{
    (void)state;
    const Event *ev = load_event();
    DeskModel m;
    desk_model_init(&m, ev);
    assert_true(desk_parse(desk_parse_current, &m, "{\"agenda_item\":\"panel-cluster-1\",\"since\":\"x\",\"version\":3}"));
    assert_int_equal(m.current, 2);
    assert_false(desk_parse(desk_parse_current, &m, "{\"agenda_item\":\"no-such-item\"}"));
    assert_false(desk_parse(desk_parse_current, &m, "{\"agenda_item\":4}"));
    assert_false(desk_parse(desk_parse_current, &m, "[]"));
    assert_int_equal(m.current, 2);
    assert_true(desk_parse(desk_parse_queue, &m,
        "{\"requests\":["
        "{\"id\":\"" REQ1 "\",\"agenda_item\":\"panel-cluster-1\",\"addressed_to\":\"casa-monarca\",\"state\":\"waiting\",\"position\":1,"
        "\"participant\":{\"id\":\"x\",\"name\":\"Ana\",\"organization\":\"Casa\",\"category\":\"ngo\",\"country\":\"MX\"}},"
        "{\"id\":\"not-a-uuid\",\"state\":\"waiting\",\"position\":2,\"participant\":{}},"
        "{\"id\":\"" REQ2 "\",\"addressed_to\":null,\"state\":\"waiting\",\"position\":0,\"participant\":{\"name\":\"Ben\"}},"
        "{\"id\":\"" REQ2 "\",\"addressed_to\":null,\"state\":\"sleeping\",\"participant\":{\"name\":\"Ben\"}},"
        "{\"id\":\"" REQ2 "\",\"addressed_to\":null,\"state\":\"done\",\"participant\":{\"name\":\"Bell\\u0007\"}},"
        "{\"id\":\"" REQ2 "\",\"addressed_to\":null,\"state\":\"speaking\",\"participant\":{\"name\":\"Ben\",\"country\":\"mx\"}},"
        "{\"id\":\"" REQ2 "\",\"addressed_to\":null,\"state\":\"speaking\",\"participant\":{\"name\":\"Ben\",\"organization\":null,\"category\":\"academia\",\"country\":\"\"}}"
        "]}"));
    assert_int_equal(m.queue_count, 2);
    assert_int_equal(m.rejected, 5);
    assert_string_equal(m.queue[0].who.name, "Ana");
    assert_int_equal(m.queue[0].panellist, event_find_panellist(ev, "casa-monarca"));
    assert_int_equal(m.queue[0].position, 1);
    assert_int_equal(m.queue[1].state, DESK_SPEAKING);
    assert_int_equal(m.queue[1].panellist, -1);
    assert_false(desk_parse(desk_parse_queue, &m, "{\"requests\":{}}"));
    assert_int_equal(m.queue_count, 2);
    assert_true(desk_parse(desk_parse_registrations, &m,
        "{\"registrations\":["
        "{\"id\":\"" REQ1 "\",\"name\":\"Ana\",\"organization\":\"Casa\",\"category\":\"ngo\",\"country\":\"MX\","
        "\"status\":{\"status\":\"objected\",\"by\":\"State party X\",\"version\":2}},"
        "{\"id\":\"" REQ2 "\",\"name\":\"Ben\",\"organization\":\"Uni\",\"category\":\"academia\",\"country\":\"AT\","
        "\"status\":{\"status\":\"objected\",\"by\":null,\"version\":1}},"
        "{\"id\":\"" REQ2 "\",\"name\":\"Ben\",\"organization\":\"Uni\",\"category\":\"academia\",\"country\":\"AT\","
        "\"status\":{\"status\":\"approved\",\"by\":null,\"version\":-1}},"
        "{\"id\":\"" REQ2 "\",\"name\":\"Ben\",\"organization\":\"Uni\",\"category\":\"academia\",\"country\":\"AT\","
        "\"status\":{\"status\":\"approved\",\"by\":null,\"version\":1}}"
        "]}"));
    assert_int_equal(m.reg_count, 2);
    assert_int_equal(m.rejected, 2);
    assert_int_equal(m.regs[0].status, DESK_OBJECTED);
    assert_string_equal(m.regs[0].party, "State party X");
    assert_int_equal(m.regs[0].version, 2);
    assert_int_equal(desk_find_registration(&m, REQ2), 1);
    desk_model_free(&m);
}

static void test_chair_desk_meeting_and_registrations(void **state)
{
    Fixture *f = *state;
    sign_in(f);
    /* a moderator has no Chair's tabs */
    app_frame(&f->app, &f->ui, 1280, 800);
    assert_null(find(f, UI_ROLE_BUTTON, "Meeting"));
    press(f, UI_ROLE_BUTTON, "Sign out", 1280, 800);
    f->sent_count = 0;
    sign_in_as(f, "chair");
    press(f, UI_ROLE_BUTTON, "Meeting", 1280, 800);
    assert_int_equal(f->app.screen, SCREEN_CON_MEETING);
    Sent *s = last_to(f, "GET", "api/v1/events/untoc-wg-som-9-cd-2022/current");
    assert_non_null(s);
    answer(f, s, 200, "{\"agenda_item\":null,\"since\":null,\"version\":0}");
    app_frame(&f->app, &f->ui, 1280, 800);
    assert_non_null(find(f, UI_ROLE_HEADING, "No item is in progress."));
    /* set item 3 in progress: a PUT with the CSRF token, then its queue */
    app_frame(&f->app, &f->ui, 1280, 800);
    const UiNode *row = find(f, UI_ROLE_TEXT, "3. Panel discussion on the review of the criminalization and jurisdiction provisions of Cluster 1");
    assert_non_null(row);
    const UiNode *set = NULL;
    for (int i = (int)(row - f->ui.nodes) + 1; i < f->ui.node_count && !set; i++)
        if (f->ui.nodes[i].role == UI_ROLE_BUTTON) set = &f->ui.nodes[i];
    UiInput in = {.kind = UI_IN_ACTIVATE, .target = set->id};
    app_input(&f->app, &f->ui, &in, 1280, 800);
    s = last_to(f, "PUT", "api/v1/events/untoc-wg-som-9-cd-2022/current");
    assert_non_null(s);
    assert_string_equal(s->body, "{\"agenda_item\":\"panel-cluster-1\"}");
    assert_non_null(strstr(s->headers, "X-CSRF-Token: abc123"));
    answer(f, s, 200, "{\"agenda_item\":\"panel-cluster-1\",\"since\":\"2022-07-01T10:00:00.000Z\",\"version\":1}");
    s = last_to(f, "GET", "api/v1/floor?event=untoc-wg-som-9-cd-2022&item=panel-cluster-1");
    assert_non_null(s);
    answer(f, s, 200, "{\"requests\":[{\"id\":\"" REQ1 "\",\"agenda_item\":\"panel-cluster-1\",\"addressed_to\":null,"
                      "\"state\":\"waiting\",\"position\":1,\"participant\":{\"id\":\"x\",\"name\":\"Ana\","
                      "\"organization\":\"Casa\",\"category\":\"ngo\",\"country\":\"MX\"}}]}");
    press(f, UI_ROLE_BUTTON, "Give the floor", 1280, 800);
    s = last_to(f, "POST", "api/v1/floor/" REQ1 "/state");
    assert_non_null(s);
    assert_string_equal(s->body, "{\"state\":\"speaking\"}");
    answer(f, s, 200, "{\"id\":\"" REQ1 "\",\"agenda_item\":\"panel-cluster-1\",\"position\":null,\"state\":\"speaking\"}");
    assert_non_null(last_to(f, "GET", "api/v1/floor?event="));

    /* registrations: an objection needs its State party */
    press(f, UI_ROLE_BUTTON, "Registrations", 1280, 800);
    s = last_to(f, "GET", "api/v1/registrations?event=untoc-wg-som-9-cd-2022");
    assert_non_null(s);
    answer(f, s, 200, "{\"registrations\":[{\"id\":\"" REQ2 "\",\"name\":\"Ben\",\"organization\":\"Uni\","
                      "\"category\":\"academia\",\"country\":\"AT\",\"status\":{\"status\":\"pending\",\"by\":null,\"version\":0}}]}");
    int before = f->sent_count;
    press(f, UI_ROLE_BUTTON, "Record an objection", 1280, 800);
    assert_int_equal(f->sent_count, before);
    app_frame(&f->app, &f->ui, 1280, 800);
    assert_non_null(find(f, UI_ROLE_ALERT, "Name the State party that objected."));
    type(f, "Objecting State party", "State party X");
    press(f, UI_ROLE_BUTTON, "Record an objection", 1280, 800);
    s = last_to(f, "POST", "api/v1/registrations/" REQ2 "/status");
    assert_non_null(s);
    assert_string_equal(s->body, "{\"status\":\"objected\",\"by\":\"State party X\",\"version\":0}");
    answer(f, s, 409, "{\"error\":\"stale\",\"version\":1}");
    assert_int_equal(f->app.console->banner, MSG_CON_CONFLICT);
    assert_non_null(last_to(f, "GET", "api/v1/registrations?event="));
    /* signing out forgets all of it */
    press(f, UI_ROLE_BUTTON, "Sign out", 1280, 800);
    assert_int_equal(f->app.console->desk->model.reg_count, 0);
    assert_int_equal(textedit_count(&f->app.console->desk->party), 0);
}

#define DRAFT_VIEW \
    "{\"event\":\"e\",\"title\":\"T\",\"subtitle\":\"Summary by the Chair\",\"version\":2,\"through\":7,\"sections\":[" \
    "{\"id\":\"intro\",\"number\":\"I\",\"title\":\"Introduction\",\"paragraphs\":[" \
    "{\"key\":\"participation\",\"text\":\"One NGO participated.\",\"references\":[],\"new\":false,\"number\":1}," \
    "{\"key\":\"comments\",\"text\":\"Two comments.\",\"references\":[],\"new\":false,\"number\":2}]}," \
    "{\"id\":\"panel-cluster-1\",\"number\":\"II\",\"title\":\"Panel\",\"paragraphs\":[" \
    "{\"key\":\"category:ngo\",\"text\":\"One comment from NGOs.\",\"references\":[\"7K2M-9QXD\"],\"new\":true,\"number\":3}]}]}"

static void test_summary_draft_edits(void **state)
{
    (void)state;
    SummaryDraft d;
    draft_init(&d);
    static const char *const bad[] = {
        "[]", "{\"version\":1,\"through\":0}",
        "{\"version\":1,\"through\":0,\"sections\":[{\"id\":\"x\",\"number\":\"I\",\"title\":\"t\",\"paragraphs\":[{\"key\":null,\"text\":\"\",\"references\":[]}]}]}",
        "{\"version\":1,\"through\":0,\"sections\":[{\"id\":\"x\",\"number\":\"I\",\"title\":\"t\",\"paragraphs\":[{\"key\":null,\"text\":\"a\",\"references\":[\"nope\"]}]}]}",
        "{\"version\":1,\"through\":0,\"sections\":[{\"id\":\"x\",\"number\":\"I\",\"title\":\"two\\nlines\",\"paragraphs\":[]}]}",
        "{\"version\":-1,\"through\":0,\"sections\":[]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_false(draft_parse(&d, bad[i], strlen(bad[i])));
    assert_false(d.loaded);
    assert_true(draft_parse(&d, DRAFT_VIEW, strlen(DRAFT_VIEW)));
    assert_int_equal(d.count, 3);
    assert_int_equal(d.version, 2);
    assert_true(d.paragraphs[2].fresh);
    assert_string_equal(d.paragraphs[2].refs[0], "7K2M-9QXD");
    /* a malformed answer later changes nothing */
    assert_false(draft_parse(&d, bad[2], strlen(bad[2])));
    assert_int_equal(d.count, 3);
    assert_false(draft_set_text(&d, 0, "", 0));
    assert_false(draft_set_text(&d, 0, "bell\a", 5));
    static const char two[] = "Two written comments.\nOn two lines.";
    assert_true(draft_set_text(&d, 1, two, strlen(two)));
    assert_true(draft_move(&d, 1, -1));
    assert_false(draft_move(&d, 1, 1)); /* never across a section */
    assert_false(draft_move(&d, 0, -1));
    assert_true(draft_remove(&d, 1));
    assert_true(d.dirty);
    char *body = draft_body(&d);
    assert_string_equal(body,
        "{\"sections\":[{\"id\":\"intro\",\"title\":\"Introduction\",\"paragraphs\":[{\"key\":\"comments\","
        "\"text\":\"Two written comments.\\nOn two lines.\",\"references\":[]}]},{\"id\":\"panel-cluster-1\",\"title\":\"Panel\","
        "\"paragraphs\":[{\"key\":\"category:ngo\",\"text\":\"One comment from NGOs.\",\"references\":[\"7K2M-9QXD\"]}]}],"
        "\"version\":2,\"through\":7}");
    cJSON_free(body);
    draft_free(&d);
}

static void test_summary_edited_in_the_console(void **state)
{
    Fixture *f = *state;
    sign_in_as(f, "chair");
    press(f, UI_ROLE_BUTTON, "Summary", 1280, 800);
    assert_int_equal(f->app.screen, SCREEN_CON_SUMMARY);
    Sent *s = last_to(f, "GET", "api/v1/summary?event=untoc-wg-som-9-cd-2022");
    assert_non_null(s);
    answer(f, s, 200, DRAFT_VIEW);
    app_frame(&f->app, &f->ui, 1280, 800);
    assert_non_null(find(f, UI_ROLE_HEADING, "II. Panel"));
    assert_non_null(find(f, UI_ROLE_TEXT, "3. One comment from NGOs."));
    assert_non_null(find(f, UI_ROLE_TEXT, "References: 7K2M-9QXD"));
    assert_non_null(find(f, UI_ROLE_TEXT, "New since the last save"));
    /* rewrite paragraph 2 in the same text field as everywhere */
    press(f, UI_ROLE_BUTTON, "Edit", 1280, 800);
    type(f, "Paragraph 1", "One non-governmental organization took part.");
    press(f, UI_ROLE_BUTTON, "Keep this text", 1280, 800);
    app_frame(&f->app, &f->ui, 1280, 800);
    assert_non_null(find(f, UI_ROLE_TEXT, "1. One non-governmental organization took part."));
    assert_non_null(find(f, UI_ROLE_STATUS, "Changes not saved yet"));
    /* leaving the tab and coming back keeps the unsaved edits */
    press(f, UI_ROLE_BUTTON, "Meeting", 1280, 800);
    int before = f->sent_count;
    press(f, UI_ROLE_BUTTON, "Summary", 1280, 800);
    assert_int_equal(f->sent_count, before); /* not asked for again over them */
    press(f, UI_ROLE_BUTTON, "Save the draft", 1280, 800);
    s = last_to(f, "PUT", "api/v1/summary?event=untoc-wg-som-9-cd-2022");
    assert_non_null(s);
    assert_non_null(strstr(s->body, "\"text\":\"One non-governmental organization took part.\""));
    assert_non_null(strstr(s->body, "\"version\":2,\"through\":7"));
    assert_non_null(strstr(s->headers, "X-CSRF-Token: abc123"));
    /* stale: said in words, the edits stay */
    answer(f, s, 409, "{\"error\":\"stale\",\"version\":3}");
    assert_int_equal(f->app.console->banner, MSG_CON_SUM_CONFLICT);
    assert_string_equal(f->app.console->desk->draft.paragraphs[0].text, "One non-governmental organization took part.");
    press(f, UI_ROLE_BUTTON, "Save the draft", 1280, 800);
    s = last_to(f, "PUT", "api/v1/summary");
    answer(f, s, 200, DRAFT_VIEW);
    assert_int_equal(f->app.console->banner, MSG_CON_SUM_SAVED);
    assert_false(f->app.console->desk->draft.dirty);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comments_parsed_and_hostile_rows_left_out),
        cmocka_unit_test(test_filters_search_counts_and_selection),
        cmocka_unit_test(test_publications_newer_only),
        cmocka_unit_test(test_event_stream_parser),
        cmocka_unit_test_setup_teardown(test_sign_in_list_live_decide, setup, teardown),
        cmocka_unit_test_setup_teardown(test_screens_laptop_and_tablet, setup, teardown),
        cmocka_unit_test(test_desk_model_hostile_rows_left_out),
        cmocka_unit_test_setup_teardown(test_chair_desk_meeting_and_registrations, setup, teardown),
        cmocka_unit_test(test_summary_draft_edits),
        cmocka_unit_test_setup_teardown(test_summary_edited_in_the_console, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
