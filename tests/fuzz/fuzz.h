/* fuzz.h — the libFuzzer entry point every target in tests/fuzz defines, declared once so
 * the targets build warning-free with the project's flags, under clang's libFuzzer and under
 * the gcc replay driver (replay.c). A target must never keep state between inputs. */
#ifndef PARLEY_FUZZ_H
#define PARLEY_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
