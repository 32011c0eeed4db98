/* test_mirror_css.c — the mirror's text fields (web/parley.css) are laid out with the
 * metrics the canvas draws them with (ui.h, UI_FIELD_*): the same font size, line height and
 * padding, so the browser's caret, selection and input-method window sit on the drawn text.
 * The CSS is hand-written; this test is what keeps it in step. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_files.h"

#include <stdio.h>
#include <string.h>

#include "ui/ui.h"

/* The declarations of the first rule whose selector is exactly `selector`. */
static const char *rule_of(const char *css, const char *selector, char *out, size_t cap)
{
    for (const char *p = css; (p = strstr(p, selector)) != NULL; p++) {
        const char *q = p + strlen(selector);
        while (*q == ' ') q++;
        const char *b = p;
        while (b > css && b[-1] == ' ') b--;
        if (*q != '{' || (b > css && b[-1] != '\n' && b[-1] != '}')) continue; /* the whole selector */
        const char *end = strchr(q, '}');
        if (!end || (size_t)(end - q) >= cap) fail_msg("rule %s not closed", selector);
        memcpy(out, q + 1, (size_t)(end - q - 1));
        out[end - q - 1] = '\0';
        return out;
    }
    fail_msg("web/parley.css has no rule %s", selector);
    return NULL;
}

static void expect_declaration(const char *rule, const char *selector, const char *decl)
{
    if (!strstr(rule, decl)) fail_msg("%s { ... } should say \"%s\" (ui.h, UI_FIELD_*): it has {%s}", selector, decl, rule);
}

static void test_fields_match_the_canvas(void **state)
{
    (void)state;
    size_t len;
    char *css = (char *)test_read_file("web/parley.css", &len);
    char rule[512], want[96];
    const char *fields = "#mirror input, #mirror textarea";
    rule_of(css, fields, rule, sizeof rule);
    snprintf(want, sizeof want, "font: %dpx/%dpx ", UI_FIELD_FONT_PX, UI_FIELD_LINE_PX);
    expect_declaration(rule, fields, want);
    snprintf(want, sizeof want, "padding: 0 %dpx;", UI_FIELD_PAD_X);
    expect_declaration(rule, fields, want);
    rule_of(css, "#mirror textarea", rule, sizeof rule);
    snprintf(want, sizeof want, "padding: %dpx %dpx;", UI_FIELD_PAD_Y, UI_FIELD_PAD_X);
    expect_declaration(rule, "#mirror textarea", want);
    free(css);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_match_the_canvas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
