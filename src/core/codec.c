/* codec.c — one LZ4 frame per buffer (the contract's upload encoding and the kiosk's storage
 * encoding), on liblz4's public frame API only: the web build compiles the same 1.9.4 sources.
 * Portable C11, no I/O, no globals. It must never trust a size from the wire before checking
 * it against the caller's limit, and never hand back bytes that failed a check. */
#define LZ4F_STATIC_LINKING_ONLY /* the dictionary calls live in this part of lz4frame.h */
#include "core/codec.h"

#include <lz4frame.h>

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/attrs.h"

/* From the LZ4 frame format specification (doc/lz4_Frame_format.md). */
#define CODEC_MAGIC            0x184D2204u
#define CODEC_MAGIC_SKIPPABLE  0x184D2A50u /* low 4 bits vary */
#define CODEC_MAGIC_LEGACY     0x184C2102u
#define CODEC_FLG_VERSION_01   0x40u
#define CODEC_FLG_BLOCK_INDEP  0x20u
#define CODEC_FLG_BLOCK_SUM    0x10u
#define CODEC_FLG_CONTENT_SIZE 0x08u
#define CODEC_FLG_CHECKSUM     0x04u
#define CODEC_FLG_DICT_ID      0x01u
#define CODEC_BD_64KB          0x40u
#define CODEC_HEADER_MIN       7u  /* magic, FLG, BD, HC */
#define CODEC_EMPTY_FRAME_MAX  27u /* header with size and dict id, end mark, checksum */

static bool codec_fail(CodecError *err, CodecErrorKind kind, const char *fmt, ...)
    PRINTF_LIKE(3, 4);

static bool codec_fail(CodecError *err, CodecErrorKind kind, const char *fmt, ...)
{
    if (err != NULL) {
        va_list ap;
        err->kind = kind;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return false;
}

static void codec_ok(CodecError *err)
{
    if (err != NULL) {
        err->kind = CODEC_ERROR_NONE;
        err->message[0] = '\0';
    }
}

static uint32_t read_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void write_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t rotl32(uint32_t v, int r)
{
    return (v << r) | (v >> (32 - r));
}

/* XXH32 with seed 0 for inputs under 16 bytes: all the empty frame needs (its header
 * descriptor and the checksum of no content). xxhash.h is not part of the public API. */
static uint32_t xxh32_short(const uint8_t *p, size_t len)
{
    const uint32_t p1 = 2654435761u, p2 = 2246822519u, p3 = 3266489917u, p4 = 668265263u,
                   p5 = 374761393u;
    uint32_t h = p5 + (uint32_t)len;
    size_t i = 0;
    for (; i + 4 <= len; i += 4) h = rotl32(h + read_le32(p + i) * p3, 17) * p4;
    for (; i < len; i++) h = rotl32(h + p[i] * p5, 11) * p1;
    h ^= h >> 15;
    h *= p2;
    h ^= h >> 13;
    h *= p3;
    h ^= h >> 16;
    return h;
}

/* LZ4F omits the content size when it is 0 (0 means "unknown" in its API), but the decoder
 * requires a declared size, so the empty frame is written here, by the specification. */
static size_t write_empty_frame(uint8_t *dst, const CodecDict *dict)
{
    size_t n = 0;
    write_le32(dst, CODEC_MAGIC);
    n = 4;
    dst[n++] = (uint8_t)(CODEC_FLG_VERSION_01 | CODEC_FLG_BLOCK_INDEP | CODEC_FLG_BLOCK_SUM |
                         CODEC_FLG_CONTENT_SIZE | CODEC_FLG_CHECKSUM |
                         (dict != NULL ? CODEC_FLG_DICT_ID : 0u));
    dst[n++] = CODEC_BD_64KB;
    memset(dst + n, 0, 8); /* content size 0 */
    n += 8;
    if (dict != NULL) {
        write_le32(dst + n, dict->id);
        n += 4;
    }
    dst[n] = (uint8_t)(xxh32_short(dst + 4, n - 4) >> 8);
    n++;
    write_le32(dst + n, 0); /* end mark */
    n += 4;
    write_le32(dst + n, xxh32_short(dst, 0));
    return n + 4;
}

static void codec_prefs(LZ4F_preferences_t *prefs, size_t src_len, const CodecDict *dict,
                        int level)
{
    static const LZ4F_preferences_t defaults = LZ4F_INIT_PREFERENCES;
    *prefs = defaults;
    prefs->frameInfo.blockSizeID = LZ4F_max64KB; /* keeps the decoder's buffers small */
    prefs->frameInfo.blockMode = LZ4F_blockLinked;
    prefs->frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
    /* Block checksums too (4 bytes per 64 KiB): then every byte of the frame is covered by
     * a checksum, and even a flip that would decode to the same content is caught. */
    prefs->frameInfo.blockChecksumFlag = LZ4F_blockChecksumEnabled;
    prefs->frameInfo.contentSize = (unsigned long long)src_len;
    prefs->frameInfo.dictID = dict != NULL ? dict->id : 0u;
    prefs->compressionLevel = level;
}

size_t codec_compress_bound(size_t src_len)
{
    LZ4F_preferences_t prefs;
    codec_prefs(&prefs, src_len, NULL, CODEC_LEVEL_DEFAULT);
    size_t bound = LZ4F_compressFrameBound(src_len, &prefs);
    if (bound < src_len) return SIZE_MAX; /* wrapped around: no buffer can be big enough */
    return bound < CODEC_EMPTY_FRAME_MAX ? CODEC_EMPTY_FRAME_MAX : bound;
}

size_t codec_compress(const void *src, size_t src_len, const CodecDict *dict, int level,
                      void *dst, size_t dst_cap, CodecError *err)
{
    if ((src == NULL && src_len > 0) || dst == NULL) {
        codec_fail(err, CODEC_ERROR_USAGE, "no input or output buffer");
        return 0;
    }
    if (dict != NULL && (dict->id == 0 || dict->bytes == NULL || dict->len == 0)) {
        codec_fail(err, CODEC_ERROR_USAGE, "a dictionary needs bytes and a non-zero id");
        return 0;
    }
    size_t bound = codec_compress_bound(src_len);
    if (dst_cap < bound) {
        codec_fail(err, CODEC_ERROR_USAGE, "output buffer of %zu bytes, need %zu", dst_cap,
                   bound);
        return 0;
    }
    if (level < CODEC_LEVEL_FAST) level = CODEC_LEVEL_FAST;
    if (level > CODEC_LEVEL_MAX) level = CODEC_LEVEL_MAX;
    if (src_len == 0) {
        codec_ok(err);
        return write_empty_frame(dst, dict);
    }

    LZ4F_preferences_t prefs;
    codec_prefs(&prefs, src_len, dict, level);
    LZ4F_CDict *cdict = NULL;
    LZ4F_cctx *cctx = NULL;
    if (dict != NULL && (cdict = LZ4F_createCDict(dict->bytes, dict->len)) == NULL) {
        codec_fail(err, CODEC_ERROR_NO_MEMORY, "out of memory (dictionary)");
        return 0;
    }
    if (LZ4F_isError(LZ4F_createCompressionContext(&cctx, LZ4F_VERSION))) {
        LZ4F_freeCDict(cdict);
        codec_fail(err, CODEC_ERROR_NO_MEMORY, "out of memory (compression context)");
        return 0;
    }
    /* With cdict == NULL this is plain frame compression: one code path for both. */
    size_t n = LZ4F_compressFrame_usingCDict(cctx, dst, dst_cap, src, src_len, cdict, &prefs);
    LZ4F_freeCompressionContext(cctx);
    LZ4F_freeCDict(cdict);
    if (LZ4F_isError(n)) {
        bool nomem = LZ4F_getErrorCode(n) == LZ4F_ERROR_allocation_failed;
        codec_fail(err, nomem ? CODEC_ERROR_NO_MEMORY : CODEC_ERROR_USAGE, "compression failed: %s",
                   LZ4F_getErrorName(n));
        return 0;
    }
    codec_ok(err);
    return n;
}

/* Turns an LZ4F error into a sentence a person (or an HTTP client) can act on. */
static bool lz4f_fail(CodecError *err, size_t code)
{
    switch (LZ4F_getErrorCode(code)) {
    case LZ4F_ERROR_contentChecksum_invalid:
        return codec_fail(err, CODEC_ERROR_INVALID, "content checksum mismatch");
    case LZ4F_ERROR_headerChecksum_invalid:
        return codec_fail(err, CODEC_ERROR_INVALID, "frame header checksum mismatch");
    case LZ4F_ERROR_blockChecksum_invalid:
        return codec_fail(err, CODEC_ERROR_INVALID, "block checksum mismatch");
    case LZ4F_ERROR_decompressionFailed:
        return codec_fail(err, CODEC_ERROR_INVALID, "corrupt compressed block");
    case LZ4F_ERROR_frameSize_wrong:
        return codec_fail(err, CODEC_ERROR_INVALID,
                          "decoded size does not match the declared content size");
    case LZ4F_ERROR_headerVersion_wrong:
        return codec_fail(err, CODEC_ERROR_INVALID, "unsupported frame format version");
    case LZ4F_ERROR_reservedFlag_set:
        return codec_fail(err, CODEC_ERROR_INVALID, "reserved bit set in the frame header");
    case LZ4F_ERROR_maxBlockSize_invalid:
        return codec_fail(err, CODEC_ERROR_INVALID, "invalid block size in the frame header");
    case LZ4F_ERROR_frameHeader_incomplete:
        return codec_fail(err, CODEC_ERROR_INVALID, "truncated frame header");
    case LZ4F_ERROR_frameType_unknown:
        return codec_fail(err, CODEC_ERROR_INVALID, "not an LZ4 frame");
    case LZ4F_ERROR_allocation_failed:
        return codec_fail(err, CODEC_ERROR_NO_MEMORY, "out of memory (decoder buffers)");
    default:
        return codec_fail(err, CODEC_ERROR_INVALID, "invalid LZ4 frame (%s)",
                          LZ4F_getErrorName(code));
    }
}

/* Checks the magic number and that the whole header is there, then lets LZ4F decode it
 * into dctx (which then expects the first block). */
static bool read_header(LZ4F_dctx *dctx, const uint8_t *src, size_t src_len,
                        CodecFrameInfo *info, CodecError *err)
{
    memset(info, 0, sizeof *info);
    if (src_len < 4)
        return codec_fail(err, CODEC_ERROR_INVALID,
                          "truncated frame: %zu bytes, not even a magic number", src_len);
    uint32_t magic = read_le32(src);
    if ((magic & 0xFFFFFFF0u) == CODEC_MAGIC_SKIPPABLE)
        return codec_fail(err, CODEC_ERROR_INVALID, "skippable frame, expected an LZ4 data frame");
    if (magic == CODEC_MAGIC_LEGACY)
        return codec_fail(err, CODEC_ERROR_INVALID,
                          "legacy LZ4 format (lz4 -l), expected the LZ4 frame format");
    if (magic != CODEC_MAGIC)
        return codec_fail(err, CODEC_ERROR_INVALID, "not an LZ4 frame (magic number 0x%08" PRIX32 ")",
                          magic);
    if (src_len < 5)
        return codec_fail(err, CODEC_ERROR_INVALID, "truncated frame header");
    uint8_t flg = src[4];
    size_t header_len = CODEC_HEADER_MIN + ((flg & CODEC_FLG_CONTENT_SIZE) ? 8u : 0u) +
                        ((flg & CODEC_FLG_DICT_ID) ? 4u : 0u);
    if (src_len < header_len)
        return codec_fail(err, CODEC_ERROR_INVALID, "truncated frame header (%zu of %zu bytes)",
                          src_len, header_len);

    LZ4F_frameInfo_t fi;
    size_t consumed = header_len;
    size_t r = LZ4F_getFrameInfo(dctx, &fi, src, &consumed);
    if (LZ4F_isError(r)) return lz4f_fail(err, r);
    if (consumed != header_len || fi.frameType != LZ4F_frame)
        return codec_fail(err, CODEC_ERROR_INVALID, "unexpected LZ4 frame header");
    /* The flag, not contentSize != 0: a declared size of 0 (empty content) is a size. */
    info->has_content_size = (flg & CODEC_FLG_CONTENT_SIZE) != 0;
    info->content_size = fi.contentSize;
    info->has_checksum = fi.contentChecksumFlag == LZ4F_contentChecksumEnabled;
    info->dict_id = fi.dictID;
    info->header_len = header_len;
    return true;
}

bool codec_frame_info(const void *src, size_t src_len, CodecFrameInfo *info, CodecError *err)
{
    LZ4F_dctx *dctx = NULL;
    CodecFrameInfo scratch;
    if (info == NULL) info = &scratch;
    if (src == NULL && src_len > 0) return codec_fail(err, CODEC_ERROR_USAGE, "no input buffer");
    if (LZ4F_isError(LZ4F_createDecompressionContext(&dctx, LZ4F_VERSION)))
        return codec_fail(err, CODEC_ERROR_NO_MEMORY, "out of memory (decoder)");
    bool ok = read_header(dctx, src, src_len, info, err);
    LZ4F_freeDecompressionContext(dctx);
    if (ok) codec_ok(err);
    return ok;
}

static const CodecDict *find_dict(const CodecDict *dicts, size_t count, uint32_t id)
{
    for (size_t i = 0; dicts != NULL && i < count; i++)
        if (dicts[i].id == id) return &dicts[i];
    return NULL;
}

/* Runs the block decoder over src into out[0..size). Returns true once the frame's end
 * (and checksum) is reached with every byte accounted for. */
static bool decode_blocks(LZ4F_dctx *dctx, const uint8_t *src, size_t src_len, size_t pos,
                          const CodecDict *dict, uint8_t *out, size_t size, CodecError *err)
{
    LZ4F_decompressOptions_t opts;
    memset(&opts, 0, sizeof opts);
    opts.stableDst = 1; /* out stays put: LZ4F may refer back into it for linked blocks */
    size_t produced = 0;
    for (;;) {
        size_t in = src_len - pos, got = size - produced;
        size_t r = LZ4F_decompress_usingDict(dctx, out + produced, &got, src + pos, &in,
                                             dict != NULL ? dict->bytes : NULL,
                                             dict != NULL ? dict->len : 0, &opts);
        if (LZ4F_isError(r)) return lz4f_fail(err, r);
        pos += in;
        produced += got;
        if (r == 0) break; /* end mark and checksum read and verified */
        /* Each round consumes or produces a byte, so this loop ends; when neither
         * happens, the input ran out or the output is full (more data than declared). */
        if (in == 0 && got == 0) {
            if (pos == src_len) return codec_fail(err, CODEC_ERROR_INVALID, "truncated frame");
            return codec_fail(err, CODEC_ERROR_INVALID,
                              "frame holds more data than its declared %zu bytes", size);
        }
    }
    if (produced != size)
        return codec_fail(err, CODEC_ERROR_INVALID, "frame decoded to %zu bytes but declares %zu",
                          produced, size);
    if (pos != src_len)
        return codec_fail(err, CODEC_ERROR_INVALID,
                          "%zu byte%s after the end of the frame (exactly one frame is allowed)",
                          src_len - pos, src_len - pos == 1 ? "" : "s");
    return true;
}

bool codec_decompress(const void *src, size_t src_len, size_t max_out, const CodecDict *dicts,
                      size_t dict_count, uint8_t **out, size_t *out_len, CodecError *err)
{
    if (out == NULL || out_len == NULL || (src == NULL && src_len > 0))
        return codec_fail(err, CODEC_ERROR_USAGE, "no input or output");
    *out = NULL;
    *out_len = 0;

    LZ4F_dctx *dctx = NULL;
    if (LZ4F_isError(LZ4F_createDecompressionContext(&dctx, LZ4F_VERSION)))
        return codec_fail(err, CODEC_ERROR_NO_MEMORY, "out of memory (decoder)");

    CodecFrameInfo info;
    const CodecDict *dict = NULL;
    uint8_t *buf = NULL;
    bool ok = read_header(dctx, src, src_len, &info, err);
    if (!ok) goto done;
    /* Every check on the header happens before the output exists (decompression bombs). */
    if (!info.has_content_size) {
        ok = codec_fail(err, CODEC_ERROR_INVALID,
                        "frame does not declare its content size (required; lz4 --content-size)");
    } else if (!info.has_checksum) {
        ok = codec_fail(err, CODEC_ERROR_INVALID, "frame has no content checksum (required)");
    } else if (info.content_size > (uint64_t)max_out) {
        ok = codec_fail(err, CODEC_ERROR_TOO_LARGE,
                        "frame declares %" PRIu64 " bytes, over the limit of %zu",
                        info.content_size, max_out);
    } else if (info.dict_id != 0 && (dict = find_dict(dicts, dict_count, info.dict_id)) == NULL) {
        ok = codec_fail(err, CODEC_ERROR_INVALID, "unknown dictionary id 0x%" PRIX32,
                        info.dict_id);
    }
    if (!ok) goto done;

    size_t size = (size_t)info.content_size; /* <= max_out, so it fits */
    buf = malloc(size > 0 ? size : 1);
    if (buf == NULL) {
        ok = codec_fail(err, CODEC_ERROR_NO_MEMORY, "out of memory (%zu bytes)", size);
        goto done;
    }
    ok = decode_blocks(dctx, src, src_len, info.header_len, dict, buf, size, err);
    if (ok) {
        *out = buf;
        *out_len = size;
        buf = NULL;
        codec_ok(err);
    }
done:
    free(buf);
    LZ4F_freeDecompressionContext(dctx);
    return ok;
}
