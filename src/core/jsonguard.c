/* jsonguard.c — the one implementation of the guards event.c and record.c put around cJSON.
 * Portable C11: no I/O, no allocation, no mutable globals. It must never read outside
 * json[0..len), never change the input, and never write raw untrusted bytes into a message. */
#include "core/jsonguard.h"

#include "core/utf8.h"

#include "cJSON.h"

#include <string.h>

/* ---------------------------------------------------------------- quoting for messages */

bool jsonguard_is_control(uint32_t cp, JsonguardControls controls)
{
    if (cp < 0x20 || cp == 0x7F) return true;
    return controls == JSONGUARD_CONTROLS_C0_C1 && cp >= 0x80 && cp <= 0x9F;
}

const char *jsonguard_quote(char *buf, size_t cap, const char *s, JsonguardControls controls)
{
    if (buf == NULL) return "";
    if (cap < JSONGUARD_QUOTE_MIN_CAP) {
        if (cap > 0) buf[0] = '\0';
        return buf;
    }
    if (s == NULL) s = "";
    size_t len = strlen(s), i = 0, o = 0;
    buf[o++] = '"';
    while (i < len) {
        size_t start = i;
        uint32_t cp = utf8_decode(s, len, &i);
        size_t n = i - start;
        bool bad = jsonguard_is_control(cp, controls) || !utf8_valid(s + start, n);
        bool escape = cp == '"' || cp == '\\';
        size_t width = bad ? 1 : n + (escape ? 1 : 0);
        /* Room stays for "…", the closing quote and the NUL whatever comes next. */
        if (o + width > JSONGUARD_QUOTE_BYTES + 1 || o + width + 5 > cap) {
            memcpy(buf + o, "\xE2\x80\xA6", 3); /* … */
            o += 3;
            break;
        }
        if (bad) {
            buf[o++] = '?';
        } else {
            if (escape) buf[o++] = '\\';
            memcpy(buf + o, s + start, n);
            o += n;
        }
    }
    buf[o++] = '"';
    buf[o] = '\0';
    return buf;
}

bool jsonguard_write_string(const char *s, size_t n, JsonguardSink sink, void *ctx)
{
    static const char hex[] = "0123456789abcdef";
    if (!sink(ctx, "\"", 1)) return false;
    size_t i = 0;
    while (i < n) {
        size_t run = i; /* the longest run of bytes that stand as they are */
        while (run < n) {
            unsigned char c = (unsigned char)s[run];
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) break;
            run++;
        }
        if (run > i && !sink(ctx, s + i, run - i)) return false;
        i = run;
        if (i >= n) break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t start = i;
            uint32_t cp = utf8_decode(s, n, &i);
            bool bad = cp == UTF8_REPLACEMENT && !utf8_valid(s + start, i - start);
            if (!(bad ? sink(ctx, "\xEF\xBF\xBD", 3) : sink(ctx, s + start, i - start))) return false;
            continue;
        }
        char esc[6] = {'\\', (char)c, 0, 0, 0, 0};
        size_t len = 2;
        if (c == '\n') esc[1] = 'n';
        else if (c == '\r') esc[1] = 'r';
        else if (c == '\t') esc[1] = 't';
        else if (c != '"' && c != '\\') {
            esc[1] = 'u', esc[2] = '0', esc[3] = '0', esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
            len = 6;
        }
        if (!sink(ctx, esc, len)) return false;
        i++;
    }
    return sink(ctx, "\"", 1);
}

void jsonguard_trim_utf8(char *s)
{
    if (s == NULL) return;
    size_t n = strlen(s), start = n;
    while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80) start--;
    if (start > 0 && (unsigned char)s[start - 1] >= 0xC0) {
        start--;
        if (!utf8_valid(s + start, n - start)) s[start] = '\0';
    }
}

/* ---------------------------------------------------------------- the raw scan */

static bool issue(JsonguardScan *out, JsonguardIssue what, size_t pos, unsigned byte,
                  bool in_string)
{
    out->issue = what;
    out->pos = pos;
    out->byte = byte;
    out->in_string = in_string;
    return false;
}

/* Value of the 4 hex digits after "\u" at p[i] (the backslash), or -1 when there are not 4. */
static long hex4_after(const unsigned char *p, size_t len, size_t i)
{
    unsigned v = 0;
    size_t k = 0;
    for (; k < 4 && i + 2 + k < len; k++) {
        unsigned h = p[i + 2 + k];
        if (h >= '0' && h <= '9') v = v * 16 + (h - '0');
        else if (h >= 'a' && h <= 'f') v = v * 16 + (h - 'a' + 10);
        else if (h >= 'A' && h <= 'F') v = v * 16 + (h - 'A' + 10);
        else break;
    }
    return k < 4 ? -1 : (long)v;
}

bool jsonguard_scan(const char *json, size_t len, const JsonguardRules *rules,
                    JsonguardScan *out)
{
    const unsigned char *p = (const unsigned char *)json;
    size_t i = jsonguard_start(json, len, rules);
    bool in_string = false;
    int depth = 0;

    memset(out, 0, sizeof *out);
    out->pos = len;
    while (i < len) {
        unsigned c = p[i];
        if (c >= 0x80) {
            size_t start = i;
            (void)utf8_decode(json, len, &i);
            if (!utf8_valid(json + start, i - start))
                return issue(out, JSONGUARD_INVALID_UTF8, start, c, in_string);
            continue;
        }
        if (c == 0) return issue(out, JSONGUARD_NUL_BYTE, i, c, in_string);
        if ((c == '\n' || c == '\r') && !rules->line_breaks)
            return issue(out, JSONGUARD_LINE_BREAK, i, c, in_string);
        if (c < 0x20) {
            /* Between tokens only the white space of JSON; in strings nothing raw. */
            if (in_string || (c != '\t' && c != '\n' && c != '\r'))
                return issue(out, JSONGUARD_CONTROL, i, c, in_string);
            i++;
            continue;
        }
        if (in_string) {
            if (c == '"') {
                in_string = false;
            } else if (c == '\\' && i + 1 < len && p[i + 1] == 'u') {
                long v = hex4_after(p, len, i);
                if (v < 0) return issue(out, JSONGUARD_BAD_ESCAPE, i, c, true);
                if (v == 0) return issue(out, JSONGUARD_ESCAPED_NUL, i, c, true);
                i += 6;
                continue;
            } else if (c == '\\' && i + 1 < len && p[i + 1] >= 0x20 && p[i + 1] < 0x80) {
                /* Skip the escaped character so that \" does not end the string; anything
                 * odd after the backslash is left for the checks above or for cJSON. */
                i++;
            }
            i++;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > rules->max_depth) return issue(out, JSONGUARD_TOO_DEEP, i, c, false);
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
        i++;
    }
    out->unclosed = in_string || depth > 0;
    return true;
}

/* ---------------------------------------------------------------- positions */

size_t jsonguard_start(const char *json, size_t len, const JsonguardRules *rules)
{
    bool bom = len >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0;
    return rules->skip_bom && bom ? 3 : 0;
}

size_t jsonguard_skip_space(const char *json, size_t len, size_t i)
{
    while (i < len && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r'))
        i++;
    return i;
}

JsonguardPos jsonguard_locate(const char *json, size_t len, size_t pos,
                              const JsonguardRules *rules)
{
    JsonguardPos at = {1, 1};
    size_t i = jsonguard_start(json, len, rules);
    while (i < pos && i < len) {
        if (json[i] == '\n') {
            at.line++;
            at.column = 1;
            i++;
        } else {
            (void)utf8_decode(json, len, &i);
            at.column++;
        }
    }
    return at;
}

/* ---------------------------------------------------------------- parsing */

cJSON *jsonguard_parse(const char *json, size_t len, size_t *stop)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    *stop = end != NULL && end >= json && end <= json + len ? (size_t)(end - json) : 0;
    return root;
}
