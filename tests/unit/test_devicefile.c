/* test_devicefile.c — unit tests of core/devicefile: header and record lines written and
 * read back, the checksum against zlib's known value, and every kind of damage a file can
 * suffer (wrong checksum, wrong id, truncation, bad UTF-8, huge lines, foreign headers),
 * each with the reason the reader gives. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/devicefile.h"

#define ID_REG "3f2b8c1e-9a7d-4e21-b5c3-0d8e6f1a2b3c"
#define ID_DEV "1c6e8f0a-2d4b-4c8e-a0f2-6b8d0e2f4a6c"
#define REC                                                                                  \
    "{\"v\":1,\"type\":\"registration\",\"id\":\"" ID_REG "\",\"event\":\"untoc-som-2022\","  \
    "\"device\":\"" ID_DEV "\",\"created\":\"2022-07-01T09:30:00.000Z\",\"name\":\"Ana "    \
    "P\xc3\xa9rez \\\"A\\\"\",\"organization\":\"Casa Monarca\",\"category\":\"ngo\","       \
    "\"country\":\"MX\",\"email\":\"\",\"publish_consent\":true}"

static char line[DEVICEFILE_MAX_LINE_BYTES + 64];
static char data[DEVICEFILE_MAX_DATA_BYTES + 1];

static void test_crc32_is_zlibs(void **state)
{
    (void)state;
    assert_int_equal(devicefile_crc32(0, "123456789", 9), 0xcbf43926u);
    assert_int_equal(devicefile_crc32(0, "", 0), 0);
    /* in pieces, as zlib's crc32() chains */
    assert_int_equal(devicefile_crc32(devicefile_crc32(0, "1234", 4), "56789", 5), 0xcbf43926u);
}

static void test_header_round_trip(void **state)
{
    (void)state;
    DevicefileError err;
    size_t n = devicefile_write_header(ID_DEV, "2022-07-01T18:00:00.000Z", 12, line,
                                       DEVICEFILE_HEADER_BOUND, &err);
    assert_true(n > 0);
    assert_string_equal(line, "{\"format\":\"parley-device-export\",\"version\":1,\"device\":\"" ID_DEV
                              "\",\"exported\":\"2022-07-01T18:00:00.000Z\",\"count\":12}");
    DevicefileHeader h;
    assert_int_equal(devicefile_read_header(line, n, &h, &err), DEVICEFILE_OK);
    assert_string_equal(h.device, ID_DEV);
    assert_string_equal(h.exported, "2022-07-01T18:00:00.000Z");
    assert_int_equal(h.count, 12);
    /* bad arguments and a small buffer are refused, never cut */
    assert_int_equal(devicefile_write_header("not-a-uuid", "2022-07-01T18:00:00Z", 1, line, 256, &err), 0);
    assert_int_equal(err.status, DEVICEFILE_USAGE);
    assert_int_equal(devicefile_write_header(ID_DEV, "yesterday", 1, line, 256, &err), 0);
    assert_int_equal(devicefile_write_header(ID_DEV, "2022-07-01T18:00:00Z", 1, line, 40, &err), 0);
    assert_string_equal(line, "");
}

static void expect_header(const char *text, DevicefileStatus want, const char *message)
{
    DevicefileHeader h;
    DevicefileError err;
    assert_int_equal(devicefile_read_header(text, strlen(text), &h, &err), want);
    assert_string_equal(err.message, message);
}

static void test_foreign_and_damaged_headers(void **state)
{
    (void)state;
    expect_header("id,name,text", DEVICEFILE_FOREIGN, "not JSON (error at byte 1)");
    expect_header("{\"v\":1,\"type\":\"comment\"}", DEVICEFILE_FOREIGN,
                  "not a device export: \"format\" is not \"parley-device-export\"");
    expect_header("{\"format\":\"parley-device-export\",\"version\":2,\"device\":\"" ID_DEV
                  "\",\"exported\":\"2022-07-01T18:00:00Z\",\"count\":1}",
                  DEVICEFILE_FOREIGN, "device export of an unknown version (this build reads version 1)");
    expect_header("{\"format\":\"parley-device-export\",\"version\":1,\"device\":\"" ID_DEV
                  "\",\"exported\":\"2022-07-01T18:00:00Z\",\"count\":-1}",
                  DEVICEFILE_DAMAGED, "header: \"count\" is not a whole number 0..100000000");
    expect_header("{\"format\":\"parley-device-export\",\"version\":1,\"device\":\"" ID_DEV
                  "\",\"exported\":\"2022-13-01T18:00:00Z\",\"count\":1}",
                  DEVICEFILE_DAMAGED, "header: \"exported\" is not an ISO 8601 UTC time");
    expect_header("{\"format\":\"parley-device-export\",\"format\":\"x\"}", DEVICEFILE_FOREIGN,
                  "member \"format\" appears twice");
    expect_header("{\"format\":\"parley-device-export\",\"vers", DEVICEFILE_FOREIGN,
                  "cut short: the line ends inside a string or object");
}

static DevicefileStatus read_back(size_t n, DevicefileEntry *e, DevicefileError *err)
{
    return devicefile_read_entry(line, n, e, data, sizeof data, err);
}

static void test_record_round_trip(void **state)
{
    (void)state;
    DevicefileError err;
    size_t bound = devicefile_record_bound(strlen(REC), strlen("server said \"no\""));
    size_t n = devicefile_write_record(ID_REG, DEVICEFILE_REJECTED, "server said \"no\"", REC,
                                       strlen(REC), line, bound, &err);
    assert_true(n > 0 && n < bound);
    assert_non_null(strstr(line, "\"state\":\"rejected\",\"reason\":\"server said \\\"no\\\"\""));
    DevicefileEntry e;
    assert_int_equal(read_back(n, &e, &err), DEVICEFILE_OK);
    assert_string_equal(e.id, ID_REG);
    assert_int_equal(e.state, DEVICEFILE_REJECTED);
    assert_string_equal(e.reason, "server said \"no\"");
    assert_true(e.has_record);
    assert_int_equal(e.data_len, strlen(REC));
    assert_memory_equal(data, REC, strlen(REC));  /* the exact bytes, escapes and all */
    assert_int_equal(e.crc32, devicefile_crc32(0, REC, strlen(REC)));
    assert_string_equal(e.info.id, ID_REG);
    /* one byte less of buffer than needed: refused, nothing half written */
    assert_int_equal(devicefile_write_record(ID_REG, DEVICEFILE_PENDING, "", REC, strlen(REC), line,
                                             strlen(REC) + 20, &err), 0);
    assert_int_equal(err.status, DEVICEFILE_USAGE);
}

static size_t write_pending(const char *rec)
{
    DevicefileError err;
    size_t n = devicefile_write_record(ID_REG, DEVICEFILE_PENDING, NULL, rec, strlen(rec), line,
                                       sizeof line, &err);
    assert_true(n > 0);
    return n;
}

static void expect_entry(const char *text, DevicefileStatus want, const char *message)
{
    DevicefileEntry e;
    DevicefileError err;
    assert_int_equal(devicefile_read_entry(text, strlen(text), &e, data, sizeof data, &err), want);
    assert_string_equal(err.message, message);
}

static void test_damaged_record_lines(void **state)
{
    (void)state;
    /* a wrong checksum: one changed byte in the record */
    size_t n = write_pending(REC);
    char *p = strstr(line, "Casa Monarca");
    p[0] = 'K';
    DevicefileEntry e;
    DevicefileError err;
    assert_int_equal(read_back(n, &e, &err), DEVICEFILE_DAMAGED);
    assert_non_null(strstr(err.message, "checksum mismatch: the record's CRC-32 is "));
    /* an id that is not the record's own */
    char other[sizeof line];
    n = write_pending(REC);
    snprintf(other, sizeof other, "%s", line);
    memcpy(other + 7, "9b1deb4d", 8);
    expect_entry(other, DEVICEFILE_DAMAGED,
                 "\"id\" 9b1deb4d-9a7d-4e21-b5c3-0d8e6f1a2b3c is not the record's own id " ID_REG);
    /* truncated at every length: never OK, never a crash */
    n = write_pending(REC);
    for (size_t cut = 0; cut < n; cut++)
        assert_int_equal(read_back(cut, &e, &err), DEVICEFILE_DAMAGED);
    /* bad UTF-8 */
    n = write_pending(REC);
    p = strstr(line, "\xc3\xa9");
    p[1] = '\x28';
    assert_int_equal(read_back(n, &e, &err), DEVICEFILE_DAMAGED);
    assert_non_null(strstr(err.message, "invalid UTF-8 at byte "));
    /* members missing or wrong */
    expect_entry("{\"id\":\"" ID_REG "\",\"state\":\"lost\",\"reason\":\"\",\"crc32\":\"00000000\",\"record\":\"{}\"}",
                 DEVICEFILE_DAMAGED, "\"state\" is not one of pending, rejected, quarantined");
    expect_entry("{\"id\":\"" ID_REG "\",\"state\":\"pending\",\"reason\":\"\",\"crc32\":\"ABCDEF01\",\"record\":\"{}\"}",
                 DEVICEFILE_DAMAGED, "\"crc32\" is not 8 lowercase hex digits");
    expect_entry("{\"state\":\"pending\"}", DEVICEFILE_DAMAGED,
                 "\"id\" is missing or not 1..64 bytes of [A-Za-z0-9._-]");
    expect_entry("{\"id\":\"" ID_REG "\",\"state\":\"pending\",\"reason\":\"\",\"crc32\":null,\"record\":null,\"stored\":\"AAAA\"}",
                 DEVICEFILE_DAMAGED, "\"record\" is null but this is not a quarantined record "
                 "with \"crc32\": null and \"stored\" bytes");
    expect_entry("[1,2]", DEVICEFILE_DAMAGED, "JSON, but not an object");
    expect_entry("{\"id\":{\"a\":{}}}", DEVICEFILE_DAMAGED, "nesting deeper than one object at byte 12");
}

static void test_invalid_record_is_rejected_not_damaged(void **state)
{
    (void)state;
    const char *bad = "{\"v\":1,\"type\":\"registration\",\"id\":\"" ID_REG "\"}";
    DevicefileError err;
    size_t n = devicefile_write_record(ID_REG, DEVICEFILE_REJECTED, "missing fields", bad,
                                       strlen(bad), line, sizeof line, &err);
    assert_true(n > 0);
    DevicefileEntry e;
    assert_int_equal(read_back(n, &e, &err), DEVICEFILE_INVALID_RECORD);
    assert_string_equal(e.id, ID_REG);
    assert_true(strlen(err.message) > 0);
}

static void test_huge_lines(void **state)
{
    (void)state;
    /* a line over the limit is refused before parsing */
    size_t n = DEVICEFILE_MAX_LINE_BYTES + 1;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, ' ', n);
    big[0] = '{';
    DevicefileEntry e;
    DevicefileError err;
    assert_int_equal(devicefile_read_entry(big, n, &e, data, sizeof data, &err), DEVICEFILE_DAMAGED);
    assert_non_null(strstr(err.message, "over the limit of"));
    free(big);
    /* a record line over RECORD_MAX_LINE_BYTES cannot be written */
    size_t rn = RECORD_MAX_LINE_BYTES + 1;
    char *rec = malloc(rn);
    assert_non_null(rec);
    memset(rec, 'a', rn);
    assert_int_equal(devicefile_write_record(ID_REG, DEVICEFILE_PENDING, "", rec, rn, line,
                                             sizeof line, &err), 0);
    /* the largest record, all quotes (every byte escaped), still fits the reader's limit */
    memset(rec, '"', RECORD_MAX_LINE_BYTES);
    size_t wn = devicefile_write_record(ID_REG, DEVICEFILE_PENDING, "", rec, RECORD_MAX_LINE_BYTES,
                                        line, sizeof line, &err);
    assert_true(wn > 2 * RECORD_MAX_LINE_BYTES && wn <= DEVICEFILE_MAX_LINE_BYTES);
    assert_int_equal(read_back(wn, &e, &err), DEVICEFILE_INVALID_RECORD);  /* intact, not a record */
    assert_int_equal(e.data_len, RECORD_MAX_LINE_BYTES);
    free(rec);
}

static void test_stored_bytes_round_trip(void **state)
{
    (void)state;
    uint8_t stored[1000];
    for (size_t i = 0; i < sizeof stored; i++) stored[i] = (uint8_t)(i * 7 + 3);
    DevicefileError err;
    for (size_t len = 0; len < 5; len++) {  /* every padding case */
        size_t n = devicefile_write_stored(ID_REG, "frame checksum failed", stored, len, line,
                                           devicefile_stored_bound(len, 21), &err);
        assert_true(n > 0);
        DevicefileEntry e;
        assert_int_equal(read_back(n, &e, &err), DEVICEFILE_UNDECODABLE);
        assert_false(e.has_record);
        assert_int_equal(e.data_len, len);
        assert_memory_equal(data, stored, len);
        assert_int_equal(e.state, DEVICEFILE_QUARANTINED);
    }
    size_t n = devicefile_write_stored(ID_REG, "", stored, sizeof stored, line, sizeof line, &err);
    DevicefileEntry e;
    assert_int_equal(read_back(n, &e, &err), DEVICEFILE_UNDECODABLE);
    assert_memory_equal(data, stored, sizeof stored);
    /* bad base64 */
    expect_entry("{\"id\":\"k1\",\"state\":\"quarantined\",\"reason\":\"\",\"crc32\":null,\"record\":null,\"stored\":\"AB=C\"}",
                 DEVICEFILE_DAMAGED, "\"stored\" is not base64 of at most 196608 bytes");
    expect_entry("{\"id\":\"k1\",\"state\":\"quarantined\",\"reason\":\"\",\"crc32\":null,\"record\":null,\"stored\":\"AB\"}",
                 DEVICEFILE_DAMAGED, "\"stored\" is not base64 of at most 196608 bytes");
    expect_entry("{\"id\":\"k1\",\"state\":\"quarantined\",\"reason\":\"\",\"crc32\":null,\"record\":null,\"stored\":\"AB==\"}",
                 DEVICEFILE_DAMAGED, "\"stored\" is not base64 of at most 196608 bytes");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32_is_zlibs),
        cmocka_unit_test(test_header_round_trip),
        cmocka_unit_test(test_foreign_and_damaged_headers),
        cmocka_unit_test(test_record_round_trip),
        cmocka_unit_test(test_damaged_record_lines),
        cmocka_unit_test(test_invalid_record_is_rejected_not_damaged),
        cmocka_unit_test(test_huge_lines),
        cmocka_unit_test(test_stored_bytes_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
