/* test_codec.c — unit tests of core/codec: round trips with and without a dictionary, frames
 * from the lz4 command line tool, and every refusal (bombs, no size, no checksum, corruption,
 * truncation, trailing bytes, unknown or wrong dictionary). Runs from the repository root;
 * a hostile frame must end in an error with its exact message, never in a crash or bad data. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_files.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The test makes frames the codec must refuse (no size, no checksum) with liblz4 itself. */
#define LZ4F_STATIC_LINKING_ONLY
#include <lz4frame.h>

#include "core/codec.h"

#define FIXTURES "tests/fixtures/lz4/"
#define MIB (1024u * 1024u)
#define LIMIT_8MIB (8u * MIB)

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* English close to what participants write: the dictionary's reason to exist. */
static const char dict_text[] =
    "Thank you, Chair. Thank you to the panellists for the briefing. I would like to ask the "
    "panel how States can ensure that smuggled migrants have access to protection and to "
    "information in a language they understand. Civil society organizations, academia and the "
    "private sector can contribute to the implementation of the Protocol against the Smuggling "
    "of Migrants by Land, Sea and Air. What are good practices of cooperation between countries "
    "of origin, transit and destination? How can the Working Group on the Smuggling of Migrants "
    "take into account the human rights of migrants, including women and children, and the "
    "need for assistance to victims? Could the panel share experiences from the region, and "
    "recommendations for the Conference of the Parties to the United Nations Convention against "
    "Transnational Organized Crime? Our organization works with migrants and refugees in "
    "shelters; we see that smugglers use social media and that migrants do not know their "
    "rights. I would also like to ask about data, research and the role of national "
    "authorities. Thank you.";

static const char comment_text[] =
    "Thank you for the briefing. I would like to ask the panel how civil society organizations "
    "can cooperate with national authorities to protect the rights of smuggled migrants, and "
    "whether the Working Group could recommend that States share information in a language "
    "migrants understand. Thank you very much, Chair, to all of you.";

/* ---------------------------------------------------------------- helpers */

static uint32_t lcg(uint32_t *seed)
{
    *seed = *seed * 1664525u + 1013904223u;
    return *seed;
}

static void fill_random(uint8_t *buf, size_t len, uint32_t seed)
{
    for (size_t i = 0; i < len; i++) buf[i] = (uint8_t)(lcg(&seed) >> 24);
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static uint8_t *pack(const void *src, size_t len, const CodecDict *dict, int level, size_t *out_len)
{
    size_t cap = codec_compress_bound(len);
    uint8_t *frame = malloc(cap);
    assert_non_null(frame);
    CodecError err;
    *out_len = codec_compress(src, len, dict, level, frame, cap, &err);
    if (*out_len == 0) fail_msg("compress failed: %s", err.message);
    assert_int_equal(err.kind, CODEC_ERROR_NONE);
    return frame;
}

static void expect_decodes(const uint8_t *frame, size_t len, const CodecDict *dicts, size_t n,
                           const void *want, size_t want_len)
{
    uint8_t *out = NULL;
    size_t out_len = 0;
    CodecError err;
    if (!codec_decompress(frame, len, LIMIT_8MIB, dicts, n, &out, &out_len, &err))
        fail_msg("decompress failed: %s", err.message);
    assert_non_null(out);
    assert_int_equal(out_len, want_len);
    if (want_len > 0) assert_memory_equal(out, want, want_len);
    free(out);
}

/* kind NONE: any kind; message NULL: any message. */
static void expect_refused(const uint8_t *frame, size_t len, size_t max, const CodecDict *dicts,
                           size_t n, CodecErrorKind kind, const char *message)
{
    uint8_t *out = (uint8_t *)"sentinel";
    size_t out_len = 99;
    CodecError err;
    if (codec_decompress(frame, len, max, dicts, n, &out, &out_len, &err)) {
        free(out);
        fail_msg("accepted, expected \"%s\"", message ? message : "an error");
    }
    assert_null(out);
    assert_int_equal(out_len, 0);
    assert_true(err.message[0] != '\0');
    if (kind != CODEC_ERROR_NONE) assert_int_equal(err.kind, kind);
    else assert_int_not_equal(err.kind, CODEC_ERROR_NONE);
    if (message != NULL) assert_string_equal(err.message, message);
}

/* Reference XXH32 (seed 0) for short inputs, to forge frame headers with a valid checksum. */
static uint32_t ref_xxh32(const uint8_t *p, size_t len)
{
    const uint32_t p1 = 2654435761u, p2 = 2246822519u, p3 = 3266489917u, p4 = 668265263u,
                   p5 = 374761393u;
    assert_true(len < 16);
    uint32_t h = p5 + (uint32_t)len;
    size_t i = 0;
    for (; i + 4 <= len; i += 4) {
        uint32_t v = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8 | (uint32_t)p[i + 2] << 16 |
                     (uint32_t)p[i + 3] << 24;
        h += v * p3;
        h = ((h << 17) | (h >> 15)) * p4;
    }
    for (; i < len; i++) {
        h += p[i] * p5;
        h = ((h << 11) | (h >> 21)) * p1;
    }
    h ^= h >> 15;
    h *= p2;
    h ^= h >> 13;
    h *= p3;
    h ^= h >> 16;
    return h;
}

/* Rewrites the content size of a frame that has one (header: magic, FLG, BD, 8 size bytes,
 * HC) and fixes the header checksum, as a hostile client would. */
static void forge_content_size(uint8_t *frame, uint64_t size)
{
    assert_true(frame[4] & 0x08);
    assert_false(frame[4] & 0x01); /* no dict id: the size is followed by HC */
    for (int i = 0; i < 8; i++) frame[6 + i] = (uint8_t)(size >> (8 * i));
    frame[14] = (uint8_t)(ref_xxh32(frame + 4, 10) >> 8);
}

static bool have_lz4_cli(void)
{
    static int have = -1;
    if (have < 0) {
        have = system("command -v lz4 >/dev/null 2>&1") == 0;
        if (!have) print_message("note: no lz4 command; the live lz4 CLI checks are skipped\n");
    }
    return have;
}

static char tmp_dir[64];

static int make_tmp_dir(void **state)
{
    (void)state;
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/parley-codec-XXXXXX");
    return mkdtemp(tmp_dir) == NULL ? -1 : 0;
}

static const char *const tmp_files[] = {"in.bin", "in.bin.lz4", "back.bin"};

static void tmp_path(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", tmp_dir, name);
}

static int remove_tmp_dir(void **state)
{
    (void)state;
    char path[128];
    for (size_t i = 0; i < COUNT(tmp_files); i++) {
        tmp_path(path, sizeof path, tmp_files[i]);
        (void)remove(path); /* absent when the lz4 command is missing */
    }
    return rmdir(tmp_dir) == 0 ? 0 : -1;
}

/* ---------------------------------------------------------------- round trips */

static void round_trip(const void *src, size_t len, const CodecDict *dict, int level)
{
    size_t flen;
    uint8_t *frame = pack(src, len, dict, level, &flen);
    assert_true(flen <= codec_compress_bound(len));
    CodecFrameInfo info;
    CodecError err;
    assert_true(codec_frame_info(frame, flen, &info, &err));
    assert_true(info.has_content_size);
    assert_true(info.has_checksum);
    assert_true(info.content_size == len);
    assert_int_equal(info.dict_id, dict != NULL ? dict->id : 0);
    assert_true(info.header_len == (dict != NULL ? 19u : 15u));
    expect_decodes(frame, flen, dict, dict != NULL ? 1 : 0, src, len);
    free(frame);
}

static void test_round_trips(void **state)
{
    (void)state;
    const CodecDict dict = {0x1234, dict_text, sizeof dict_text - 1};
    static const int levels[] = {CODEC_LEVEL_FAST, 1, CODEC_LEVEL_DEFAULT, CODEC_LEVEL_MAX};
    uint8_t *random = malloc(MIB + 1);
    uint8_t *pattern = malloc(MIB);
    assert_non_null(random);
    assert_non_null(pattern);
    fill_random(random, MIB + 1, 42);
    for (size_t i = 0; i < MIB; i++) pattern[i] = (uint8_t)"consultation "[i % 13];

    for (int with_dict = 0; with_dict <= 1; with_dict++) {
        const CodecDict *d = with_dict ? &dict : NULL;
        for (size_t l = 0; l < COUNT(levels); l++) {
            round_trip("", 0, d, levels[l]);
            round_trip("x", 1, d, levels[l]);
            round_trip(comment_text, sizeof comment_text - 1, d, levels[l]);
            round_trip(dict_text, sizeof dict_text - 1, d, levels[l]); /* the dictionary itself */
            round_trip(random, 65536, d, levels[l]);                   /* one full block */
            round_trip(random, 65537, d, levels[l]);                   /* and one byte more */
            round_trip(pattern, MIB, d, levels[l]);
        }
        round_trip(random, MIB, d, CODEC_LEVEL_FAST);
        round_trip(random, MIB + 1, d, CODEC_LEVEL_DEFAULT);
    }
    /* Levels outside the range are clamped, not refused. */
    round_trip(comment_text, sizeof comment_text - 1, NULL, -50);
    round_trip(comment_text, sizeof comment_text - 1, &dict, 99);

    /* Compressible data really shrinks, random data grows only by the framing. */
    size_t flen;
    uint8_t *frame = pack(pattern, MIB, NULL, CODEC_LEVEL_DEFAULT, &flen);
    assert_true(flen < MIB / 100);
    free(frame);
    frame = pack(random, MIB, NULL, CODEC_LEVEL_FAST, &flen);
    assert_true(flen < MIB + MIB / 100);
    free(frame);
    free(random);
    free(pattern);
}

static void test_empty_content(void **state)
{
    (void)state;
    /* LZ4F leaves the size out for 0 bytes; the codec writes a frame that declares 0. */
    size_t flen;
    uint8_t *frame = pack("", 0, NULL, CODEC_LEVEL_DEFAULT, &flen);
    static const uint8_t want[] = {0x04, 0x22, 0x4D, 0x18, 0x7C, 0x40, 0, 0, 0, 0, 0, 0, 0, 0,
                                   0x00 /* HC, checked below */, 0, 0, 0, 0, 0x05, 0x5D, 0xCC, 0x02};
    assert_int_equal(flen, sizeof want);
    assert_memory_equal(frame, want, 14);
    assert_int_equal(frame[14], (uint8_t)(ref_xxh32(want + 4, 10) >> 8));
    assert_memory_equal(frame + 15, want + 15, 8); /* end mark, XXH32("") = 0x02CC5D05 */
    uint8_t *out = NULL;
    size_t out_len = 7;
    CodecError err;
    assert_true(codec_decompress(frame, flen, 0, NULL, 0, &out, &out_len, &err));
    assert_non_null(out); /* a real (1-byte) allocation, so callers can free it as usual */
    assert_int_equal(out_len, 0);
    free(out);
    free(frame);

    const CodecDict dict = {0xCAFE, dict_text, sizeof dict_text - 1};
    frame = pack("", 0, &dict, CODEC_LEVEL_DEFAULT, &flen);
    assert_int_equal(flen, 27);
    CodecFrameInfo info;
    assert_true(codec_frame_info(frame, flen, &info, &err));
    assert_int_equal(info.dict_id, 0xCAFE);
    expect_decodes(frame, flen, &dict, 1, "", 0);
    expect_refused(frame, flen, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "unknown dictionary id 0xCAFE");
    free(frame);
}

static void test_dictionary(void **state)
{
    (void)state;
    const CodecDict dicts[] = {
        {0x1111, "unrelated bytes unrelated bytes", 31},
        {0x1234, dict_text, sizeof dict_text - 1},
    };
    /* A short English comment: smaller with a dictionary of similar English text. */
    assert_true(sizeof comment_text - 1 >= 300);
    size_t plain_len, dict_len;
    uint8_t *plain = pack(comment_text, 300, NULL, CODEC_LEVEL_DEFAULT, &plain_len);
    uint8_t *with = pack(comment_text, 300, &dicts[1], CODEC_LEVEL_DEFAULT, &dict_len);
    print_message("300-byte comment: %zu bytes without dictionary, %zu with\n", plain_len, dict_len);
    assert_true(dict_len + 40 < plain_len);
    expect_decodes(with, dict_len, dicts, 2, comment_text, 300);
    expect_decodes(with, dict_len, &dicts[1], 1, comment_text, 300);
    /* A frame without a dictionary ignores the table. */
    expect_decodes(plain, plain_len, dicts, 2, comment_text, 300);

    /* Unknown id: refused before decoding. */
    expect_refused(with, dict_len, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "unknown dictionary id 0x1234");
    expect_refused(with, dict_len, LIMIT_8MIB, dicts, 1, CODEC_ERROR_INVALID,
                   "unknown dictionary id 0x1234");
    /* Known id, other bytes: the decoded text is wrong, and the codec says so. */
    const CodecDict wrong = {0x1234, "Thank you, Chair. Different words entirely here.", 48};
    expect_refused(with, dict_len, LIMIT_8MIB, &wrong, 1, CODEC_ERROR_INVALID, NULL);
    /* The right id and a dictionary one bit away, at many places. */
    char other[sizeof dict_text];
    const CodecDict almost = {0x1234, other, sizeof dict_text - 1};
    for (size_t i = 0; i + 1 < sizeof dict_text; i += 7) {
        memcpy(other, dict_text, sizeof dict_text);
        other[i] = (char)(other[i] ^ 0x01);
        uint8_t *out = NULL;
        size_t out_len;
        CodecError err;
        if (codec_decompress(with, dict_len, LIMIT_8MIB, &almost, 1, &out, &out_len, &err)) {
            /* Bytes of the dictionary the encoder did not refer to may differ harmlessly;
             * what comes out is then still exactly the original. */
            assert_int_equal(out_len, 300);
            assert_memory_equal(out, comment_text, 300);
            free(out);
        } else {
            assert_string_equal(err.message, "content checksum mismatch");
        }
    }
    free(plain);
    free(with);

    /* Usage errors: id 0 means "no dictionary" in the frame format. */
    uint8_t buf[512];
    CodecError err;
    const CodecDict zero = {0, dict_text, 10};
    assert_int_equal(codec_compress("abc", 3, &zero, 0, buf, sizeof buf, &err), 0);
    assert_int_equal(err.kind, CODEC_ERROR_USAGE);
    assert_string_equal(err.message, "a dictionary needs bytes and a non-zero id");
}

/* ---------------------------------------------------------------- foreign frames */

static void test_lz4_cli_fixture(void **state)
{
    (void)state;
    size_t text_len, frame_len;
    uint8_t *text = test_read_file(FIXTURES "records.ndjson", &text_len);
    uint8_t *frame = test_read_file(FIXTURES "records.ndjson.lz4", &frame_len);
    /* Made by `lz4 -9 --content-size`: the header checksum agrees with our reference. */
    assert_int_equal(frame[14], (uint8_t)(ref_xxh32(frame + 4, 10) >> 8));
    expect_decodes(frame, frame_len, NULL, 0, text, text_len);
    CodecFrameInfo info;
    CodecError err;
    assert_true(codec_frame_info(frame, frame_len, &info, &err));
    assert_true(info.content_size == text_len);
    free(frame);

    /* Without --content-size: refused, with the way to fix it. */
    frame = test_read_file(FIXTURES "records-no-size.ndjson.lz4", &frame_len);
    assert_true(codec_frame_info(frame, frame_len, &info, &err));
    assert_false(info.has_content_size);
    expect_refused(frame, frame_len, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "frame does not declare its content size (required; lz4 --content-size)");
    free(frame);
    frame = test_read_file(FIXTURES "records-legacy.ndjson.lz4", &frame_len);
    expect_refused(frame, frame_len, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "legacy LZ4 format (lz4 -l), expected the LZ4 frame format");
    free(frame);
    free(text);
}

/* The live tool, both ways: its frames decode here, ours decode there. */
static void test_lz4_cli_live(void **state)
{
    (void)state;
    if (!have_lz4_cli()) return;
    char in[128], out[128], back[128], cmd[512];
    tmp_path(in, sizeof in, tmp_files[0]);
    tmp_path(out, sizeof out, tmp_files[1]);
    tmp_path(back, sizeof back, tmp_files[2]);

    size_t len = 300000;
    uint8_t *data = malloc(len);
    assert_non_null(data);
    uint32_t seed = 5;
    for (size_t i = 0; i < len; i++) /* compressible but not trivial */
        data[i] = (lcg(&seed) >> 29) == 0 ? (uint8_t)(seed >> 8) : (uint8_t)dict_text[i % 200];
    write_file(in, data, len);

    static const char *const variants[] = {
        "-9 --content-size", "-1 --content-size", "-9 --content-size -BX", "-12 --content-size -B4 -BD",
    };
    for (size_t v = 0; v < COUNT(variants); v++) {
        snprintf(cmd, sizeof cmd, "lz4 -q -f %s '%s' '%s'", variants[v], in, out);
        assert_int_equal(system(cmd), 0);
        size_t flen;
        uint8_t *frame = test_read_file(out, &flen);
        expect_decodes(frame, flen, NULL, 0, data, len);
        free(frame);
    }
    snprintf(cmd, sizeof cmd, "lz4 -q -f --content-size --no-frame-crc '%s' '%s'", in, out);
    assert_int_equal(system(cmd), 0);
    size_t flen;
    uint8_t *frame = test_read_file(out, &flen);
    expect_refused(frame, flen, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "frame has no content checksum (required)");
    free(frame);

    /* Ours, including the hand-made empty frame, decode with the reference tool. */
    const size_t sizes[] = {0, 1, len};
    for (size_t s = 0; s < COUNT(sizes); s++) {
        frame = pack(data, sizes[s], NULL, CODEC_LEVEL_DEFAULT, &flen);
        write_file(out, frame, flen);
        free(frame);
        snprintf(cmd, sizeof cmd, "lz4 -q -d -f '%s' '%s'", out, back);
        assert_int_equal(system(cmd), 0);
        size_t blen;
        uint8_t *got = test_read_file(back, &blen);
        assert_int_equal(blen, sizes[s]);
        if (blen > 0) assert_memory_equal(got, data, blen);
        free(got);
    }
    free(data);
}

static void test_refuses_frames_without_size_or_checksum(void **state)
{
    (void)state;
    uint8_t frame[1024];
    LZ4F_preferences_t prefs;
    memset(&prefs, 0, sizeof prefs);
    prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled; /* but no size */
    size_t n = LZ4F_compressFrame(frame, sizeof frame, comment_text, 200, &prefs);
    assert_false(LZ4F_isError(n));
    expect_refused(frame, n, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "frame does not declare its content size (required; lz4 --content-size)");
    memset(&prefs, 0, sizeof prefs);
    prefs.frameInfo.contentSize = 200; /* but no checksum */
    n = LZ4F_compressFrame(frame, sizeof frame, comment_text, 200, &prefs);
    assert_false(LZ4F_isError(n));
    expect_refused(frame, n, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "frame has no content checksum (required)");
    /* With both, and a block checksum too, LZ4F's own frames are fine. */
    prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
    prefs.frameInfo.blockChecksumFlag = LZ4F_blockChecksumEnabled;
    n = LZ4F_compressFrame(frame, sizeof frame, comment_text, 200, &prefs);
    assert_false(LZ4F_isError(n));
    expect_decodes(frame, n, NULL, 0, comment_text, 200);
}

/* ---------------------------------------------------------------- limits */

static void test_size_limit(void **state)
{
    (void)state;
    size_t big = 9000000;
    uint8_t *zeros = calloc(big, 1);
    assert_non_null(zeros);
    size_t flen;
    uint8_t *frame = pack(zeros, big, NULL, CODEC_LEVEL_FAST, &flen);
    assert_true(flen < 100000); /* a small upload that claims 9 MB */
    expect_refused(frame, flen, LIMIT_8MIB, NULL, 0, CODEC_ERROR_TOO_LARGE,
                   "frame declares 9000000 bytes, over the limit of 8388608");
    uint8_t *out;
    size_t out_len;
    CodecError err;
    assert_true(codec_decompress(frame, flen, big, NULL, 0, &out, &out_len, &err)); /* at the limit */
    assert_int_equal(out_len, big);
    assert_memory_equal(out, zeros, big);
    free(out);
    free(frame);
    free(zeros);

    /* A forged header declaring 4 EiB: refused from the header alone. Were it allocated,
     * ASan would abort the test (an allocation that size is fatal under it). */
    frame = pack(comment_text, 100, NULL, CODEC_LEVEL_DEFAULT, &flen);
    forge_content_size(frame, UINT64_C(1) << 62);
    expect_refused(frame, flen, LIMIT_8MIB, NULL, 0, CODEC_ERROR_TOO_LARGE,
                   "frame declares 4611686018427387904 bytes, over the limit of 8388608");
    forge_content_size(frame, UINT64_MAX);
    expect_refused(frame, flen, LIMIT_8MIB, NULL, 0, CODEC_ERROR_TOO_LARGE,
                   "frame declares 18446744073709551615 bytes, over the limit of 8388608");
    forge_content_size(frame, LIMIT_8MIB + 1);
    expect_refused(frame, flen, LIMIT_8MIB, NULL, 0, CODEC_ERROR_TOO_LARGE,
                   "frame declares 8388609 bytes, over the limit of 8388608");
    /* Under the limit but a lie: the data does not fill the declared size. */
    forge_content_size(frame, LIMIT_8MIB);
    expect_refused(frame, flen, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "decoded size does not match the declared content size");
    forge_content_size(frame, 101);
    expect_refused(frame, flen, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "decoded size does not match the declared content size");
    /* Declaring less than the data holds: the output buffer is never overrun. */
    forge_content_size(frame, 99);
    expect_refused(frame, flen, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "frame holds more data than its declared 99 bytes");
    forge_content_size(frame, 0);
    expect_refused(frame, flen, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "frame holds more data than its declared 0 bytes");
    forge_content_size(frame, 100);
    expect_decodes(frame, flen, NULL, 0, comment_text, 100);
    /* A limit of 0 refuses all but the empty frame (see test_empty_content). */
    expect_refused(frame, flen, 0, NULL, 0, CODEC_ERROR_TOO_LARGE,
                   "frame declares 100 bytes, over the limit of 0");
    free(frame);
}

/* ---------------------------------------------------------------- corruption */

static void test_bit_flips(void **state)
{
    (void)state;
    const CodecDict dict = {0x0D1C7, dict_text, sizeof dict_text - 1};
    uint8_t *text = malloc(3000);
    assert_non_null(text);
    for (size_t i = 0; i < 3000; i++) text[i] = (uint8_t)comment_text[(i * 7) % 300];
    struct { const void *src; size_t len; const CodecDict *dict; } cases[] = {
        {text, 3000, NULL}, {text, 3000, &dict}, {comment_text, 300, &dict},
        {"", 0, NULL}, {"", 0, &dict}, {"x", 1, NULL},
    };
    size_t flips = 0;
    for (size_t c = 0; c < COUNT(cases); c++) {
        size_t flen;
        uint8_t *frame = pack(cases[c].src, cases[c].len, cases[c].dict, CODEC_LEVEL_DEFAULT, &flen);
        for (size_t at = 0; at < flen; at++) {
            for (int bit = 0; bit < 8; bit++) {
                frame[at] ^= (uint8_t)(1u << bit);
                uint8_t *out = NULL;
                size_t out_len;
                CodecError err;
                if (codec_decompress(frame, flen, LIMIT_8MIB, cases[c].dict,
                                     cases[c].dict != NULL ? 1 : 0, &out, &out_len, &err)) {
                    free(out);
                    fail_msg("case %zu: flipping bit %d of byte %zu of %zu was accepted", c, bit,
                             at, flen);
                }
                assert_int_not_equal(err.kind, CODEC_ERROR_NONE);
                frame[at] ^= (uint8_t)(1u << bit);
                flips++;
            }
        }
        expect_decodes(frame, flen, cases[c].dict, cases[c].dict != NULL ? 1 : 0, cases[c].src,
                       cases[c].len);
        free(frame);
    }
    print_message("%zu single-bit corruptions, all refused\n", flips);
    free(text);
}

static void test_truncation(void **state)
{
    (void)state;
    /* Two blocks: random, then text, so the cuts land in both kinds of block. */
    uint8_t *data = malloc(70000);
    assert_non_null(data);
    fill_random(data, 20000, 9);
    for (size_t i = 20000; i < 70000; i++) data[i] = (uint8_t)dict_text[i % 500];
    const CodecDict dict = {77, dict_text, sizeof dict_text - 1};
    struct { size_t len; const CodecDict *dict; } cases[] = {
        {70000, NULL}, {300, &dict}, {0, NULL}, {1, NULL},
    };
    for (size_t c = 0; c < COUNT(cases); c++) {
        size_t flen;
        uint8_t *frame = pack(data, cases[c].len, cases[c].dict, CODEC_LEVEL_DEFAULT, &flen);
        for (size_t cut = 0; cut < flen; cut++) {
            /* A copy of exactly `cut` bytes, so ASan sees any read past the end. */
            uint8_t *part = malloc(cut > 0 ? cut : 1);
            assert_non_null(part);
            memcpy(part, frame, cut);
            expect_refused(part, cut, LIMIT_8MIB, cases[c].dict, cases[c].dict ? 1 : 0,
                           CODEC_ERROR_INVALID, NULL);
            free(part);
        }
        free(frame);
    }
    /* The messages at the interesting lengths. */
    size_t flen;
    uint8_t *frame = pack(comment_text, 300, NULL, CODEC_LEVEL_DEFAULT, &flen);
    expect_refused(frame, 0, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "truncated frame: 0 bytes, not even a magic number");
    expect_refused(frame, 3, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "truncated frame: 3 bytes, not even a magic number");
    expect_refused(frame, 4, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID, "truncated frame header");
    expect_refused(frame, 14, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "truncated frame header (14 of 15 bytes)");
    expect_refused(frame, 15, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID, "truncated frame");
    expect_refused(frame, flen - 1, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID, "truncated frame");
    expect_refused(frame, flen - 4, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID, "truncated frame");
    free(frame);
    free(data);
}

static void test_trailing_bytes(void **state)
{
    (void)state;
    size_t flen;
    uint8_t *frame = pack(comment_text, 300, NULL, CODEC_LEVEL_DEFAULT, &flen);
    uint8_t *two = malloc(flen * 2);
    assert_non_null(two);
    memcpy(two, frame, flen);
    two[flen] = '\n';
    expect_refused(two, flen + 1, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "1 byte after the end of the frame (exactly one frame is allowed)");
    memset(two + flen, 0, 4);
    expect_refused(two, flen + 4, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "4 bytes after the end of the frame (exactly one frame is allowed)");
    /* Two valid frames back to back: one frame per buffer, as the contract says. */
    memcpy(two + flen, frame, flen);
    char msg[100];
    snprintf(msg, sizeof msg, "%zu bytes after the end of the frame (exactly one frame is allowed)",
             flen);
    expect_refused(two, flen * 2, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID, msg);
    free(two);
    free(frame);
}

static void test_not_a_frame(void **state)
{
    (void)state;
    expect_refused((const uint8_t *)"hello, world", 12, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "not an LZ4 frame (magic number 0x6C6C6568)");
    expect_refused((const uint8_t *)"{\"v\":1}", 7, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "not an LZ4 frame (magic number 0x2276227B)");
    static const uint8_t skippable[] = {0x5A, 0x2A, 0x4D, 0x18, 4, 0, 0, 0, 1, 2, 3, 4};
    expect_refused(skippable, sizeof skippable, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "skippable frame, expected an LZ4 data frame");
    /* Header fields LZ4F rejects, each with its checksum made right. */
    size_t flen;
    uint8_t *frame = pack(comment_text, 50, NULL, CODEC_LEVEL_DEFAULT, &flen);
    frame[4] = (uint8_t)((frame[4] & 0x3F) | 0x80); /* version 10 */
    frame[14] = (uint8_t)(ref_xxh32(frame + 4, 10) >> 8);
    expect_refused(frame, flen, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "unsupported frame format version");
    free(frame);
    frame = pack(comment_text, 50, NULL, CODEC_LEVEL_DEFAULT, &flen);
    frame[5] = 0x30; /* block size id 3: not defined */
    frame[14] = (uint8_t)(ref_xxh32(frame + 4, 10) >> 8);
    expect_refused(frame, flen, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "invalid block size in the frame header");
    frame[5] = 0x41; /* reserved bit */
    frame[14] = (uint8_t)(ref_xxh32(frame + 4, 10) >> 8);
    expect_refused(frame, flen, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "reserved bit set in the frame header");
    frame[5] = 0x40;
    frame[14] = (uint8_t)((ref_xxh32(frame + 4, 10) >> 8) ^ 0xFF);
    expect_refused(frame, flen, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID,
                   "frame header checksum mismatch");
    frame[14] ^= 0xFF;
    frame[flen - 1] ^= 0x80;
    expect_refused(frame, flen, LIMIT_8MIB, NULL, 0, CODEC_ERROR_INVALID, "content checksum mismatch");
    free(frame);

    /* Random bytes behind a valid magic number: never a crash. */
    uint8_t junk[256];
    uint32_t seed = 1;
    for (int round = 0; round < 20000; round++) {
        size_t len = 4 + lcg(&seed) % (sizeof junk - 4);
        fill_random(junk, len, lcg(&seed));
        memcpy(junk, "\x04\x22\x4D\x18", 4);
        if (round & 1) junk[4] = (uint8_t)((junk[4] & 0x3D) | 0x4C); /* plausible flags */
        uint8_t *out = NULL;
        size_t out_len;
        CodecError err;
        if (codec_decompress(junk, len, LIMIT_8MIB, NULL, 0, &out, &out_len, &err)) free(out);
    }

    CodecFrameInfo info;
    CodecError err;
    assert_false(codec_frame_info("abc", 3, &info, &err));
    assert_string_equal(err.message, "truncated frame: 3 bytes, not even a magic number");
}

/* Levels outside CODEC_LEVEL_FAST..CODEC_LEVEL_MAX are clamped to the nearest end. */
static void test_level_clamped(void **state)
{
    (void)state;
    const CodecDict dict = {0x1234, dict_text, sizeof dict_text - 1};
    size_t fast_len, hc_len, low_len, high_len;
    uint8_t *fast = pack(comment_text, 300, &dict, CODEC_LEVEL_FAST, &fast_len);
    uint8_t *hc = pack(comment_text, 300, &dict, CODEC_LEVEL_MAX, &hc_len);
    uint8_t *low = pack(comment_text, 300, &dict, -5, &low_len);
    uint8_t *high = pack(comment_text, 300, &dict, 99, &high_len);
    assert_true(hc_len < fast_len);
    assert_int_equal(low_len, fast_len);
    assert_memory_equal(low, fast, fast_len);
    assert_int_equal(high_len, hc_len);
    assert_memory_equal(high, hc, hc_len);
    expect_decodes(high, high_len, &dict, 1, comment_text, 300);
    free(fast);
    free(hc);
    free(low);
    free(high);
}

static void test_compress_usage(void **state)
{
    (void)state;
    assert_true(codec_compress_bound(0) >= 27);
    assert_true(codec_compress_bound(1000) > 1000);
    assert_true(codec_compress_bound(SIZE_MAX) == SIZE_MAX);
    uint8_t buf[64];
    CodecError err;
    size_t need = codec_compress_bound(300);
    char msg[100];
    snprintf(msg, sizeof msg, "output buffer of 64 bytes, need %zu", need);
    assert_int_equal(codec_compress(comment_text, 300, NULL, 0, buf, sizeof buf, &err), 0);
    assert_int_equal(err.kind, CODEC_ERROR_USAGE);
    assert_string_equal(err.message, msg);
    assert_int_equal(codec_compress(comment_text, 300, NULL, 0, NULL, 0, &err), 0);
    assert_int_equal(err.kind, CODEC_ERROR_USAGE);
    assert_int_equal(codec_compress(NULL, 5, NULL, 0, buf, sizeof buf, NULL), 0);
    uint8_t *out;
    size_t out_len;
    assert_false(codec_decompress(NULL, 5, 100, NULL, 0, &out, &out_len, &err));
    assert_int_equal(err.kind, CODEC_ERROR_USAGE);
    assert_false(codec_decompress("x", 1, 100, NULL, 0, NULL, &out_len, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_empty_content),
        cmocka_unit_test(test_dictionary),
        cmocka_unit_test(test_lz4_cli_fixture),
        cmocka_unit_test(test_lz4_cli_live),
        cmocka_unit_test(test_refuses_frames_without_size_or_checksum),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_bit_flips),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_trailing_bytes),
        cmocka_unit_test(test_not_a_frame),
        cmocka_unit_test(test_level_clamped),
        cmocka_unit_test(test_compress_usage),
    };
    return cmocka_run_group_tests(tests, make_tmp_dir, remove_tmp_dir);
}
