/* gfx.c — draw commands → SDL_RenderGeometry. Rectangles (rounded, anti-aliased by a
 * one-pixel feather) and glyph quads share one texture so a frame is a handful of batches.
 * Never decides layout or colour: that is the UI's job. */
#include "gfx/gfx.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GFX_ARC_ERROR_PX        0.2f /* how far a rounded corner's chords may stray from its arc */

bool gfx_init(Gfx *g, SDL_Renderer *renderer)
{
    memset(g, 0, sizeof *g);
    g->renderer = renderer;
    SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_BLEND);
    return true;
}

void gfx_free(Gfx *g)
{
    if (g->atlas) SDL_DestroyTexture(g->atlas);
    free(g->verts);
    free(g->indices);
    free(g->upload);
    memset(g, 0, sizeof *g);
}

static bool reserve(Gfx *g, int verts, int indices)
{
    if (g->vert_count + verts > g->vert_cap) {
        int cap = g->vert_cap ? g->vert_cap : 4096;
        while (cap < g->vert_count + verts) cap *= 2;
        SDL_Vertex *v = realloc(g->verts, (size_t)cap * sizeof *v);
        if (!v) return false;
        g->verts = v;
        g->vert_cap = cap;
    }
    if (g->index_count + indices > g->index_cap) {
        int cap = g->index_cap ? g->index_cap : 8192;
        while (cap < g->index_count + indices) cap *= 2;
        int *ix = realloc(g->indices, (size_t)cap * sizeof *ix);
        if (!ix) return false;
        g->indices = ix;
        g->index_cap = cap;
    }
    return true;
}

static void vertex(Gfx *g, float x, float y, SDL_Color c, float u, float v)
{
    g->verts[g->vert_count++] = (SDL_Vertex){{x, y}, c, {u, v}};
}

static void tri(Gfx *g, int a, int b, int c)
{
    g->indices[g->index_count++] = a;
    g->indices[g->index_count++] = b;
    g->indices[g->index_count++] = c;
}

/* Uploads changed atlas rows, recreating the texture when the atlas size changed. Only rows
 * the font system has defined go up (font_atlas_rows): the rows below hold no glyph and are
 * never sampled, so the first frame sends a few rows, not megabytes of empty texels, and
 * needs no clear on the GPU. */
static void sync_atlas(Gfx *g, FontSystem *fs)
{
    if (!g->atlas || g->atlas_size != fs->atlas_size) {
        if (g->atlas) SDL_DestroyTexture(g->atlas);
        g->atlas = SDL_CreateTexture(g->renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC,
                                     fs->atlas_size, fs->atlas_size);
        if (!g->atlas) { SDL_Log("gfx: atlas texture: %s", SDL_GetError()); return; }
        SDL_SetTextureBlendMode(g->atlas, SDL_BLENDMODE_BLEND);
        SDL_SetTextureScaleMode(g->atlas, SDL_ScaleModeLinear);
        free(g->upload);
        g->upload = malloc((size_t)fs->atlas_size * 4u * 64u);
        g->atlas_size = fs->atlas_size;
        g->atlas_fresh = true;
    }
    int y0, y1;
    bool changed = font_take_dirty(fs, &y0, &y1);
    if (g->atlas_fresh) { /* a new texture: every defined row goes up */
        y0 = 0;
        y1 = font_atlas_rows(fs);
        changed = true;
    }
    if (!g->upload || !changed) return;
    g->atlas_fresh = false;
    const int size = fs->atlas_size;
    for (int y = y0; y < y1; y += 64) {
        int rows = y1 - y < 64 ? y1 - y : 64;
        for (int r = 0; r < rows; r++) {
            const unsigned char *src = fs->atlas + (size_t)(y + r) * (size_t)size;
            unsigned char *dst = g->upload + (size_t)r * (size_t)size * 4u;
            for (int x = 0; x < size; x++) {
                dst[4 * x] = dst[4 * x + 1] = dst[4 * x + 2] = 255;
                dst[4 * x + 3] = src[x];
            }
        }
        SDL_Rect rect = {0, y, size, rows};
        SDL_UpdateTexture(g->atlas, &rect, g->upload, size * 4);
    }
}

static void flush(Gfx *g, FontSystem *fs)
{
    sync_atlas(g, fs);
    if (g->index_count)
        SDL_RenderGeometry(g->renderer, g->atlas, g->verts, g->vert_count, g->indices, g->index_count);
    g->vert_count = g->index_count = 0;
}

static SDL_Color sdl_color(UiColor c) { return (SDL_Color){c.r, c.g, c.b, c.a}; }

/* A rounded rectangle as a fan, with a transparent outer ring one device pixel wide so its
 * edges are anti-aliased without multisampling. Coordinates in device px. */
static void rounded_rect(Gfx *g, float x, float y, float w, float h, float r, SDL_Color c, float u, float v)
{
    if (r * 2 > w) r = w * 0.5f;
    if (r * 2 > h) r = h * 0.5f;
    if (r < 0.5f) {
        if (!reserve(g, 4, 6)) return;
        int b = g->vert_count;
        vertex(g, x, y, c, u, v); vertex(g, x + w, y, c, u, v);
        vertex(g, x + w, y + h, c, u, v); vertex(g, x, y + h, c, u, v);
        tri(g, b, b + 1, b + 2); tri(g, b, b + 2, b + 3);
        return;
    }
    /* Segments per quarter circle: as few as keep every chord within GFX_ARC_ERROR_PX of the
     * arc (4 for a 10 px corner; each is vertices sent to the GPU every frame). A chord over
     * the angle 2a strays r (1 - cos a) ≈ r a²/2 from the arc, so a = sqrt(2 e / r). */
    const int segs = (int)ceilf(0.78539816f / sqrtf(2.0f * GFX_ARC_ERROR_PX / r));
    const int n = 4 * (segs + 1);
    if (!reserve(g, 1 + 2 * n, 9 * n)) return;
    /* one step of the arc as a rotation, so a corner costs two trigonometric calls, not two
     * per point; a quarter's last point and the next one's first share their angle */
    const float step = 1.57079633f / (float)segs, step_cos = cosf(step), step_sin = sinf(step);
    float dx = 1.0f, dy = 0.0f;
    SDL_Color clear = c;
    clear.a = 0;
    int centre = g->vert_count;
    vertex(g, x + w * 0.5f, y + h * 0.5f, c, u, v);
    const float cx[4] = {x + w - r, x + r, x + r, x + w - r};
    const float cy[4] = {y + h - r, y + h - r, y + r, y + r};
    int first = g->vert_count;
    for (int k = 0; k < 4; k++) {
        for (int s = 0; s <= segs; s++) {
            vertex(g, cx[k] + dx * (r - 0.5f), cy[k] + dy * (r - 0.5f), c, u, v);
            vertex(g, cx[k] + dx * (r + 0.5f), cy[k] + dy * (r + 0.5f), clear, u, v);
            if (s == segs) break;
            float next_dx = dx * step_cos - dy * step_sin;
            dy = dy * step_cos + dx * step_sin;
            dx = next_dx;
        }
    }
    for (int i = 0; i < n; i++) {
        int a = first + 2 * i, b = first + 2 * ((i + 1) % n);
        tri(g, centre, a, b);
        tri(g, a, a + 1, b + 1);
        tri(g, a, b + 1, b);
    }
}

/* A stroke as a quad: the segment widened along its normal, ends extended by half the width. */
static void line(Gfx *g, float x0, float y0, float x1, float y1, float width, SDL_Color c, float u, float v)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len <= 0 || !reserve(g, 4, 6)) return;
    float ux = dx / len * width * 0.5f, uy = dy / len * width * 0.5f; /* along, half width */
    float nx = -uy, ny = ux;                                           /* across, half width */
    int b = g->vert_count;
    vertex(g, x0 - ux + nx, y0 - uy + ny, c, u, v);
    vertex(g, x1 + ux + nx, y1 + uy + ny, c, u, v);
    vertex(g, x1 + ux - nx, y1 + uy - ny, c, u, v);
    vertex(g, x0 - ux - nx, y0 - uy - ny, c, u, v);
    tri(g, b, b + 1, b + 2);
    tri(g, b, b + 2, b + 3);
}

typedef struct GlyphSink { Gfx *g; SDL_Color color; float inv; } GlyphSink;

static void emit_glyph(void *user, float x0, float y0, float x1, float y1, int tx, int ty, int tw, int th)
{
    GlyphSink *s = user;
    Gfx *g = s->g;
    if (!reserve(g, 4, 6)) return;
    float u0 = (float)tx * s->inv, v0 = (float)ty * s->inv;
    float u1 = (float)(tx + tw) * s->inv, v1 = (float)(ty + th) * s->inv;
    int b = g->vert_count;
    vertex(g, x0, y0, s->color, u0, v0); vertex(g, x1, y0, s->color, u1, v0);
    vertex(g, x1, y1, s->color, u1, v1); vertex(g, x0, y1, s->color, u0, v1);
    tri(g, b, b + 1, b + 2); tri(g, b, b + 2, b + 3);
}

/* Whether a command can show anything inside the rows [top, bottom) (CSS px) the clip leaves:
 * a list laid out in full need not have its lines below the fold rasterised and sent. A line
 * of text is taken to reach two em above its baseline and one below (stacked marks included). */
static bool in_rows(const UiCmd *c, float top, float bottom)
{
    float y0, y1;
    switch (c->kind) {
    case UI_CMD_TEXT: y0 = c->rect.y - 2.0f * c->size_px; y1 = c->rect.y + c->size_px; break;
    case UI_CMD_RECT: y0 = c->rect.y; y1 = c->rect.y + c->rect.h; break;
    case UI_CMD_LINE:
        y0 = fminf(c->rect.y, c->rect.y + c->rect.h) - c->radius;
        y1 = fmaxf(c->rect.y, c->rect.y + c->rect.h) + c->radius;
        break;
    default: return true;
    }
    return y1 > top && y0 < bottom;
}

/* One pass over the commands; false when the glyph atlas was cleared mid-way. */
static bool render_pass(Gfx *g, FontSystem *fs, const Ui *ui, float dpr)
{
    float top = 0, bottom = ui->height_px; /* the rows the current clip leaves, CSS px */
    SDL_SetRenderDrawColor(g->renderer, 0xF3, 0xF5, 0xF8, 0xFF);
    SDL_RenderClear(g->renderer);
    SDL_RenderSetClipRect(g->renderer, NULL);
    g->vert_count = g->index_count = 0;
    const float inv = 1.0f / (float)fs->atlas_size;
    const float su = 1.0f * inv, sv = 1.0f * inv; /* centre of the solid 2×2 block */
    for (int i = 0; i < ui->cmd_count; i++) {
        const UiCmd *c = &ui->cmds[i];
        if (c->kind != UI_CMD_CLIP && !in_rows(c, top, bottom)) continue;
        switch (c->kind) {
        case UI_CMD_RECT:
            rounded_rect(g, c->rect.x * dpr, c->rect.y * dpr, c->rect.w * dpr, c->rect.h * dpr,
                         c->radius * dpr, sdl_color(c->color), su, sv);
            break;
        case UI_CMD_TEXT: {
            GlyphSink sink = {g, sdl_color(c->color), inv};
            if (!font_draw_run_dir(fs, c->face, c->size_px, c->dir, c->rect.x, c->rect.y, ui->text + c->text_off,
                                   c->text_len, emit_glyph, &sink))
                return false;
            break;
        }
        case UI_CMD_LINE:
            line(g, c->rect.x * dpr, c->rect.y * dpr, (c->rect.x + c->rect.w) * dpr, (c->rect.y + c->rect.h) * dpr,
                 c->radius * dpr, sdl_color(c->color), su, sv);
            break;
        case UI_CMD_CLIP:
            flush(g, fs);
            if (c->rect.w < 0) {
                SDL_RenderSetClipRect(g->renderer, NULL);
                top = 0;
                bottom = ui->height_px;
            } else {
                top = c->rect.y;
                bottom = c->rect.y + c->rect.h;
                SDL_Rect r = {(int)floorf(c->rect.x * dpr), (int)floorf(c->rect.y * dpr),
                              (int)ceilf(c->rect.w * dpr), (int)ceilf(c->rect.h * dpr)};
                SDL_RenderSetClipRect(g->renderer, &r);
            }
            break;
        }
    }
    flush(g, fs);
    return true;
}

void gfx_render(Gfx *g, FontSystem *fonts, const Ui *ui, float dpr)
{
    if (dpr != g->dpr) {
        font_set_dpr(fonts, dpr);
        g->dpr = dpr;
    }
    /* a cleared atlas invalidates the quads already emitted: draw the frame again, once */
    if (!render_pass(g, fonts, ui, dpr)) render_pass(g, fonts, ui, dpr);
}
