/* codec.h — the LZ4 frame codec shared by the kiosk (browser storage, uploads) and parleyd
 * (upload decoding): exactly one standard LZ4 frame per buffer, content size and checksum on.
 * Portable C11 on liblz4's public lz4frame.h, no I/O. Decoding untrusted bytes must never
 * allocate more than the caller's limit, never crash, never return data that failed a check. */
#ifndef PARLEY_CODEC_H
#define PARLEY_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* LZ4 only looks back 64 KiB: a longer dictionary is accepted, but only its end is used. */
#define CODEC_DICT_USEFUL_BYTES (64u * 1024u)

/* Compression levels: 0 is LZ4's fast mode (for big batches on slow devices); 3..12 are
 * LZ4HC (slower to compress, same decoding speed, smaller). */
#define CODEC_LEVEL_FAST    0
#define CODEC_LEVEL_DEFAULT 9
#define CODEC_LEVEL_MAX     12

/* A dictionary: the same bytes must be known to both sides under the same non-zero id
 * (the id travels in the frame header; 0 means "no dictionary" in the frame format). */
typedef struct CodecDict {
    uint32_t id;
    const void *bytes;
    size_t len;
} CodecDict;

/* Why something failed, so that a server can pick its status code. */
typedef enum CodecErrorKind {
    CODEC_ERROR_NONE = 0,
    CODEC_ERROR_INVALID,   /* the frame is malformed, corrupt or unsupported (HTTP 400) */
    CODEC_ERROR_TOO_LARGE, /* the frame declares more than the caller's limit (HTTP 413) */
    CODEC_ERROR_NO_MEMORY, /* an allocation failed (HTTP 500/503) */
    CODEC_ERROR_USAGE      /* the caller's arguments are wrong (a bug, e.g. buffer too small) */
} CodecErrorKind;

typedef struct CodecError {
    CodecErrorKind kind;
    char message[128]; /* e.g. "frame declares 9000000 bytes, over the limit of 8388608" */
} CodecError;

/* What a frame header says (CodecFrameInfo.header_len bytes from the start of the frame). */
typedef struct CodecFrameInfo {
    bool has_content_size;  /* the header carries the content size (may be 0) */
    bool has_checksum;      /* content checksum flag */
    uint64_t content_size;  /* 0 when !has_content_size */
    uint32_t dict_id;       /* 0: none */
    size_t header_len;
} CodecFrameInfo;

/* Upper bound of codec_compress's output for src_len input bytes (any level, any dict). */
size_t codec_compress_bound(size_t src_len);

/* Compresses src[0..src_len) into one LZ4 frame in dst: content size, content checksum and
 * block checksums always on, 64 KiB linked blocks; with `dict` (may be NULL) the header carries dict->id. `level` is clamped to
 * CODEC_LEVEL_FAST..CODEC_LEVEL_MAX. Returns the frame's length, or 0 with *err filled
 * (err may be NULL). dst_cap must be at least codec_compress_bound(src_len). Thread-safe:
 * a dictionary is digested per call (about a millisecond for 64 KiB). */
size_t codec_compress(const void *src, size_t src_len, const CodecDict *dict, int level,
                      void *dst, size_t dst_cap, CodecError *err);

/* Reads and checks only the frame header at the start of src (magic, flags, header
 * checksum). Does not require content size or checksum: codec_decompress does. */
bool codec_frame_info(const void *src, size_t src_len, CodecFrameInfo *info, CodecError *err);

/* Decodes the single LZ4 frame that makes up all of src[0..src_len). Refuses, before any
 * output allocation: a frame without a declared content size or without a content
 * checksum, one that declares more than max_out bytes (CODEC_ERROR_TOO_LARGE), an unknown
 * dictionary id (looked up in dicts[0..dict_count)). Then allocates exactly the declared
 * size and refuses corrupt blocks, a checksum mismatch, a size mismatch, a truncated frame
 * and any byte after the frame (concatenated frames included).
 * On success *out (malloc'd, at least 1 byte even for empty content; the caller frees it)
 * and *out_len are set; on failure *out is NULL, *out_len 0 and *err filled. */
bool codec_decompress(const void *src, size_t src_len, size_t max_out, const CodecDict *dicts,
                      size_t dict_count, uint8_t **out, size_t *out_len, CodecError *err);

#endif
