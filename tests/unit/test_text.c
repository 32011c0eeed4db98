/* test_text.c — the text layer with the real Noto fonts: shaping compared with what Debian's
 * hb-shape prints for the same font file (run at test time), bidi reordering, Chinese line
 * breaking, caret and selection in RTL and mixed text edited through core/textedit, the
 * shaped-line cache, font fallback, and hostile input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_files.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hb.h>

#include "core/textedit.h"
#include "core/utf8.h"
#include "text/shape.h"
#include "text/text.h"
#include "ui/font.h"
#include "ui/ui.h"
/* (stb_truetype's functions, declared by ui/font.h, are compiled into the UI's font.c) */

#define NOTO "/usr/share/fonts/truetype/noto/"
#define LATIN_TTF NOTO "NotoSans-Regular.ttf"
#define LATIN_BOLD_TTF NOTO "NotoSans-Bold.ttf"
#define ARABIC_TTF NOTO "NotoSansArabic-Regular.ttf"
#define CJK_TTC "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
#define CJK_SC_INDEX 2

/* The mixed sentence of the issue: Arabic with a Latin name and a digit. */
static const char MIXED[] = "شكراً للسيدة Maria Lopez على 3 أسئلة";

typedef struct Fixture {
    unsigned char *latin, *latin_bold, *arabic, *cjk;
    size_t latin_len, latin_bold_len, arabic_len, cjk_len;
    TextFonts tf;
    Shaper *sh;
    TextEngine engine;
    int f_latin, f_bold, f_arabic, f_cjk;
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    f->latin = test_read_file(LATIN_TTF, &f->latin_len);
    f->latin_bold = test_read_file(LATIN_BOLD_TTF, &f->latin_bold_len);
    f->arabic = test_read_file(ARABIC_TTF, &f->arabic_len);
    f->cjk = test_read_file(CJK_TTC, &f->cjk_len);
    assert_true(text_fonts_init(&f->tf));
    f->sh = shaper_new();
    assert_non_null(f->sh);
    shaper_bind(f->sh, &f->engine);
    text_fonts_set_engine(&f->tf, &f->engine);
    f->f_latin = text_fonts_add(&f->tf, f->latin, f->latin_len, 0, TEXT_GROUP_LATIN, TEXT_REGULAR);
    f->f_bold = text_fonts_add(&f->tf, f->latin_bold, f->latin_bold_len, 0, TEXT_GROUP_LATIN, TEXT_BOLD);
    f->f_arabic = text_fonts_add(&f->tf, f->arabic, f->arabic_len, 0, TEXT_GROUP_ARABIC, TEXT_REGULAR);
    f->f_cjk = text_fonts_add(&f->tf, f->cjk, f->cjk_len, CJK_SC_INDEX, TEXT_GROUP_CJK, TEXT_REGULAR);
    assert_true(f->f_latin == 0 && f->f_bold == 1 && f->f_arabic == 2 && f->f_cjk == 3);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    text_fonts_free(&f->tf);
    shaper_free(f->sh);
    free(f->latin);
    free(f->latin_bold);
    free(f->arabic);
    free(f->cjk);
    free(f);
    return 0;
}

/* --- hb-shape ------------------------------------------------------------------------------ */

typedef struct RefGlyph { unsigned glyph, cluster; int dx, dy, adv; } RefGlyph;

/* Runs Debian's hb-shape (no shell) and parses "[gid=cluster@dx,dy+adv|...]". */
static size_t hb_shape_ref(const char *font, int index, bool rtl, const char *script, const char *text,
                           size_t len, const char *before, const char *after, RefGlyph *out, size_t cap)
{
    char textarg[4096], fontindex[32], dirarg[32], scriptarg[32], beforearg[256], afterarg[256];
    assert_true(len + 8 < sizeof textarg);
    snprintf(textarg, sizeof textarg, "--text=%.*s", (int)len, text);
    snprintf(fontindex, sizeof fontindex, "--face-index=%d", index);
    snprintf(dirarg, sizeof dirarg, "--direction=%s", rtl ? "rtl" : "ltr");
    snprintf(scriptarg, sizeof scriptarg, "--script=%s", script);
    snprintf(beforearg, sizeof beforearg, "--text-before=%s", before);
    snprintf(afterarg, sizeof afterarg, "--text-after=%s", after);
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fd[1], 1);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) dup2(null, 2);
        close(fd[0]);
        close(fd[1]);
        char *argv[] = {"hb-shape", "--font-funcs=ot", "--no-glyph-names", "--utf8-clusters", fontindex, dirarg,
                        scriptarg, beforearg, afterarg, (char *)font, textarg, NULL};
        execvp("hb-shape", argv);
        _exit(127);
    }
    close(fd[1]);
    char buf[65536];
    size_t n = 0;
    ssize_t got;
    while (n + 1 < sizeof buf && (got = read(fd[0], buf + n, sizeof buf - 1 - n)) > 0) n += (size_t)got;
    buf[n] = 0;
    close(fd[0]);
    int status;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) fail_msg("hb-shape failed (package libharfbuzz-bin)");
    size_t count = 0;
    const char *p = strchr(buf, '[');
    assert_non_null(p);
    p++;
    while (*p && *p != ']' && count < cap) {
        RefGlyph g = {0};
        char *end;
        g.glyph = (unsigned)strtoul(p, &end, 10);
        assert_true(*end == '=');
        g.cluster = (unsigned)strtoul(end + 1, &end, 10);
        if (*end == '@') {
            g.dx = (int)strtol(end + 1, &end, 10);
            assert_true(*end == ',');
            g.dy = (int)strtol(end + 1, &end, 10);
        }
        assert_true(*end == '+');
        g.adv = (int)strtol(end + 1, &end, 10);
        out[count++] = g;
        p = *end == '|' ? end + 1 : end;
    }
    return count;
}

/* Up to 5 code points of context before/after [start, end), as HarfBuzz takes them. */
static void context(const char *text, size_t len, size_t start, size_t end, char *before, char *after)
{
    size_t b = start;
    for (int k = 0; k < 5 && b > 0; k++) {
        b--;
        while (b > 0 && ((unsigned char)text[b] & 0xC0u) == 0x80u) b--;
    }
    memcpy(before, text + b, start - b);
    before[start - b] = 0;
    size_t a = end;
    for (int k = 0; k < 5 && a < len; k++) utf8_decode(text, len, &a);
    memcpy(after, text + end, a - end);
    after[a - end] = 0;
}

static const char *script_tag(uint32_t script)
{
    static char tag[5];
    hb_tag_to_string((hb_tag_t)script, tag);
    tag[4] = 0;
    tag[0] = (char)(tag[0] - 'A' + 'a'); /* "Arab" -> "arab" */
    return tag;
}

static const char *face_file(const Fixture *f, int face, int *index)
{
    *index = face == f->f_cjk ? CJK_SC_INDEX : 0;
    return face == f->f_latin ? LATIN_TTF : face == f->f_bold ? LATIN_BOLD_TTF : face == f->f_arabic ? ARABIC_TTF : CJK_TTC;
}

/* Every run of the line shaped by us equals hb-shape's output for that run: same glyph ids,
 * clusters (relative to the run), offsets and advances in font units, same order. Returns
 * the number of runs compared. */
static int compare_with_hb_shape(Fixture *f, const char *text, TextDir dir)
{
    size_t len = strlen(text);
    TextRun runs[64];
    size_t nruns = shaper_itemize(f->sh, TEXT_REGULAR, text, len, dir, runs, 64, NULL);
    const TextLayout *l = text_layout(&f->tf, TEXT_REGULAR, dir, text, len);
    assert_non_null(l);
    size_t total = 0;
    for (size_t r = 0; r < nruns; r++) {
        int index;
        const char *file = face_file(f, runs[r].face, &index);
        char before[64], after[64];
        context(text, len, runs[r].start, runs[r].end, before, after);
        RefGlyph ref[512];
        size_t n = hb_shape_ref(file, index, runs[r].level & 1, script_tag(runs[r].script), text + runs[r].start,
                                runs[r].end - runs[r].start, before, after, ref, 512);
        /* our glyphs of this run, in visual order: contiguous in the line */
        size_t first = l->glyph_count;
        for (size_t g = 0; g < l->glyph_count; g++)
            if (l->glyphs[g].cluster >= runs[r].start && l->glyphs[g].cluster < runs[r].end) { first = g; break; }
        assert_true(first + n <= l->glyph_count);
        float upem = (float)f->tf.faces[runs[r].face].upem;
        float pen = l->glyphs[first].x - (float)ref[0].dx / upem;
        for (size_t k = 0; k < n; k++) {
            const TextGlyph *g = &l->glyphs[first + k];
            if (g->glyph != ref[k].glyph || g->cluster - runs[r].start != ref[k].cluster
                || lroundf(g->advance * upem) != ref[k].adv || lroundf((g->x - pen) * upem) != ref[k].dx
                || lroundf(g->y * upem) != ref[k].dy)
                fail_msg("run %zu glyph %zu: ours %u=%u@%ld,%ld+%ld, hb-shape %u=%u@%d,%d+%d", r, k, g->glyph,
                         g->cluster - runs[r].start, lroundf((g->x - pen) * upem), lroundf(g->y * upem),
                         lroundf(g->advance * upem), ref[k].glyph, ref[k].cluster, ref[k].dx, ref[k].dy, ref[k].adv);
            pen += g->advance;
        }
        total += n;
    }
    assert_int_equal(total, l->glyph_count);
    return (int)nruns;
}

static void test_shaping_matches_hb_shape(void **state)
{
    Fixture *f = *state;
    static const char *const strings[] = {
        "شكراً",                     /* shadda + fathatan: marks on a base */
        "للسيدة",                    /* lam-lam initial and medial forms */
        "لا إله",                    /* lam-alef ligatures */
        "أسئلة",                     /* hamza forms */
        "مؤتمر الأمم المتحدة",
        "السلام عليكم ورحمة الله",
        MIXED,
        "Thank you, Ms Lopez (3 questions).",
        "Конференция участников",
        "我们感谢主席的发言，并提出三个问题。",
    };
    int runs = 0;
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        runs += compare_with_hb_shape(f, strings[i], TEXT_DIR_AUTO);
    runs += compare_with_hb_shape(f, MIXED, TEXT_DIR_RTL);
    runs += compare_with_hb_shape(f, "Ms Lopez said شكراً and left", TEXT_DIR_LTR);
    print_message("shaping matched hb-shape for %zu strings, %d runs\n", sizeof strings / sizeof strings[0] + 2, runs);
}

/* --- bidi ---------------------------------------------------------------------------------- */

static void test_bidi_mixed_sentence(void **state)
{
    Fixture *f = *state;
    size_t len = strlen(MIXED);
    uint32_t vis[128];
    size_t n = shaper_visual_order(f->sh, MIXED, len, TEXT_DIR_AUTO, vis, 128);
    assert_int_equal(n, utf8_count(MIXED, len));
    /* the code points of the sentence, to read the visual string back */
    uint32_t cps[128];
    size_t k = 0;
    for (size_t i = 0; i < len;) cps[k++] = utf8_decode(MIXED, len, &i);
    /* the expected visual order, left to right, written as logical indices */
    const char *maria = strstr(MIXED, "Maria Lopez");
    size_t m = utf8_count(MIXED, (size_t)(maria - MIXED));
    /* leftmost is the last letter of the last Arabic word; "Maria Lopez" reads left to right */
    assert_int_equal(vis[0], n - 1);
    assert_int_equal(vis[n - 1], 0);
    size_t at = 0;
    while (at < n && vis[at] != m) at++;
    assert_true(at < n);
    for (size_t j = 0; j < 11; j++) assert_int_equal(vis[at + j], m + j);
    /* the digit 3 stands to the left of "على" and right of "أسئلة" */
    size_t three = 0, ala = utf8_count(MIXED, (size_t)(strstr(MIXED, "على") - MIXED));
    while (cps[vis[three]] != '3') three++;
    size_t ala_at = 0;
    while (vis[ala_at] != ala) ala_at++;
    assert_true(three < ala_at && ala_at < at);
    /* the layout: runs in that visual order, the paragraph RTL */
    const TextLayout *l = text_layout(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, MIXED, len);
    assert_true(l->rtl);
    assert_int_equal(l->glyphs[l->glyph_count - 1].cluster, 0);   /* rightmost glyph: the first letter */
    assert_true(l->glyphs[0].cluster >= (uint32_t)(strstr(MIXED, "أسئلة") - MIXED));
    /* a Latin paragraph stays LTR */
    l = text_layout(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, "Maria شكراً", strlen("Maria شكراً"));
    assert_false(l->rtl);
    assert_int_equal(l->glyphs[0].cluster, 0);
}

/* --- line breaking ------------------------------------------------------------------------- */

static bool starts_with_any(const char *s, size_t len, const char *const *set)
{
    for (size_t i = 0; set[i]; i++)
        if (len >= strlen(set[i]) && !memcmp(s, set[i], strlen(set[i]))) return true;
    return false;
}

static bool ends_with_any(const char *s, size_t len, const char *const *set)
{
    for (size_t i = 0; set[i]; i++) {
        size_t n = strlen(set[i]);
        if (len >= n && !memcmp(s + len - n, set[i], n)) return true;
    }
    return false;
}

static void test_chinese_line_breaking(void **state)
{
    Fixture *f = *state;
    static const char zh[] = "我们感谢主席的发言，并提出三个问题：（一）预算。「二」时间表、地点！《三》谁负责？";
    static const char *const closing[] = {"，", "。", "、", "）", "」", "』", "》", "！", "？", "：", NULL};
    static const char *const opening[] = {"（", "「", "『", "《", NULL};
    assert_false(text_break_between(0x8A00 /* 言 */, 0xFF0C /* ， */));
    assert_false(text_break_between(0xFF08 /* （ */, 0x4E00));
    assert_true(text_break_between(0x4E3B, 0x5E2D));   /* between two ideographs */
    assert_true(text_break_between(' ', 'a'));
    assert_true(text_break_between('-', 'a'));
    assert_false(text_break_between('a', 'b'));
    size_t len = strlen(zh);
    int lines_seen = 0;
    /* from 3 em on, every bracketed group fits a line (narrower, a group must be split) */
    for (float w = 3.0f; w <= 20.0f; w += 1.0f) {
        size_t pos = 0;
        int lines = 0;
        while (pos < len) {
            size_t next;
            size_t n = text_wrap_line(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, zh + pos, len - pos, w + 0.01f, &next);
            assert_true(next > 0);
            assert_true(utf8_valid(zh + pos, n));
            if (lines > 0 && starts_with_any(zh + pos, n, closing))
                fail_msg("width %.0f: a line starts with closing punctuation: %.*s", w, (int)n, zh + pos);
            if (pos + n < len && ends_with_any(zh + pos, n, opening))
                fail_msg("width %.0f: a line ends with opening punctuation: %.*s", w, (int)n, zh + pos);
            const TextLayout *l = text_layout(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, zh + pos, n);
            if (utf8_count(zh + pos, n) > 2) assert_true(l->width <= w + 0.01f);
            pos += next;
            lines++;
        }
        lines_seen += lines;
    }
    /* at 9 em: the tenth ideograph would be followed by "，", so the line breaks before 言 */
    size_t next;
    size_t n = text_wrap_line(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, zh, len, 9.01f, &next);
    assert_int_equal(n, strlen("我们感谢主席的发"));
    assert_int_equal(next, n);
    /* Latin still breaks after spaces and hyphens, never inside words that fit */
    static const char en[] = "Constructive dialogue with non-governmental organisations";
    n = text_wrap_line(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, en, strlen(en), 12.0f, &next);
    assert_memory_equal(en, "Constructive dialogue", n);
    assert_int_equal(next, strlen("Constructive dialogue "));
    n = text_wrap_line(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, en + next, strlen(en) - next, 8.0f, &next);
    assert_int_equal(n, strlen("with non-"));
    /* Arabic breaks between words */
    n = text_wrap_line(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, MIXED, strlen(MIXED), 6.0f, &next);
    assert_true(MIXED[n] == ' ' && next == n + 1);
    /* '\n' always breaks */
    n = text_wrap_line(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, "ab\ncd", 5, 100.0f, &next);
    assert_int_equal(n, 2);
    assert_int_equal(next, 3);
    assert_true(lines_seen > 18);
}

/* --- caret, selection, editing ------------------------------------------------------------- */

/* Every caret position maps to an x and back. */
static void assert_hit_roundtrip(const TextLayout *l, const char *text)
{
    for (size_t o = 0; o <= l->len; o++) {
        if (o < l->len && ((unsigned char)text[o] & 0xC0u) == 0x80u) continue;
        bool boundary = o == l->len;
        for (uint32_t c = 0; c < l->cluster_count && !boundary; c++) boundary = l->clusters[c].start == o;
        if (!boundary) continue;
        float x = text_caret_x(l, o);
        size_t back = text_hit(l, x);
        if (back != o && fabsf(text_caret_x(l, back) - x) > 1e-4f)
            fail_msg("offset %zu: x %.3f hits %zu", o, (double)x, back);
    }
}

static void test_caret_selection_and_editing_rtl(void **state)
{
    Fixture *f = *state;
    char buf[TEXTEDIT_BUF_BYTES(200)];
    TextEdit te;
    assert_true(textedit_init(&te, buf, sizeof buf, 200, false));
    /* an empty field of an RTL paragraph: the caret at its right (x 0 of a zero-width line) */
    const TextLayout *l = text_layout(&f->tf, TEXT_REGULAR, TEXT_DIR_RTL, "", 0);
    assert_true(l->rtl);
    assert_true(text_caret_x(l, 0) == 0.0f && l->width == 0.0f);

    /* type the sentence in pieces, as a participant would */
    static const char *const typed[] = {"شكراً للسيدة ", "Maria Lopez", " على ", "3", " أسئلة"};
    for (size_t i = 0; i < 5; i++) assert_int_equal(textedit_insert(&te, typed[i], strlen(typed[i])).status, TEXTEDIT_OK);
    size_t len;
    const char *text = textedit_value(&te, &len);
    assert_string_equal(text, MIXED);
    l = text_layout(&f->tf, TEXT_REGULAR, TEXT_DIR_RTL, text, len);
    /* logical start at the right edge, logical end at the left edge */
    assert_float_equal(text_caret_x(l, 0), l->width, 1e-4);
    assert_float_equal(text_caret_x(l, len), 0.0f, 1e-4);
    assert_hit_roundtrip(l, text);

    /* moving back through the last Arabic word (logical PREV) moves the caret right */
    float x = text_caret_x(l, textedit_caret(&te));
    for (int k = 0; k < 4; k++) {
        textedit_move(&te, TEXTEDIT_PREV_CHAR, false);
        float nx = text_caret_x(l, textedit_caret(&te));
        assert_true(nx > x);
        x = nx;
    }
    /* inside "Maria" (LTR) the same logical motion moves the caret left */
    size_t maria = (size_t)(strstr(text, "Maria") - text);
    textedit_select(&te, maria + 3, maria + 3);
    float xm = text_caret_x(l, textedit_caret(&te));
    textedit_move(&te, TEXTEDIT_PREV_CHAR, false);
    assert_true(text_caret_x(l, textedit_caret(&te)) < xm);
    /* next char: right again */
    textedit_move(&te, TEXTEDIT_NEXT_CHAR, false);
    assert_float_equal(text_caret_x(l, textedit_caret(&te)), xm, 1e-4);

    /* selecting "Lopez على" (logical) shows as two visual spans: "على " and "Lopez" */
    size_t lopez = (size_t)(strstr(text, "Lopez") - text);
    size_t ala_end = (size_t)(strstr(text, "على") - text) + strlen("على");
    textedit_select(&te, lopez, ala_end);
    size_t s0, s1;
    assert_true(textedit_selection(&te, &s0, &s1));
    float x0[TEXT_MAX_RECTS], x1[TEXT_MAX_RECTS];
    size_t nr = text_selection(l, s0, s1, x0, x1, TEXT_MAX_RECTS);
    assert_int_equal(nr, 2);
    assert_true(x1[0] < x0[1]);                         /* left to right, apart */
    assert_float_equal(x0[1], text_caret_x(l, lopez), 1e-4);   /* "Lopez" starts at its caret */
    assert_float_equal(x0[0], text_caret_x(l, ala_end), 1e-4);  /* "على" ends at its left */
    /* a plain LTR selection is one span */
    assert_int_equal(text_selection(l, maria, maria + 5, x0, x1, TEXT_MAX_RECTS), 1);

    /* delete the digit: caret after "3", Backspace */
    size_t three = (size_t)(strchr(text, '3') - text);
    textedit_select(&te, three + 1, three + 1);
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_CHAR));
    text = textedit_value(&te, &len);
    assert_null(strchr(text, '3'));
    assert_int_equal(textedit_caret(&te), three);
    l = text_layout(&f->tf, TEXT_REGULAR, TEXT_DIR_RTL, text, len);
    assert_hit_roundtrip(l, text);
    /* delete a word backwards from the end (Ctrl+Backspace): "أسئلة" goes */
    textedit_move(&te, TEXTEDIT_END, false);
    assert_true(textedit_delete(&te, TEXTEDIT_PREV_WORD));
    text = textedit_value(&te, &len);
    assert_null(strstr(text, "أسئلة"));
    l = text_layout(&f->tf, TEXT_REGULAR, TEXT_DIR_RTL, text, len);
    /* the caret at the logical end is at the leftmost edge of what remains */
    float end_x = text_caret_x(l, len);
    for (uint32_t c = 0; c < l->cluster_count; c++) assert_true(l->clusters[c].x0 >= end_x - 1e-4f);
    /* the lam-alef ligature is one cluster of two letters: the caret inside it interpolates */
    const char la[] = "لا";
    l = text_layout(&f->tf, TEXT_REGULAR, TEXT_DIR_RTL, la, strlen(la));
    assert_int_equal(l->cluster_count, 1);
    float mid = text_caret_x(l, 2);
    assert_true(mid > 0 && mid < l->width);
}

/* --- cache --------------------------------------------------------------------------------- */

static void test_cache_second_frame_does_not_reshape(void **state)
{
    Fixture *f = *state;
    static const char *const frame[] = {"Agenda", "Panellists", "Submit a comment", MIXED, "我们感谢主席的发言",
                                        "Constructive dialogue", "مؤتمر الأمم المتحدة"};
    const size_t n = sizeof frame / sizeof frame[0];
    for (size_t i = 0; i < n; i++) text_layout(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, frame[i], strlen(frame[i]));
    uint64_t shapes = f->tf.stats.shapes, layouts = f->tf.stats.layouts, hits = f->tf.stats.hits;
    for (int again = 0; again < 3; again++)
        for (size_t i = 0; i < n; i++) text_layout(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, frame[i], strlen(frame[i]));
    assert_int_equal(f->tf.stats.shapes, shapes);
    assert_int_equal(f->tf.stats.layouts, layouts);
    assert_int_equal(f->tf.stats.hits, hits + 3 * n);
    /* wrapping a long paragraph shapes it once, not once per line, and not again next frame */
    char para[2048];
    size_t plen = 0;
    while (plen + 64 < sizeof para) plen += (size_t)snprintf(para + plen, sizeof para - plen, "Comment %zu on the review mechanism, ", plen);
    for (int pass = 0; pass < 2; pass++) {
        uint64_t before = f->tf.stats.layouts;
        int lines = 0;
        for (size_t pos = 0, next; pos < plen; pos += next, lines++)
            text_wrap_line(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, para + pos, plen - pos, 20.0f, &next);
        assert_true(lines > 30);
        assert_int_equal(f->tf.stats.layouts - before, pass == 0 ? 1 : 0);
    }
    layouts = f->tf.stats.layouts;
    /* style and direction are part of the key */
    text_layout(&f->tf, TEXT_BOLD, TEXT_DIR_AUTO, frame[0], strlen(frame[0]));
    text_layout(&f->tf, TEXT_REGULAR, TEXT_DIR_RTL, frame[0], strlen(frame[0]));
    assert_int_equal(f->tf.stats.layouts, layouts + 2);
    /* bounded: many distinct strings evict the least recently used, never grow past capacity */
    char s[32];
    for (int i = 0; i < TEXT_CACHE_ENTRIES + 100; i++) {
        int k = snprintf(s, sizeof s, "line %d", i);
        text_layout(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, s, (size_t)k);
    }
    assert_true(f->tf.stats.evictions >= 100);
    uint64_t shapes_before = f->tf.stats.shapes;
    text_layout(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, "line 611", 8); /* recent: still there */
    assert_int_equal(f->tf.stats.shapes, shapes_before);
    text_layout(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, frame[0], strlen(frame[0])); /* old: gone */
    assert_true(f->tf.stats.shapes > shapes_before);
    assert_true(f->tf.cached_glyphs <= TEXT_CACHE_GLYPHS);
}

/* --- fallback ------------------------------------------------------------------------------ */

static void test_font_fallback_per_script(void **state)
{
    Fixture *f = *state;
    assert_int_equal(text_face_for(&f->tf, TEXT_REGULAR, 'A'), f->f_latin);
    assert_int_equal(text_face_for(&f->tf, TEXT_BOLD, 'A'), f->f_bold);
    assert_int_equal(text_face_for(&f->tf, TEXT_REGULAR, 0x0416 /* Ж */), f->f_latin);
    assert_int_equal(text_face_for(&f->tf, TEXT_REGULAR, 0x03A9 /* Ω */), f->f_latin);
    assert_int_equal(text_face_for(&f->tf, TEXT_REGULAR, 0x0634 /* ش */), f->f_arabic);
    assert_int_equal(text_face_for(&f->tf, TEXT_BOLD, 0x0634), f->f_arabic);   /* no Arabic bold: regular */
    assert_int_equal(text_face_for(&f->tf, TEXT_REGULAR, 0x4E2D /* 中 */), f->f_cjk);
    assert_int_equal(text_face_for(&f->tf, TEXT_REGULAR, 0xFF0C /* ， */), f->f_cjk); /* only the CJK face has it */
    /* runs: one per face and direction */
    static const char s[] = "Hello مرحبا 你好，world";
    TextRun runs[16];
    bool rtl;
    size_t n = shaper_itemize(f->sh, TEXT_REGULAR, s, strlen(s), TEXT_DIR_AUTO, runs, 16, &rtl);
    assert_false(rtl);
    /* "Hello ", "مرحبا" (RTL), " " (back at the paragraph's level), "你好，", "world" */
    assert_int_equal(n, 5);
    assert_int_equal(runs[0].face, f->f_latin);
    assert_int_equal(runs[1].face, f->f_arabic);
    assert_true(runs[1].level & 1);
    assert_false(runs[2].level & 1);
    assert_int_equal(runs[3].face, f->f_cjk);
    assert_int_equal(runs[4].face, f->f_latin);
    assert_memory_equal(s + runs[3].start, "你好，", runs[3].end - runs[3].start);
    /* the Arabic marks stay on their letters' face; the digit inside Arabic follows the Arabic face */
    n = shaper_itemize(f->sh, TEXT_REGULAR, MIXED, strlen(MIXED), TEXT_DIR_AUTO, runs, 16, &rtl);
    assert_true(rtl);
    for (size_t i = 0; i < n; i++) {
        /* the digit inside Arabic text takes the Arabic face (it has ASCII digits) */
        bool latin = runs[i].start == (uint32_t)(strstr(MIXED, "Maria") - MIXED);
        if (runs[i].end - runs[i].start == 1 && MIXED[runs[i].start] == ' ') {
            assert_int_equal(runs[i].face, runs[i - 1].face); /* a space keeps the face before it */
            continue;
        }
        if (runs[i].face != (latin ? f->f_latin : f->f_arabic))
            fail_msg("run %zu \"%.*s\": face %d", i, (int)(runs[i].end - runs[i].start), MIXED + runs[i].start, runs[i].face);
    }
}

/* --- the same advances as before for simple text ---------------------------------------- */

/* What the UI measured before the text layer: stb_truetype's advances plus its pair kerning. */
static float stb_width_em(const unsigned char *font, const char *text)
{
    stbtt_fontinfo info;
    assert_true(stbtt_InitFont(&info, font, stbtt_GetFontOffsetForIndex(font, 0)));
    int prev = 0, units = 0;
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        int g = stbtt_FindGlyphIndex(&info, (int)utf8_decode(text, len, &i));
        int adv, lsb;
        stbtt_GetGlyphHMetrics(&info, g, &adv, &lsb);
        if (prev) units += stbtt_GetGlyphKernAdvance(&info, prev, g);
        units += adv;
        prev = g;
    }
    return (float)units * stbtt_ScaleForMappingEmToPixels(&info, 1.0f);
}

static void test_latin_advances_match_the_previous_metrics(void **state)
{
    Fixture *f = *state;
    /* the English and French screens lay out exactly as with stb_truetype's metrics */
    static const char *const lines[] = {
        "Constructive dialogue on the review process in accordance with",
        "paragraph 53 of the Procedures and rules for the functioning of",
        "AVATAR Type your question. Wo", "Chair: Mr. Francesco Testa", "Language",
        "Remarques liminaires du Président sur les contributions", "« Société civile » — l’œuvre",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        assert_float_equal(text_width(&f->tf, TEXT_REGULAR, lines[i], strlen(lines[i])), stb_width_em(f->latin, lines[i]), 1e-4);
        assert_float_equal(text_width(&f->tf, TEXT_BOLD, lines[i], strlen(lines[i])), stb_width_em(f->latin_bold, lines[i]), 1e-4);
    }
}

/* --- hostile input ------------------------------------------------------------------------- */

static void test_invalid_and_long_input(void **state)
{
    Fixture *f = *state;
    size_t len = 3 * TEXT_MAX_BYTES + 7;
    char *junk = malloc(len);
    uint32_t x = 12345;
    for (size_t i = 0; i < len; i++) { x = x * 1103515245u + 12345u; junk[i] = (char)(x >> 16); }
    const TextLayout *l = text_layout(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, junk, len);
    assert_non_null(l);
    assert_true(l->cut);
    assert_true(l->len <= TEXT_MAX_BYTES);
    TextRun runs[8];
    shaper_itemize(f->sh, TEXT_REGULAR, junk, len, TEXT_DIR_AUTO, runs, 8, NULL);
    /* wrapping walks through all of it, always advancing */
    size_t pos = 0;
    int lines = 0;
    while (pos < len && lines < 100000) {
        size_t next;
        size_t n = text_wrap_line(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, junk + pos, len - pos, 30.0f, &next);
        assert_true(n <= len - pos && next > 0 && next <= len - pos);
        pos += next;
        lines++;
    }
    assert_int_equal(pos, len);
    /* caret queries on a cut layout stay inside it */
    size_t o = text_hit(l, 1e9f);
    assert_true(o <= l->len);
    text_caret_x(l, len);
    float a[4], b[4];
    text_selection(l, 0, len, a, b, 4);
    /* truncated sequences and lone continuation bytes */
    static const char bad[] = "\xe2\x82 \xd8 \x80\x80 \xf0\x9f\x98";
    l = text_layout(&f->tf, TEXT_REGULAR, TEXT_DIR_AUTO, bad, sizeof bad - 1);
    assert_non_null(l);
    assert_true(l->glyph_count > 0);
    free(junk);
}

/* --- the text field in the UI: caret and selection from the visual mapping ------------------ */

typedef struct FieldFixture {
    FontSystem fonts;
    Ui ui;
    UiMemory mem;
    UiStyle style;
    char buf[TEXTEDIT_BUF_BYTES(200)];
    TextEdit te;
    Shaper *sh;
    TextEngine engine;
} FieldFixture;

static const UiColor CARET = {1, 2, 3, 255}, SELECTION = {4, 5, 6, 255};
static const UiRect FIELD = {100, 50, 400, 48};

/* One pass with the field focused (and an optional key); returns the caret's x, or -1. */
static float field_pass(FieldFixture *ff, UiKey key, int *selection_rects, float *sel_x)
{
    UiInput in = {.kind = key ? UI_IN_KEY : UI_IN_NONE, .key = key};
    ui_begin(&ff->ui, &ff->fonts, 800, 600, &ff->mem, &in, &ff->style);
    ff->mem.focus = ui_peek_id(&ff->ui, "f");
    ui_textfield(&ff->ui, "f", FIELD, "Comment", &ff->te, UI_HINT_TEXT, 0, NULL);
    assert_true(ui_end(&ff->ui));
    float caret = -1;
    int sel = 0;
    for (int i = 0; i < ff->ui.cmd_count; i++) {
        const UiCmd *c = &ff->ui.cmds[i];
        if (c->kind != UI_CMD_RECT) continue;
        if (!memcmp(&c->color, &CARET, sizeof CARET) && c->rect.w == 2) caret = c->rect.x + 1;
        if (!memcmp(&c->color, &SELECTION, sizeof SELECTION)) { if (sel_x) sel_x[sel] = c->rect.x; sel++; }
    }
    if (selection_rects) *selection_rects = sel;
    return caret;
}

/* Latin and Arabic faces with the engine, a field of 200 characters to edit. */
static FieldFixture *field_fixture(const Fixture *f)
{
    FieldFixture *ff = calloc(1, sizeof *ff);
    char err[256];
    assert_true(font_init(&ff->fonts, f->latin, f->latin_len, f->latin_bold, f->latin_bold_len, err, sizeof err));
    assert_true(font_add_face(&ff->fonts, f->arabic, f->arabic_len, 0, TEXT_GROUP_ARABIC, FONT_REGULAR, err, sizeof err));
    ff->sh = shaper_new();
    shaper_bind(ff->sh, &ff->engine);
    text_fonts_set_engine(&ff->fonts.text, &ff->engine);
    ff->style.min_target_px = 48;
    return ff;
}

static void test_textfield_rtl_caret_and_selection(void **state)
{
    Fixture *f = *state;
    FieldFixture *ff = field_fixture(f);
    ff->style.accent = CARET;
    ff->style.selection = SELECTION;
    assert_true(textedit_init(&ff->te, ff->buf, sizeof ff->buf, 200, false));
    float right = FIELD.x + FIELD.w - 14.0f, left = FIELD.x + 14.0f;

    /* empty: the caret at the left in an LTR interface; in an RTL one the screen is mirrored
     * (the field stands as far from the right edge as it stood from the left) and the caret
     * is at the field's right */
    assert_float_equal(field_pass(ff, UI_KEY_NONE, NULL, NULL), left, 0.01);
    ff->style.rtl = true;
    assert_float_equal(field_pass(ff, UI_KEY_NONE, NULL, NULL), 800 - FIELD.x - 14.0f, 0.01);

    /* Arabic text is RTL whatever the interface: it ends at the right edge, and the caret after
     * the last character stands at its left end */
    ff->style.rtl = false;
    textedit_insert(&ff->te, MIXED, strlen(MIXED));
    float w = font_measure(&ff->fonts, FONT_REGULAR, 18.0f, MIXED, strlen(MIXED));
    assert_float_equal(field_pass(ff, UI_KEY_NONE, NULL, NULL), right - w, 0.05);
    /* Home: the logical start, at the right edge */
    assert_float_equal(field_pass(ff, UI_KEY_HOME, NULL, NULL), right, 0.05);
    /* in RTL text Left moves forward (logically), so the caret moves left */
    float before = field_pass(ff, UI_KEY_NONE, NULL, NULL);
    float after = field_pass(ff, UI_KEY_LEFT, NULL, NULL);
    assert_true(after < before);
    assert_true(textedit_caret(&ff->te) > 0);
    after = field_pass(ff, UI_KEY_RIGHT, NULL, NULL);
    assert_float_equal(after, before, 0.01);
    assert_int_equal(textedit_caret(&ff->te), 0);

    /* a selection across the Latin name and an Arabic word: two rectangles */
    size_t lopez = (size_t)(strstr(MIXED, "Lopez") - MIXED), ala = (size_t)(strstr(MIXED, "على") - MIXED) + strlen("على");
    textedit_select(&ff->te, lopez, ala);
    int rects = 0;
    float xs[8];
    field_pass(ff, UI_KEY_NONE, &rects, xs);
    assert_int_equal(rects, 2);

    /* a paragraph keeps its direction on every line; lines start at the interface's side:
     * the right in a right-to-left interface */
    Ui *ui = &ff->ui;
    ff->style.rtl = true;
    ui_begin(ui, &ff->fonts, 800, 600, &ff->mem, NULL, &ff->style);
    static const char twice[] = "شكراً للسيدة Maria Lopez على 3 أسئلة شكراً للسيدة Maria Lopez على 3 أسئلة";
    const float px = 18.0f, pw = 200.0f;
    float ph = ui_paragraph(ui, 50, 10, pw, FONT_REGULAR, px, 26, SELECTION, twice, strlen(twice));
    assert_true(ui_end(ui));
    int lines = 0;
    for (int i = 0; i < ui->cmd_count; i++) {
        const UiCmd *c = &ui->cmds[i];
        if (c->kind != UI_CMD_TEXT) continue;
        lines++;
        assert_int_equal(c->dir, TEXT_DIR_RTL);
        const TextLayout *l = font_layout(&ff->fonts, FONT_REGULAR, TEXT_DIR_RTL, ui->text + c->text_off, c->text_len);
        assert_float_equal(c->rect.x + l->width * px, 800 - 50, 0.01);
    }
    assert_true(lines >= 3 && ph >= 26.0f * (float)lines - 0.01f);

    /* the glyph ids HarfBuzz chose are rasterised into the atlas */
    int y0, y1;
    font_take_dirty(&ff->fonts, &y0, &y1);
    assert_true(font_draw_run(&ff->fonts, FONT_REGULAR, 18, 0, 20, "شكراً", strlen("شكراً"), NULL, NULL));
    assert_true(font_take_dirty(&ff->fonts, &y0, &y1));
    font_free(&ff->fonts);
    shaper_free(ff->sh);
    free(ff);
}

/* A field that is not focused shows its text's beginning (the left of LTR text, the right of
 * RTL text); the focused one keeps the caret in view. */
static void test_unfocused_field_shows_its_beginning(void **state)
{
    Fixture *f = *state;
    FieldFixture *ff = field_fixture(f);
    assert_true(textedit_init(&ff->te, ff->buf, sizeof ff->buf, 200, false));
    static const char *const values[2] = {
        "Instituto Brasileiro de Direitos Humanos e Cidadania Latino-Americana",
        "المنظمة العربية لحقوق الإنسان والمواطنة في أمريكا اللاتينية ومنطقة البحر الكاريبي",
    };
    float left = FIELD.x + 14.0f, right = FIELD.x + FIELD.w - 14.0f;
    for (int v = 0; v < 2; v++) {
        textedit_set_value(&ff->te, values[v], strlen(values[v]), (uint32_t)strlen(values[v]), (uint32_t)strlen(values[v]));
        float w = font_measure(&ff->fonts, FONT_REGULAR, 18.0f, values[v], strlen(values[v]));
        assert_true(w > FIELD.w);                     /* longer than the field */
        for (int focused = 0; focused < 2; focused++) {
            UiInput none = {.kind = UI_IN_NONE};
            ui_begin(&ff->ui, &ff->fonts, 800, 600, &ff->mem, &none, &ff->style);
            ff->mem.focus = focused ? ui_peek_id(&ff->ui, "f") : 0;
            ui_textfield(&ff->ui, "f", FIELD, "Organization", &ff->te, UI_HINT_TEXT, 0, NULL);
            assert_true(ui_end(&ff->ui));
            float x = -1;
            for (int i = 0; i < ff->ui.cmd_count; i++)
                if (ff->ui.cmds[i].kind == UI_CMD_TEXT) x = ff->ui.cmds[i].rect.x;
            if (v == 0 && !focused) assert_float_equal(x, left, 0.01);           /* its beginning */
            if (v == 0 && focused) assert_true(x + w < right + 0.5f && x < left); /* the caret, at the end */
            if (v == 1 && !focused) assert_float_equal(x + w, right, 0.05);      /* RTL: begins at the right */
            if (v == 1 && focused) assert_true(x > left - 0.5f && x + w > right); /* the caret, at its left end */
        }
    }
    font_free(&ff->fonts);
    shaper_free(ff->sh);
    free(ff);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_shaping_matches_hb_shape, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bidi_mixed_sentence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chinese_line_breaking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_caret_selection_and_editing_rtl, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cache_second_frame_does_not_reshape, setup, teardown),
        cmocka_unit_test_setup_teardown(test_font_fallback_per_script, setup, teardown),
        cmocka_unit_test_setup_teardown(test_latin_advances_match_the_previous_metrics, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_and_long_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_textfield_rtl_caret_and_selection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unfocused_field_shows_its_beginning, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
