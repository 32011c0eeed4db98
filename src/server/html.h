/* html.h — the one HTML escaper every page parleyd renders goes through. Text and
 * attribute values alike: & < > " ' become entities, bytes that are not UTF-8 and control
 * characters (other than line feed and tab) become U+FFFD, so no input can open a tag, end
 * an attribute or smuggle a NUL. Bidirectional controls are kept (they are text) and are
 * contained by the markup: every field is its own element with unicode-bidi: isolate. */
#ifndef PARLEY_HTML_H
#define PARLEY_HTML_H

#include <stdbool.h>

#include "server/buf.h"

/* Appends s escaped (NULL appends nothing). */
bool html_text(SrvBuf *b, const char *s);

#endif
