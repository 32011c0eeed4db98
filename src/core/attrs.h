/* attrs.h — compiler attributes the code base uses, spelled once. */
#ifndef PARLEY_ATTRS_H
#define PARLEY_ATTRS_H

/* A function that takes a printf format at argument fmt and its values from argument args:
 * GCC and Clang then check every call's arguments against the format. */
#if defined(__GNUC__) || defined(__clang__)
#define PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define PRINTF_LIKE(fmt, args)
#endif

#endif
