#define _GNU_SOURCE /* memmem */
/* test_text_shipped.c — the text layer with the fonts the web build ships (build/web/fonts):
 * every character of every catalogue message, country name and default-event text in each
 * language is covered by the faces that language loads; every line the text layer lays out
 * itself (the "simple" path: Latin, Cyrillic, Chinese) is glyph for glyph what the HarfBuzz
 * engine makes of it; English, French, Spanish, Russian and Chinese screens never need the
 * engine; lines wait (provisional, not drawn) for a face or the engine and are laid out again
 * when they come; a line passes between modules as checked bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_files.h"

#include <math.h>
#include <string.h>

#include "core/countries.h"
#include "core/event.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "app/app.h"
#include "app/screens.h"
#include "text/shape.h"
#include "text/text.h"

#define FONTS "build/web/fonts/"
#define EVENT_FILE "assets/events/untoc-som-2022.json"

/* The faces a page starts with (web/boot.js): the first Latin faces (the Russian interface
 * faces on a Russian page, whose Latin ones are the next step); an Arabic or Chinese page
 * adds its script's interface faces. The full Latin faces come later. */
enum { F_LATIN_FIRST, F_LATIN_FIRST_BOLD, F_LATIN_RU, F_LATIN_RU_BOLD, F_LATIN, F_LATIN_BOLD, F_ARABIC, F_ARABIC_BOLD, F_CJK,
       F_COUNT };
static const char *const FILES[F_COUNT] = {
    FONTS "NotoSans-Regular.first.ttf", FONTS "NotoSans-Bold.first.ttf", FONTS "NotoSans-Regular.ru.ttf", FONTS "NotoSans-Bold.ru.ttf",
    FONTS "NotoSans-Regular.ttf", FONTS "NotoSans-Bold.ttf",
    FONTS "NotoSansArabic-Regular.ui.ttf", FONTS "NotoSansArabic-Bold.ui.ttf", FONTS "NotoSansCJKsc-Regular.ui.otf",
};
static const TextGroup GROUPS[F_COUNT] = {TEXT_GROUP_LATIN, TEXT_GROUP_LATIN, TEXT_GROUP_LATIN, TEXT_GROUP_LATIN, TEXT_GROUP_LATIN,
                                          TEXT_GROUP_LATIN, TEXT_GROUP_ARABIC, TEXT_GROUP_ARABIC, TEXT_GROUP_CJK};
static const TextStyle STYLES[F_COUNT] = {TEXT_REGULAR, TEXT_BOLD, TEXT_REGULAR, TEXT_BOLD, TEXT_REGULAR, TEXT_BOLD,
                                          TEXT_REGULAR, TEXT_BOLD, TEXT_REGULAR};

static bool page_starts_with(I18nLang lang, int f)
{
    switch (GROUPS[f]) {
    case TEXT_GROUP_LATIN: return lang == I18N_RU ? f == F_LATIN_RU || f == F_LATIN_RU_BOLD : f == F_LATIN_FIRST || f == F_LATIN_FIRST_BOLD;
    case TEXT_GROUP_ARABIC: return lang == I18N_AR;
    case TEXT_GROUP_CJK: return lang == I18N_ZH;
    default: return false;
    }
}

static unsigned char *font_data[F_COUNT];
static size_t font_len[F_COUNT];
static Event event;

/* The strings a language's interface shows (catalogue, plural forms, countries, the event). */
typedef void (*StringFn)(void *user, const char *s);

static void event_strings(I18nLang lang, StringFn fn, void *user)
{
    const char *tag = i18n_lang_tag(lang);
    const EventText *fields[] = {&event.title, &event.short_title, &event.body, &event.venue, &event.chair_name, &event.chair_role};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) fn(user, event_text_pick(&event, fields[i], tag, NULL));
    for (int i = 0; i < event.agenda_count; i++) {
        fn(user, event_text_pick(&event, &event.agenda[i].title, tag, NULL));
        fn(user, event_text_pick(&event, &event.agenda[i].summary, tag, NULL));
    }
    for (int i = 0; i < event.panellist_count; i++) {
        const EventPanellist *p = &event.panellists[i];
        fn(user, event_text_pick(&event, &p->name, tag, NULL));
        fn(user, event_text_pick(&event, &p->organization, tag, NULL));
        fn(user, event_text_pick(&event, &p->role, tag, NULL));
        fn(user, event_text_pick(&event, &p->bio, tag, NULL));
        for (int t = 0; t < p->topic_count; t++) fn(user, event_text_pick(&event, &p->topics[t], tag, NULL));
    }
    for (int i = 0; i < event.category_count; i++) fn(user, event_text_pick(&event, &event.categories[i].label, tag, NULL));
}

static void each_string(I18nLang lang, StringFn fn, void *user)
{
    for (int m = 0; m < MSG_COUNT; m++) {
        if (i18n_is_plural((I18nMsg)m))
            for (int k = 0; k < i18n_plural_count(lang); k++) fn(user, i18n_translation(lang, (I18nMsg)m, k));
        else
            fn(user, i18n_get(lang, (I18nMsg)m));
    }
    for (int c = 0; c < COUNTRY_COUNT; c++) fn(user, country_table[c].name[lang]);
    for (int l = 0; l < I18N_LANG_COUNT; l++) fn(user, i18n_get((I18nLang)l, MSG_LANGUAGE_NAME));
    event_strings(lang, fn, user);
}

/* The faces a visitor reading lang has at the first frame. */
static void load_faces(TextFonts *tf, I18nLang lang)
{
    assert_true(text_fonts_init(tf));
    for (int f = 0; f < F_COUNT; f++)
        if (page_starts_with(lang, f)) assert_true(text_fonts_add(tf, font_data[f], font_len[f], 0, GROUPS[f], STYLES[f]) >= 0);
    assert_true(text_fonts_add_preshaped(tf));
}

static int setup(void **state)
{
    (void)state;
    for (int f = 0; f < F_COUNT; f++) font_data[f] = test_read_file(FILES[f], &font_len[f]);
    size_t len;
    char *json = (char *)test_read_file(EVENT_FILE, &len);
    EventError err;
    assert_true(event_load(&event, json, len, &err));
    free(json);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (int f = 0; f < F_COUNT; f++) free(font_data[f]);
    event_free(&event);
    return 0;
}

/* --- coverage ------------------------------------------------------------------------------ */

typedef struct Coverage { TextFonts *tf; I18nLang lang; long chars, missing; } Coverage;

static void cover(void *user, const char *s)
{
    Coverage *c = user;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp = utf8_decode(s, len, &i);
        if (cp < 0x20 || cp == 0x200E || cp == 0x200F) continue; /* line breaks, direction marks */
        c->chars++;
        bool found = false;
        for (int f = 0; f < c->tf->face_count && !found; f++) found = text_face_has(c->tf, f, cp);
        /* another language's name, drawn from the names shaped at build time */
        bool name = false;
        for (size_t k = 0; k < text_preshaped_line_count; k++) name = name || !strcmp(text_preshaped_lines[k].text, s);
        if (!found && !name) {
            c->missing++;
            print_error("%s: U+%04X has no glyph in the shipped faces (in \"%s\")\n", i18n_lang_tag(c->lang), cp, s);
        }
    }
}

static void test_every_character_is_covered(void **state)
{
    (void)state;
    for (int l = 0; l < I18N_LANG_COUNT; l++) {
        TextFonts tf;
        load_faces(&tf, (I18nLang)l);
        Coverage c = {&tf, (I18nLang)l, 0, 0};
        each_string((I18nLang)l, cover, &c);
        print_message("%s: %ld characters, all covered by %d faces\n", i18n_lang_tag((I18nLang)l), c.chars, tf.face_count);
        assert_int_equal(c.missing, 0);
        assert_true(c.chars > 2000);
        text_fonts_free(&tf);
    }
}

/* --- the simple path is the engine's result ---------------------------------------------- */

typedef struct Paths { TextFonts *tf; Shaper *sh; I18nLang lang; long lines, simple, compared; } Paths;

static void compare_paths(void *user, const char *s)
{
    Paths *p = user;
    size_t len = strlen(s);
    /* each paragraph is a line of its own in the UI */
    for (size_t start = 0; start <= len;) {
        size_t end = start;
        while (end < len && s[end] != '\n') end++;
        for (int style = 0; style < TEXT_STYLE_COUNT && end > start; style++) {
            uint64_t before = p->tf->stats.simple, laid = p->tf->stats.layouts;
            const TextLayout *l = text_layout(p->tf, (TextStyle)style, TEXT_DIR_AUTO, s + start, end - start);
            assert_non_null(l);
            if (p->tf->stats.layouts == laid) continue; /* seen before: from the cache */
            bool name = false;
            for (size_t k = 0; k < text_preshaped_line_count; k++)
                name = name || (strlen(text_preshaped_lines[k].text) == end - start && !memcmp(text_preshaped_lines[k].text, s + start, end - start));
            if (name && p->tf->stats.simple == before) continue; /* shaped at build time */
            p->lines++;
            if (p->tf->stats.simple == before) { /* the engine's own line */
                if (p->lang != I18N_AR) print_error("%s: \"%.*s\" needs the engine\n", i18n_lang_tag(p->lang), (int)(end - start), s + start);
                continue;
            }
            p->simple++;
            assert_false(l->provisional);
            TextLayout ref;
            assert_true(shaper_layout(p->sh, (TextStyle)style, TEXT_DIR_AUTO, s + start, end - start, &ref));
            bool same = ref.glyph_count == l->glyph_count && ref.rtl == l->rtl && fabsf(ref.width - l->width) < 1e-5f;
            for (uint32_t g = 0; same && g < l->glyph_count; g++) {
                const TextGlyph *a = &l->glyphs[g], *b = &ref.glyphs[g];
                same = a->glyph == b->glyph && a->cluster == b->cluster && a->face == b->face
                       && fabsf(a->x - b->x) < 1e-5f && fabsf(a->y - b->y) < 1e-5f && fabsf(a->advance - b->advance) < 1e-5f;
            }
            if (!same) fail_msg("%s: \"%.*s\" laid out unlike HarfBuzz", i18n_lang_tag(p->lang), (int)(end - start), s + start);
            text_layout_free(&ref);
            p->compared++;
        }
        start = end + 1;
    }
}

static void test_simple_lines_equal_the_engine(void **state)
{
    (void)state;
    for (int l = 0; l < I18N_LANG_COUNT; l++) {
        TextFonts tf;
        load_faces(&tf, (I18nLang)l);
        Shaper *sh = shaper_new();
        TextEngine engine;
        shaper_bind(sh, &engine);
        text_fonts_set_engine(&tf, &engine);
        Paths p = {&tf, sh, (I18nLang)l, 0, 0, 0};
        each_string((I18nLang)l, compare_paths, &p);
        print_message("%s: %ld lines, %ld laid out without the engine, each equal to HarfBuzz's\n",
                      i18n_lang_tag((I18nLang)l), p.lines, p.simple);
        if (l != I18N_AR) assert_int_equal(p.simple, p.lines); /* these screens never need the engine */
        else assert_true(p.simple < p.lines);
        text_fonts_free(&tf);
        shaper_free(sh);
    }
}

/* --- waiting for a face or the engine ---------------------------------------------------- */

typedef struct Fake { bool ready, coming; int requests, adds; TextEngine real; } Fake;
static bool fake_ready(void *ctx) { return ((Fake *)ctx)->ready; }
static bool fake_request(void *ctx) { Fake *f = ctx; f->requests++; return f->coming; }
static bool fake_add(void *ctx, int id, const TextFace *face) { Fake *f = ctx; f->adds++; return f->real.add_face(f->real.ctx, id, face); }
static bool fake_layout(void *ctx, TextStyle s, TextDir d, const char *t, size_t n, TextLayout *out)
{
    Fake *f = ctx;
    return f->real.layout(f->real.ctx, s, d, t, n, out);
}
static TextDir fake_dir(void *ctx, const char *t, size_t n, TextDir fb) { Fake *f = ctx; return f->real.base_dir(f->real.ctx, t, n, fb); }

typedef struct Wants { int asked[TEXT_GROUP_COUNT]; bool coming; } Wants;
static bool want(void *user, TextGroup g) { Wants *w = user; w->asked[g]++; return w->coming; }

static void test_lines_wait_for_faces_and_the_engine(void **state)
{
    (void)state;
    TextFonts tf;
    load_faces(&tf, I18N_EN);
    Shaper *sh = shaper_new();
    Fake fake = {.coming = true};
    shaper_bind(sh, &fake.real);
    TextEngine engine = {&fake, fake_ready, fake_request, fake_add, fake_layout, fake_dir};
    text_fonts_set_engine(&tf, &engine);
    Wants w = {.coming = true};
    text_fonts_set_want(&tf, want, &w);

    /* Arabic with no face and no engine: asked for both, the line waits and is not drawn */
    const char *ar = "شكراً للسيدة Maria";
    const TextLayout *l = text_layout(&tf, TEXT_REGULAR, TEXT_DIR_AUTO, ar, strlen(ar));
    assert_true(l->provisional);
    assert_true(text_pending(&tf));
    assert_int_equal(w.asked[TEXT_GROUP_ARABIC], 1);
    assert_int_equal(fake.requests, 1);
    int hidden = 0, shown = 0;
    for (uint32_t g = 0; g < l->glyph_count; g++) {
        if (l->glyphs[g].glyph == TEXT_GLYPH_HIDDEN) hidden++;
        else shown++;
    }
    assert_int_equal(hidden, 11);  /* the Arabic letters and the mark */
    assert_int_equal(shown, 7);    /* "Maria" and the spaces are drawn meanwhile */

    /* the face arrives: still waiting for the engine */
    assert_true(text_fonts_add(&tf, font_data[F_ARABIC], font_len[F_ARABIC], 0, TEXT_GROUP_ARABIC, TEXT_REGULAR) >= 0);
    assert_true(text_pending(&tf));    /* the cache was cleared: the next frame tells */
    l = text_layout(&tf, TEXT_REGULAR, TEXT_DIR_AUTO, ar, strlen(ar));
    text_frame_done(&tf);
    assert_true(l->provisional);
    assert_true(text_pending(&tf));
    assert_int_equal(fake.adds, 0);    /* an engine that is not ready gets no faces */

    /* the engine is ready: every face is handed over, the line is shaped and right to left */
    fake.ready = true;
    text_engine_ready(&tf);
    assert_int_equal(fake.adds, tf.face_count - (int)text_preshaped_font_count);
    l = text_layout(&tf, TEXT_REGULAR, TEXT_DIR_AUTO, ar, strlen(ar));
    assert_false(l->provisional);
    assert_true(l->rtl);
    for (uint32_t g = 0; g < l->glyph_count; g++) assert_true(l->glyphs[g].glyph != TEXT_GLYPH_HIDDEN && l->glyphs[g].glyph != 0);
    assert_true(text_pending(&tf));    /* until a frame was drawn with it */
    text_frame_done(&tf);
    assert_false(text_pending(&tf));

    /* Chinese with no face: asked for; when none will come, the line is final (boxes) */
    const char *zh = "感谢主席";
    l = text_layout(&tf, TEXT_REGULAR, TEXT_DIR_AUTO, zh, strlen(zh));
    assert_true(l->provisional);
    assert_int_equal(w.asked[TEXT_GROUP_CJK], 1);
    w.coming = false;
    text_fonts_relayout(&tf);
    l = text_layout(&tf, TEXT_REGULAR, TEXT_DIR_AUTO, zh, strlen(zh));
    assert_false(l->provisional);
    assert_int_equal(l->glyphs[0].glyph, 0);

    /* Cyrillic on an English page: the full Latin faces are asked for; once they come, the
     * line is drawn with them, and so is Latin text, in the style asked for */
    const char *ru = "Спасибо, Łukasz";
    w.coming = true;
    l = text_layout(&tf, TEXT_BOLD, TEXT_DIR_AUTO, ru, strlen(ru));
    assert_true(l->provisional);
    assert_int_equal(w.asked[TEXT_GROUP_LATIN], 1);
    int ui_bold = text_face_for(&tf, TEXT_BOLD, 'a');
    int full = text_fonts_add(&tf, font_data[F_LATIN], font_len[F_LATIN], 0, TEXT_GROUP_LATIN, TEXT_REGULAR);
    int full_bold = text_fonts_add(&tf, font_data[F_LATIN_BOLD], font_len[F_LATIN_BOLD], 0, TEXT_GROUP_LATIN, TEXT_BOLD);
    assert_true(full >= 0 && full_bold >= 0 && ui_bold >= 0 && ui_bold != full_bold);
    l = text_layout(&tf, TEXT_BOLD, TEXT_DIR_AUTO, ru, strlen(ru));
    assert_false(l->provisional);
    for (uint32_t g = 0; g < l->glyph_count; g++) {
        assert_int_equal(l->glyphs[g].face, full_bold);
        assert_true(l->glyphs[g].glyph != 0 && l->glyphs[g].glyph != TEXT_GLYPH_HIDDEN);
    }
    assert_int_equal(text_face_for(&tf, TEXT_REGULAR, 'a'), full);

    /* the language names of the first screen: drawn from their build-time shapes, no fetch */
    text_fonts_free(&tf);
    load_faces(&tf, I18N_EN);
    Fake absent = {.coming = true};
    shaper_bind(sh, &absent.real);
    TextEngine engine2 = {&absent, fake_ready, fake_request, fake_add, fake_layout, fake_dir};
    text_fonts_set_engine(&tf, &engine2);
    Wants w2 = {.coming = true};
    text_fonts_set_want(&tf, want, &w2);
    for (size_t k = 0; k < text_preshaped_line_count; k++) {
        const char *name = text_preshaped_lines[k].text;
        l = text_layout(&tf, TEXT_REGULAR, TEXT_DIR_AUTO, name, strlen(name));
        assert_false(l->provisional);
        assert_int_equal(l->glyph_count, text_preshaped_lines[k].count);
        assert_int_equal(l->rtl, text_preshaped_lines[k].rtl);
    }
    assert_int_equal(absent.requests, 0);
    assert_int_equal(w2.asked[TEXT_GROUP_LATIN] + w2.asked[TEXT_GROUP_ARABIC] + w2.asked[TEXT_GROUP_CJK], 0);
    text_fonts_free(&tf);
    shaper_free(sh);
}

/* --- a line as bytes --------------------------------------------------------------------- */

static void test_packed_lines_are_checked(void **state)
{
    (void)state;
    TextFonts tf;
    load_faces(&tf, I18N_AR);
    Shaper *sh = shaper_new();
    TextEngine engine;
    shaper_bind(sh, &engine);
    text_fonts_set_engine(&tf, &engine);
    const char *s = "شكراً للسيدة Maria Lopez على 3 أسئلة";
    TextLayout a, b;
    assert_true(shaper_layout(sh, TEXT_REGULAR, TEXT_DIR_AUTO, s, strlen(s), &a));
    size_t n = text_layout_packed_size(&a);
    unsigned char *buf = malloc(n);
    assert_int_equal(text_layout_pack(&a, buf, n - 1), 0);
    assert_int_equal(text_layout_pack(&a, buf, n), n);
    assert_true(text_layout_unpack(buf, n, &b));
    assert_int_equal(b.glyph_count, a.glyph_count);
    assert_int_equal(b.cluster_count, a.cluster_count);
    assert_int_equal(b.rtl, a.rtl);
    for (uint32_t i = 0; i < a.glyph_count; i++) {
        assert_int_equal(b.glyphs[i].glyph, a.glyphs[i].glyph);
        assert_int_equal(b.glyphs[i].cluster, a.glyphs[i].cluster);
        assert_true(b.glyphs[i].x == a.glyphs[i].x && b.glyphs[i].advance == a.glyphs[i].advance);
    }
    for (uint32_t i = 0; i < a.cluster_count; i++) {
        assert_int_equal(b.clusters[i].start, a.clusters[i].start);
        assert_int_equal(b.clusters[i].end, a.clusters[i].end);
        assert_true(b.clusters[i].x0 == a.clusters[i].x0 && b.clusters[i].x1 == a.clusters[i].x1);
    }
    text_layout_free(&b);
    /* short, long, a bad magic, a face out of range, a cluster past the line, a NaN: refused */
    assert_false(text_layout_unpack(buf, n - 1, &b));
    assert_false(text_layout_unpack(buf, 3, &b));
    unsigned char *bad = malloc(n + 8);
    memcpy(bad, buf, n);
    assert_false(text_layout_unpack(bad, n + 8, &b));
    bad[0] ^= 1;
    assert_false(text_layout_unpack(bad, n, &b));
    memcpy(bad, buf, n);
    TextGlyph g;
    size_t at = n - sizeof g;
    memcpy(&g, bad + at, sizeof g);
    g.face = TEXT_MAX_FACES;
    memcpy(bad + at, &g, sizeof g);
    assert_false(text_layout_unpack(bad, n, &b));
    memcpy(&g, buf + at, sizeof g);
    g.cluster = 100000;
    memcpy(bad + at, &g, sizeof g);
    assert_false(text_layout_unpack(bad, n, &b));
    memcpy(&g, buf + at, sizeof g);
    g.advance = NAN;
    memcpy(bad + at, &g, sizeof g);
    assert_false(text_layout_unpack(bad, n, &b));
    free(bad);
    free(buf);
    text_layout_free(&a);
    text_fonts_free(&tf);
    shaper_free(sh);
}

/* --- a frame does not reshape unchanged text -------------------------------------------- */

static void no_random(void *user, uint8_t *out, size_t n) { (void)user; memset(out, 0x5A, n); }
static int64_t fixed_now(void *user) { (void)user; return 1656662400000; }
static bool geneva(void *user, const char *tz, int64_t ms, int *y, int *m, int *d, int *min)
{
    (void)user; (void)tz; (void)ms;
    *y = 2022; *m = 7; *d = 1; *min = 600;
    return true;
}
static bool no_store(void *user, const char *id, const uint8_t *blob, size_t len) { (void)user; (void)id; (void)blob; (void)len; return false; }

/* An app as a visitor reading lang has it: the shipped faces its page fetches, the engine,
 * the default event. */
typedef struct Visitor { FontSystem *fs; Shaper *sh; TextEngine engine; Ui *ui; App *app; } Visitor;

static Visitor *visitor(I18nLang lang)
{
    Visitor *v = calloc(1, sizeof *v);
    v->fs = calloc(1, sizeof *v->fs);
    char err[200];
    int latin = lang == I18N_RU ? F_LATIN_RU : F_LATIN_FIRST;
    assert_true(font_init(v->fs, font_data[latin], font_len[latin], font_data[latin + 1], font_len[latin + 1], err, sizeof err));
    for (int f = F_ARABIC; f < F_COUNT; f++)
        if (page_starts_with(lang, f))
            assert_true(font_add_face(v->fs, font_data[f], font_len[f], 0, GROUPS[f], (FontFace)STYLES[f], err, sizeof err));
    v->sh = shaper_new();
    shaper_bind(v->sh, &v->engine);
    text_fonts_set_engine(&v->fs->text, &v->engine);
    v->ui = calloc(1, sizeof *v->ui);
    v->app = calloc(1, sizeof *v->app);
    v->ui->fonts = v->fs;
    AppHost host = {.random = no_random, .now_ms = fixed_now, .zone_time = geneva, .store_record = no_store};
    assert_true(app_init(v->app, &host, i18n_lang_tag(lang), APP_MODE_REMOTE, 90, NULL));
    size_t len;
    char *json = (char *)test_read_file(EVENT_FILE, &len);
    assert_true(app_load_event(v->app, "event", json, len));
    free(json);
    return v;
}

static void visitor_free(Visitor *v)
{
    app_free(v->app);
    free(v->app);
    free(v->ui);
    font_free(v->fs);
    free(v->fs);
    shaper_free(v->sh);
    free(v);
}

/* The busiest screens in Arabic and Chinese, drawn and scrolled: after the first pass no line
 * is shaped again, and no Arabic line is laid out by anything but the engine. */
static void test_frames_do_not_reshape(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        I18nLang lang = k == 0 ? I18N_AR : I18N_ZH;
        Visitor *v = visitor(lang);
        FontSystem *fs = v->fs;
        Ui *ui = v->ui;
        App *app = v->app;
        for (int screen = 0; screen < 2; screen++) {
            if (screen == 1) app_go(app, SCREEN_AGENDA);
            /* each line is laid out the first time it is drawn (scrolling brings lines in)... */
            app_frame(app, ui, 1280, 800);
            for (int i = 0; i < 30; i++) { app_scroll_by(app, i < 15 ? 40.0f : -40.0f); app_frame(app, ui, 1280, 800); }
            uint64_t shapes = fs->text.stats.shapes, layouts = fs->text.stats.layouts;
            /* ...and never again while it is unchanged */
            app_frame(app, ui, 1280, 800);
            for (int i = 0; i < 30; i++) { app_scroll_by(app, i < 15 ? 40.0f : -40.0f); app_frame(app, ui, 1280, 800); }
            print_message("%s screen %d: %llu lines laid out, %llu by the engine; %llu more in the next 31 frames\n",
                          i18n_lang_tag(lang), screen, (unsigned long long)layouts, (unsigned long long)shapes,
                          (unsigned long long)(fs->text.stats.layouts - layouts));
            assert_int_equal(fs->text.stats.shapes, shapes);
            assert_int_equal(fs->text.stats.layouts, layouts);
            if (lang == I18N_AR) assert_true(shapes > 20);
            else assert_int_equal(shapes, 0);
        }
        visitor_free(v);
    }
}

/* Every participant's screen in every language, as a registered visitor sees it, is drawn
 * whole with the faces its page starts with: no line waits for another face (the punctuation
 * the screens' own code writes included: separators, ranges, quotation marks). */
static void test_screens_need_no_other_face(void **state)
{
    (void)state;
    static const AppScreen screens[] = {SCREEN_WELCOME, SCREEN_REGISTER, SCREEN_COUNTRY, SCREEN_AGENDA, SCREEN_ITEM,
                                        SCREEN_PANELLISTS, SCREEN_COMPOSE, SCREEN_MINE, SCREEN_STATUS, SCREEN_CHECK};
    for (int l = 0; l < I18N_LANG_COUNT; l++) {
        Visitor *v = visitor((I18nLang)l);
        App *app = v->app;
        Wants w = {.coming = true}; /* as the page: a face beyond the first is on its way */
        text_fonts_set_want(&v->fs->text, want, &w);
        for (size_t k = 0; k < sizeof screens / sizeof screens[0]; k++) {
            app->p.registered = screens[k] != SCREEN_WELCOME && screens[k] != SCREEN_REGISTER && screens[k] != SCREEN_COUNTRY;
            if (screens[k] == SCREEN_ITEM) app_open_item(app, 1);
            else app_go(app, screens[k]);
            for (int f = 0; f < 3; f++) {
                app_frame(app, v->ui, 1280, 800);
                text_frame_done(&v->fs->text);
            }
            for (int g = 0; g < TEXT_GROUP_COUNT; g++)
                if (w.asked[g] || text_pending(&v->fs->text))
                    fail_msg("%s, screen %d: a line waits for a face the page does not start with (group %d)",
                             i18n_lang_tag((I18nLang)l), (int)screens[k], g);
        }
        visitor_free(v);
    }
}

/* --- the tab bar ------------------------------------------------------------------------ */

/* In every language and width the four tabs share one text size with no label cut (or show
 * icons when no size lets every label fit), and each is named by its full label. */
static void test_tabs_share_one_size(void **state)
{
    (void)state;
    static const I18nMsg labels[4] = {MSG_TAB_AGENDA, MSG_TAB_PANELLISTS, MSG_TAB_COMMENT, MSG_TAB_MINE};
    static const float widths[3] = {390, 768, 1080};
    for (int l = 0; l < I18N_LANG_COUNT; l++) {
        Visitor *v = visitor((I18nLang)l);
        FontSystem *fs = v->fs;
        Ui *ui = v->ui;
        App *app = v->app;
        app->p.registered = true;
        app_go(app, SCREEN_AGENDA);
        for (int wi = 0; wi < 3; wi++) {
            float w = widths[wi], h = w < 500 ? 844 : 1024;
            app_frame(app, ui, w, h); /* the screen changes at the end of a pass */
            app_frame(app, ui, w, h);
            const UiNode *nav = NULL;
            for (int n = 0; n < ui->node_count; n++)
                if (ui->nodes[n].role == UI_ROLE_NAVIGATION) nav = &ui->nodes[n];
            assert_non_null(nav);
            for (int t = 0; t < 4; t++) {
                const char *want = i18n_get((I18nLang)l, labels[t]);
                bool found = false;
                for (int n = 0; n < ui->node_count && !found; n++)
                    found = ui->nodes[n].role == UI_ROLE_BUTTON && ui->nodes[n].rect.y >= nav->rect.y
                            && ui->nodes[n].name_len == strlen(want) && !memcmp(ui->text + ui->nodes[n].name_off, want, strlen(want));
                if (!found) fail_msg("%s at %.0f px: no tab named \"%s\"", i18n_lang_tag((I18nLang)l), w, want);
            }
            float size = 0;
            int texts = 0, first_nav_cmd = 0;
            for (int c = 0; c < ui->cmd_count; c++) /* the bar's background: a rectangle as wide as the screen at its top */
                if (ui->cmds[c].kind == UI_CMD_RECT && ui->cmds[c].rect.y == nav->rect.y && ui->cmds[c].rect.w == w) first_nav_cmd = c;
            for (int c = 0; c < ui->cmd_count; c++) {
                const UiCmd *cmd = &ui->cmds[c];
                /* the bar is drawn after the content, whose text may run on behind it */
                if (cmd->kind != UI_CMD_TEXT || cmd->rect.y < nav->rect.y || c < first_nav_cmd) continue;
                texts++;
                if (size == 0) size = cmd->size_px;
                if (cmd->size_px != size) fail_msg("%s at %.0f px: tab text at %.1f and %.1f px", i18n_lang_tag((I18nLang)l), w, size, cmd->size_px);
                if (memmem(ui->text + cmd->text_off, cmd->text_len, "\xe2\x80\xa6", 3)) fail_msg("%s: a tab label cut", i18n_lang_tag((I18nLang)l));
                const TextLayout *lay = font_layout(fs, cmd->face, cmd->dir, ui->text + cmd->text_off, cmd->text_len);
                assert_true(cmd->rect.x >= 0 && cmd->rect.x + lay->width * cmd->size_px <= w + 0.5f);
            }
            print_message("%s at %.0f px: %s\n", i18n_lang_tag((I18nLang)l), w, texts ? "labels at one size" : "icons");
            if (w >= 768) assert_true(texts >= 4); /* wide enough for words in every language */
        }
        visitor_free(v);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_character_is_covered),
        cmocka_unit_test(test_simple_lines_equal_the_engine),
        cmocka_unit_test(test_lines_wait_for_faces_and_the_engine),
        cmocka_unit_test(test_packed_lines_are_checked),
        cmocka_unit_test(test_screens_need_no_other_face),
        cmocka_unit_test(test_frames_do_not_reshape),
        cmocka_unit_test(test_tabs_share_one_size),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
