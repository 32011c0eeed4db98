/* fribidi-config.h — the header FriBidi's configure generates from fribidi-config.h.in, written
 * by hand for the WebAssembly build of FriBidi 1.0.8 (the version setup fetches). Must stay in
 * step with that version; project code includes <fribidi.h>, never this file directly. */
#ifndef FRIBIDI_CONFIG_H
#define FRIBIDI_CONFIG_H

#define FRIBIDI "fribidi"
#define FRIBIDI_NAME "GNU FriBidi"
#define FRIBIDI_BUGREPORT ""

#define FRIBIDI_VERSION "1.0.8"
#define FRIBIDI_MAJOR_VERSION 1
#define FRIBIDI_MINOR_VERSION 0
#define FRIBIDI_MICRO_VERSION 8
#define FRIBIDI_INTERFACE_VERSION 4
#define FRIBIDI_INTERFACE_VERSION_STRING "4"

/* The size of a `int', as computed by sizeof. */
#define FRIBIDI_SIZEOF_INT 4

#endif /* FRIBIDI_CONFIG_H */
