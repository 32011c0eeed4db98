/* langpack.c — checks and installs a language pack fetched from the network (format and
 * rules in langpack.h). Nothing is installed until the whole pack passed; a pack that fails
 * leaves the language as it was and says why, by line. */
#include "core/langpack.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/countries.h"
#include "core/utf8.h"

/* One installed pack: the order of its countries and its text, which the installed
 * messages and names point into. */
typedef struct Pack {
    unsigned short order[COUNTRY_COUNT];
    char text[];
} Pack;

static Pack *packs[I18N_LANG_COUNT];

static bool fail(char *err, size_t cap, int line, const char *fmt, ...)
{
    if (!err || cap == 0) return false;
    int n = line > 0 ? snprintf(err, cap, "line %d: ", line) : 0;
    if (n < 0 || (size_t)n >= cap) return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + n, cap - (size_t)n, fmt, ap);
    va_end(ap);
    return false;
}

/* Undoes the escapes of one field in place (it ends at its NUL). False on an unknown one. */
static bool unescape(char *s, size_t *len)
{
    char *out = s;
    for (const char *p = s; *p; p++) {
        if (*p != '\\') { *out++ = *p; continue; }
        p++;
        if (*p == '\\') *out++ = '\\';
        else if (*p == 't') *out++ = '\t';
        else if (*p == 'n') *out++ = '\n';
        else return false;
    }
    *out = '\0';
    *len = (size_t)(out - s);
    return true;
}

static I18nMsg msg_by_name(const char *name)
{
    for (int m = 1; m < MSG_COUNT; m++)
        if (strcmp(i18n_msg_name((I18nMsg)m), name) == 0) return (I18nMsg)m;
    return MSG_NONE;
}

/* Cuts s at the next tab (returns what follows, or NULL if there is none). */
static char *cut_tab(char *s)
{
    char *t = strchr(s, '\t');
    if (!t) return NULL;
    *t = '\0';
    return t + 1;
}

/* Checks one field (a form or a name): its escapes, its length, not empty. */
static bool field_ok(char *s, int line, const char *what, char *err, size_t cap)
{
    size_t n;
    if (!unescape(s, &n)) return fail(err, cap, line, "%s: unknown escape (only \\\\, \\t, \\n)", what);
    if (n == 0) return fail(err, cap, line, "%s is empty", what);
    if (n > LANGPACK_MAX_FIELD) return fail(err, cap, line, "%s is longer than %u bytes", what, LANGPACK_MAX_FIELD);
    return true;
}

static bool message_line(I18nLang lang, char *rest, int line, const char *msgs[MSG_COUNT],
                         const char *forms[][I18N_MAX_FORMS], char *err, size_t cap)
{
    char *field = cut_tab(rest);
    if (!field) return fail(err, cap, line, "a message without text");
    I18nMsg msg = msg_by_name(rest);
    if (msg == MSG_NONE) return fail(err, cap, line, "unknown message %.64s", rest);
    if (msgs[msg]) return fail(err, cap, line, "%s given twice", rest);
    int want = i18n_is_plural(msg) ? i18n_plural_count(lang) : 1;
    char sig_en[64], sig[64];
    if (!i18n_format_signature(i18n_get(I18N_EN, msg), sig_en, sizeof sig_en))
        return fail(err, cap, line, "%s: its English has too many conversions", rest);
    int k = 0;
    while (field) {
        char *next = cut_tab(field);
        if (k == want) return fail(err, cap, line, "%s has more than %d form%s", rest, want, want == 1 ? "" : "s");
        if (!field_ok(field, line, rest, err, cap)) return false;
        if (!i18n_format_signature(field, sig, sizeof sig) || strcmp(sig, sig_en) != 0)
            return fail(err, cap, line, "%s: its printf conversions differ from the English", rest);
        if (i18n_is_plural(msg)) forms[msg][k] = field;
        if (k == 0) msgs[msg] = field;
        k++;
        field = next;
    }
    if (k != want) return fail(err, cap, line, "%s has %d form%s, %s has %d", rest, k, k == 1 ? "" : "s",
                               i18n_lang_tag(lang), want);
    return true;
}

static bool country_line(char *rest, int line, const char *names[COUNTRY_COUNT], Pack *pack, int *count,
                         char *err, size_t cap)
{
    char *name = cut_tab(rest);
    const Country *c = country_find(rest);
    if (!name || !c) return fail(err, cap, line, "not a country code and its name");
    int i = (int)(c - country_table);
    if (names[i]) return fail(err, cap, line, "country %s given twice", c->code);
    if (strchr(name, '\t')) return fail(err, cap, line, "country %s: more than one name", c->code);
    if (!field_ok(name, line, "the country name", err, cap)) return false;
    names[i] = name;
    pack->order[(*count)++] = (unsigned short)i;
    return true;
}

bool langpack_load(I18nLang lang, const char *bytes, size_t len, char *err, size_t cap)
{
    if (err && cap) err[0] = '\0';
    if ((unsigned)lang >= I18N_LANG_COUNT || lang == I18N_EN) return fail(err, cap, 0, "no pack for this language");
    if (!bytes || len == 0) return fail(err, cap, 0, "the pack is empty");
    if (len > LANGPACK_MAX_BYTES)
        return fail(err, cap, 0, "the pack has %zu bytes, over the limit of %u", len, LANGPACK_MAX_BYTES);
    if (!utf8_valid(bytes, len)) return fail(err, cap, 0, "the pack is not valid UTF-8 (or holds a NUL byte)");
    int line = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (c == '\n') line++;
        else if ((c < 0x20 && c != '\t') || c == 0x7F) return fail(err, cap, line, "a control character");
    }
    if (bytes[len - 1] != '\n') return fail(err, cap, 0, "the pack does not end with a line feed (cut short?)");

    Pack *pack = malloc(sizeof *pack + len + 1);
    if (!pack) return fail(err, cap, 0, "out of memory");
    memcpy(pack->text, bytes, len);
    pack->text[len] = '\0';
    static const char *msgs[MSG_COUNT];
    static const char *forms[MSG_COUNT][I18N_MAX_FORMS];
    static const char *names[COUNTRY_COUNT];
    memset(msgs, 0, sizeof msgs);
    memset(forms, 0, sizeof forms);
    memset(names, 0, sizeof names);
    int countries = 0;
    char header[32];
    snprintf(header, sizeof header, "parley-lang 1 %s", i18n_lang_tag(lang));
    bool ok = true;
    line = 0;
    for (char *p = pack->text; ok && *p;) {
        char *nl = strchr(p, '\n'); /* there is one: the text ends with it */
        *nl = '\0';
        line++;
        if (line == 1) {
            if (strcmp(p, header) != 0)
                ok = fail(err, cap, line, "expected \"%s\", not a pack of this format and language", header);
        } else if (p[0] == 'm' && p[1] == ' ') {
            ok = message_line(lang, p + 2, line, msgs, forms, err, cap);
        } else if (p[0] == 'c' && p[1] == ' ') {
            ok = country_line(p + 2, line, names, pack, &countries, err, cap);
        } else {
            ok = fail(err, cap, line, "neither a message (m) nor a country (c)");
        }
        p = nl + 1;
    }
    if (ok && countries != COUNTRY_COUNT)
        ok = fail(err, cap, 0, "the pack names %d countries, not %d (cut short?)", countries, COUNTRY_COUNT);
    if (!ok) {
        free(pack);
        return false;
    }
    i18n_install(lang, msgs, forms);
    country_install(lang, names, pack->order);
    free(packs[lang]);
    packs[lang] = pack;
    return true;
}
