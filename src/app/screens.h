/* screens.h — one function per screen: draws into ui from app state, returns the content
 * height in CSS px (for scrolling). Screens read state; they never change it. */
#ifndef PARLEY_SCREENS_H
#define PARLEY_SCREENS_H

#include "app/app.h"

float screen_overview(const App *app, Ui *ui);
float screen_event_error(const App *app, Ui *ui);

#endif
