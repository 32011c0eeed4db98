/* test_layout.c — font measurement and wrapping, the UI lists, and the overview screen's
 * layout and scrolling, with the real Noto Sans fonts and the real default event. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_files.h"
#include "test_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "app/app.h"
#include "core/utf8.h"
#include "ui/font.h"
#include "ui/ui.h"

typedef struct Fixture {
    TestHost host; /* first: the host's user is the fixture */
    char *event;
    size_t event_len;
    Ui ui;
    App app;
    UiMemory mem;
} Fixture;


static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    test_host_init(&f->host);
    f->event = (char *)test_read_file("assets/events/untoc-som-2022.json", &f->event_len);
    AppHost host = test_host(f);
    app_init(&f->app, &host, "en", APP_MODE_REMOTE, 90, NULL);
    assert_true(app_load_event(&f->app, "default", f->event, f->event_len));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    app_free(&f->app);
    test_host_free(&f->host);
    free(f->event);
    free(f);
    return 0;
}

static void test_measure_is_additive_and_kerned(void **state)
{
    Fixture *f = *state;
    float a = font_measure(&f->host.fonts, FONT_REGULAR, 20, "A", 1);
    float v = font_measure(&f->host.fonts, FONT_REGULAR, 20, "V", 1);
    float av = font_measure(&f->host.fonts, FONT_REGULAR, 20, "AV", 2);
    assert_true(a > 5 && v > 5);
    assert_true(av < a + v - 0.5f); /* the AV pair is kerned closer */
    float w10 = font_measure(&f->host.fonts, FONT_REGULAR, 10, "Hello", 5);
    float w20 = font_measure(&f->host.fonts, FONT_REGULAR, 20, "Hello", 5);
    assert_float_equal(w20, 2 * w10, 0.01);
    /* the device pixel ratio never changes layout */
    font_set_dpr(&f->host.fonts, 2.0f);
    assert_float_equal(font_measure(&f->host.fonts, FONT_REGULAR, 20, "Hello", 5), w20, 0.001);
    font_set_dpr(&f->host.fonts, 1.0f);
}

static void test_wrap_breaks_at_spaces_within_width(void **state)
{
    Fixture *f = *state;
    const char *text = "Panel discussion on the review of the criminalization and jurisdiction provisions";
    size_t len = strlen(text), pos = 0;
    int lines = 0;
    while (pos < len) {
        size_t next;
        size_t n = font_wrap_line(&f->host.fonts, FONT_REGULAR, 18, text + pos, len - pos, 200, &next);
        assert_true(n > 0);
        assert_true(font_measure(&f->host.fonts, FONT_REGULAR, 18, text + pos, n) <= 200.0f);
        /* a line ends at a word end */
        assert_true(pos + n == len || text[pos + n] == ' ');
        assert_true(next > 0);
        pos += next;
        lines++;
    }
    assert_true(lines >= 3 && lines <= 6);
}

static void test_wrap_newline_long_word_and_utf8(void **state)
{
    Fixture *f = *state;
    size_t next;
    assert_int_equal(font_wrap_line(&f->host.fonts, FONT_REGULAR, 18, "ab\ncd", 5, 500, &next), 2);
    assert_int_equal(next, 3);
    /* one word wider than the line breaks inside it, on a code point boundary */
    const char *word = "ééééééééééééééééééééééééé"; /* 25 × 2 bytes */
    size_t n = font_wrap_line(&f->host.fonts, FONT_REGULAR, 18, word, strlen(word), 60, &next);
    assert_true(n > 0 && n < strlen(word));
    assert_int_equal(n % 2, 0);
    assert_true(utf8_valid(word, n));
    /* even a width smaller than one glyph makes progress */
    n = font_wrap_line(&f->host.fonts, FONT_REGULAR, 18, word, strlen(word), 1, &next);
    assert_int_equal(n, 2);
}

static void test_glyph_atlas_rasterises_and_reports_dirty_rows(void **state)
{
    Fixture *f = *state;
    int y0, y1;
    font_take_dirty(&f->host.fonts, &y0, &y1);
    int quads = 0;
    struct { int *n; } sink = {&quads};
    assert_true(font_draw_run(&f->host.fonts, FONT_BOLD, 24, 10, 40, "Agenda", 6, NULL, &sink));
    assert_true(font_take_dirty(&f->host.fonts, &y0, &y1));
    assert_true(y1 > y0);
    /* drawing the same run again needs no new pixels */
    assert_true(font_draw_run(&f->host.fonts, FONT_BOLD, 24, 10, 40, "Agenda", 6, NULL, &sink));
    assert_false(font_take_dirty(&f->host.fonts, &y0, &y1));
}

static const UiNode *find_node(const Ui *ui, UiRole role, const char *name_prefix)
{
    for (int i = 0; i < ui->node_count; i++) {
        const UiNode *n = &ui->nodes[i];
        if (n->role == role && n->name_len >= strlen(name_prefix)
            && memcmp(ui->text + n->name_off, name_prefix, strlen(name_prefix)) == 0)
            return n;
    }
    return NULL;
}

static void frame(Fixture *f, float w, float h)
{
    f->ui.fonts = &f->host.fonts;
    app_frame(&f->app, &f->ui, w, h);
}

static UiStyle test_style(void)
{
    UiStyle st;
    memset(&st, 0, sizeof st);
    st.min_target_px = 48;
    return st;
}

static void test_overview_semantics_and_fit(void **state)
{
    Fixture *f = *state;
    f->app.p.registered = true;
    f->app.screen = SCREEN_AGENDA;
    const float widths[] = {390, 1080, 1920};
    float title_h[3];
    for (int k = 0; k < 3; k++) {
        frame(f, widths[k], 800);
        const UiNode *h1 = find_node(&f->ui, UI_ROLE_HEADING, "Constructive dialogue on the UNTOC review process");
        assert_non_null(h1);
        assert_int_equal(h1->level, 1);
        title_h[k] = h1->rect.h;
        const UiNode *list = find_node(&f->ui, UI_ROLE_LIST, "Agenda");
        assert_non_null(list);
        int items = 0;
        for (int i = 0; i < f->ui.node_count; i++)
            if (f->ui.nodes[i].role == UI_ROLE_LISTITEM && f->ui.nodes[i].parent == (int)(list - f->ui.nodes)) items++;
        assert_int_equal(items, 5);
        assert_non_null(find_node(&f->ui, UI_ROLE_BUTTON, "1. Opening"));
        assert_non_null(find_node(&f->ui, UI_ROLE_BUTTON, "Closing"));
        assert_non_null(find_node(&f->ui, UI_ROLE_TEXT, "Chair: Mr. Francesco Testa"));
        assert_non_null(find_node(&f->ui, UI_ROLE_TEXT, "Date: 1 July 2022"));
        assert_non_null(find_node(&f->ui, UI_ROLE_NAVIGATION, "Sections"));
        /* no text runs past the right edge of the screen (nothing clipped) */
        for (int i = 0; i < f->ui.cmd_count; i++) {
            const UiCmd *c = &f->ui.cmds[i];
            if (c->kind != UI_CMD_TEXT) continue;
            float w = font_measure(&f->host.fonts, c->face, c->size_px, f->ui.text + c->text_off, c->text_len);
            if (c->rect.x < 0 || c->rect.x + w > widths[k] - 7.0f)
                fail_msg("text \"%.*s\" at x %.1f, width %.1f, outside a %.0f px screen", (int)c->text_len,
                         f->ui.text + c->text_off, (double)c->rect.x, (double)w, (double)widths[k]);
        }
    }
    assert_true(title_h[0] > title_h[1]); /* narrower screen, more lines */
    assert_true(title_h[1] >= title_h[2]);
    f->app.p.registered = false;
    f->app.screen = SCREEN_WELCOME;
}

static void test_scrolling_is_clamped(void **state)
{
    Fixture *f = *state;
    frame(f, 390, 600);
    float content = f->app.content_h;
    assert_true(content > 600);
    assert_false(app_scroll_by(&f->app, -500)); /* already at the top */
    UiInput end = {.kind = UI_IN_KEY, .key = UI_KEY_END};
    assert_true(app_input(&f->app, &f->ui, &end, 390, 600));
    assert_float_equal(f->app.scroll[SCREEN_WELCOME], content - f->app.view_h, 0.01);
    assert_false(app_scroll_by(&f->app, 100));
    /* a drag moves the content with the finger, and is no tap */
    UiInput home = {.kind = UI_IN_KEY, .key = UI_KEY_HOME};
    app_input(&f->app, &f->ui, &home, 390, 600);
    UiInput press = {.kind = UI_IN_PRESS, .x = 100, .y = 500};
    app_input(&f->app, &f->ui, &press, 390, 600);
    assert_false(app_pointer_move(&f->app, 100, 495)); /* within the slop */
    assert_true(app_pointer_move(&f->app, 100, 380));
    UiInput release = {.kind = UI_IN_RELEASE, .x = 100, .y = 380};
    assert_false(app_input(&f->app, &f->ui, &release, 390, 600));
    assert_float_equal(f->app.scroll[SCREEN_WELCOME], 120, 0.01);
    frame(f, 390, 600);
    const UiNode *h1 = find_node(&f->ui, UI_ROLE_HEADING, "Constructive");
    assert_non_null(h1);
    assert_true(h1->rect.y < 0); /* scrolled up by 120 */
    /* growing the window past the content pulls the offset back */
    frame(f, 390, 100000);
    assert_float_equal(f->app.scroll[SCREEN_WELCOME], 0, 0.01);
}

static void test_error_screen_names_the_position(void **state)
{
    Fixture *f = *state;
    const char *bad = "{\n  \"id\": \"x\",\n  \"title\" \"no colon\"\n}";
    assert_false(app_load_event(&f->app, "events/bad.json", bad, strlen(bad)));
    frame(f, 800, 600);
    const UiNode *alert = find_node(&f->ui, UI_ROLE_ALERT, "events/bad.json:3:");
    assert_non_null(alert);
    assert_non_null(find_node(&f->ui, UI_ROLE_HEADING, "This event could not be loaded"));
    assert_true(app_load_event(&f->app, "default", f->event, f->event_len));
}

/* Running out of text room mid-screen is reported, and the nodes that could not keep their
 * names still close as they opened: the pass ends balanced, only the overflow is reported. */
static void test_text_overflow_keeps_nodes_balanced(void **state)
{
    Fixture *f = *state;
    UiStyle st = test_style();
    static char name[4096];
    memset(name, 'n', sizeof name);
    ui_begin(&f->ui, &f->host.fonts, 100, 100, &f->mem, NULL, &st);
    ui_node_begin(&f->ui, "screen", UI_ROLE_MAIN, NULL, 0);
    int dropped = 0;
    for (int i = 0; i < 200; i++) { /* 200 × 4 KiB: past UI_TEXT_BYTES */
        char key[16];
        snprintf(key, sizeof key, "k%d", i);
        int n = ui_node_begin(&f->ui, key, UI_ROLE_TEXT, name, sizeof name);
        if (n < 0) dropped++;
        int inner = ui_node_begin(&f->ui, "inner", UI_ROLE_GROUP, NULL, 0);
        (void)inner;
        ui_node_end(&f->ui);
        ui_node_end(&f->ui);
        assert_int_equal(f->ui.depth, 1); /* back inside the screen, dropped name or not */
    }
    ui_node_end(&f->ui);
    assert_true(dropped > 0);
    assert_true(f->ui.overflow);
    assert_false(ui_end(&f->ui)); /* reported as an overflow ... */
    assert_int_equal(f->ui.depth, 0); /* ... with every node closed */
}

static void test_semantics_json_escapes_and_bounds(void **state)
{
    Fixture *f = *state;
    UiStyle st = test_style();
    ui_begin(&f->ui, &f->host.fonts, 100, 100, &f->mem, NULL, &st);
    int n = ui_node_begin(&f->ui, "k", UI_ROLE_HEADING, "say \"hi\"\n\\", 10);
    ui_node_level(&f->ui, n, 2);
    ui_node_rect(&f->ui, n, (UiRect){1, 2, 3, 4});
    ui_node_end(&f->ui);
    assert_true(ui_end(&f->ui));
    char buf[512];
    size_t len = ui_semantics_json(&f->ui, buf, sizeof buf);
    assert_true(len > 0);
    assert_non_null(strstr(buf, "\"name\":\"say \\\"hi\\\"\\n\\\\\""));
    assert_non_null(strstr(buf, "\"role\":\"heading\",\"level\":2"));
    assert_non_null(strstr(buf, "\"x\":1.0,\"y\":2.0,\"w\":3.0,\"h\":4.0"));
    assert_int_equal(ui_semantics_json(&f->ui, buf, 20), 0);

    /* coordinates to a tenth, as "%.1f" writes them: negative, rounded, large, not finite */
    ui_begin(&f->ui, &f->host.fonts, 100, 100, &f->mem, NULL, &st);
    n = ui_node_begin(&f->ui, "k", UI_ROLE_TEXT, "t", 1);
    ui_node_rect(&f->ui, n, (UiRect){-12.34f, 0.06f, 1234.56f, 3e9f});
    ui_node_end(&f->ui);
    assert_true(ui_end(&f->ui));
    assert_true(ui_semantics_json(&f->ui, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "\"x\":-12.3,\"y\":0.1,\"w\":1234.6,\"h\":3000000000.0"));
    ui_begin(&f->ui, &f->host.fonts, 100, 100, &f->mem, NULL, &st);
    n = ui_node_begin(&f->ui, "k", UI_ROLE_TEXT, "t", 1);
    ui_node_rect(&f->ui, n, (UiRect){0.25f, (float)NAN, 0.95f, 0.75f});
    ui_node_end(&f->ui);
    assert_true(ui_end(&f->ui));
    assert_true(ui_semantics_json(&f->ui, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "\"x\":0.2,\"y\":0.0,\"w\":0.9,\"h\":0.8"));

    /* ids are stable across frames and differ between keys */
    uint32_t id = f->ui.nodes[0].id;
    ui_begin(&f->ui, &f->host.fonts, 100, 100, &f->mem, NULL, &st);
    ui_node_begin(&f->ui, "k", UI_ROLE_HEADING, NULL, 0);
    ui_node_end(&f->ui);
    ui_node_begin(&f->ui, "other", UI_ROLE_TEXT, NULL, 0);
    ui_node_end(&f->ui);
    assert_true(ui_end(&f->ui));
    assert_int_equal(f->ui.nodes[0].id, id);
    assert_int_not_equal(f->ui.nodes[1].id, id);
    /* the page's language and direction; a text in another language carries its own; a
     * right-to-left interface is mirrored, nodes and drawing alike */
    st.rtl = true;
    ui_begin(&f->ui, &f->host.fonts, 100, 100, &f->mem, NULL, &st);
    ui_page_lang(&f->ui, "ar");
    ui_mark_lang(&f->ui, "Francesco Testa", 15, "en");
    ui_mark_lang(&f->ui, "ignored", 7, "ar"); /* the page's own language: nothing to mark */
    n = ui_node_begin(&f->ui, "name", UI_ROLE_TEXT, "Francesco Testa", 15);
    ui_node_rect(&f->ui, n, (UiRect){10, 2, 30, 4});
    ui_rect(&f->ui, (UiRect){10, 2, 30, 4}, (UiColor){1, 2, 3, 255}, 0);
    ui_node_end(&f->ui);
    n = ui_node_begin(&f->ui, "other", UI_ROLE_TEXT, "ignored", 7);
    ui_node_end(&f->ui);
    assert_true(ui_end(&f->ui));
    len = ui_semantics_json(&f->ui, buf, sizeof buf);
    assert_true(len > 0);
    assert_memory_equal(buf, "{\"lang\":\"ar\",\"dir\":\"rtl\",\"nodes\":[", 34);
    assert_non_null(strstr(buf, "\"name\":\"Francesco Testa\",\"lang\":\"en\",\"dir\":\"ltr\""));
    assert_non_null(strstr(buf, "\"name\":\"ignored\",\"x\""));
    assert_non_null(strstr(buf, "\"x\":60.0,\"y\":2.0,\"w\":30.0"));
    assert_float_equal(f->ui.cmds[0].rect.x, 60.0, 0.001);
    st.rtl = false;
}

static void test_unbalanced_nodes_are_reported(void **state)
{
    Fixture *f = *state;
    UiStyle st = test_style();
    ui_begin(&f->ui, &f->host.fonts, 100, 100, &f->mem, NULL, &st);
    ui_node_begin(&f->ui, "open", UI_ROLE_GROUP, NULL, 0);
    assert_false(ui_end(&f->ui));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_measure_is_additive_and_kerned),
        cmocka_unit_test(test_wrap_breaks_at_spaces_within_width),
        cmocka_unit_test(test_wrap_newline_long_word_and_utf8),
        cmocka_unit_test(test_glyph_atlas_rasterises_and_reports_dirty_rows),
        cmocka_unit_test(test_overview_semantics_and_fit),
        cmocka_unit_test(test_scrolling_is_clamped),
        cmocka_unit_test(test_error_screen_names_the_position),
        cmocka_unit_test(test_semantics_json_escapes_and_bounds),
        cmocka_unit_test(test_text_overflow_keeps_nodes_balanced),
        cmocka_unit_test(test_unbalanced_nodes_are_reported),
    };
    /* Ui and FontSystem are large: the fixture lives on the heap */
    return cmocka_run_group_tests_name("layout", tests, setup, teardown);
}
