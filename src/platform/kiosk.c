/* kiosk.c — SDL2 glue shared by web and desktop: translates SDL events into app events,
 * runs a frame only when something changed, and publishes the semantics when they change.
 * Holds no application logic: that is app/, which knows nothing of SDL. */
#include "platform/kiosk.h"

#include <SDL.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "gfx/gfx.h"
#include "platform/platform.h"

#define KIOSK_SEMANTICS_BYTES (512u * 1024u)

static struct {
    SDL_Window *window;
    SDL_Renderer *renderer;
    FontSystem fonts;
    Gfx gfx;
    App app;
    Ui ui;
    bool dirty;                 /* the screen no longer matches the state */
    uint32_t semantics_hash;
    char semantics[KIOSK_SEMANTICS_BYTES];
} K;

/* Any input may change the screen: wake the frame loop. The frame itself decides whether
 * anything changed, so idle pointer motion costs a check, not a draw. */
static int SDLCALL on_sdl_event(void *user, SDL_Event *ev)
{
    (void)user;
    (void)ev;
    plat_request_frame();
    return 0;
}

bool kiosk_start(const KioskConfig *cfg)
{
    memset(&K, 0, sizeof K);
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        fprintf(stderr, "parley: SDL_Init: %s\n", SDL_GetError());
        return false;
    }
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI | (cfg->hidden ? SDL_WINDOW_HIDDEN : 0);
    K.window = SDL_CreateWindow("Parley", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                cfg->width, cfg->height, flags);
    if (!K.window) { fprintf(stderr, "parley: window: %s\n", SDL_GetError()); return false; }
    K.renderer = SDL_CreateRenderer(K.window, -1, cfg->hidden ? SDL_RENDERER_SOFTWARE : 0);
    if (!K.renderer) K.renderer = SDL_CreateRenderer(K.window, -1, SDL_RENDERER_SOFTWARE);
    if (!K.renderer) { fprintf(stderr, "parley: renderer: %s\n", SDL_GetError()); return false; }
    char err[256];
    if (!font_init(&K.fonts, cfg->font_regular, cfg->font_regular_len, cfg->font_bold, cfg->font_bold_len,
                   err, sizeof err)) {
        fprintf(stderr, "parley: %s\n", err);
        return false;
    }
    gfx_init(&K.gfx, K.renderer);
    app_init(&K.app, cfg->lang);
    app_load_event(&K.app, cfg->event_name, cfg->event_json, cfg->event_len);
    SDL_AddEventWatch(on_sdl_event, NULL);
    K.dirty = true;
    plat_request_frame();
    return true;
}

static bool translate(const SDL_Event *e, AppEvent *out)
{
    memset(out, 0, sizeof *out);
    switch (e->type) {
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button != SDL_BUTTON_LEFT) return false;
        *out = (AppEvent){.kind = APP_EV_POINTER_DOWN, .x = (float)e->button.x, .y = (float)e->button.y};
        return true;
    case SDL_MOUSEBUTTONUP:
        if (e->button.button != SDL_BUTTON_LEFT) return false;
        *out = (AppEvent){.kind = APP_EV_POINTER_UP, .x = (float)e->button.x, .y = (float)e->button.y};
        return true;
    case SDL_MOUSEMOTION:
        *out = (AppEvent){.kind = APP_EV_POINTER_MOVE, .x = (float)e->motion.x, .y = (float)e->motion.y};
        return true;
    case SDL_MOUSEWHEEL:
        /* SDL reports steps (the web backend: 100 CSS px per step); positive y = away */
        *out = (AppEvent){.kind = APP_EV_WHEEL, .dy = -e->wheel.preciseY * 100.0f};
        return true;
    case SDL_KEYDOWN: {
        AppKey k = APP_KEY_NONE;
        switch (e->key.keysym.sym) {
        case SDLK_UP: k = APP_KEY_UP; break;
        case SDLK_DOWN: k = APP_KEY_DOWN; break;
        case SDLK_PAGEUP: k = APP_KEY_PAGE_UP; break;
        case SDLK_PAGEDOWN: k = APP_KEY_PAGE_DOWN; break;
        case SDLK_HOME: k = APP_KEY_HOME; break;
        case SDLK_END: k = APP_KEY_END; break;
        case SDLK_SPACE: k = APP_KEY_SPACE; break;
        default: return false;
        }
        *out = (AppEvent){.kind = APP_EV_KEY, .key = k};
        return true;
    }
    default:
        return false;
    }
}

static void draw(void)
{
    int win_w, win_h, out_w, out_h;
    SDL_GetWindowSize(K.window, &win_w, &win_h);
    SDL_GetRendererOutputSize(K.renderer, &out_w, &out_h);
    float dpr = win_w > 0 ? (float)out_w / (float)win_w : 1.0f;
    ui_begin(&K.ui, &K.fonts, (float)win_w, (float)win_h);
    app_frame(&K.app, &K.ui);
    ui_end(&K.ui);
    gfx_render(&K.gfx, &K.fonts, &K.ui, dpr);
    SDL_RenderPresent(K.renderer);

    size_t n = ui_semantics_json(&K.ui, K.semantics, sizeof K.semantics);
    if (n == 0) { fprintf(stderr, "parley: semantics list larger than %u bytes\n", KIOSK_SEMANTICS_BYTES); return; }
    uint32_t h = ui_hash(K.semantics, n, 0);
    if (h != K.semantics_hash) {
        K.semantics_hash = h;
        plat_publish_semantics(K.semantics, n);
    }
}

bool kiosk_frame(void)
{
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        AppEvent ev;
        if (e.type == SDL_WINDOWEVENT &&
            (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED || e.window.event == SDL_WINDOWEVENT_RESIZED ||
             e.window.event == SDL_WINDOWEVENT_EXPOSED || e.window.event == SDL_WINDOWEVENT_SHOWN))
            K.dirty = true;
        else if (e.type == SDL_RENDER_TARGETS_RESET || e.type == SDL_RENDER_DEVICE_RESET) {
            gfx_free(&K.gfx); /* textures are gone; the atlas is re-uploaded whole */
            gfx_init(&K.gfx, K.renderer);
            K.dirty = true;
        } else if (translate(&e, &ev) && app_handle(&K.app, &ev))
            K.dirty = true;
    }
    if (!K.dirty) return false;
    K.dirty = false;
    draw();
    return true;
}

bool kiosk_screenshot(const char *path)
{
    kiosk_frame(); /* take pending window events (size) first */
    int w, h;
    SDL_GetRendererOutputSize(K.renderer, &w, &h);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return false;
    draw();
    bool ok = SDL_RenderReadPixels(K.renderer, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) == 0
              && SDL_SaveBMP(s, path) == 0;
    if (!ok) fprintf(stderr, "parley: screenshot: %s\n", SDL_GetError());
    SDL_FreeSurface(s);
    return ok;
}

void kiosk_stop(void)
{
    SDL_DelEventWatch(on_sdl_event, NULL);
    app_free(&K.app);
    gfx_free(&K.gfx);
    font_free(&K.fonts);
    if (K.renderer) SDL_DestroyRenderer(K.renderer);
    if (K.window) SDL_DestroyWindow(K.window);
    SDL_Quit();
}
