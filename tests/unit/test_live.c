/* test_live.c — what a participant's device takes from parleyd during the meeting (app/live.h):
 * the item in progress and its revision from the event, checked against the loaded agenda;
 * hostile and malformed answers changing nothing; the floor request's answers (bare, or the
 * open request a 409 names) only when they are about this device's request; times; and the
 * body of a floor request. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "app/live.h"
#include "core/i18n.h"

#define EVENT_FILE "assets/events/untoc-som-2022.json"
#define REQ "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
#define REV "0123456789abcdef0123456789abcdef"

static Event *load_event(void)
{
    size_t len;
    char *json = (char *)test_read_file(EVENT_FILE, &len);
    Event *ev = calloc(1, sizeof *ev);
    EventError err;
    assert_true(event_load(ev, json, len, &err));
    free(json);
    return ev;
}

/* An answer as the app takes it: parsed once by the event's parser, bounded for the poll. */
static bool take_bytes(Live *l, const Event *ev, const char *json, size_t len, int64_t now)
{
    cJSON *answer = event_parse(json, len, LIVE_EVENT_MAX, NULL);
    bool taken = live_take_event(l, ev, answer, now);
    cJSON_Delete(answer);
    return taken;
}

static bool take(Live *l, const Event *ev, const char *json, int64_t now)
{
    return take_bytes(l, ev, json, strlen(json), now);
}

static void test_item_in_progress_from_the_event(void **state)
{
    (void)state;
    Event *ev = load_event();
    Live l;
    live_init(&l);
    assert_false(l.known);
    assert_true(take(&l, ev, "{\"id\":\"x\",\"current_item\":\"panel-cluster-1\",\"current_since\":\"2022-07-01T13:05:00.000Z\",\"revision\":\"" REV "\"}", 1000));
    assert_true(l.known);
    assert_string_equal(ev->agenda[l.item].id, "panel-cluster-1");
    assert_int_equal(l.since_ms, live_parse_time("2022-07-01T13:05:00Z"));
    assert_string_equal(l.revision, REV);
    assert_int_equal(l.seen_ms, 1000);
    /* the same again: nothing to redraw, but it was seen now */
    assert_false(take(&l, ev, "{\"current_item\":\"panel-cluster-1\",\"current_since\":\"2022-07-01T13:05:00.000Z\",\"revision\":\"" REV "\"}", 2000));
    assert_int_equal(l.seen_ms, 2000);
    /* none in progress */
    assert_true(take(&l, ev, "{\"current_item\":null,\"current_since\":null,\"revision\":\"" REV "\"}", 3000));
    assert_int_equal(l.item, -1);
    assert_int_equal(l.since_ms, -1);
    event_free(ev);
    free(ev);
}

static void test_hostile_event_answers_change_nothing(void **state)
{
    (void)state;
    Event *ev = load_event();
    Live l;
    live_init(&l);
    assert_true(take(&l, ev, "{\"current_item\":\"opening\",\"current_since\":\"2022-07-01T09:00:00Z\",\"revision\":\"" REV "\"}", 1));
    static const char *const bad[] = {
        "", "null", "[]", "{\"current_item\":\"no-such-item\",\"current_since\":null}",
        "{\"current_item\":7,\"current_since\":null}", "{\"current_since\":null}",
        "{\"current_item\":\"briefing\",\"current_since\":5}", "{\"current_item\":\"briefing\"",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(take(&l, ev, bad[i], 2));
        assert_string_equal(ev->agenda[l.item].id, "opening");
        assert_int_equal(l.seen_ms, 1);
    }
    /* nested deeper than an event may be (64): refused before cJSON sees it */
    char deep[256] = "{\"current_item\":\"briefing\",\"current_since\":null,\"x\":";
    size_t d = strlen(deep);
    for (int i = 0; i < 70; i++) deep[d++] = '[';
    deep[d++] = '1';
    for (int i = 0; i < 70; i++) deep[d++] = ']';
    deep[d++] = '}';
    deep[d] = '\0';
    assert_false(take(&l, ev, deep, 2));
    assert_string_equal(ev->agenda[l.item].id, "opening");
    /* over the size limit: refused unread */
    size_t n = LIVE_EVENT_MAX + 10;
    char *big = malloc(n + 1);
    memset(big, ' ', n);
    static const char head[] = "{\"current_item\":\"briefing\",\"current_since\":null";
    memcpy(big, head, sizeof head - 1);
    big[n - 1] = '}';
    big[n] = '\0';
    assert_false(take_bytes(&l, ev, big, n, 3));
    free(big);
    /* a revision that is not hex is not sent back */
    assert_true(take(&l, ev, "{\"current_item\":\"briefing\",\"current_since\":null,\"revision\":\"\\\"\\r\\nX: y\"}", 4));
    assert_string_equal(l.revision, "");
    event_free(ev);
    free(ev);
}

static void test_times(void **state)
{
    (void)state;
    assert_int_equal(live_parse_time("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(live_parse_time("1970-01-01T00:00:01.5Z"), 1500);
    assert_int_equal(live_parse_time("2022-07-01T13:05:00.123Z"), 1656680700123LL);
    assert_int_equal(live_parse_time("2022-07-01 13:05:00Z"), -1);
    assert_int_equal(live_parse_time("2022-13-01T13:05:00Z"), -1);
    assert_int_equal(live_parse_time("2022-07-01T13:05:00+02:00"), -1);
    assert_int_equal(live_parse_time("2022-07-01T13:05:00.Z"), -1);
    assert_int_equal(live_parse_time(NULL), -1);
}

static bool take_floor(Live *l, const char *json)
{
    return live_take_floor(l, json, strlen(json));
}

static void test_floor_answers(void **state)
{
    (void)state;
    Live l;
    live_init(&l);
    /* nothing asked: nothing taken */
    assert_false(take_floor(&l, "{\"id\":\"" REQ "\",\"agenda_item\":\"x\",\"position\":1,\"state\":\"waiting\"}"));
    snprintf(l.floor.id, sizeof l.floor.id, "%s", REQ);
    assert_true(take_floor(&l, "{\"id\":\"" REQ "\",\"agenda_item\":\"x\",\"position\":3,\"state\":\"waiting\"}"));
    assert_int_equal(l.floor.state, LIVE_FLOOR_WAITING);
    assert_int_equal(l.floor.position, 3);
    assert_true(take_floor(&l, "{\"error\":\"already\",\"request\":{\"id\":\"" REQ "\",\"position\":null,\"state\":\"speaking\"}}"));
    assert_int_equal(l.floor.state, LIVE_FLOOR_SPEAKING);
    assert_int_equal(l.floor.position, 0);
    static const char *const bad[] = {
        "{\"id\":\"bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb\",\"position\":1,\"state\":\"waiting\"}",
        "{\"id\":\"" REQ "\",\"position\":0,\"state\":\"waiting\"}",
        "{\"id\":\"" REQ "\",\"position\":1.5,\"state\":\"waiting\"}",
        "{\"id\":\"" REQ "\",\"position\":\"1\",\"state\":\"waiting\"}",
        "{\"id\":\"" REQ "\",\"position\":null,\"state\":\"sleeping\"}",
        "{\"id\":\"" REQ "\"", "[]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(take_floor(&l, bad[i]));
        assert_int_equal(l.floor.state, LIVE_FLOOR_SPEAKING);
    }
    live_forget_floor(&l);
    assert_string_equal(l.floor.id, "");
    assert_int_equal(l.floor.state, LIVE_FLOOR_NONE);
}

static void test_floor_body(void **state)
{
    (void)state;
    Event *ev = load_event();
    Live l;
    live_init(&l);
    char body[512];
    assert_false(live_floor_body(&l, ev, REQ, body, sizeof body));
    snprintf(l.floor.id, sizeof l.floor.id, "%s", REQ);
    l.floor.item = 2;
    l.floor.panellist = event_find_panellist(ev, "casa-monarca");
    assert_true(live_floor_body(&l, ev, "cccccccc-cccc-4ccc-8ccc-cccccccccccc", body, sizeof body));
    char want[512];
    snprintf(want, sizeof want, "{\"id\":\"%s\",\"event\":\"%s\",\"participant\":\"cccccccc-cccc-4ccc-8ccc-cccccccccccc\","
             "\"agenda_item\":\"panel-cluster-1\",\"addressed_to\":\"casa-monarca\"}", REQ, ev->id);
    assert_string_equal(body, want);
    l.floor.panellist = -1;
    assert_true(live_floor_body(&l, ev, "cccccccc-cccc-4ccc-8ccc-cccccccccccc", body, sizeof body));
    assert_non_null(strstr(body, "\"addressed_to\":null}"));
    assert_false(live_floor_body(&l, ev, "cccccccc-cccc-4ccc-8ccc-cccccccccccc", body, 40));
    event_free(ev);
    free(ev);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_item_in_progress_from_the_event),
        cmocka_unit_test(test_hostile_event_answers_change_nothing),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_floor_answers),
        cmocka_unit_test(test_floor_body),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
