/* test_lease.c — unit tests of core/lease: one holder at a time, a dead holder replaced
 * after the expiry, a released one at once, and a clock set back cannot pin the lease. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/lease.h"

#define T0 1656662400000

static Lease held_by(const char *owner, int64_t expires)
{
    Lease l;
    snprintf(l.owner, sizeof l.owner, "%s", owner);
    l.expires_ms = expires;
    return l;
}

static void test_first_claim_and_renewal(void **state)
{
    (void)state;
    assert_int_equal(lease_claim(NULL, "a", false, T0), T0 + LEASE_MS);
    Lease none = held_by("", 0);
    assert_int_equal(lease_claim(&none, "a", false, T0), T0 + LEASE_MS);
    Lease mine = held_by("a", T0 + LEASE_MS);
    assert_int_equal(lease_claim(&mine, "a", false, T0 + LEASE_RENEW_MS), T0 + LEASE_RENEW_MS + LEASE_MS);
    assert_int_equal(lease_claim(NULL, "", false, T0), 0);
    assert_int_equal(lease_claim(NULL, NULL, false, T0), 0);
}

static void test_other_holder(void **state)
{
    (void)state;
    Lease theirs = held_by("b", T0 + LEASE_MS);
    assert_int_equal(lease_claim(&theirs, "a", false, T0), 0);
    assert_int_equal(lease_claim(&theirs, "a", false, T0 + LEASE_MS - 1), 0);
    /* not renewed in time: free */
    assert_int_equal(lease_claim(&theirs, "a", false, T0 + LEASE_MS), T0 + 2 * LEASE_MS);
    /* its holder went away: free at once */
    assert_int_equal(lease_claim(&theirs, "a", true, T0 + 1), T0 + 1 + LEASE_MS);
    /* an expiry further ahead than any renewal makes: the clock went back */
    Lease future = held_by("b", T0 + 10 * LEASE_MS);
    assert_int_equal(lease_claim(&future, "a", false, T0), T0 + LEASE_MS);
}

static void test_held_and_intervals(void **state)
{
    (void)state;
    assert_true(lease_held(T0 + 1, T0));
    assert_false(lease_held(T0, T0));
    assert_false(lease_held(0, T0));
    /* the holder renews well before its lease runs out; others notice a dead one soon */
    assert_true(lease_next_claim_ms(true) * 2 < LEASE_MS);
    assert_true(lease_next_claim_ms(false) < LEASE_MS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_claim_and_renewal),
        cmocka_unit_test(test_other_holder),
        cmocka_unit_test(test_held_and_intervals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
