/* backlog_gen.c — `make bench`: writes N queued records in the outbox's storage form
 * (outbox_encode: LZ4 with the project dictionary), for the backlog flush benchmark to put
 * into a browser's IndexedDB as if a kiosk had been offline all day; the browser tests'
 * backlogs and the desktop program's upload test (tests/server/native.test.mjs) use it too.
 * Output: per record, u16 id length, id, u32 blob length, blob (little endian). A third
 * argument seeds the ids, so that two backlogs for one server do not share records. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/outbox.h"
#include "core/record.h"

static void put_le(FILE *f, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++) fputc((int)(v >> (8 * i) & 0xFF), f);
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) { fprintf(stderr, "usage: backlog_gen COUNT OUT [SEED]\n"); return 2; }
    long count = strtol(argv[1], NULL, 10);
    FILE *out = fopen(argv[2], "wb");
    if (count <= 0 || !out) { perror("backlog_gen"); return 1; }
    static char line[RECORD_MAX_LINE_BYTES + 1];
    size_t cap = outbox_encode_bound(RECORD_MAX_LINE_BYTES);
    uint8_t *blob = malloc(cap);
    uint8_t rnd[16];
    uint32_t seed = argc == 4 ? (uint32_t)strtoul(argv[3], NULL, 10) : 7;
    char device[RECORD_UUID_LEN + 1], participant[RECORD_UUID_LEN + 1];
    for (int i = 0; i < 16; i++) {
        seed = seed * 1664525u + 1013904223u;
        rnd[i] = (uint8_t)(seed >> 24);
    }
    record_uuid_v4(rnd, device);
    rnd[0] ^= 0x5a;
    record_uuid_v4(rnd, participant);
    for (long n = 0; n < count; n++) {
        char id[RECORD_UUID_LEN + 1], created[RECORD_TIME_BYTES], text[600];
        for (int i = 0; i < 16; i++) {
            seed = seed * 1664525u + 1013904223u;
            rnd[i] = (uint8_t)(seed >> 24);
        }
        record_uuid_v4(rnd, id);
        record_format_time(1656662400000 + n * 1000, created);
        snprintf(text, sizeof text,
                 "Comment %ld from a kiosk that was offline: Member States should expand training for "
                 "law enforcement with civil society, protect witnesses and the families of victims, and "
                 "improve data collection on regular pathways for migration.", n);
        RecordComment c = {.id = id, .event = "untoc-wg-som-9-cd-2022", .device = device, .created = created,
                           .participant = participant, .agenda_item = "inputs", .addressed_to = NULL,
                           .language = "en", .text = text};
        RecordError err;
        size_t len = record_write_comment(&c, line, sizeof line, &err);
        size_t blob_len;
        OutboxError oerr;
        if (!len || outbox_encode(line, len, blob, cap, &blob_len, &oerr) != OUTBOX_OK) {
            fprintf(stderr, "backlog_gen: record %ld: %s%s\n", n, err.message, oerr.message);
            return 1;
        }
        put_le(out, RECORD_UUID_LEN, 2);
        fwrite(id, 1, RECORD_UUID_LEN, out);
        put_le(out, (uint32_t)blob_len, 4);
        fwrite(blob, 1, blob_len, out);
    }
    free(blob);
    return fclose(out) == 0 ? 0 : 1;
}
