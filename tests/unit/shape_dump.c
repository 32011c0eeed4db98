/* shape_dump.c — prints how the text layer shapes a fixed set of lines with the fonts the web
 * build ships (face, glyph id, cluster, position and advance in font units), so the wasm build
 * (HarfBuzz HB_TINY, FriBidi from source) can be compared with the native one line for line.
 * Reads only the font files named on the command line; never writes anything but stdout. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/shape.h"
#include "text/text.h"

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    size_t cap = 1u << 20, n = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) exit(1);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 4) { fprintf(stderr, "usage: shape_dump LATIN.ttf ARABIC.ttf CJK.otf\n"); return 2; }
    static const TextGroup groups[3] = {TEXT_GROUP_LATIN, TEXT_GROUP_ARABIC, TEXT_GROUP_CJK};
    static const char *const lines[] = {
        "شكراً", "للسيدة", "لا إله", "أسئلة", "مؤتمر الأمم المتحدة", "السلام عليكم ورحمة الله",
        "شكراً للسيدة Maria Lopez على 3 أسئلة", "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ",
        "Thank you, Ms Lopez (3 questions).", "Конференция участников", "Ελληνικά",
        "我们感谢主席的发言，并提出三个问题。", "Ms Lopez said شكراً and left",
    };
    TextFonts tf;
    unsigned char *data[3];
    Shaper *sh = shaper_new();
    TextEngine engine;
    if (!sh || !text_fonts_init(&tf)) return 1;
    shaper_bind(sh, &engine);
    text_fonts_set_engine(&tf, &engine);
    for (int i = 0; i < 3; i++) {
        size_t len;
        data[i] = read_all(argv[i + 1], &len);
        if (text_fonts_add(&tf, data[i], len, 0, groups[i], TEXT_REGULAR) != i) { fprintf(stderr, "%s: unreadable\n", argv[i + 1]); return 1; }
    }
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        const TextLayout *l = text_layout(&tf, TEXT_REGULAR, TEXT_DIR_AUTO, lines[i], strlen(lines[i]));
        if (!l) return 1;
        printf("%zu %s:", i, l->rtl ? "rtl" : "ltr");
        for (uint32_t g = 0; g < l->glyph_count; g++) {
            const TextGlyph *x = &l->glyphs[g];
            float upem = (float)tf.faces[x->face].upem;
            printf(" %u/%u/%u@%ld,%ld+%ld", (unsigned)x->face, (unsigned)x->glyph, (unsigned)x->cluster,
                   lroundf(x->x * upem), lroundf(x->y * upem), lroundf(x->advance * upem));
        }
        printf("\n");
    }
    text_fonts_free(&tf);
    shaper_free(sh);
    for (int i = 0; i < 3; i++) free(data[i]);
    return 0;
}
