/* gfx.h — the SDL2 renderer backend: turns the UI's draw commands into batched
 * SDL_RenderGeometry calls over one texture (glyph atlas + a solid block for fills).
 * Owns no UI logic; it draws exactly what the command list says, scaled to device pixels. */
#ifndef PARLEY_GFX_H
#define PARLEY_GFX_H

#include <SDL.h>
#include <stdbool.h>

#include "ui/ui.h"

typedef struct Gfx {
    SDL_Renderer *renderer;
    SDL_Texture *atlas;
    int atlas_size;
    bool atlas_fresh;           /* a new texture: every defined row is still to upload */
    SDL_Vertex *verts;
    int *indices;
    int vert_count, vert_cap, index_count, index_cap;
    unsigned char *upload;      /* RGBA staging rows for atlas uploads */
    float dpr;
} Gfx;

bool gfx_init(Gfx *g, SDL_Renderer *renderer);
void gfx_free(Gfx *g);

/* Draws the frame's commands; dpr = device pixels per CSS px. Clears first. */
void gfx_render(Gfx *g, FontSystem *fonts, const Ui *ui, float dpr);

#endif
