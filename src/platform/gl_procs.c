/* gl_procs.c — the web build's GL function look-up by name, as SDL's GLES2 renderer uses it
 * (SDL_GL_GetProcAddress, through EGL): the functions that renderer loads, from SDL's own list
 * (SDL_gles2funcs.h), linked directly. Emscripten's look-up names every WebGL function, which
 * links all of them and their JavaScript into the page; the renderer needs 55. A name not
 * listed is NULL, as for a GL without that function. */
#include <string.h>

#include <GLES2/gl2.h>

typedef struct GlProc { const char *name; void *fn; } GlProc;

static const GlProc procs[] = {
#define SDL_PROC(ret, func, params) {#func, (void *)func},
#include "SDL_gles2funcs.h"
#undef SDL_PROC
};

void *emscripten_GetProcAddress(const char *name);

void *emscripten_GetProcAddress(const char *name)
{
    for (size_t i = 0; name && i < sizeof procs / sizeof procs[0]; i++)
        if (!strcmp(procs[i].name, name)) return procs[i].fn;
    return NULL;
}
