/* kiosk.c — SDL2 glue shared by web and desktop: translates SDL events into UI input, runs a
 * frame only when something changed, and publishes the semantics when they change.
 * Holds no application logic: that is app/, which knows nothing of SDL. */
#include "platform/kiosk.h"

#include <SDL.h>
#include <stdio.h>
#include <string.h>

#include "gfx/gfx.h"
#include "platform/platform.h"

#define KIOSK_SEMANTICS_BYTES (1024u * 1024u)

static struct {
    SDL_Window *window;
    SDL_Renderer *renderer;
    FontSystem fonts;
    Gfx gfx;
    App app;
    Ui ui;
    bool dirty;                 /* the screen no longer matches the state */
    bool drawn;                 /* the first frame was drawn (its phases are marked) */
    uint32_t semantics_hash;
    char semantics[KIOSK_SEMANTICS_BYTES];
} K;

static void changed_now(void);

/* Any SDL event may change the screen: wake the frame loop. The frame decides whether
 * anything changed, so idle pointer motion costs a check, not a draw. */
static int SDLCALL on_sdl_event(void *user, SDL_Event *ev)
{
    (void)user;
    (void)ev;
    plat_request_frame();
    return 0;
}

static void viewport(float *w, float *h)
{
    int iw, ih;
    SDL_GetWindowSize(K.window, &iw, &ih);
    *w = (float)iw;
    *h = (float)ih;
}

bool kiosk_start(const KioskConfig *cfg)
{
    /* K is static, so all zero already: the program starts its kiosk once, and clearing its
     * megabytes again only made the browser commit memory the first frame never touches */
    static bool started;
    if (started) return false;
    started = true;
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        fprintf(stderr, "parley: SDL_Init: %s\n", SDL_GetError());
        return false;
    }
    /* the renderer draws 2D geometry only: a depth or stencil buffer (SDL asks for 16 bits of
     * depth by default) is memory and start-up time for nothing */
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI | (cfg->hidden ? SDL_WINDOW_HIDDEN : 0) |
                   (cfg->opengl ? SDL_WINDOW_OPENGL : 0);
    K.window = SDL_CreateWindow("Parley", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                cfg->width, cfg->height, flags);
    if (!K.window) { fprintf(stderr, "parley: window: %s\n", SDL_GetError()); return false; }
    K.renderer = SDL_CreateRenderer(K.window, -1, cfg->hidden ? SDL_RENDERER_SOFTWARE : 0);
    if (!K.renderer) K.renderer = SDL_CreateRenderer(K.window, -1, SDL_RENDERER_SOFTWARE);
    if (!K.renderer) { fprintf(stderr, "parley: renderer: %s\n", SDL_GetError()); return false; }
    plat_mark("parley-sdl-init"); /* SDL, its window and the renderer's WebGL context */
    if (cfg->text_input) SDL_StartTextInput();
    else SDL_StopTextInput();
    char err[256];
    if (!font_init(&K.fonts, cfg->font_regular, cfg->font_regular_len, cfg->font_bold, cfg->font_bold_len,
                   err, sizeof err)) {
        fprintf(stderr, "parley: %s\n", err);
        return false;
    }
    for (int i = 0; i < 4; i++) {
        const KioskFont *f = &cfg->extra_fonts[i];
        if (f->data && !font_add_face(&K.fonts, f->data, f->len, f->index, f->group, f->style, err, sizeof err))
            fprintf(stderr, "parley: %s (text in that script falls back)\n", err);
    }
    text_fonts_set_want(&K.fonts.text, cfg->text_want, cfg->text_want_user);
    text_fonts_set_engine(&K.fonts.text, cfg->text_engine);
    K.ui.fonts = &K.fonts;
    plat_mark("parley-font-init");
    gfx_init(&K.gfx, K.renderer);
    app_init(&K.app, &cfg->host, cfg->lang, cfg->mode, cfg->idle_s, cfg->device_id);
    app_load_event(&K.app, cfg->event_name, cfg->event_json, cfg->event_len);
    if (cfg->remembered) app_restore_registration(&K.app, cfg->remembered, strlen(cfg->remembered));
    plat_mark("parley-event-load");
    app_begin(&K.app);
    SDL_AddEventWatch(on_sdl_event, NULL);
    K.dirty = true;
    plat_request_frame();
    return true;
}

App *kiosk_app(void)
{
    return &K.app;
}

void kiosk_invalidate(void)
{
    changed_now();
}

static UiKey translate_key(SDL_Keycode sym)
{
    switch (sym) {
    case SDLK_TAB: return UI_KEY_TAB;
    case SDLK_RETURN: case SDLK_KP_ENTER: return UI_KEY_ENTER;
    case SDLK_SPACE: return UI_KEY_SPACE;
    case SDLK_ESCAPE: return UI_KEY_ESCAPE;
    case SDLK_UP: return UI_KEY_UP;
    case SDLK_DOWN: return UI_KEY_DOWN;
    case SDLK_LEFT: return UI_KEY_LEFT;
    case SDLK_RIGHT: return UI_KEY_RIGHT;
    case SDLK_HOME: return UI_KEY_HOME;
    case SDLK_END: return UI_KEY_END;
    case SDLK_PAGEUP: return UI_KEY_PAGE_UP;
    case SDLK_PAGEDOWN: return UI_KEY_PAGE_DOWN;
    case SDLK_BACKSPACE: return UI_KEY_BACKSPACE;
    case SDLK_DELETE: return UI_KEY_DELETE;
    default: return UI_KEY_NONE;
    }
}

static void publish_semantics(void);

/* Input from the mirror can move what is on screen (an error appears, a field grows): the
 * mirror must show the new places before the next input arrives, or a tap aimed at a
 * control's old place would land elsewhere. So the layout is published at once; the canvas
 * follows at the next animation frame. */
static void changed_now(void)
{
    float w, h;
    viewport(&w, &h);
    app_frame(&K.app, &K.ui, w, h);
    publish_semantics();
    K.dirty = true;
    plat_request_frame();
}

bool kiosk_add_font(const KioskFont *f)
{
    char err[256];
    if (!font_add_face(&K.fonts, f->data, f->len, f->index, f->group, f->style, err, sizeof err)) {
        fprintf(stderr, "parley: %s (text in that script falls back)\n", err);
        return false;
    }
    K.dirty = true;
    plat_request_frame();
    return true;
}

void kiosk_text_changed(bool engine_ready)
{
    if (engine_ready) text_engine_ready(&K.fonts.text);
    else text_fonts_relayout(&K.fonts.text);
    K.dirty = true;
    plat_request_frame();
}

bool kiosk_text_pending(void)
{
    return text_pending(&K.fonts.text);
}

bool kiosk_input(const UiInput *in)
{
    float w, h;
    viewport(&w, &h);
    bool changed = app_input(&K.app, &K.ui, in, w, h);
    /* The mirror's field is answered with the field's value even when that did not change (a
     * paste refused as too long), so the element holds what the field holds again. */
    if (in->kind == UI_IN_EDIT) K.semantics_hash = 0;
    if (changed) changed_now();
    return changed;
}

bool kiosk_pointer_move(float x, float y)
{
    bool changed = app_pointer_move(&K.app, x, y);
    if (changed) changed_now();
    return changed;
}

bool kiosk_scroll_to(float y)
{
    bool changed = app_scroll_to(&K.app, y);
    if (changed) changed_now();
    return changed;
}

bool kiosk_shortcut(int ch)
{
    float w, h;
    viewport(&w, &h);
    bool changed = app_shortcut(&K.app, &K.ui, ch, w, h);
    if (changed) changed_now();
    return changed;
}

int64_t kiosk_next_tick_ms(void)
{
    return app_next_tick_ms(&K.app, K.app.host.now_ms(K.app.host.user));
}

static void handle(const SDL_Event *e)
{
    UiInput in = {.kind = UI_IN_NONE};
    switch (e->type) {
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED || e->window.event == SDL_WINDOWEVENT_RESIZED
            || e->window.event == SDL_WINDOWEVENT_EXPOSED || e->window.event == SDL_WINDOWEVENT_SHOWN)
            K.dirty = true;
        return;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        gfx_free(&K.gfx); /* textures are gone; the atlas is uploaded again whole */
        gfx_init(&K.gfx, K.renderer);
        K.dirty = true;
        return;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.button != SDL_BUTTON_LEFT) return;
        in.kind = e->type == SDL_MOUSEBUTTONDOWN ? UI_IN_PRESS : UI_IN_RELEASE;
        in.x = (float)e->button.x;
        in.y = (float)e->button.y;
        break;
    case SDL_MOUSEMOTION:
        if (app_pointer_move(&K.app, (float)e->motion.x, (float)e->motion.y)) K.dirty = true;
        return;
    case SDL_MOUSEWHEEL:
        /* SDL reports steps (the web backend: 100 CSS px per step); positive y = away */
        if (app_scroll_by(&K.app, -e->wheel.preciseY * 100.0f)) K.dirty = true;
        return;
    case SDL_KEYDOWN: {
        SDL_Keymod mod = (SDL_Keymod)e->key.keysym.mod;
        in.kind = UI_IN_KEY;
        in.key = translate_key(e->key.keysym.sym);
        in.shift = (mod & KMOD_SHIFT) != 0;
        in.word = (mod & (KMOD_CTRL | KMOD_ALT)) != 0;
        if ((mod & (KMOD_CTRL | KMOD_GUI)) && e->key.keysym.sym == SDLK_a) in.key = UI_KEY_SELECT_ALL;
        if (in.key == UI_KEY_NONE) {
            /* letters and digits outside text fields: the console's shortcuts */
            SDL_Keycode sym = e->key.keysym.sym;
            if (!(mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)) && ((sym >= SDLK_a && sym <= SDLK_z) || (sym >= SDLK_0 && sym <= SDLK_9))) {
                float sw, sh;
                viewport(&sw, &sh);
                if (app_shortcut(&K.app, &K.ui, (int)sym, sw, sh)) K.dirty = true;
            }
            return;
        }
        break;
    }
    case SDL_TEXTINPUT:
        in.kind = UI_IN_TEXT;
        in.text = e->text.text;
        in.text_len = strlen(e->text.text);
        break;
    default:
        return;
    }
    float w, h;
    viewport(&w, &h);
    if (app_input(&K.app, &K.ui, &in, w, h)) K.dirty = true;
}

static void draw(void)
{
    int out_w, out_h;
    float w, h;
    viewport(&w, &h);
    SDL_GetRendererOutputSize(K.renderer, &out_w, &out_h);
    float dpr = w > 0 ? (float)out_w / w : 1.0f;
    app_frame(&K.app, &K.ui, w, h);
    if (!K.drawn) plat_mark("parley-first-layout");
    gfx_render(&K.gfx, &K.fonts, &K.ui, dpr);
    text_frame_done(&K.fonts.text);
    SDL_RenderPresent(K.renderer);
    publish_semantics();
    if (!K.drawn) plat_mark("parley-first-draw"); /* drawn and its mirror published */
    K.drawn = true;
}

/* Publishes the semantics of the last pass, only when they changed. */
static void publish_semantics(void)
{
    size_t n = ui_semantics_json(&K.ui, K.semantics, sizeof K.semantics);
    if (n == 0) { fprintf(stderr, "parley: semantics list larger than %u bytes\n", KIOSK_SEMANTICS_BYTES); return; }
    uint32_t hash = ui_hash(K.semantics, n, 0);
    if (hash != K.semantics_hash) {
        K.semantics_hash = hash;
        plat_publish_semantics(K.semantics, n);
    }
}

bool kiosk_frame(void)
{
    if (!K.drawn) plat_mark("parley-frame-begin"); /* the first animation frame came */
    SDL_Event e;
    while (SDL_PollEvent(&e)) handle(&e);
    if (app_tick(&K.app, K.app.host.now_ms(K.app.host.user))) K.dirty = true;
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
