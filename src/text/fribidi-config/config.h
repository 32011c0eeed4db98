/* config.h — FriBidi's build configuration for Parley's WebAssembly build (what its configure
 * script would write for emcc: a C11 hosted environment). Used only with -DHAVE_CONFIG_H when
 * compiling FriBidi's own sources; never included by project code. */
#ifndef PARLEY_FRIBIDI_CONFIG_H
#define PARLEY_FRIBIDI_CONFIG_H
#define HAVE_INTTYPES_H 1
#define HAVE_MEMMOVE 1
#define HAVE_MEMSET 1
#define HAVE_STDINT_H 1
#define HAVE_STDLIB_H 1
#define HAVE_STRING_H 1
#define HAVE_STRINGIZE 1
#define HAVE_STRINGS_H 1
#define HAVE_SYS_TYPES_H 1
#define STDC_HEADERS 1
#define SIZEOF_INT 4
#define SIZEOF_SHORT 2
#define SIZEOF_VOID_P 4
#define SIZEOF_WCHAR_T 4
#define PACKAGE_NAME "GNU FriBidi"
#define PACKAGE_VERSION "1.0.8"
#define FRIBIDI_NO_DEPRECATED 1
#endif
