/* i18n.c — the message catalogue's look-ups over the tables compiled from po/ and the
 * languages installed from their packs (core/langpack.c), CLDR plural rules, and each
 * language's way of writing a date and a time.
 * Nothing here allocates or reads the environment. */
#include "core/i18n.h"
#include "core/utf8.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n_catalog.h"

#define I18N_NAME(name) #name,
static const char *const msg_names[MSG_COUNT] = { I18N_MESSAGES(I18N_NAME) };
#undef I18N_NAME

#define I18N_LANG_TAG(id, tag) [id] = tag,
static const char *const lang_tags[I18N_LANG_COUNT] = { I18N_LANGUAGES(I18N_LANG_TAG) };
#undef I18N_LANG_TAG

/* What langpack_load installed: per language, each message's first form and the forms of
 * the counted ones (pointers into the pack's own buffer). */
static bool installed[I18N_LANG_COUNT];
static const char *installed_msg[I18N_LANG_COUNT][MSG_COUNT];
static const char *installed_forms[I18N_LANG_COUNT][MSG_COUNT][I18N_MAX_FORMS];

bool i18n_available(I18nLang lang)
{
    return (unsigned)lang < I18N_LANG_COUNT && (lang == I18N_EN || i18n_catalog_embedded[lang] || installed[lang]);
}

void i18n_install(I18nLang lang, const char *const msgs[MSG_COUNT], const char *forms[][I18N_MAX_FORMS])
{
    if ((unsigned)lang >= I18N_LANG_COUNT || lang == I18N_EN) return;
    for (int m = 0; m < MSG_COUNT; m++) {
        installed_msg[lang][m] = msgs[m];
        for (int k = 0; k < I18N_MAX_FORMS; k++) installed_forms[lang][m][k] = forms[m][k];
    }
    installed[lang] = true;
}

bool i18n_format_signature(const char *fmt, char *out, size_t cap)
{
    size_t n = 0;
    if (cap == 0) return false;
    out[0] = '\0';
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') continue;
        p++;
        if (*p == '%') continue;
        for (; *p && strchr("-+ #0123456789.*$", *p); p++)
            if (*p == '*' || *p == '$') {
                if (n + 1 >= cap) return false;
                out[n++] = *p;
            }
        for (; *p && strchr("hljztL", *p); p++) {
            if (n + 1 >= cap) return false;
            out[n++] = *p;
        }
        if (!*p) {
            if (n + 1 >= cap) return false;
            out[n++] = '!'; /* a lone % at the end: never the same as a real conversion */
            break;
        }
        if (n + 2 >= cap) return false;
        out[n++] = *p;
        out[n++] = ',';
    }
    out[n] = '\0';
    return true;
}

/* A message's first form in a language: installed, else compiled, else NULL. */
static const char *lookup(I18nLang lang, I18nMsg msg)
{
    if (installed[lang] && installed_msg[lang][msg]) return installed_msg[lang][msg];
    return i18n_catalog[lang][msg];
}

static const char *lookup_form(I18nLang lang, const I18nPluralMsg *p, int index)
{
    if (installed[lang] && installed_forms[lang][p->msg][index]) return installed_forms[lang][p->msg][index];
    return p->form[lang][index];
}

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

I18nLang i18n_lang_from_tag(const char *tag)
{
    if (!tag) return I18N_EN;
    size_t n = 0;
    while (tag[n] && tag[n] != '-' && tag[n] != '_') n++;
    if (n != 2) return I18N_EN; /* the six all have two-letter primary subtags */
    for (int l = 0; l < I18N_LANG_COUNT; l++)
        if (ascii_lower(tag[0]) == lang_tags[l][0] && ascii_lower(tag[1]) == lang_tags[l][1])
            return (I18nLang)l;
    return I18N_EN;
}

const char *i18n_lang_tag(I18nLang lang)
{
    return (unsigned)lang < I18N_LANG_COUNT ? lang_tags[lang] : "en";
}

bool i18n_is_rtl(I18nLang lang)
{
    return lang == I18N_AR;
}

I18nLang i18n_lang_of_text(const char *text, size_t len, I18nLang latin)
{
    if (latin != I18N_EN && latin != I18N_FR && latin != I18N_ES) latin = I18N_EN;
    size_t arabic = 0, han = 0, cyrillic = 0, latin_letters = 0;
    for (size_t i = 0; text && i < len;) {
        uint32_t c = utf8_decode(text, len, &i);
        if ((c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) || (c >= 0x0750 && c <= 0x077F)
            || (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFC))
            arabic++;
        else if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2FFFF))
            han++;
        else if (c >= 0x0400 && c <= 0x052F)
            cyrillic++;
        else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7))
            latin_letters++;
    }
    /* names in Latin letters are common inside Arabic, Chinese or Russian text, the reverse is
     * rare: a quarter of the letters in one of those scripts (a tenth for ideographs, each
     * about a word) decides */
    size_t total = arabic + han + cyrillic + latin_letters;
    if (total == 0) return latin;
    if (arabic * 4 >= total && arabic >= cyrillic) return I18N_AR;
    if (han * 10 >= total) return I18N_ZH;
    if (cyrillic * 4 >= total) return I18N_RU;
    return latin;
}

const char *i18n_translation(I18nLang lang, I18nMsg msg, int index)
{
    if ((unsigned)msg >= MSG_COUNT || (unsigned)lang >= I18N_LANG_COUNT || msg == MSG_NONE) return NULL;
    for (int i = 0; i < i18n_catalog_plural_count; i++)
        if (i18n_catalog_plurals[i].msg == msg)
            return index >= 0 && index < i18n_plural_count(lang) ? lookup_form(lang, &i18n_catalog_plurals[i], index) : NULL;
    return index == 0 ? lookup(lang, msg) : NULL;
}

bool i18n_is_plural(I18nMsg msg)
{
    for (int i = 0; i < i18n_catalog_plural_count; i++)
        if (i18n_catalog_plurals[i].msg == msg) return true;
    return false;
}

const char *i18n_get(I18nLang lang, I18nMsg msg)
{
    if ((unsigned)msg >= MSG_COUNT || (unsigned)lang >= I18N_LANG_COUNT || msg == MSG_NONE) return "";
    const char *s = lookup(lang, msg);
    if (!s) s = i18n_catalog[I18N_EN][msg]; /* a gap in a PO file: English, never blank */
    return s ? s : "";
}

I18nPlural i18n_plural_category(I18nLang lang, long n)
{
    unsigned long v = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;
    unsigned long m10 = v % 10, m100 = v % 100;
    switch (lang) {
    case I18N_AR:
        if (v == 0) return I18N_PLURAL_ZERO;
        if (v == 1) return I18N_PLURAL_ONE;
        if (v == 2) return I18N_PLURAL_TWO;
        if (m100 >= 3 && m100 <= 10) return I18N_PLURAL_FEW;
        if (m100 >= 11) return I18N_PLURAL_MANY;
        return I18N_PLURAL_OTHER;
    case I18N_RU:
        if (m10 == 1 && m100 != 11) return I18N_PLURAL_ONE;
        if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return I18N_PLURAL_FEW;
        return I18N_PLURAL_MANY;
    case I18N_FR:
        return v <= 1 ? I18N_PLURAL_ONE : I18N_PLURAL_OTHER;
    case I18N_EN:
    case I18N_ES:
        return v == 1 ? I18N_PLURAL_ONE : I18N_PLURAL_OTHER;
    case I18N_ZH:
    case I18N_LANG_COUNT:
        break;
    }
    return I18N_PLURAL_OTHER;
}

int i18n_plural_count(I18nLang lang)
{
    switch (lang) {
    case I18N_AR: return 6;
    case I18N_RU: return 3;
    case I18N_ZH: return 1;
    default: return 2;
    }
}

int i18n_plural_index(I18nLang lang, long n)
{
    I18nPlural c = i18n_plural_category(lang, n);
    switch (lang) {
    case I18N_AR: /* msgstr[0..5] = zero, one, two, few, many, other */
        return (int)c;
    case I18N_RU: /* one, few, many */
        return c == I18N_PLURAL_ONE ? 0 : c == I18N_PLURAL_FEW ? 1 : 2;
    case I18N_ZH:
        return 0;
    default: /* one, other */
        return c == I18N_PLURAL_ONE ? 0 : 1;
    }
}

const char *i18n_plural(I18nLang lang, I18nMsg msg, long n)
{
    if ((unsigned)lang >= I18N_LANG_COUNT) lang = I18N_EN;
    for (int i = 0; i < i18n_catalog_plural_count; i++) {
        const I18nPluralMsg *p = &i18n_catalog_plurals[i];
        if (p->msg != msg) continue;
        const char *s = lookup_form(lang, p, i18n_plural_index(lang, n));
        if (!s) s = p->form[I18N_EN][i18n_plural_index(I18N_EN, n)];
        return s ? s : "";
    }
    return i18n_get(lang, msg);
}

const char *i18n_msg_name(I18nMsg msg)
{
    return (unsigned)msg < MSG_COUNT ? msg_names[msg] : "?";
}

void i18n_format_date(I18nLang lang, int year, int month, int day, char *buf, size_t cap)
{
    if (cap == 0) return;
    if (month < 1 || month > 12) { snprintf(buf, cap, "%04d-%02d-%02d", year, month, day); return; }
    const char *name = i18n_get(lang, (I18nMsg)(MSG_MONTH_1 + month - 1));
    switch (lang) {
    case I18N_ZH: /* 2022年7月1日 */
        snprintf(buf, cap, "%d\xE5\xB9\xB4%d\xE6\x9C\x88%d\xE6\x97\xA5", year, month, day);
        break;
    case I18N_RU: /* 1 июля 2022 г. (month in the genitive, from the catalogue) */
        snprintf(buf, cap, "%d %s %d \xD0\xB3.", day, name, year);
        break;
    case I18N_ES: /* 1 de julio de 2022 */
        snprintf(buf, cap, "%d de %s de %d", day, name, year);
        break;
    case I18N_FR: /* 1er juillet 2022 */
        if (day == 1) snprintf(buf, cap, "1er %s %d", name, year);
        else snprintf(buf, cap, "%d %s %d", day, name, year);
        break;
    default: /* English and Arabic: 1 July 2022, 1 يوليو 2022 (Western digits) */
        snprintf(buf, cap, "%d %s %d", day, name, year);
        break;
    }
}

void i18n_format_time(int minutes, char *buf, size_t cap)
{
    if (cap == 0) return;
    if (minutes < 0 || minutes >= 24 * 60) { buf[0] = '\0'; return; }
    snprintf(buf, cap, "%02d:%02d", minutes / 60, minutes % 60);
}
