/* screen_check.c — "Check a reference": what became of a comment, by its receipt's reference.
 * A reference still in this device's outbox is answered from it (waiting to upload); any other
 * is asked of parleyd (GET api/v1/reference/<REF>, docs/interface.md "References"), whose answer
 * is untrusted: bounded, parsed with cJSON, each field checked. */
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "app/screens.h"
#include "app/theme.h"
#include "core/jsonguard.h"
#include "core/qr.h"

#define CHECK_ANSWER_MAX 4096u

static const char *msg(const App *app, I18nMsg m)
{
    return i18n_get(app->lang, m);
}

void app_check_open(App *app, const char *reference)
{
    RefCheck *k = &app->check;
    textedit_clear(&k->ref);
    if (reference) textedit_insert(&k->ref, reference, strlen(reference));
    k->result = MSG_NONE;
    k->request = 0;
    app_go(app, SCREEN_CHECK);
}

static void check_start(App *app)
{
    RefCheck *k = &app->check;
    size_t len;
    const char *typed = textedit_value(&k->ref, &len);
    char canonical[RECORD_REFERENCE_BYTES], prefix[RECORD_ID_PREFIX_BYTES];
    k->result = MSG_NONE;
    k->date[0] = k->published_url[0] = '\0';
    k->request = 0;
    if (!record_reference_parse(typed, len, canonical, prefix)) { k->result = MSG_REF_INVALID; return; }
    textedit_clear(&k->ref);
    textedit_insert(&k->ref, canonical, strlen(canonical));
    /* still on this device: its outbox knows, and the server does not yet */
    for (int i = 0; i < app->sub_count; i++) {
        const Submission *s = &app->subs[i];
        if (strcmp(s->reference, canonical) != 0) continue;
        OutboxState st = outbox_state(app->outbox, s->id);
        if (s->state == SUB_SAVING || st == OUTBOX_PENDING || st == OUTBOX_SENDING) { k->result = MSG_REF_WAITING; return; }
    }
    if (!app->host.request) { k->result = MSG_REF_OFFLINE; return; }
    static uint32_t seq;
    uint32_t id = APP_REQUEST_CHECK | (++seq & APP_REQUEST_SEQ);
    char path[64];
    snprintf(path, sizeof path, "api/v1/reference/%s", canonical);
    AppRequest req = {.method = "GET", .path = path, .headers = ""};
    if (!app->host.request(app->host.user, id, &req)) { k->result = MSG_REF_OFFLINE; return; }
    k->request = id;
}

static I18nMsg reason_message(const char *reason)
{
    static const struct { const char *reason; I18nMsg msg; } reasons[] = {
        {"off_topic", MSG_CON_R_OFF_TOPIC}, {"abusive", MSG_CON_R_ABUSIVE}, {"personal_data", MSG_CON_R_PERSONAL},
        {"duplicate", MSG_CON_R_DUPLICATE}, {"other", MSG_CON_R_OTHER},
    };
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
        if (reason && strcmp(reason, reasons[i].reason) == 0) return reasons[i].msg;
    return MSG_CON_R_OTHER;
}

/* A link the server gave: its published page and an anchor, nothing that could go elsewhere. */
static bool safe_link(const char *url)
{
    if (!url || strncmp(url, "/published/", 11) != 0 || strlen(url) >= sizeof ((RefCheck *)0)->published_url) return false;
    for (const char *p = url; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("/-_.#", *p)))
            return false;
    return true;
}

bool app_check_answer(App *app, int status, const char *body, size_t len)
{
    RefCheck *k = &app->check;
    k->request = 0;
    k->result = status == 404 ? MSG_REF_UNKNOWN : status == 400 ? MSG_REF_INVALID : status == 429 ? MSG_REF_BUSY : MSG_REF_OFFLINE;
    if (status != 200 || !body || len == 0 || len > CHECK_ANSWER_MAX) return true;
    JsonguardRules rules = {.max_depth = 2, .line_breaks = true, .skip_bom = false};
    JsonguardScan scan;
    if (!jsonguard_scan(body, len, &rules, &scan) || scan.unclosed) return true;
    cJSON *j = cJSON_ParseWithLength(body, len);
    if (!cJSON_IsObject(j)) { cJSON_Delete(j); return true; }
    const char *state = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "state"));
    const char *received = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "received"));
    int y = 0, m = 0, d = 0;
    if (state && received && sscanf(received, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        i18n_format_date(app->lang, y, m, d, k->date, sizeof k->date);
        if (!strcmp(state, "received")) k->result = MSG_REF_RECEIVED;
        else if (!strcmp(state, "withheld")) {
            k->result = MSG_REF_WITHHELD;
            k->reason = reason_message(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "reason")));
        } else if (!strcmp(state, "published")) {
            k->result = MSG_REF_PUBLISHED;
            const char *url = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "published_url"));
            if (safe_link(url)) snprintf(k->published_url, sizeof k->published_url, "%s", url + 1); /* relative */
        }
    }
    cJSON_Delete(j);
    return true;
}

float screen_check(App *app, Ui *ui, const Frame *f, float y)
{
    float top = y;
    RefCheck *k = &app->check;
    y += THEME_GAP_SECTION;
    y += chrome_heading(ui, f, y, "heading", msg(app, MSG_REF_TITLE)) + THEME_GAP;
    y += ui_text_block(ui, "intro", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_REGULAR, THEME_TYPE_LARGE, THEME_TEXT,
                       msg(app, MSG_REF_INTRO)) + THEME_GAP_BLOCK;
    const char *label = msg(app, MSG_RECEIPT_REFERENCE);
    y += chrome_field_label(ui, f, f->col_x, y, f->col_w, label);
    float fw = f->col_w > THEME_REFERENCE_FIELD_MAX_W ? THEME_REFERENCE_FIELD_MAX_W : f->col_w;
    app_text_field(app, ui_peek_id(ui, "reference"), &k->ref);
    char too_long[200];
    const char *refused = chrome_field_message(app, &k->ref, MSG_NONE, too_long, sizeof too_long);
    if (ui_textfield(ui, "reference", (UiRect){f->col_x, y, fw, f->target}, label, &k->ref, UI_HINT_TEXT, 0,
                     *refused ? refused : k->result == MSG_REF_INVALID ? msg(app, MSG_REF_INVALID) : NULL))
        k->result = MSG_NONE;
    y += f->target;
    y += chrome_field_error(ui, f->col_x, y, f->col_w, "reference-error", refused) + THEME_GAP_GROUP;
    if (ui_button(ui, "check", (UiRect){f->col_x, y, fw, f->target}, msg(app, MSG_REF_CHECK), UI_BUTTON_PRIMARY)
        && k->request == 0)
        check_start(app);
    y += f->target + THEME_GAP_SECTION;
    if (k->result != MSG_NONE || k->request) {
        char text[512];
        if (k->request) snprintf(text, sizeof text, "%s", msg(app, MSG_CON_LOADING));
        else if (k->result == MSG_REF_WITHHELD) snprintf(text, sizeof text, msg(app, MSG_REF_WITHHELD), k->date, msg(app, k->reason));
        else snprintf(text, sizeof text, msg(app, k->result), k->date);
        int node = ui_node_begin(ui, "result", UI_ROLE_STATUS, text, strlen(text));
        ui_node_flags(ui, node, UI_FLAG_LIVE);
        float h = ui_paragraph(ui, f->col_x, y, f->col_w, FONT_BOLD, THEME_TYPE_LEAD, THEME_TEXT, text, strlen(text));
        ui_node_rect(ui, node, (UiRect){f->col_x, y, f->col_w, h});
        ui_node_end(ui);
        y += h + THEME_GAP_GROUP;
        if (k->result == MSG_REF_PUBLISHED && k->published_url[0]) {
            /* where it is on the published page: a link for a visitor's own device, the
             * address to note on a shared kiosk (which never leaves its page) */
            if (app->mode != APP_MODE_KIOSK && app->host.open_url) {
                if (ui_button(ui, "see", (UiRect){f->col_x, y, fw, f->target}, msg(app, MSG_REF_SEE), UI_BUTTON_SECONDARY))
                    app->host.open_url(app->host.user, k->published_url);
                y += f->target + THEME_GAP;
            } else {
                char where[512];
                snprintf(where, sizeof where, "%s: %s%s", msg(app, MSG_REF_SEE), app->base_url, k->published_url);
                y += ui_text_block(ui, "where", UI_ROLE_TEXT, 0, f->col_x, y, f->col_w, FONT_REGULAR, THEME_TYPE_SMALL,
                                   THEME_TEXT_MUTED, where) + THEME_GAP;
            }
        }
    }
    return y + THEME_GAP_END - top;
}

/* The receipt's QR code: the reference page's address, for a phone's camera. */
float screen_receipt_qr(App *app, Ui *ui, const Frame *f, float x, float y, const char *reference)
{
    if (!app->base_url[0]) return 0;
    char url[400];
    snprintf(url, sizeof url, "%sr/%s?lang=%s", app->base_url, reference, i18n_lang_tag(app->lang));
    QrCode *q = &app->qr;
    if (strcmp(app->qr_text, url) != 0) { /* made once per reference and language */
        if (!qr_make(url, strlen(url), q)) return 0;
        snprintf(app->qr_text, sizeof app->qr_text, "%s", url);
    }
    float module = q->width <= 33 ? 5.0f : 4.0f, quiet = 4.0f * module, side = (float)q->width * module + 2 * quiet;
    (void)f;
    char name[600];
    snprintf(name, sizeof name, "%s: %s", msg(app, MSG_REF_QR), url);
    int node = ui_node_begin(ui, "qr", UI_ROLE_TEXT, name, strlen(name));
    ui_rect(ui, (UiRect){x, y, side, side}, THEME_QR_LIGHT, 0);
    /* dark modules, each row's runs as one rectangle */
    for (int r = 0; r < q->width; r++)
        for (int c = 0; c < q->width;) {
            if (!q->dark[r * q->width + c]) { c++; continue; }
            int e = c;
            while (e < q->width && q->dark[r * q->width + e]) e++;
            ui_rect(ui, (UiRect){x + quiet + (float)c * module, y + quiet + (float)r * module, (float)(e - c) * module, module},
                    THEME_QR_DARK, 0);
            c = e;
        }
    ui_node_rect(ui, node, (UiRect){x, y, side, side});
    ui_node_end(ui);
    return side;
}
