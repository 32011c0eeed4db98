/* osk_layout.c — the on-screen keyboard's layouts (osk_layout.h). Data first, then the few
 * rules over it (shift, alternates, which layout comes next). */
#include "core/osk_layout.h"

#include <string.h>

#include "core/utf8.h"

#define K(t)        {OSK_KEY_CHAR, t, NULL, NULL}
#define KS(t, s)    {OSK_KEY_CHAR, t, s, NULL}
#define KM(t, m)    {OSK_KEY_CHAR, t, NULL, m}
#define KSM(t, s, m) {OSK_KEY_CHAR, t, s, m}
#define SHIFT       {OSK_KEY_SHIFT, NULL, NULL, NULL}
#define BACK        {OSK_KEY_BACKSPACE, NULL, NULL, NULL}
#define DIGITS      {10, {KS("1", "!"), KS("2", "@"), KS("3", "#"), KS("4", "$"), KS("5", "%"), KS("6", "^"), \
                          KS("7", "&"), KS("8", "*"), KS("9", "("), KS("0", ")")}}

/* QWERTY; a long press on a letter offers its accented forms. */
static const OskPlane latin = {{
    DIGITS,
    {10, {K("q"), K("w"), KM("e", "é è ê ë"), K("r"), K("t"), KM("y", "ÿ"), KM("u", "û ù ü ú"),
          KM("i", "î ï í"), KM("o", "ô ó ö œ"), K("p")}},
    {10, {KM("a", "à â á ä æ"), K("s"), K("d"), K("f"), K("g"), K("h"), K("j"), K("k"), K("l"),
          KSM("'", "\"", "« » ’")}},
    {10, {SHIFT, K("z"), K("x"), KM("c", "ç"), K("v"), K("b"), KM("n", "ñ"), K("m"), KSM("-", "_", "¿ ¡ –"), BACK}},
}, ",", "."};

/* Every accented letter French and Spanish need, a tap away, and their quotation marks. */
static const OskPlane latin_accents = {{
    DIGITS,
    {10, {K("é"), K("è"), K("ê"), K("ë"), K("à"), K("â"), K("á"), K("ç"), K("ô"), K("ó")}},
    {10, {K("û"), K("ù"), K("ü"), K("ú"), K("î"), K("ï"), K("í"), K("ñ"), K("œ"), K("æ")}},
    {10, {SHIFT, K("«"), K("»"), K("¿"), K("¡"), K("ÿ"), K("ö"), K("ä"), K("’"), BACK}},
}, ",", "."};

static const OskPlane symbols = {{
    {10, {K("1"), K("2"), K("3"), K("4"), K("5"), K("6"), K("7"), K("8"), K("9"), K("0")}},
    {10, {K("@"), K("#"), K("%"), K("&"), K("*"), K("("), K(")"), K("-"), K("+"), K("=")}},
    {10, {K("!"), K("?"), K(":"), K(";"), K("\""), K("/"), K("_"), K("€"), K("$"), K("£")}},
    {10, {K("'"), K("‘"), K("’"), K("“"), K("”"), K("«"), K("»"), K("…"), K("–"), BACK}},
}, ",", "."};

/* ЙЦУКЕН, ё beside ю as on the physical keyboard's last key of that row. */
static const OskPlane russian = {{
    DIGITS,
    {12, {K("й"), K("ц"), K("у"), K("к"), KM("е", "ё"), K("н"), K("г"), K("ш"), K("щ"), K("з"), K("х"), K("ъ")}},
    {11, {K("ф"), K("ы"), K("в"), K("а"), K("п"), K("р"), K("о"), K("л"), K("д"), K("ж"), K("э")}},
    {12, {SHIFT, K("я"), K("ч"), K("с"), K("м"), K("и"), K("т"), KM("ь", "ъ"), K("б"), K("ю"), K("ё"), BACK}},
}, ",", "."};

/* Arabic 101 (Windows, and macOS's "Arabic - PC"): shift gives the harakat, the hamza forms
 * on alef, the Arabic comma, semicolon and question mark. "لا" types lam then alef. */
static const OskPlane arabic = {{
    {11, {KS("ذ", "ّ"), K("1"), K("2"), K("3"), K("4"), K("5"), K("6"), K("7"), K("8"), K("9"), K("0")}},
    {12, {KS("ض", "َ"), KS("ص", "ً"), KS("ث", "ُ"), KS("ق", "ٌ"), KS("ف", "لإ"), KS("غ", "إ"), KS("ع", "‘"),
          KS("ه", "÷"), KS("خ", "×"), KS("ح", "؛"), KS("ج", "<"), KS("د", ">")}},
    {11, {KS("ش", "ِ"), KS("س", "ٍ"), KS("ي", "]"), KS("ب", "["), KS("ل", "لأ"), KSM("ا", "أ", "أ إ آ"), KS("ت", "ـ"),
          KS("ن", "،"), KS("م", "/"), KS("ك", ":"), KS("ط", "\"")}},
    {12, {SHIFT, KS("ئ", "~"), KS("ء", "ْ"), KS("ؤ", "}"), KS("ر", "{"), KS("لا", "لآ"), KS("ى", "آ"), KS("ة", "’"),
          KS("و", ","), KS("ز", "."), KS("ظ", "؟"), BACK}},
}, "،", "."};

static const OskPlane arabic_symbols = {{
    {10, {K("١"), K("٢"), K("٣"), K("٤"), K("٥"), K("٦"), K("٧"), K("٨"), K("٩"), K("٠")}},
    {10, {K("1"), K("2"), K("3"), K("4"), K("5"), K("6"), K("7"), K("8"), K("9"), K("0")}},
    {10, {K("؟"), K("!"), K("؛"), K(":"), K("«"), K("»"), K("("), K(")"), K("-"), K("٪")}},
    {10, {K("@"), K("#"), K("&"), K("*"), K("/"), K("\""), K("+"), K("="), K("ـ"), BACK}},
}, "،", "."};

/* Letters go to the composition; "'" separates syllables ("xi'an"). */
static const OskPlane pinyin = {{
    DIGITS,
    {10, {K("q"), K("w"), K("e"), K("r"), K("t"), K("y"), K("u"), K("i"), K("o"), K("p")}},
    {10, {K("a"), K("s"), K("d"), K("f"), K("g"), K("h"), K("j"), K("k"), K("l"), K("'")}},
    {10, {SHIFT, K("z"), K("x"), K("c"), K("v"), K("b"), K("n"), K("m"), K("、"), BACK}},
}, "，", "。"};

static const OskPlane pinyin_symbols = {{
    {10, {K("1"), K("2"), K("3"), K("4"), K("5"), K("6"), K("7"), K("8"), K("9"), K("0")}},
    {10, {K("，"), K("。"), K("？"), K("！"), K("、"), K("："), K("；"), K("“"), K("”"), K("·")}},
    {10, {K("《"), K("》"), K("（"), K("）"), K("【"), K("】"), K("…"), K("—"), K("‘"), K("’")}},
    {10, {K("@"), K("#"), K("%"), K("&"), K("*"), K("-"), K("+"), K("="), K("/"), BACK}},
}, "，", "。"};

const OskPlane *osk_plane(OskLayout layout, OskLayer layer)
{
    static const OskPlane *const planes[OSK_LAYOUT_COUNT][OSK_LAYER_COUNT] = {
        [OSK_LATIN] = {&latin, &latin_accents, &symbols},
        [OSK_RUSSIAN] = {&russian, NULL, &symbols},
        [OSK_ARABIC] = {&arabic, NULL, &arabic_symbols},
        [OSK_PINYIN] = {&pinyin, NULL, &pinyin_symbols},
    };
    if ((unsigned)layout >= OSK_LAYOUT_COUNT || (unsigned)layer >= OSK_LAYER_COUNT) return NULL;
    return planes[layout][layer];
}

unsigned osk_upper(unsigned cp)
{
    if (cp >= 'a' && cp <= 'z') return cp - 32;
    if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 32;
    if (cp == 0xFF) return 0x178;
    if (cp == 0x153) return 0x152;
    if (cp >= 0x430 && cp <= 0x44F) return cp - 32;
    if (cp >= 0x450 && cp <= 0x45F) return cp - 80; /* ё → Ё */
    return cp;
}

/* Copies s[0..n) to out, upper-cased when asked. */
static size_t emit(const char *s, size_t n, bool upper, char *out, size_t cap)
{
    size_t o = 0;
    if (cap == 0) return 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp = utf8_decode(s, n, &i);
        char enc[4];
        size_t len = utf8_encode(upper ? osk_upper(cp) : cp, enc);
        if (o + len + 1 > cap) break;
        memcpy(out + o, enc, len);
        o += len;
    }
    out[o] = '\0';
    return o;
}

size_t osk_key_output(const OskKey *key, bool shift, char *out, size_t cap)
{
    if (!key || key->kind != OSK_KEY_CHAR) { if (cap) out[0] = '\0'; return 0; }
    if (shift && key->shifted) return emit(key->shifted, strlen(key->shifted), false, out, cap);
    return emit(key->text, strlen(key->text), shift, out, cap);
}

size_t osk_key_more(const OskKey *key, int i, bool shift, char *out, size_t cap)
{
    if (cap) out[0] = '\0';
    if (!key || !key->more || i < 0) return 0;
    const char *p = key->more;
    for (;;) {
        const char *end = strchr(p, ' ');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (i-- == 0) return emit(p, n, shift, out, cap);
        if (!end) return 0;
        p = end + 1;
    }
}

OskLayout osk_layout_for(I18nLang lang)
{
    switch (lang) {
    case I18N_AR: return OSK_ARABIC;
    case I18N_ZH: return OSK_PINYIN;
    case I18N_RU: return OSK_RUSSIAN;
    default: return OSK_LATIN;
    }
}

I18nLang osk_layout_lang(OskLayout layout)
{
    static const I18nLang langs[OSK_LAYOUT_COUNT] = {I18N_EN, I18N_RU, I18N_AR, I18N_ZH};
    return (unsigned)layout < OSK_LAYOUT_COUNT ? langs[layout] : I18N_EN;
}

const char *osk_layout_sample(OskLayout layout)
{
    static const char *const samples[OSK_LAYOUT_COUNT] = {"ABC", "АБВ", "أ ب ت", "abc"};
    return (unsigned)layout < OSK_LAYOUT_COUNT ? samples[layout] : "";
}

const char *osk_layout_name(OskLayout layout)
{
    return layout == OSK_LATIN ? "ABC" : i18n_get(osk_layout_lang(layout), MSG_LANGUAGE_NAME);
}

OskLayout osk_layout_next(OskLayout current, const I18nLang *langs, int count, I18nLang ui)
{
    OskLayout order[OSK_LAYOUT_COUNT];
    int n = 0;
    for (int i = 0; i <= count; i++) {
        OskLayout l = osk_layout_for(i < count ? langs[i] : ui);
        bool seen = false;
        for (int j = 0; j < n; j++) seen = seen || order[j] == l;
        if (!seen) order[n++] = l;
    }
    for (int i = 0; i < n; i++)
        if (order[i] == current) return order[(i + 1) % n];
    return order[0];
}
