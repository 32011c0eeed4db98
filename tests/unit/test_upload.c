/* test_upload.c — the upload pump (app/upload.c) through a fake AppHost.request: it sends
 * only while allowed (the lease), online and nothing is in flight; an answer's verdicts go
 * to storage (store_change) before the next batch; Retry-After and failures back off; the
 * network coming back retries at once; a request that cannot start is a failure, not a loss. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_files.h"
#include "test_host.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "core/codec.h"
#include "core/record.h"

#define ID_A "3b241101-e2bb-4255-8caf-4136c566a962"
#define ID_B "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"

typedef struct Change { char id[OUTBOX_KEY_BYTES + 1]; OutboxState state; } Change;

typedef struct Fixture {
    TestHost host; /* first: the host's user is the fixture */
    App app;
    int requests;               /* host.request calls */
    bool refuse;                /* host.request cannot start */
    uint32_t last_id;
    char last_method[8], last_path[64], last_headers[128];
    char last_body[RECORD_MAX_LINE_BYTES * 4]; /* the batch, decoded */
    Change changes[16];
    int change_count;
    int uploaded;               /* host.uploaded calls */
} Fixture;

static bool fake_request(void *user, uint32_t id, const AppRequest *req)
{
    Fixture *f = user;
    f->requests++;
    if (f->refuse) return false;
    f->last_id = id;
    snprintf(f->last_method, sizeof f->last_method, "%s", req->method);
    snprintf(f->last_path, sizeof f->last_path, "%s", req->path);
    snprintf(f->last_headers, sizeof f->last_headers, "%s", req->headers);
    uint8_t *ndjson;
    size_t n;
    CodecError err;
    if (!codec_decompress((const uint8_t *)req->body, req->body_len, sizeof f->last_body - 1, NULL, 0, &ndjson, &n, &err))
        fail_msg("the batch is not an LZ4 frame: %s", err.message);
    memcpy(f->last_body, ndjson, n);
    f->last_body[n] = '\0';
    free(ndjson);
    return true;
}

static void fake_store_change(void *user, const char *id, OutboxState state, const char *reason)
{
    Fixture *f = user;
    (void)reason;
    if (f->change_count == 16) fail_msg("too many changes");
    Change *c = &f->changes[f->change_count++];
    snprintf(c->id, sizeof c->id, "%s", id);
    c->state = state;
}

static void fake_uploaded(void *user, int64_t unix_ms) { (void)unix_ms; ((Fixture *)user)->uploaded++; }

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    test_host_init(&f->host);
    AppHost host = test_host(f);
    host.request = fake_request;
    host.store_change = fake_store_change;
    host.uploaded = fake_uploaded;
    assert_true(app_init(&f->app, &host, "en", APP_MODE_KIOSK, 90, NULL));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    test_host_free_fixture(&f->host, &f->app);
    return 0;
}

/* A comment in the outbox, as a sync pass from storage brings it in. */
static void stored(Fixture *f, const char *id)
{
    RecordComment c = {
        .id = id, .event = "untoc-som-2022", .device = "0b6f2a8e-5d1c-4f3a-9e7b-2c4d6e8f0a1b",
        .created = "2022-07-01T10:15:00.000Z", .participant = "7c9e6679-7425-40de-944b-e07fc1f90ae7",
        .agenda_item = "inputs", .addressed_to = NULL, .language = "en", .text = "A comment.",
    };
    char line[RECORD_MAX_LINE_BYTES + 1];
    RecordError rerr;
    size_t n = record_write_comment(&c, line, sizeof line, &rerr);
    assert_true(n > 0);
    uint8_t blob[RECORD_MAX_LINE_BYTES * 2];
    size_t len;
    OutboxError err;
    assert_int_equal(outbox_encode(line, n, blob, sizeof blob, &len, &err), OUTBOX_OK);
    assert_int_equal(outbox_add(f->app.outbox, id, blob, len, &err), OUTBOX_OK);
    app_outbox_synced(&f->app);
}

static void answer(Fixture *f, int status, const char *body, const char *retry_after)
{
    assert_true(app_http_answer(&f->app, f->last_id, status, body, body ? strlen(body) : 0, true, retry_after));
}

static void test_sends_only_when_allowed_and_stores_the_verdicts(void **state)
{
    Fixture *f = *state;
    stored(f, ID_A);
    assert_int_equal(f->requests, 0); /* no lease yet */
    assert_int_equal(app_next_tick_ms(&f->app, f->host.now), -1);
    app_upload_allow_until(&f->app, f->host.now + 6000);
    assert_int_equal(f->requests, 1);
    assert_string_equal(f->last_method, "POST");
    assert_string_equal(f->last_path, "api/v1/records");
    assert_non_null(strstr(f->last_headers, "Content-Type: application/x-ndjson+lz4\n"));
    assert_non_null(strstr(f->last_body, "\"id\":\"" ID_A "\""));
    assert_true((f->last_id & APP_REQUEST_UPLOAD) != 0);
    /* one batch at a time: a record stored meanwhile waits for the answer */
    stored(f, ID_B);
    app_tick(&f->app, f->host.now);
    assert_int_equal(f->requests, 1);
    assert_int_equal(app_upload_next_ms(&f->app, f->host.now), -1);
    /* not the pump's id: not its answer */
    assert_false(app_upload_answer(&f->app, f->last_id + 1, 200, "{}", 2, NULL));
    answer(f, 200, "{\"accepted\":[\"" ID_A "\"],\"duplicates\":[],\"rejected\":[]}", "");
    assert_int_equal(f->change_count, 1);
    assert_string_equal(f->changes[0].id, ID_A);
    assert_int_equal(f->changes[0].state, OUTBOX_ACKED);
    assert_int_equal(f->uploaded, 1);
    /* the next batch went at once, with the record that waited */
    assert_int_equal(f->requests, 2);
    assert_non_null(strstr(f->last_body, ID_B));
    assert_null(strstr(f->last_body, ID_A));
    answer(f, 200, "{\"accepted\":[],\"duplicates\":[\"" ID_B "\"],\"rejected\":[]}", NULL);
    assert_int_equal(f->changes[1].state, OUTBOX_ACKED); /* a duplicate is stored already */
    OutboxCounts oc;
    outbox_counts(f->app.outbox, f->host.now, &oc);
    assert_int_equal(oc.waiting, 0);
    assert_int_equal(app_next_tick_ms(&f->app, f->host.now), -1);
}

static void test_retry_after_failures_and_the_lease(void **state)
{
    Fixture *f = *state;
    app_upload_allow_until(&f->app, INT64_MAX);
    stored(f, ID_A);
    assert_int_equal(f->requests, 1);
    answer(f, 503, "{\"error\":\"busy\"}", "120");
    assert_int_equal(f->change_count, 0); /* nothing decided: the record stays as stored */
    int64_t wait = app_next_tick_ms(&f->app, f->host.now);
    assert_true(wait >= 120000);
    f->host.now += 119000;
    app_tick(&f->app, f->host.now);
    assert_int_equal(f->requests, 1);
    f->host.now += wait - 119000;
    app_tick(&f->app, f->host.now);
    assert_int_equal(f->requests, 2);
    /* no answer at all (network error): backs off */
    answer(f, 0, NULL, NULL);
    assert_true(app_next_tick_ms(&f->app, f->host.now) > 0);
    /* offline: nothing goes; back online: at once */
    AppStatus st = {.offline = true};
    app_set_status(&f->app, &st);
    f->host.now += 3600 * 1000;
    app_tick(&f->app, f->host.now);
    assert_int_equal(f->requests, 2);
    assert_int_equal(app_next_tick_ms(&f->app, f->host.now), -1);
    st.offline = false;
    app_set_status(&f->app, &st);
    assert_int_equal(f->requests, 3);
    /* a request that cannot start counts as a failure; the record is kept */
    f->refuse = true;
    answer(f, 0, NULL, NULL);
    f->host.now += 3600 * 1000;
    app_tick(&f->app, f->host.now);
    assert_int_equal(f->requests, 4);
    OutboxCounts oc;
    outbox_counts(f->app.outbox, f->host.now, &oc);
    assert_int_equal(oc.waiting, 1);
    assert_int_equal(oc.sending, 0);
    f->refuse = false;
    /* a lease run out: nothing goes until it is claimed again */
    app_upload_allow_until(&f->app, f->host.now - 1);
    f->host.now += 3600 * 1000;
    app_tick(&f->app, f->host.now);
    assert_int_equal(f->requests, 4);
    app_upload_allow_until(&f->app, f->host.now + 6000);
    assert_int_equal(f->requests, 5);
    answer(f, 200, "{\"accepted\":[\"" ID_A "\"],\"duplicates\":[],\"rejected\":[]}", NULL);
    assert_int_equal(f->change_count, 1);
    assert_int_equal(f->changes[0].state, OUTBOX_ACKED);
}

static void test_refused_records_are_kept_with_their_reason(void **state)
{
    Fixture *f = *state;
    app_upload_allow_until(&f->app, INT64_MAX);
    stored(f, ID_A);
    answer(f, 200, "{\"accepted\":[],\"duplicates\":[],\"rejected\":[{\"id\":\"" ID_A "\",\"line\":1,\"error\":\"event: unknown\"}]}", NULL);
    assert_int_equal(f->change_count, 1);
    assert_int_equal(f->changes[0].state, OUTBOX_REJECTED);
    assert_int_equal(f->requests, 1); /* refused is final: never sent again */
    f->host.now += 3600 * 1000;
    app_tick(&f->app, f->host.now);
    assert_int_equal(f->requests, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sends_only_when_allowed_and_stores_the_verdicts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retry_after_failures_and_the_lease, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_records_are_kept_with_their_reason, setup, teardown),
    };
    return cmocka_run_group_tests_name("upload", tests, NULL, NULL);
}
