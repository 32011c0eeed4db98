/* test_app.c — the kiosk application natively, through the same inputs the platforms send:
 * the idle countdown and reset, the agenda item in progress, the welcome screen in each
 * language, and a registration and comment whose records go to the host's store.
 * (The catalogue's completeness is test_i18n's.) */
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

#include <cJSON.h>

#include "app/app.h"
#include "app/screens.h"
#include "app/theme.h"
#include "core/record.h"

typedef struct Fixture {
    TestHost host; /* first: the host's user is the fixture */
    Ui ui;
    App app;
    char stored[8][RECORD_MAX_LINE_BYTES + 1];
    char stored_id[8][RECORD_UUID_LEN + 1];
    int stored_count;
    char remembered[RECORD_MAX_LINE_BYTES + 1];
    int saves;                  /* host.save_records calls */
    struct { uint32_t id; char method[8], path[96], headers[96], body[512]; } sent[16];
    int sent_count;             /* host.request calls (when the test gives one) */
} Fixture;

/* Keeps the line the storage form decodes to, as the platform's storage would hold it. */
static bool fake_store(void *user, const char *id, const uint8_t *blob, size_t len)
{
    Fixture *f = user;
    if (f->stored_count == 8) return false;
    uint8_t *line;
    size_t line_len;
    CodecError err;
    if (!codec_decompress(blob, len, RECORD_MAX_LINE_BYTES, &lz4dict, 1, &line, &line_len, &err))
        fail_msg("stored form does not decode: %s", err.message);
    memcpy(f->stored[f->stored_count], line, line_len);
    f->stored[f->stored_count][line_len] = '\0';
    free(line);
    snprintf(f->stored_id[f->stored_count], sizeof f->stored_id[0], "%s", id);
    f->stored_count++;
    return true;
}
static void fake_remember(void *user, const char *line, size_t len)
{
    Fixture *f = user;
    if (line) { memcpy(f->remembered, line, len); f->remembered[len] = '\0'; }
    else f->remembered[0] = '\0';
}

static bool fake_save(void *user)
{
    ((Fixture *)user)->saves++;
    return true;
}

/* Keeps what the app asked of the server; the test answers with app_http_response. */
static bool fake_request(void *user, uint32_t id, const AppRequest *req)
{
    Fixture *f = user;
    if (f->sent_count == 16) return false;
    f->sent[f->sent_count].id = id;
    snprintf(f->sent[f->sent_count].method, sizeof f->sent[0].method, "%s", req->method);
    snprintf(f->sent[f->sent_count].path, sizeof f->sent[0].path, "%s", req->path);
    snprintf(f->sent[f->sent_count].headers, sizeof f->sent[0].headers, "%s", req->headers);
    snprintf(f->sent[f->sent_count].body, sizeof f->sent[0].body, "%.*s", (int)req->body_len,
             req->body ? req->body : "");
    f->sent_count++;
    return true;
}

static void start(Fixture *f, AppMode mode, const char *event_path)
{
    AppHost host = test_host(f);
    host.store_record = fake_store;
    host.remember = fake_remember;
    host.save_records = fake_save;
    app_init(&f->app, &host, "en", mode, 30, NULL);
    size_t len;
    char *json = (char *)test_read_file(event_path, &len);
    assert_true(app_load_event(&f->app, event_path, json, len));
    free(json);
}

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    test_host_init(&f->host);
    f->ui.fonts = &f->host.fonts;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    test_host_free_fixture(&f->host, &f->app);
    return 0;
}

static void frame(Fixture *f) { app_frame(&f->app, &f->ui, 1080, 1920); }

static const UiNode *node(const Fixture *f, UiRole role, const char *name)
{
    for (int i = 0; i < f->ui.node_count; i++) {
        const UiNode *n = &f->ui.nodes[i];
        if (n->role == role && n->name_len == strlen(name) && memcmp(f->ui.text + n->name_off, name, n->name_len) == 0)
            return n;
    }
    return NULL;
}

/* What the mirror sends when a control is clicked without a pointer, or a field is filled. */
static void activate(Fixture *f, UiRole role, const char *name)
{
    frame(f);
    const UiNode *n = node(f, role, name);
    if (!n) fail_msg("no %s named \"%s\"", ui_role_name(role), name);
    UiInput in = {.kind = UI_IN_ACTIVATE, .target = n->id};
    app_input(&f->app, &f->ui, &in, 1080, 1920);
}

static void fill(Fixture *f, const char *label, const char *text)
{
    frame(f);
    const UiNode *n = node(f, UI_ROLE_TEXTBOX, label);
    if (!n) fail_msg("no text field \"%s\"", label);
    UiInput in = {.kind = UI_IN_EDIT, .target = n->id, .text = text, .text_len = strlen(text),
                  .sel_start = (uint32_t)strlen(text), .sel_end = (uint32_t)strlen(text)};
    app_input(&f->app, &f->ui, &in, 1080, 1920);
}

static void test_idle_countdown_then_reset(void **state)
{
    Fixture *f = *state;
    start(f, APP_MODE_KIOSK, "assets/events/untoc-som-2022.json");
    /* at rest on the welcome screen there is nothing to clear: no timer at all */
    assert_int_equal(app_next_tick_ms(&f->app, f->host.now), -1);
    activate(f, UI_ROLE_BUTTON, "Start");
    fill(f, "Full name *", "Amina Diallo");
    int64_t t0 = f->host.now;
    assert_int_equal(app_next_tick_ms(&f->app, t0), 30000);
    assert_false(app_tick(&f->app, t0 + 29999));
    assert_false(f->app.countdown);
    assert_true(app_tick(&f->app, t0 + 30000));
    assert_true(f->app.countdown);
    assert_int_equal(f->app.countdown_left, APP_COUNTDOWN_S);
    assert_true(app_tick(&f->app, t0 + 33500));
    assert_int_equal(f->app.countdown_left, APP_COUNTDOWN_S - 3);
    assert_int_equal(app_next_tick_ms(&f->app, t0 + 33500), 500);
    frame(f);
    assert_non_null(node(f, UI_ROLE_DIALOG, "Still there?"));
    assert_true(app_tick(&f->app, t0 + 30000 + APP_COUNTDOWN_S * 1000));
    assert_int_equal(f->app.screen, SCREEN_WELCOME);
    assert_int_equal(textedit_count(&f->app.p.name), 0);
    /* the bytes themselves are gone, not just the length */
    for (size_t i = 0; i < sizeof f->app.p.name_buf; i++) assert_int_equal(f->app.p.name_buf[i], 0);
    frame(f);
    assert_null(node(f, UI_ROLE_DIALOG, "Still there?"));
    app_free(&f->app);
}

static void test_input_dismisses_countdown_and_remote_never_resets(void **state)
{
    Fixture *f = *state;
    start(f, APP_MODE_KIOSK, "assets/events/untoc-som-2022.json");
    activate(f, UI_ROLE_BUTTON, "Start");
    int64_t t0 = f->host.now;
    assert_true(app_tick(&f->app, t0 + 31000));
    f->host.now = t0 + 32000;
    activate(f, UI_ROLE_BUTTON, "I\xe2\x80\x99m still here");
    assert_false(f->app.countdown);
    assert_int_equal(f->app.screen, SCREEN_REGISTER);
    app_tick(&f->app, t0 + 32000 + 29000);
    assert_false(f->app.countdown);
    app_free(&f->app);

    start(f, APP_MODE_REMOTE, "assets/events/untoc-som-2022.json");
    activate(f, UI_ROLE_BUTTON, "Start");
    assert_int_equal(app_next_tick_ms(&f->app, f->host.now), -1);
    assert_false(app_tick(&f->app, f->host.now + 3600 * 1000));
    assert_int_equal(f->app.screen, SCREEN_REGISTER);
    app_free(&f->app);
}

static void test_item_in_progress_from_event_date_and_times(void **state)
{
    Fixture *f = *state;
    start(f, APP_MODE_REMOTE, "tests/fixtures/events/good-times.json");
    f->host.now = 1709200800000; /* 2024-02-29T10:00:00Z, the event's day */
    f->host.zone_y = 2024; f->host.zone_m = 2; f->host.zone_d = 29;
    f->host.zone_min = 9 * 60 + 45;
    assert_int_equal(app_item_in_progress(&f->app), 0);
    /* a week later the zone is not even asked (the fake would still say the event's day) */
    f->host.now += 7 * 86400000LL;
    assert_int_equal(app_item_in_progress(&f->app), -1);
    f->host.now -= 7 * 86400000LL;
    f->host.zone_min = 10 * 60 + 30;
    assert_int_equal(app_item_in_progress(&f->app), 1);
    frame(f);
    /* the welcome screen's agenda marks it */
    int current = 0;
    for (int i = 0; i < f->ui.node_count; i++)
        if (f->ui.nodes[i].role == UI_ROLE_LISTITEM && (f->ui.nodes[i].flags & UI_FLAG_CURRENT)) current++;
    assert_int_equal(current, 1);
    f->host.zone_d = 28;
    assert_int_equal(app_item_in_progress(&f->app), -1);
    f->host.zone_y = 2022; f->host.zone_m = 7; f->host.zone_d = 1; f->host.zone_min = 600;
    app_free(&f->app);
}

/* The welcome screen offers the six languages, each named in itself, and each one works: the
 * interface switches and its first button reads in that language. */
/* The linker sends the app's outbox_new here (TEST_LDFLAGS_test_app): a start without memory. */
static bool outbox_memory_gone;
Outbox *__real_outbox_new(size_t capacity);
Outbox *__wrap_outbox_new(size_t capacity);
Outbox *__wrap_outbox_new(size_t capacity)
{
    return outbox_memory_gone ? NULL : __real_outbox_new(capacity);
}

static void test_failed_start_shows_the_error_screen(void **state)
{
    Fixture *f = *state;
    AppHost host = test_host(f);
    outbox_memory_gone = true;
    assert_false(app_init(&f->app, &host, "fr", APP_MODE_KIOSK, 30, NULL));
    outbox_memory_gone = false;
    assert_null(f->app.outbox);
    /* no event is taken on: nothing may reach the missing outbox */
    size_t len;
    char *json = (char *)test_read_file("assets/events/untoc-som-2022.json", &len);
    assert_false(app_load_event(&f->app, "event", json, len));
    free(json);
    frame(f);
    assert_non_null(node(f, UI_ROLE_HEADING, i18n_get(I18N_FR, MSG_START_ERROR_TITLE)));
    assert_non_null(node(f, UI_ROLE_ALERT, "not enough memory for the outbox"));
    assert_null(node(f, UI_ROLE_BUTTON, i18n_get(I18N_FR, MSG_START)));
    /* input and time change nothing and touch no outbox */
    UiInput in = {.kind = UI_IN_KEY, .key = UI_KEY_ENTER};
    app_input(&f->app, &f->ui, &in, 1080, 1920);
    app_tick(&f->app, f->host.now + 3600 * 1000);
    frame(f);
    assert_non_null(node(f, UI_ROLE_HEADING, i18n_get(I18N_FR, MSG_START_ERROR_TITLE)));
    app_free(&f->app);
}

static void test_welcome_in_six_languages(void **state)
{
    Fixture *f = *state;
    start(f, APP_MODE_REMOTE, "assets/events/untoc-som-2022.json");
    for (int l = 0; l < I18N_LANG_COUNT; l++) {
        frame(f);
        const char *own = i18n_get((I18nLang)l, MSG_LANGUAGE_NAME);
        if (!node(f, UI_ROLE_RADIO, own)) fail_msg("no language choice \"%s\"", own);
        activate(f, UI_ROLE_RADIO, own);
        assert_int_equal(f->app.lang, l);
        frame(f);
        assert_non_null(node(f, UI_ROLE_BUTTON, i18n_get((I18nLang)l, MSG_START)));
    }
    app_free(&f->app);

    /* asked for Chinese (?lang=zh, or the browser's first language): Chinese from the start */
    AppHost host = f->app.host;
    app_init(&f->app, &host, "zh-CN", APP_MODE_REMOTE, 30, NULL);
    size_t len;
    char *json = (char *)test_read_file("assets/events/untoc-som-2022.json", &len);
    assert_true(app_load_event(&f->app, "event", json, len));
    free(json);
    frame(f);
    assert_int_equal(f->app.lang, I18N_ZH);
    assert_non_null(node(f, UI_ROLE_BUTTON, i18n_get(I18N_ZH, MSG_START)));
    app_free(&f->app);
}

static void test_registration_and_comment_records(void **state)
{
    Fixture *f = *state;
    f->stored_count = 0;
    start(f, APP_MODE_REMOTE, "assets/events/untoc-som-2022.json");
    activate(f, UI_ROLE_BUTTON, "Start");
    activate(f, UI_ROLE_BUTTON, "Continue");
    assert_int_equal(f->app.p.name_error, MSG_ERR_NAME_REQUIRED);
    assert_int_equal(f->stored_count, 0);
    fill(f, "Full name *", "  Kwame Mensah ");
    fill(f, "Organization *", "University of Ghana");
    activate(f, UI_ROLE_RADIO, "Academia");
    /* an address the record would refuse is refused by the form, under its own field */
    fill(f, "Email (optional)", "kwame,mensah@ug.edu.gh");
    activate(f, UI_ROLE_BUTTON, "Continue");
    assert_int_equal(f->app.p.email_error, MSG_ERR_EMAIL_INVALID);
    assert_int_equal(f->app.p.save_error, MSG_NONE);
    assert_int_equal(f->stored_count, 0);
    fill(f, "Email (optional)", "");
    activate(f, UI_ROLE_BUTTON, "Continue");
    assert_int_equal(f->stored_count, 1);
    assert_int_equal(f->app.screen, SCREEN_REGISTER); /* not before the store answers */
    assert_true(app_record_stored(&f->app, f->stored_id[0], true));
    assert_int_equal(f->app.screen, SCREEN_AGENDA);
    RecordInfo info;
    assert_true(record_validate(f->stored[0], strlen(f->stored[0]), &info, NULL));
    assert_int_equal(info.type, RECORD_TYPE_REGISTRATION);
    assert_string_equal(info.category, "academia");
    assert_non_null(strstr(f->stored[0], "\"name\":\"Kwame Mensah\""));
    assert_string_equal(f->remembered, f->stored[0]);

    activate(f, UI_ROLE_BUTTON, "Comment");
    activate(f, UI_ROLE_RADIO, "4. Collection of inputs and suggestions from participants, and information on relevant activities, including technical assistance needs");
    fill(f, "Your comment", "More training for law enforcement, with civil society.");
    activate(f, UI_ROLE_BUTTON, "Submit");
    assert_int_equal(f->stored_count, 2);
    /* a failed store gives no receipt, keeps the text and says so */
    assert_true(app_record_stored(&f->app, f->stored_id[1], false));
    assert_int_equal(f->app.screen, SCREEN_COMPOSE);
    assert_int_equal(f->app.c.error, MSG_ERR_STORE);
    assert_int_equal(textedit_count(&f->app.c.text), strlen("More training for law enforcement, with civil society."));
    assert_int_equal(f->app.sub_count, 0);
    activate(f, UI_ROLE_BUTTON, "Submit");
    assert_int_equal(f->stored_count, 3);
    assert_true(app_record_stored(&f->app, f->stored_id[2], true));
    assert_int_equal(f->app.screen, SCREEN_RECEIPT);
    assert_true(record_validate(f->stored[2], strlen(f->stored[2]), &info, NULL));
    assert_int_equal(info.type, RECORD_TYPE_COMMENT);
    assert_string_equal(info.agenda_item, "inputs");
    assert_string_equal(info.participant, f->stored_id[0]);
    char ref[RECORD_REFERENCE_BYTES], name[64];
    record_reference(f->stored_id[2], ref);
    snprintf(name, sizeof name, "Reference: %s", ref);
    frame(f);
    assert_non_null(node(f, UI_ROLE_TEXT, name));
    /* the receipt's tick keeps its shape in Arabic: the disc goes to the right, the tick
     * goes with it but is not reflected (its strokes still run down, then up, rightwards) */
    for (int rtl = 0; rtl < 2; rtl++) {
        app_set_lang(&f->app, rtl ? I18N_AR : I18N_EN);
        frame(f);
        const UiCmd *disc = NULL, *strokes[2] = {NULL, NULL};
        for (int i = 0; i < f->ui.cmd_count; i++) {
            const UiCmd *c = &f->ui.cmds[i];
            if (c->kind == UI_CMD_RECT && c->rect.w == THEME_RECEIPT_MARK && c->color.g == THEME_SUCCESS.g) disc = c;
            if (disc && c->kind == UI_CMD_LINE && !strokes[1]) strokes[strokes[0] ? 1 : 0] = c;
        }
        assert_non_null(disc);
        assert_non_null(strokes[1]);
        assert_true(rtl ? disc->rect.x > 540 : disc->rect.x < 540);
        for (int k = 0; k < 2; k++) {
            assert_true(strokes[k]->rect.w > 0);
            assert_true(strokes[k]->rect.x > disc->rect.x && strokes[k]->rect.x + strokes[k]->rect.w < disc->rect.x + disc->rect.w);
        }
        assert_true(strokes[0]->rect.h > 0 && strokes[1]->rect.h < 0);
    }
    app_set_lang(&f->app, I18N_EN);
    frame(f);
    /* an answer for a record the app is not waiting for changes nothing */
    assert_false(app_record_stored(&f->app, f->stored_id[0], true));
    /* both stored records wait in the outbox; the failed one never entered it */
    OutboxCounts oc;
    outbox_counts(f->app.outbox, f->host.now, &oc);
    assert_int_equal(oc.waiting, 2);
    assert_int_equal(outbox_state(f->app.outbox, f->stored_id[2]), OUTBOX_PENDING);
    assert_int_equal(outbox_state(f->app.outbox, f->stored_id[1]), OUTBOX_UNKNOWN);
    assert_non_null(strstr(f->stored[2], "\"language\":\"en\""));

    /* written in Arabic with an English interface: the comment says so, byte for byte; the
     * writer may correct the guess (here to French for a Latin-letter text) */
    static const char arabic[] = "نشكر السيد Francesco Testa على 3 أسئلة";
    activate(f, UI_ROLE_BUTTON, "Comment");
    activate(f, UI_ROLE_RADIO, "4. Collection of inputs and suggestions from participants, and information on relevant activities, including technical assistance needs");
    fill(f, "Your comment", arabic);
    frame(f);
    const UiNode *ar = node(f, UI_ROLE_RADIO, "العربية");
    assert_non_null(ar);
    assert_true(ar->flags & UI_FLAG_CHECKED);
    assert_false(node(f, UI_ROLE_RADIO, "English")->flags & UI_FLAG_CHECKED);
    activate(f, UI_ROLE_BUTTON, "Submit");
    assert_int_equal(f->stored_count, 4);
    assert_non_null(strstr(f->stored[3], "\"language\":\"ar\""));
    assert_non_null(strstr(f->stored[3], arabic));
    assert_true(app_record_stored(&f->app, f->stored_id[3], true));
    activate(f, UI_ROLE_BUTTON, "Comment");
    activate(f, UI_ROLE_RADIO, "4. Collection of inputs and suggestions from participants, and information on relevant activities, including technical assistance needs");
    fill(f, "Your comment", "Nous remercions le Président.");
    frame(f);
    assert_true(node(f, UI_ROLE_RADIO, "English")->flags & UI_FLAG_CHECKED); /* the guess: the interface's */
    activate(f, UI_ROLE_RADIO, "Français");
    activate(f, UI_ROLE_BUTTON, "Submit");
    assert_int_equal(f->stored_count, 5);
    assert_non_null(strstr(f->stored[4], "\"language\":\"fr\""));
    app_free(&f->app);
}

/* The device status screen: what the browser allows here, and saving every record to a
 * file once (a second tap while it runs starts nothing), with the result announced. */
static void test_device_status_and_saving_to_a_file(void **state)
{
    Fixture *f = *state;
    start(f, APP_MODE_KIOSK, "assets/events/untoc-som-2022.json");
    AppStatus st = {.no_offline_start = true, .storage_not_persisted = true};
    app_set_status(&f->app, &st);
    activate(f, UI_ROLE_BUTTON, "Device status");
    assert_int_equal(f->app.screen, SCREEN_STATUS);
    frame(f);
    assert_non_null(node(f, UI_ROLE_TEXT, i18n_get(I18N_EN, MSG_DEVICE_NO_OFFLINE_START)));
    assert_non_null(node(f, UI_ROLE_TEXT, i18n_get(I18N_EN, MSG_DEVICE_STORAGE_NOT_KEPT)));
    f->saves = 0;
    activate(f, UI_ROLE_BUTTON, "Save all records to a file");
    assert_int_equal(f->saves, 1);
    activate(f, UI_ROLE_BUTTON, "Saving…");
    assert_int_equal(f->saves, 1);
    assert_true(app_records_saved(&f->app, 12, true));
    assert_false(app_records_saved(&f->app, 12, true)); /* answered once */
    frame(f);
    assert_non_null(node(f, UI_ROLE_ALERT, "Saved: a file with 12 records. The records stay on this device until the server has them."));
    activate(f, UI_ROLE_BUTTON, "Save all records to a file");
    assert_true(app_records_saved(&f->app, 0, false));
    frame(f);
    assert_non_null(node(f, UI_ROLE_ALERT, i18n_get(I18N_EN, MSG_DEVICE_SAVE_FAILED)));
    st.no_offline_start = st.storage_not_persisted = false;
    app_set_status(&f->app, &st);
    frame(f);
    assert_non_null(node(f, UI_ROLE_TEXT, i18n_get(I18N_EN, MSG_DEVICE_OFFLINE_START)));
    assert_non_null(node(f, UI_ROLE_TEXT, i18n_get(I18N_EN, MSG_DEVICE_STORAGE_KEPT)));
    app_free(&f->app);
}

static const char *status_text(Fixture *f, char *buf, size_t cap)
{
    frame(f);
    for (int i = 0; i < f->ui.node_count; i++) {
        const UiNode *n = &f->ui.nodes[i];
        if (n->role != UI_ROLE_STATUS) continue;
        snprintf(buf, cap, "%.*s", (int)n->name_len, f->ui.text + n->name_off);
        return buf;
    }
    return "";
}

/* Storage that is not persistent: a remote participant with something waiting is told to
 * keep the page open; on a kiosk that is a note for staff (the device status screen). */
static void test_status_line_says_what_matters_to_whom(void **state)
{
    Fixture *f = *state;
    char buf[600];
    for (int kiosk = 0; kiosk <= 1; kiosk++) {
        f->stored_count = 0;
        start(f, kiosk ? APP_MODE_KIOSK : APP_MODE_REMOTE, "assets/events/untoc-som-2022.json");
        AppStatus st = {.storage_not_persisted = true};
        app_set_status(&f->app, &st);
        assert_string_equal(status_text(f, buf, sizeof buf), "All uploaded");
        activate(f, UI_ROLE_BUTTON, "Start");
        fill(f, "Full name *", "Amina Yusuf");
        fill(f, "Organization *", "Migrant Rights Network");
        activate(f, UI_ROLE_RADIO, "Non-governmental organization");
        activate(f, UI_ROLE_BUTTON, "Continue");
        assert_int_equal(f->stored_count, 1);
        assert_true(app_record_stored(&f->app, f->stored_id[0], true));
        if (kiosk) assert_string_equal(status_text(f, buf, sizeof buf), "1 waiting to upload");
        else assert_string_equal(status_text(f, buf, sizeof buf),
                                 "1 waiting to upload \xc2\xb7 keep this page open until it says All uploaded");
        /* on a plain-HTTP address the kiosk says so; a remote participant with a record still
         * waiting is told first what to do */
        st.no_offline_start = true;
        app_set_status(&f->app, &st);
        assert_non_null(strstr(status_text(f, buf, sizeof buf), kiosk ? "plain HTTP" : "keep this page open"));
        app_free(&f->app);
    }
}

/* --- the on-screen keyboard ---------------------------------------------------------------- */

/* A finger on the canvas: press and release at the middle of the named node's rectangle. */
static void press_node(Fixture *f, UiRole role, const char *name, bool release)
{
    frame(f);
    const UiNode *n = node(f, role, name);
    if (!n) fail_msg("no %s named \"%s\"", ui_role_name(role), name);
    float x = n->rect.x + n->rect.w * 0.5f, y = n->rect.y + n->rect.h * 0.5f;
    UiInput in = {.kind = UI_IN_PRESS, .x = x, .y = y};
    app_input(&f->app, &f->ui, &in, 1080, 1920);
    if (!release) return;
    UiInput up = {.kind = UI_IN_RELEASE, .x = x, .y = y};
    app_input(&f->app, &f->ui, &up, 1080, 1920);
}
static void tap(Fixture *f, const char *name) { press_node(f, UI_ROLE_BUTTON, name, true); }

/* Taps each key of a string of key names separated by '|'. */
static void tap_keys(Fixture *f, const char *keys)
{
    char name[64];
    for (const char *p = keys; *p;) {
        const char *end = strchr(p, '|');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        memcpy(name, p, n);
        name[n] = '\0';
        tap(f, name);
        p += n + (end ? 1 : 0);
    }
}

static const char *value_of(const TextEdit *te)
{
    size_t len;
    return textedit_value(te, &len);
}

/* The kiosk on the registration form with the name field focused by a tap. */
static void kiosk_name_field(Fixture *f)
{
    start(f, APP_MODE_KIOSK, "assets/events/untoc-som-2022.json");
    activate(f, UI_ROLE_BUTTON, "Start");
    press_node(f, UI_ROLE_TEXTBOX, "Full name *", true);
    frame(f);
    assert_non_null(node(f, UI_ROLE_KEYBOARD, "On-screen keyboard"));
}

static void give_table(Fixture *f, bool damage)
{
    size_t len;
    uint8_t *bytes = test_read_file("build/web/pinyin.bin", &len);
    if (damage) bytes[len / 2] ^= 1;
    app_pinyin_data(&f->app, bytes, len);
}

static void test_keyboard_latin_shift_caps_accents(void **state)
{
    Fixture *f = *state;
    kiosk_name_field(f);
    tap_keys(f, "Shift|J|o|s|Shift|Shift|E|Caps lock|Space");
    assert_string_equal(value_of(&f->app.p.name), "JosE ");
    /* the accent layer, and a long press on a letter for its alternates */
    tap_keys(f, "Backspace|Backspace|Accents|é|Letters");
    assert_string_equal(value_of(&f->app.p.name), "José");
    press_node(f, UI_ROLE_BUTTON, "n", false);
    assert_int_equal(app_next_tick_ms(&f->app, f->host.now), 500);
    assert_true(app_tick(&f->app, f->host.now + 500));
    const UiNode *n = node(f, UI_ROLE_BUTTON, "n");
    UiInput up = {.kind = UI_IN_RELEASE, .x = n->rect.x + 2, .y = n->rect.y + 2};
    app_input(&f->app, &f->ui, &up, 1080, 1920);
    assert_string_equal(value_of(&f->app.p.name), "José");   /* the long press typed nothing */
    tap(f, "ñ");
    assert_string_equal(value_of(&f->app.p.name), "Joséñ");
    /* backspace held repeats, and its release deletes nothing more */
    press_node(f, UI_ROLE_BUTTON, "Backspace", false);
    assert_true(app_tick(&f->app, f->host.now + 500));
    assert_true(app_tick(&f->app, f->host.now + 580));
    assert_string_equal(value_of(&f->app.p.name), "Jos");
    n = node(f, UI_ROLE_BUTTON, "Backspace");
    UiInput up2 = {.kind = UI_IN_RELEASE, .x = n->rect.x + 2, .y = n->rect.y + 2};
    app_input(&f->app, &f->ui, &up2, 1080, 1920);
    assert_string_equal(value_of(&f->app.p.name), "Jos");
    /* Done hides the keyboard and keeps the text */
    tap(f, "Done");
    frame(f);
    assert_null(node(f, UI_ROLE_KEYBOARD, "On-screen keyboard"));
    assert_string_equal(value_of(&f->app.p.name), "Jos");
    app_free(&f->app);
}

static void test_keyboard_globe_cycles_and_sticks_until_reset(void **state)
{
    Fixture *f = *state;
    kiosk_name_field(f);
    tap_keys(f, "Shift|A|Next keyboard: العربية|ل|ي|ل|ى");
    tap_keys(f, "Next keyboard: 中文|Next keyboard: Русский|Shift|Ё|ж|Next keyboard: ABC");
    assert_string_equal(value_of(&f->app.p.name), "AليلىЁж");
    tap(f, "Next keyboard: العربية");
    tap(f, "Done");
    press_node(f, UI_ROLE_TEXTBOX, "Organization *", true);
    frame(f);
    assert_non_null(node(f, UI_ROLE_BUTTON, "ة"));            /* the choice stuck */
    /* backspace deletes the character before the caret in logical order */
    tap_keys(f, "ب|ة|Backspace");
    assert_string_equal(value_of(&f->app.p.organization), "ب");
    app_reset(&f->app);
    activate(f, UI_ROLE_BUTTON, "Start");
    press_node(f, UI_ROLE_TEXTBOX, "Full name *", true);
    frame(f);
    assert_non_null(node(f, UI_ROLE_BUTTON, "q"));            /* a new person: the interface's */
    app_free(&f->app);
}

static void test_keyboard_pinyin_composition(void **state)
{
    Fixture *f = *state;
    kiosk_name_field(f);
    f->app.host.load_pinyin = NULL;   /* the table is handed over below, as a platform would */
    f->app.pinyin_state = PINYIN_LOADING;
    tap_keys(f, "Next keyboard: العربية|Next keyboard: 中文|l|i|a|n");
    frame(f);
    assert_non_null(node(f, UI_ROLE_TEXT, "Loading Chinese characters…"));
    give_table(f, false);
    tap_keys(f, "h|e|g|u|o");
    assert_string_equal(value_of(&f->app.p.name), "lian'he'guo");
    size_t c0, c1;
    assert_true(textedit_composition(&f->app.p.name, &c0, &c1));
    /* backspace edits the composition first */
    tap_keys(f, "Backspace|o");
    assert_string_equal(value_of(&f->app.p.name), "lian'he'guo");
    tap(f, "联合国");
    assert_string_equal(value_of(&f->app.p.name), "联合国");
    assert_false(textedit_composition(&f->app.p.name, &c0, &c1));
    /* a part of the letters: the rest goes on composing; space takes the first candidate */
    tap_keys(f, "z|h|o|n|g|g|u|o|中");
    assert_string_equal(value_of(&f->app.p.name), "联合国中guo");
    tap_keys(f, "国|d|e|Space");
    assert_string_equal(value_of(&f->app.p.name), "联合国中国的");
    /* Done keeps what is typed; a half-typed composition is wiped by the kiosk reset */
    tap_keys(f, "x|i|e|Done");
    assert_string_equal(value_of(&f->app.p.name), "联合国中国的xie");
    press_node(f, UI_ROLE_TEXTBOX, "Organization *", true);
    tap_keys(f, "w|e|n");
    assert_true(f->app.osk.pinyin.len > 0);
    app_reset(&f->app);
    assert_int_equal(f->app.osk.pinyin.len, 0);
    assert_int_equal(textedit_count(&f->app.p.organization), 0);
    for (size_t i = 0; i < sizeof f->app.osk.pinyin.letters; i++) assert_int_equal(f->app.osk.pinyin.letters[i], 0);
    app_free(&f->app);
}

#define TOO_LONG_200 "This field holds at most 200 characters: nothing of it was added."

/* The value a text field's node publishes to the mirror. */
static bool node_value_is(const Fixture *f, const char *label, const char *want)
{
    const UiNode *n = node(f, UI_ROLE_TEXTBOX, label);
    return n && n->value_len == strlen(want) && memcmp(f->ui.text + n->value_off, want, n->value_len) == 0;
}

/* Text pasted (a whole value from the mirror) or typed past a field's limit is refused whole
 * with the field's message, in both modes; the field and its node keep the value, and the
 * records written after a valid edit hold exactly what was typed. */
static void test_too_long_text_refused_with_the_fields_message(void **state)
{
    Fixture *f = *state;
    static char longer[RECORD_MAX_TEXT_CHARS * 2 + 3];
    const AppMode modes[] = {APP_MODE_REMOTE, APP_MODE_KIOSK};
    for (int m = 0; m < 2; m++) {
        f->stored_count = 0;
        start(f, modes[m], "assets/events/untoc-som-2022.json");
        activate(f, UI_ROLE_BUTTON, "Start");
        fill(f, "Full name *", "Kwame Mensah");
        memset(longer, 'a', APP_NAME_CHARS + 1);
        longer[APP_NAME_CHARS + 1] = '\0';
        fill(f, "Full name *", longer);
        assert_string_equal(value_of(&f->app.p.name), "Kwame Mensah");
        assert_int_equal(textedit_caret(&f->app.p.name), strlen("Kwame Mensah"));
        frame(f);
        assert_non_null(node(f, UI_ROLE_ALERT, TOO_LONG_200));
        assert_true(node_value_is(f, "Full name *", "Kwame Mensah")); /* the mirror is put back */
        /* a typed key past the limit, on a field filled to it */
        longer[APP_NAME_CHARS] = '\0';
        fill(f, "Full name *", longer);
        frame(f);
        assert_null(node(f, UI_ROLE_ALERT, TOO_LONG_200));
        press_node(f, UI_ROLE_TEXTBOX, "Full name *", true);
        UiInput key = {.kind = UI_IN_TEXT, .text = "b", .text_len = 1};
        app_input(&f->app, &f->ui, &key, 1080, 1920);
        assert_string_equal(value_of(&f->app.p.name), longer);
        frame(f);
        assert_non_null(node(f, UI_ROLE_ALERT, TOO_LONG_200));
        /* a valid edit ends the message, and the record holds the name as typed */
        fill(f, "Full name *", "Kwame Mensah");
        frame(f);
        assert_null(node(f, UI_ROLE_ALERT, TOO_LONG_200));
        fill(f, "Organization *", "University of Ghana");
        activate(f, UI_ROLE_RADIO, "Academia");
        activate(f, UI_ROLE_BUTTON, "Continue");
        assert_int_equal(f->stored_count, 1);
        assert_true(app_record_stored(&f->app, f->stored_id[0], true));
        assert_non_null(strstr(f->stored[0], "\"name\":\"Kwame Mensah\""));

        /* the comment: 4001 characters of two bytes each are refused, not cut to 4000 */
        activate(f, UI_ROLE_BUTTON, "Comment");
        activate(f, UI_ROLE_RADIO, "4. Collection of inputs and suggestions from participants, and information on relevant activities, including technical assistance needs");
        const char *text = "M\xc3\xa1s formaci\xc3\xb3n, \xc2\xbfno?";
        fill(f, "Your comment", text);
        for (int i = 0; i <= RECORD_MAX_TEXT_CHARS; i++) memcpy(longer + 2 * i, "\xc3\xa9", 2);
        longer[2 * (RECORD_MAX_TEXT_CHARS + 1)] = '\0';
        fill(f, "Your comment", longer);
        assert_string_equal(value_of(&f->app.c.text), text);
        frame(f);
        assert_non_null(node(f, UI_ROLE_ALERT, "This field holds at most 4000 characters: nothing of it was added."));
        assert_true(node_value_is(f, "Your comment", text));
        fill(f, "Your comment", "M\xc3\xa1s formaci\xc3\xb3n, \xc2\xbfno? S\xc3\xad.");
        activate(f, UI_ROLE_BUTTON, "Submit");
        assert_int_equal(f->stored_count, 2);
        assert_non_null(strstr(f->stored[1], "\"text\":\"M\xc3\xa1s formaci\xc3\xb3n, \xc2\xbfno? S\xc3\xad.\""));
        app_free(&f->app);
    }
}

/* The table arrives while a composition fills the field to its limit: the syllables'
 * separators would not fit, so the letters stay as typed and the field says it is full. */
static void test_keyboard_late_table_on_a_full_field(void **state)
{
    Fixture *f = *state;
    kiosk_name_field(f);
    f->app.pinyin_state = PINYIN_LOADING;
    char most[APP_NAME_CHARS - 5 + 1];
    memset(most, 'a', sizeof most - 1);
    most[sizeof most - 1] = '\0';
    fill(f, "Full name *", most);
    tap_keys(f, "Next keyboard: العربية|Next keyboard: 中文|n|i|h|a|o");
    assert_int_equal(textedit_count(&f->app.p.name), APP_NAME_CHARS);
    give_table(f, false);
    assert_int_equal(textedit_count(&f->app.p.name), APP_NAME_CHARS);
    size_t c0, c1;
    assert_false(textedit_composition(&f->app.p.name, &c0, &c1));
    assert_non_null(strstr(value_of(&f->app.p.name), "anihao"));
    frame(f);
    assert_non_null(node(f, UI_ROLE_ALERT, TOO_LONG_200));
    app_free(&f->app);
}

static void test_keyboard_damaged_table_and_full_field(void **state)
{
    Fixture *f = *state;
    kiosk_name_field(f);
    f->app.pinyin_state = PINYIN_LOADING;
    tap_keys(f, "Next keyboard: العربية|Next keyboard: 中文|n|i");
    give_table(f, true);
    assert_int_equal(f->app.pinyin_state, PINYIN_FAILED);
    frame(f);
    assert_non_null(node(f, UI_ROLE_ALERT,
        "Chinese characters are unavailable on this device: letters are typed as they are."));
    tap(f, "h");
    assert_string_equal(value_of(&f->app.p.name), "nih");
    /* a full field refuses the key with its message, and keeps its text whole */
    char full[APP_NAME_CHARS + 1];
    memset(full, 'a', APP_NAME_CHARS);
    full[APP_NAME_CHARS] = '\0';
    fill(f, "Full name *", full);
    tap(f, "b");
    assert_string_equal(value_of(&f->app.p.name), full);
    frame(f);
    assert_non_null(node(f, UI_ROLE_ALERT, TOO_LONG_200));
    assert_non_null(node(f, UI_ROLE_TEXT, TOO_LONG_200)); /* repeated over the keys */
    tap(f, "Backspace");
    tap(f, "b");
    assert_int_equal(textedit_count(&f->app.p.name), APP_NAME_CHARS);
    frame(f);
    assert_null(node(f, UI_ROLE_ALERT, TOO_LONG_200));
    app_free(&f->app);
}

static bool answer(Fixture *f, int status, const char *body)
{
    return app_http_response(&f->app, f->sent[f->sent_count - 1].id, status, body, strlen(body), true);
}

#define PANEL_ITEM "3. Panel discussion on the review of the criminalization and jurisdiction provisions of Cluster 1"

static void register_participant(Fixture *f)
{
    activate(f, UI_ROLE_BUTTON, "Start");
    fill(f, "Full name *", "Kwame Mensah");
    fill(f, "Organization *", "University of Ghana");
    activate(f, UI_ROLE_RADIO, "Academia");
    activate(f, UI_ROLE_BUTTON, "Continue");
    assert_true(app_record_stored(&f->app, f->stored_id[f->stored_count - 1], true));
}

static void test_item_in_progress_from_the_chair_and_the_floor(void **state)
{
    Fixture *f = *state;
    f->stored_count = f->sent_count = 0;
    start(f, APP_MODE_REMOTE, "assets/events/untoc-som-2022.json");
    f->app.host.request = fake_request;
    f->host.zone_min = 9 * 60 + 45; /* the fake zone gives this time for any instant */
    assert_int_equal(app_item_in_progress(&f->app), -1); /* the programme prints no times */
    /* online: the event is asked for at once, then every LIVE_POLL_MS with its revision */
    assert_int_equal(app_next_tick_ms(&f->app, f->host.now), 0);
    app_tick(&f->app, f->host.now);
    assert_int_equal(f->sent_count, 1);
    assert_string_equal(f->sent[0].path, "api/v1/event");
    assert_string_equal(f->sent[0].headers, "");
    assert_true(answer(f, 200, "{\"id\":\"untoc-wg-som-9-cd-2022\",\"current_item\":\"panel-cluster-1\","
                               "\"current_since\":\"2022-07-01T13:05:00.000Z\",\"revision\":\"00ff\"}"));
    assert_int_equal(app_item_in_progress(&f->app), 2); /* the Chair's word wins */
    assert_int_equal(app_next_tick_ms(&f->app, f->host.now), LIVE_POLL_MS);
    app_tick(&f->app, f->host.now + LIVE_POLL_MS);
    assert_int_equal(f->sent_count, 2);
    assert_string_equal(f->sent[1].headers, "If-None-Match: \"00ff\"\n");
    assert_false(answer(f, 304, ""));
    register_participant(f);
    frame(f);
    assert_non_null(node(f, UI_ROLE_TEXT, "In progress since 09:45"));
    /* the composer opens on the item in progress */
    activate(f, UI_ROLE_BUTTON, "Comment");
    frame(f);
    assert_true(node(f, UI_ROLE_RADIO, PANEL_ITEM)->flags & UI_FLAG_CHECKED);

    /* the floor, on the item's screen, addressed to a panellist */
    app_open_item(&f->app, 2);
    frame(f);
    assert_int_equal(f->app.screen, SCREEN_ITEM);
    activate(f, UI_ROLE_RADIO, "Representative of Casa Monarca");
    activate(f, UI_ROLE_BUTTON, "Request the floor");
    int post = f->sent_count - 1;
    assert_string_equal(f->sent[post].method, "POST");
    assert_string_equal(f->sent[post].path, "api/v1/floor");
    char want[400];
    snprintf(want, sizeof want, "{\"id\":\"%s\",\"event\":\"untoc-wg-som-9-cd-2022\",\"participant\":\"%s\","
             "\"agenda_item\":\"panel-cluster-1\",\"addressed_to\":\"casa-monarca\"}", f->app.live.floor.id, f->app.p.id);
    assert_string_equal(f->sent[post].body, want);
    /* no answer (network): the same request is sent again as itself */
    assert_true(answer(f, 0, ""));
    frame(f);
    activate(f, UI_ROLE_BUTTON, "Request the floor");
    assert_string_equal(f->sent[f->sent_count - 1].body, want);
    char reply[300];
    snprintf(reply, sizeof reply, "{\"id\":\"%s\",\"agenda_item\":\"panel-cluster-1\",\"position\":2,\"state\":\"waiting\"}",
             f->app.live.floor.id);
    assert_true(answer(f, 200, reply));
    frame(f);
    assert_non_null(node(f, UI_ROLE_STATUS, "You are number 2 in the queue."));
    /* its place is followed */
    int64_t later = f->host.now + LIVE_FLOOR_POLL_MS + LIVE_POLL_MS;
    app_tick(&f->app, later);
    assert_string_equal(f->sent[f->sent_count - 1].method, "GET");
    snprintf(want, sizeof want, "api/v1/floor/%s", f->app.live.floor.id);
    assert_string_equal(f->sent[f->sent_count - 1].path, want);
    snprintf(reply, sizeof reply, "{\"id\":\"%s\",\"agenda_item\":\"panel-cluster-1\",\"position\":null,\"state\":\"speaking\"}",
             f->app.live.floor.id);
    assert_true(answer(f, 200, reply));
    frame(f);
    assert_non_null(node(f, UI_ROLE_STATUS, "You have the floor."));
    activate(f, UI_ROLE_BUTTON, "Withdraw my request");
    assert_string_equal(f->sent[f->sent_count - 1].method, "DELETE");
    assert_string_equal(f->sent[f->sent_count - 1].path, want);

    /* offline: the last item seen stays, says since when, and the button says it needs the network */
    AppStatus off = {.offline = true};
    app_set_status(&f->app, &off);
    assert_int_equal(app_next_tick_ms(&f->app, later), -1);
    live_forget_floor(&f->app.live);
    frame(f);
    assert_non_null(node(f, UI_ROLE_BUTTON, "Request the floor (needs the network)"));
    app_go(&f->app, SCREEN_AGENDA);
    frame(f);
    frame(f);
    assert_int_equal(app_item_in_progress(&f->app), 2);
    assert_non_null(node(f, UI_ROLE_TEXT, "Offline: the item in progress as last seen at 09:45"));
    app_free(&f->app);
}

/* Until the code fetched after the first frame is here, its screens say they are loading and
 * nothing is uploaded; when it comes, the screen the visitor asked for is there. */
static void test_screens_wait_for_the_deferred_code(void **state)
{
    Fixture *f = *state;
    f->sent_count = 0;
    start(f, APP_MODE_REMOTE, "assets/events/untoc-som-2022.json");
    app_set_deferred(&f->app, false);
    activate(f, UI_ROLE_BUTTON, i18n_get(I18N_EN, MSG_START));
    frame(f);
    assert_non_null(node(f, UI_ROLE_HEADING, i18n_get(I18N_EN, MSG_LOADING_TITLE)));
    assert_non_null(node(f, UI_ROLE_TEXT, i18n_get(I18N_EN, MSG_LOADING_HELP)));
    assert_null(node(f, UI_ROLE_TEXTBOX, "Full name *"));
    app_set_deferred(&f->app, true);
    frame(f);
    assert_null(node(f, UI_ROLE_HEADING, i18n_get(I18N_EN, MSG_LOADING_TITLE)));
    assert_non_null(node(f, UI_ROLE_TEXTBOX, "Full name *"));
    app_free(&f->app);
}

/* The live poll's answer as the app takes it: parsed once, bounded for the poll. */
static bool take_event(App *app, const char *json, size_t len)
{
    cJSON *answer = event_parse(json, len, LIVE_EVENT_MAX, NULL);
    bool taken = app_take_event(app, answer);
    cJSON_Delete(answer);
    return taken;
}

/* A first screen drawn from one language's copy of the event takes in the whole event when
 * it comes, and only a copy of the same event. */
static void test_a_fuller_copy_of_the_event_is_taken_in(void **state)
{
    Fixture *f = *state;
    size_t len, cut_len;
    char *json = (char *)test_read_file("assets/events/untoc-som-2022.json", &len);
    AppHost host = test_host(f);
    app_init(&f->app, &host, "en", APP_MODE_REMOTE, 30, NULL);
    assert_false(take_event(&f->app, json, len)); /* nothing loaded yet: nothing to complete */
    Event *whole = calloc(1, sizeof *whole);
    EventError err;
    assert_true(event_load(whole, json, len, &err));
    char *cut = event_json_for_lang(whole, json, len, "en", &cut_len);
    assert_non_null(cut);
    assert_true(app_load_event(&f->app, "api/v1/event", cut, cut_len));
    const char *title_fr = event_text(&whole->title, "fr");
    assert_string_not_equal(event_text(&f->app.event.title, "fr"), title_fr);
    /* not JSON, another event, another agenda: left as it is */
    assert_false(take_event(&f->app, "{", 1));
    char *other = strdup(json);
    static const char moved[] = "\"untoc-wg-som-9-cd-2099\"";
    memcpy(strstr(other, "\"untoc-wg-som-9-cd-2022\""), moved, strlen(moved));
    assert_false(take_event(&f->app, other, len));
    free(other);
    other = strdup(json);
    char *item = strstr(other, "\"id\": \"opening\"");
    assert_non_null(item);
    static const char renamed[] = "\"id\": \"opened!\""; /* as long as the id it replaces */
    memcpy(item, renamed, strlen(renamed));
    assert_false(take_event(&f->app, other, len));
    free(other);
    assert_string_not_equal(event_text(&f->app.event.title, "fr"), title_fr);
    assert_true(take_event(&f->app, json, len));
    assert_string_equal(event_text(&f->app.event.title, "fr"), title_fr);
    free(cut);
    event_free(whole);
    free(whole);
    free(json);
    app_free(&f->app);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_device_status_and_saving_to_a_file),
        cmocka_unit_test(test_status_line_says_what_matters_to_whom),
        cmocka_unit_test(test_idle_countdown_then_reset),
        cmocka_unit_test(test_input_dismisses_countdown_and_remote_never_resets),
        cmocka_unit_test(test_item_in_progress_from_event_date_and_times),
        cmocka_unit_test(test_welcome_in_six_languages),
        cmocka_unit_test(test_failed_start_shows_the_error_screen),
        cmocka_unit_test(test_registration_and_comment_records),
        cmocka_unit_test(test_keyboard_latin_shift_caps_accents),
        cmocka_unit_test(test_keyboard_globe_cycles_and_sticks_until_reset),
        cmocka_unit_test(test_keyboard_pinyin_composition),
        cmocka_unit_test(test_keyboard_damaged_table_and_full_field),
        cmocka_unit_test(test_too_long_text_refused_with_the_fields_message),
        cmocka_unit_test(test_item_in_progress_from_the_chair_and_the_floor),
        cmocka_unit_test(test_keyboard_late_table_on_a_full_field),
        cmocka_unit_test(test_screens_wait_for_the_deferred_code),
        cmocka_unit_test(test_a_fuller_copy_of_the_event_is_taken_in),
    };
    return cmocka_run_group_tests_name("app", tests, setup, teardown);
}
