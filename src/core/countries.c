/* countries.c — lookup and search over the generated country table and the names installed
 * from language packs, in every language.
 * Portable C11, no allocation; queries are untrusted UTF-8 and only ever read. */
#include "core/countries.h"

#include <string.h>

#include "core/utf8.h"

#define FOLD_CAP 256 /* folded bytes kept of a name or a query: more than any country's */

static const char *installed_name[I18N_LANG_COUNT][COUNTRY_COUNT];
static const unsigned short *installed_order[I18N_LANG_COUNT];

void country_install(I18nLang lang, const char *const names[COUNTRY_COUNT], const unsigned short order[COUNTRY_COUNT])
{
    if ((unsigned)lang >= I18N_LANG_COUNT) return;
    for (int i = 0; i < COUNTRY_COUNT; i++) installed_name[lang][i] = names[i];
    installed_order[lang] = order;
}

const char *country_name(const Country *c, I18nLang lang)
{
    if ((unsigned)lang >= I18N_LANG_COUNT) lang = I18N_EN;
    if (installed_order[lang]) return installed_name[lang][c - country_table];
    return c->name[lang] ? c->name[lang] : c->name[I18N_EN];
}

const Country *country_at(I18nLang lang, int k)
{
    if (k < 0 || k >= COUNTRY_COUNT) return NULL;
    if ((unsigned)lang >= I18N_LANG_COUNT) lang = I18N_EN;
    if (installed_order[lang]) return &country_table[installed_order[lang][k]];
    if (!country_table[0].name[lang]) lang = I18N_EN; /* neither compiled in nor installed */
    return &country_table[country_order[lang][k]];
}

const Country *country_find(const char *code)
{
    if (!code || strlen(code) != 2) return NULL;
    for (int i = 0; i < COUNTRY_COUNT; i++)
        if (memcmp(country_table[i].code, code, 2) == 0) return &country_table[i];
    return NULL;
}

/* What one code point becomes when folded: a code point (0: dropped), or a word break. */
enum { FOLD_DROP = 0, FOLD_BREAK = 0x110000 };

static uint32_t fold_cp(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z') return cp - 'A' + 'a';
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) return cp;
        return FOLD_BREAK;
    }
    if (cp < 0xC0) return FOLD_BREAK; /* no-break space, Latin-1 punctuation, middle dot */
    if (cp < COUNTRY_FOLD_LATIN_END) {
        char c = country_fold_latin[cp - 0xC0];
        if (c) return (uint32_t)(unsigned char)c;
        if (cp == 0xD7 || cp == 0xF7) return FOLD_BREAK; /* × ÷ */
        return cp;
    }
    if (cp >= 0x0400 && cp <= 0x040F) cp += 0x50; /* Ѐ..Џ → ѐ..џ */
    else if (cp >= 0x0410 && cp <= 0x042F) cp += 0x20;
    if (cp == 0x0451) return 0x0435; /* ё → е */
    if (cp >= 0x0600 && cp <= 0x06FF) {
        if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640) return FOLD_DROP;
        switch (cp) {
        case 0x0622: case 0x0623: case 0x0625: case 0x0671: return 0x0627; /* alef forms */
        case 0x0649: case 0x0626: return 0x064A; /* alef maksura, yeh with hamza → yeh */
        case 0x0629: return 0x0647;              /* teh marbuta → heh */
        case 0x0624: return 0x0648;              /* waw with hamza → waw */
        case 0x060C: case 0x061B: case 0x061F: case 0x066A: case 0x066B: case 0x066C: case 0x06D4:
            return FOLD_BREAK;
        default: return cp;
        }
    }
    if (cp == 0x200C || cp == 0x200D || cp == 0xFEFF) return FOLD_DROP; /* joiners, BOM */
    if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) || cp == 0x30FB)
        return FOLD_BREAK;
    if (cp >= 0xFF01 && cp <= 0xFF5E) { /* full-width ASCII, as Chinese input methods type it */
        uint32_t a = cp - 0xFF01 + 0x21;
        return fold_cp(a);
    }
    return cp;
}

static bool is_han(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F);
}

/* Folds UTF-8 into words separated by single spaces; returns the length. */
static size_t fold_text(const char *s, char *out, size_t cap)
{
    size_t n = 0, len = strlen(s), i = 0;
    bool space = true;
    while (i < len) {
        uint32_t cp = fold_cp(utf8_decode(s, len, &i));
        if (cp == FOLD_DROP) continue;
        if (cp == FOLD_BREAK) {
            if (!space && n + 1 < cap) { out[n++] = ' '; space = true; }
            continue;
        }
        char enc[4];
        size_t k = utf8_encode(cp, enc);
        if (n + k + 1 > cap) break;
        memcpy(out + n, enc, k);
        n += k;
        space = false;
    }
    while (n > 0 && out[n - 1] == ' ') n--;
    out[n] = '\0';
    return n;
}

/* Does a query word start here? Word starts: the beginning of a word, the character after a
 * Chinese one, and the letter after a word's leading Arabic article ال (alef lam). */
static bool word_prefix_in(const char *key, size_t key_len, const char *word, size_t wlen)
{
    size_t i = 0, word_start = 0;
    uint32_t prev = ' ';
    while (i < key_len) {
        size_t at = i;
        bool start = prev == ' ' || is_han(prev) ||
                     (at == word_start + 4 && memcmp(key + word_start, "\xD8\xA7\xD9\x84", 4) == 0);
        if (start && key_len - at >= wlen && memcmp(key + at, word, wlen) == 0) return true;
        uint32_t cp = utf8_decode(key, key_len, &i);
        if (prev == ' ') word_start = at;
        prev = cp;
    }
    return false;
}

bool country_matches(const Country *c, I18nLang lang, const char *query)
{
    char q[FOLD_CAP], key[FOLD_CAP];
    if ((unsigned)lang >= I18N_LANG_COUNT) lang = I18N_EN;
    size_t n = fold_text(query ? query : "", q, sizeof q);
    if (n == 0) return true;
    if (n == 2 && (c->code[0] | 0x20) == q[0] && (c->code[1] | 0x20) == q[1]) return true;
    /* the language's name, then the English one (a kiosk's on-screen keyboard types Latin) */
    for (int pass = 0; pass < (lang == I18N_EN ? 1 : 2); pass++) {
        size_t kn = fold_text(country_name(c, pass == 0 ? lang : I18N_EN), key, sizeof key);
        bool all = true;
        for (size_t i = 0; i < n && all;) {
            size_t j = i;
            while (j < n && q[j] != ' ') j++;
            all = word_prefix_in(key, kn, q + i, j - i);
            i = j + 1;
        }
        if (all) return true;
    }
    return false;
}
