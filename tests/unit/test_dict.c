/* test_dict.c — how well stored records compress with the project dictionary: every comment
 * of tests/corpus/comments/{train,heldout} wrapped into a full comment record (as the kiosk
 * writes it) and encoded with outbox_encode; prints the ratios and holds the held-out set to
 * the target. Runs from the repository root. Never tune the target to the result. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/outbox.h"
#include "core/record.h"

#define CORPUS "tests/corpus/comments/"
#define MAX_FILES 256
#define TEXT_CAP 8192

/* The target: a typical comment of 200-800 characters stores in at most 0.6 times
 * its raw JSON size, on text the dictionary was not built from. */
#define TARGET_HELDOUT_MEAN 0.60

typedef struct Ratios {
    size_t files, raw, stored, plain; /* plain: the same frames without the dictionary */
    double mean, min, max;
    char worst[64];
} Ratios;

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t list_txt(const char *dir, char **names)
{
    DIR *d = opendir(dir);
    if (d == NULL) fail_msg("cannot open %s (tests run from the repository root)", dir);
    size_t n = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        size_t len = strlen(ent->d_name);
        if (len < 5 || strcmp(ent->d_name + len - 4, ".txt") != 0) continue;
        assert_true(n < MAX_FILES);
        names[n] = malloc(len + 1);
        assert_non_null(names[n]);
        memcpy(names[n++], ent->d_name, len + 1);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    return n;
}

/* The comment as a participant typed it: surrounding white space off, as the kiosk keeps it. */
static size_t read_text(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) fail_msg("cannot open %s", path);
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ' || buf[n - 1] == '\r')) n--;
    buf[n] = '\0';
    return n;
}

static uint32_t lcg(uint32_t *seed)
{
    *seed = *seed * 1664525u + 1013904223u;
    return *seed >> 8 | *seed << 24;
}

static void uuid(uint32_t *seed, char out[RECORD_UUID_LEN + 1])
{
    uint8_t b[16];
    for (size_t i = 0; i < sizeof b; i++) b[i] = (uint8_t)lcg(seed);
    record_uuid_v4(b, out);
}

static Ratios measure(const char *set)
{
    char dir[128];
    snprintf(dir, sizeof dir, CORPUS "%s", set);
    char *names[MAX_FILES];
    size_t n = list_txt(dir, names);
    assert_true(n > 0);
    Ratios r = {.min = 1e9};
    uint32_t seed = 2022;
    static char text[TEXT_CAP], line[RECORD_MAX_LINE_BYTES + 1];
    static uint8_t blob[RECORD_MAX_LINE_BYTES + 1024];
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t chars = read_text(path, text, sizeof text);
        assert_true(chars > 0);
        /* Every value as the kiosk makes it: random UUIDs, the device clock, the event's ids. */
        char id[RECORD_UUID_LEN + 1], device[RECORD_UUID_LEN + 1], participant[RECORD_UUID_LEN + 1];
        uuid(&seed, id);
        uuid(&seed, device);
        uuid(&seed, participant);
        char created[RECORD_TIME_BYTES], lang[3] = {names[i][0], names[i][1], '\0'};
        assert_true(record_format_time(1656662400000 + (int64_t)(lcg(&seed) % 36000000u), created));
        static const char *const items[] = {"briefing", "panel-cluster-1", "inputs"};
        static const char *const panellists[] = {"casa-monarca", "migrant-forum-in-asia",
                                                 "rapha-international"};
        uint32_t pick = lcg(&seed);
        RecordComment c = {
            .id = id, .event = "untoc-wg-som-9-cd-2022", .device = device, .created = created,
            .participant = participant, .agenda_item = items[pick % 3],
            .addressed_to = pick % 4 == 0 ? panellists[(pick >> 4) % 3] : NULL,
            .language = lang, .text = text,
        };
        RecordError re;
        size_t len = record_write_comment(&c, line, sizeof line, &re);
        if (len == 0) fail_msg("%s: %s", path, re.message);
        size_t stored = 0;
        OutboxError err;
        assert_int_equal(outbox_encode(line, len, blob, sizeof blob, &stored, &err), OUTBOX_OK);
        size_t plain = codec_compress(line, len, NULL, OUTBOX_STORE_LEVEL, blob, sizeof blob, NULL);
        assert_true(plain > 0);
        double ratio = (double)stored / (double)len;
        sum += ratio;
        r.raw += len;
        r.stored += stored;
        r.plain += plain;
        if (ratio < r.min) r.min = ratio;
        if (ratio > r.max) {
            r.max = ratio;
            snprintf(r.worst, sizeof r.worst, "%s", names[i]);
        }
        free(names[i]);
    }
    r.files = n;
    r.mean = sum / (double)n;
    print_message("%-8s %2zu comments: mean ratio %.3f (min %.3f, max %.3f in %s); %zu -> %zu "
                  "bytes (%.3f); without the dictionary %.3f\n",
                  set, n, r.mean, r.min, r.max, r.worst, r.raw, r.stored,
                  (double)r.stored / (double)r.raw, (double)r.plain / (double)r.raw);
    return r;
}

static void test_ratios(void **state)
{
    (void)state;
    print_message("dictionary 0x%08x, %zu bytes\n", (unsigned)lz4dict.id, lz4dict.len);
    assert_true(lz4dict.len <= CODEC_DICT_USEFUL_BYTES);
    Ratios train = measure("train");
    Ratios held = measure("heldout");
    assert_true(train.files >= 40);
    assert_true(held.files >= 20);
    /* The dictionary must pay on text it has never seen... */
    assert_true(held.mean <= TARGET_HELDOUT_MEAN);
    /* ...and beat no dictionary by a wide margin (a broken dictionary would not). */
    assert_true((double)held.stored < 0.75 * (double)held.plain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ratios),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
