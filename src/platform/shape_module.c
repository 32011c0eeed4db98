/* shape_module.c — the shaping engine (src/text/shape.c: HarfBuzz and FriBidi) as a WebAssembly
 * module of its own, build/web/shape.wasm, with its own memory. The page fetches it only when
 * text needs it (Arabic, a right-to-left line, anything the text layer does not lay out itself)
 * and calls it through web/parley_lib.js; a line goes back as text_layout_pack's bytes. */
#include <emscripten/emscripten.h>
#include <stdlib.h>

#include "text/shape.h"

/* Called by the page (web/parley_lib.js). */
int shape_init(void);
void *shape_alloc(int n);
void shape_release(void *p);
int shape_add_face(int id, const unsigned char *data, int len, int index, int group, int style);
int shape_line(int style, int dir, const char *text, int len);
const unsigned char *shape_result(void);
int shape_base_dir(const char *text, int len, int fallback);

static Shaper *shaper;
static unsigned char *result;
static size_t result_cap;

EMSCRIPTEN_KEEPALIVE int shape_init(void)
{
    if (!shaper) shaper = shaper_new();
    return shaper != NULL;
}

EMSCRIPTEN_KEEPALIVE void *shape_alloc(int n)
{
    return n > 0 ? malloc((size_t)n) : NULL;
}

EMSCRIPTEN_KEEPALIVE void shape_release(void *p)
{
    free(p);
}

/* data: from shape_alloc, kept by the module from now on (HarfBuzz reads the face from it). */
EMSCRIPTEN_KEEPALIVE int shape_add_face(int id, const unsigned char *data, int len, int index, int group, int style)
{
    if (!shaper || len <= 0 || group < 0 || group >= TEXT_GROUP_COUNT || style < 0 || style >= TEXT_STYLE_COUNT)
        return 0;
    return shaper_add_face(shaper, id, data, (size_t)len, index, (TextGroup)group, (TextStyle)style);
}

/* Lays a line out; returns the byte count of the result (shape_result), or -1. */
EMSCRIPTEN_KEEPALIVE int shape_line(int style, int dir, const char *text, int len)
{
    if (!shaper || len < 0 || style < 0 || style >= TEXT_STYLE_COUNT || dir < TEXT_DIR_AUTO || dir > TEXT_DIR_RTL)
        return -1;
    TextLayout l;
    if (!shaper_layout(shaper, (TextStyle)style, (TextDir)dir, text, (size_t)len, &l)) return -1;
    size_t need = text_layout_packed_size(&l);
    if (need > result_cap) {
        unsigned char *r = realloc(result, need);
        if (!r) { text_layout_free(&l); return -1; }
        result = r;
        result_cap = need;
    }
    size_t n = text_layout_pack(&l, result, result_cap);
    text_layout_free(&l);
    return n > 0 && n <= 0x7FFFFFFF ? (int)n : -1;
}

EMSCRIPTEN_KEEPALIVE const unsigned char *shape_result(void)
{
    return result;
}

EMSCRIPTEN_KEEPALIVE int shape_base_dir(const char *text, int len, int fallback)
{
    if (len < 0 || fallback < TEXT_DIR_AUTO || fallback > TEXT_DIR_RTL) return fallback;
    return (int)shaper_base_dir(text, (size_t)len, (TextDir)fallback);
}
