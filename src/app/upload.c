/* upload.c — the upload pump: when the outbox has a batch due, this program may upload
 * (it holds the device's upload lease) and the network is up, one batch goes to parleyd
 * through AppHost.request; its answer (status, body, Retry-After) goes back to the outbox,
 * and every state change the outbox decides goes to the platform's storage through
 * AppHost.store_change before anything else is sent. The policy itself (batches, backoff,
 * what an answer means) is the outbox's (core/outbox.h); this file only drives it, so the
 * browser and the desktop program upload the same way. */
#include "app/app.h"

#include <stdio.h>

#include "core/lease.h"

#define UPLOAD_CHANGES_AT_ONCE 32

/* Hands every state change to the platform's storage: acknowledged records are deleted,
 * refused and damaged ones kept with their reason. */
static void persist_changes(App *app)
{
    OutboxChange changes[UPLOAD_CHANGES_AT_ONCE];
    size_t n;
    if (!app->outbox || !app->host.store_change) return;
    while ((n = outbox_take_changes(app->outbox, changes, UPLOAD_CHANGES_AT_ONCE)) > 0) {
        for (size_t i = 0; i < n; i++)
            app->host.store_change(app->host.user, changes[i].id, changes[i].state, changes[i].reason);
        if (n < UPLOAD_CHANGES_AT_ONCE) break;
    }
}

static uint32_t random_u32(App *app)
{
    uint8_t b[4];
    app->host.random(app->host.user, b, sizeof b);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* (A batch is made by code fetched after the first frame: app_set_deferred starts the pump.) */
static bool may_upload(const App *app, int64_t now)
{
    return app->outbox && app->host.request && app->host.store_change && !app->status.offline && !app->code_missing &&
           lease_held(app->upload.allowed_until, now);
}

int64_t app_upload_next_ms(const App *app, int64_t now)
{
    if (!may_upload(app, now) || app->upload.request) return -1;
    int64_t due = outbox_next_due_ms(app->outbox, now);
    return due < 0 ? -1 : due > now ? due - now : 0;
}

bool app_upload_pump(App *app)
{
    persist_changes(app);
    int64_t now = app->host.now_ms(app->host.user);
    if (app_upload_next_ms(app, now) != 0) return false;
    const OutboxBatch *batch;
    OutboxResult r = outbox_next_batch(app->outbox, now, 0, 0, &batch);
    persist_changes(app); /* a record found damaged on the way is quarantined */
    if (r != OUTBOX_OK) return false;
    static uint32_t seq;
    uint32_t id = APP_REQUEST_UPLOAD | (++seq & APP_REQUEST_SEQ);
    AppRequest req = {.method = "POST", .path = "api/v1/records",
                      .headers = "Content-Type: application/x-ndjson+lz4\n",
                      .body = (const char *)batch->body, .body_len = batch->body_len};
    if (app->host.request(app->host.user, id, &req)) {
        app->upload.request = id;
    } else { /* as if the network had failed: the outbox backs off and tries again */
        outbox_batch_done(app->outbox, now, 0, NULL, 0, -1, random_u32(app), NULL);
        persist_changes(app);
    }
    return true; /* the status line counts what is in flight, or the failure */
}

bool app_upload_answer(App *app, uint32_t id, int status, const char *body, size_t len, const char *retry_after)
{
    if (id == 0 || id != app->upload.request) return false;
    int64_t now = app->host.now_ms(app->host.user);
    app->upload.request = 0;
    outbox_batch_done(app->outbox, now, status, body, len, outbox_parse_retry_after(retry_after, now),
                      random_u32(app), NULL);
    persist_changes(app);
    OutboxCounts oc;
    outbox_counts(app->outbox, now, &oc);
    if (oc.last_success_ms == now && app->host.uploaded) app->host.uploaded(app->host.user, now);
    app_upload_pump(app);
    return true;
}

bool app_upload_allow_until(App *app, int64_t until_ms)
{
    app->upload.allowed_until = until_ms;
    return app_upload_pump(app);
}

bool app_outbox_synced(App *app)
{
    persist_changes(app);
    return app_upload_pump(app);
}
