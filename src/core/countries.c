/* countries.c — lookup and search over the generated country table.
 * Portable C11, no allocation; queries are untrusted UTF-8 and only ever read. */
#include "core/countries.h"

#include <string.h>

#include "core/utf8.h"

const Country *country_find(const char *code)
{
    if (!code || strlen(code) != 2) return NULL;
    for (int i = 0; i < COUNTRY_COUNT; i++)
        if (memcmp(country_table[i].code, code, 2) == 0) return &country_table[i];
    return NULL;
}

/* Folds the query into lowercase ASCII words separated by single spaces. */
static size_t fold_query(const char *q, char *out, size_t cap)
{
    size_t n = 0, len = strlen(q), i = 0;
    bool space = true;
    while (i < len && n + 1 < cap) {
        uint32_t cp = utf8_decode(q, len, &i);
        char c = 0;
        if (cp < 0x80) c = (char)cp;
        else if (cp >= 0xC0 && cp < 0x180) c = country_fold_latin[cp - 0xC0];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (word) { out[n++] = c; space = false; }
        else if (!space) { out[n++] = ' '; space = true; }
    }
    while (n > 0 && out[n - 1] == ' ') n--;
    out[n] = '\0';
    return n;
}

static bool word_prefix_in(const char *key, const char *word, size_t wlen)
{
    for (const char *p = key; *p; p++) {
        bool start = p == key || !((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= '0' && p[-1] <= '9'));
        if (start && strncmp(p, word, wlen) == 0) return true;
    }
    return false;
}

bool country_matches(const Country *c, I18nLang lang, const char *query)
{
    char q[64];
    size_t n = fold_query(query, q, sizeof q);
    if (n == 0) return true;
    if (n == 2 && (c->code[0] | 0x20) == q[0] && (c->code[1] | 0x20) == q[1]) return true;
    const char *key = c->key[lang];
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && q[j] != ' ') j++;
        if (!word_prefix_in(key, q + i, j - i)) return false;
        i = j + 1;
    }
    return true;
}
