/* codec_native.c — `make bench`: LZ4 compress and decompress throughput of core/codec on
 * ~1 MiB of upload-like NDJSON (comment records), printed as MB/s and one JSON line.
 * Standard C and a monotonic clock only, no files: the same source builds with emcc for the
 * wasm side of the comparison. It must never time anything but codec_compress/decompress. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* clock_gettime, when built without the Makefile's flags */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/codec.h"
#include "core/outbox.h"

#define BENCH_BYTES   (1024u * 1024u)
#define BENCH_ROUND_S 0.3 /* each measurement repeats for at least this long; best of 3 */

static uint32_t lcg(uint32_t *seed)
{
    *seed = *seed * 1664525u + 1013904223u;
    return *seed >> 8 | *seed << 24;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ~1 MiB of NDJSON comment records whose texts are new sentences glued from runs of 3-10
 * words of the dictionary's prose (the project's comment corpus): as repetitive as real
 * comments, not a loop of the same text (which LZ4 would find 64 KiB back and fly). */
static size_t make_text(char *buf, size_t cap)
{
    const char *prose = lz4dict.bytes;
    size_t prose_len = lz4dict.len;
    const char *json = memchr(prose, '{', prose_len); /* the record skeletons start here */
    if (json != NULL) prose_len = (size_t)(json - prose);
    uint32_t seed = 2022;
    size_t n = 0;
    while (n + 1200 < cap) {
        char id[3][40];
        for (int k = 0; k < 3; k++)
            snprintf(id[k], sizeof id[k], "%08x-%04x-4%03x-a%03x-%08x%04x", (unsigned)lcg(&seed),
                     (unsigned)(lcg(&seed) & 0xFFFF), (unsigned)(lcg(&seed) & 0xFFF),
                     (unsigned)(lcg(&seed) & 0xFFF), (unsigned)lcg(&seed),
                     (unsigned)(lcg(&seed) & 0xFFFF));
        n += (size_t)snprintf(buf + n, cap - n,
                              "{\"v\":1,\"type\":\"comment\",\"id\":\"%s\",\"event\":\"untoc-wg-som-9-cd-2022\","
                              "\"device\":\"%s\",\"created\":\"2022-07-01T10:%02u:%02u.%03uZ\","
                              "\"participant\":\"%s\",\"agenda_item\":\"inputs\",\"addressed_to\":null,"
                              "\"language\":\"en\",\"text\":\"",
                              id[0], id[1], (unsigned)(lcg(&seed) % 60), (unsigned)(lcg(&seed) % 60),
                              (unsigned)(lcg(&seed) % 1000), id[2]);
        size_t target = n + 200 + lcg(&seed) % 600;
        while (n < target) {
            size_t at = lcg(&seed) % prose_len;
            while (at < prose_len && prose[at] != ' ') at++; /* start at a word */
            unsigned words = 3 + lcg(&seed) % 8;
            for (; at + 1 < prose_len && words > 0 && n < target; at++) {
                char c = prose[at + 1] == '\n' ? ' ' : prose[at + 1];
                if (c == ' ') words--;
                if (c == '"' || c == '\\') continue;
                buf[n++] = c;
            }
        }
        n += (size_t)snprintf(buf + n, cap - n, "\"}\n");
    }
    return n;
}

typedef struct Timing {
    double mbps;
    size_t out_len;
} Timing;

static Timing time_compress(const char *src, size_t len, int level, uint8_t *dst, size_t cap)
{
    Timing t = {0, 0};
    for (int round = 0; round < 3; round++) {
        size_t bytes = 0;
        double start = now_s(), elapsed;
        do {
            CodecError err;
            t.out_len = codec_compress(src, len, NULL, level, dst, cap, &err);
            if (t.out_len == 0) {
                fprintf(stderr, "codec_compress: %s\n", err.message);
                exit(1);
            }
            bytes += len;
        } while ((elapsed = now_s() - start) < BENCH_ROUND_S);
        double mbps = (double)bytes / elapsed / 1e6;
        if (mbps > t.mbps) t.mbps = mbps;
    }
    return t;
}

static double time_decompress(const uint8_t *frame, size_t frame_len, const char *expect,
                              size_t len)
{
    double best = 0;
    for (int round = 0; round < 3; round++) {
        size_t bytes = 0;
        double start = now_s(), elapsed;
        do {
            uint8_t *out = NULL;
            size_t out_len = 0;
            CodecError err;
            if (!codec_decompress(frame, frame_len, len, NULL, 0, &out, &out_len, &err) ||
                out_len != len || memcmp(out, expect, len) != 0) {
                fprintf(stderr, "codec_decompress: %s\n", err.message);
                exit(1);
            }
            free(out);
            bytes += len;
        } while ((elapsed = now_s() - start) < BENCH_ROUND_S);
        double mbps = (double)bytes / elapsed / 1e6;
        if (mbps > best) best = mbps;
    }
    return best;
}

int main(void)
{
    char *text = malloc(BENCH_BYTES);
    size_t cap = codec_compress_bound(BENCH_BYTES);
    uint8_t *frame = malloc(cap);
    if (text == NULL || frame == NULL) return 1;
    size_t len = make_text(text, BENCH_BYTES);

    Timing fast = time_compress(text, len, CODEC_LEVEL_FAST, frame, cap);
    double dec = time_decompress(frame, fast.out_len, text, len);
    Timing hc = time_compress(text, len, CODEC_LEVEL_DEFAULT, frame, cap);

    printf("codec: %zu bytes of comment NDJSON\n", len);
    printf("  compress   level %d (uploads): %8.1f MB/s, ratio %.3f\n", CODEC_LEVEL_FAST,
           fast.mbps, (double)fast.out_len / (double)len);
    printf("  compress   level %d:           %8.1f MB/s, ratio %.3f\n", CODEC_LEVEL_DEFAULT,
           hc.mbps, (double)hc.out_len / (double)len);
    printf("  decompress:                   %8.1f MB/s\n", dec);
    printf("{\"bytes\":%zu,\"compress_fast_mbps\":%.1f,\"compress_hc_mbps\":%.1f,"
           "\"decompress_mbps\":%.1f,\"ratio_fast\":%.4f,\"ratio_hc\":%.4f}\n",
           len, fast.mbps, hc.mbps, dec, (double)fast.out_len / (double)len,
           (double)hc.out_len / (double)len);
    free(text);
    free(frame);
    return 0;
}
