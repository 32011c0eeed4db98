/* test_host.h — the fixture the app tests share (test_app, test_layout, test_console): the
 * two Noto faces in a FontSystem, and an AppHost whose clock, time zone and random bytes are
 * the test's. Include after <cmocka.h> and test_files.h.
 *
 * A test's fixture starts with a TestHost (its first member), and the fixture is the host's
 * user, so that a test's own callbacks get their fixture back from the same pointer. */
#ifndef PARLEY_TEST_HOST_H
#define PARLEY_TEST_HOST_H

#include <stdint.h>
#include <stdlib.h>

#include "app/app.h"

#define TEST_HOST_START_MS INT64_C(1656662400000) /* 2022-07-01T08:00:00Z */

typedef struct TestHost {
    unsigned char *regular, *bold;
    FontSystem fonts;
    int64_t now;
    int zone_y, zone_m, zone_d, zone_min; /* what zone_time answers, whatever the zone */
    uint8_t counter;                      /* the next "random" byte comes from it */
} TestHost;

static inline void test_host_random(void *user, uint8_t *out, size_t n)
{
    TestHost *h = user;
    for (size_t i = 0; i < n; i++) out[i] = (uint8_t)(h->counter++ * 73u + 5u);
}

static inline int64_t test_host_now(void *user) { return ((TestHost *)user)->now; }

static inline bool test_host_zone(void *user, const char *tz, int64_t unix_ms, int *y, int *m, int *d, int *min)
{
    TestHost *h = user;
    (void)tz; (void)unix_ms;
    *y = h->zone_y; *m = h->zone_m; *d = h->zone_d; *min = h->zone_min;
    return true;
}

/* Storing starts and never ends: no app_record_stored comes (a test that needs one sets its
 * own store_record). */
static inline bool test_host_store_started(void *user, const char *id, const uint8_t *blob, size_t len)
{
    (void)user; (void)id; (void)blob; (void)len;
    return true;
}

static inline void test_host_forget(void *user, const char *line, size_t len) { (void)user; (void)line; (void)len; }

/* Fonts loaded, the clock at TEST_HOST_START_MS, the zone's day 2022-07-01 at 10:00. */
static inline void test_host_init(TestHost *h)
{
    size_t rl, bl;
    h->regular = test_read_file("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", &rl);
    h->bold = test_read_file("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", &bl);
    char err[256];
    if (!font_init(&h->fonts, h->regular, rl, h->bold, bl, err, sizeof err)) fail_msg("fonts: %s", err);
    h->now = TEST_HOST_START_MS;
    h->zone_y = 2022; h->zone_m = 7; h->zone_d = 1; h->zone_min = 600;
}

static inline void test_host_free(TestHost *h)
{
    font_free(&h->fonts);
    free(h->regular);
    free(h->bold);
}

/* Frees a fixture that starts with h and holds app: the app, the faces, then the fixture. */
static inline void test_host_free_fixture(TestHost *h, App *app)
{
    app_free(app);
    test_host_free(h);
    free(h); /* h is the fixture's first member: its address is the fixture's */
}

/* The host of a fixture that starts with a TestHost: clock, zone and random from it; storing
 * starts (and never ends), nothing remembered, no saving, no network, no URLs, no packs.
 * A test sets the rest. */
static inline AppHost test_host(void *fixture)
{
    AppHost host = {0};
    host.user = fixture;
    host.random = test_host_random;
    host.now_ms = test_host_now;
    host.zone_time = test_host_zone;
    host.store_record = test_host_store_started;
    host.remember = test_host_forget;
    return host;
}

#endif
