/* fuzz.h - what the libFuzzer targets in tests/fuzz/ share.
 *
 * Each fuzz-NAME.c defines LLVMFuzzerTestOneInput() over one pure parser
 * and names itself with FUZZ_TARGET("NAME").  The same file is built two
 * ways:
 *  - by tests/fuzz/build.sh with clang -fsanitize=fuzzer,address,undefined
 *    into a libFuzzer program (tests/fuzz/run.sh runs them);
 *  - by `make check` with replay.c into tests/fuzz/replay-NAME, an ordinary
 *    program that feeds it every file of seeds/NAME/ and regressions/NAME/.
 * A target checks what the parser promises with FUZZ_CHECK, which aborts:
 * libFuzzer saves the input as a crash, the replay test fails.
 */
#ifndef WSIS_FUZZ_H
#define WSIS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The target's name: its seeds are in seeds/<name>/, its saved crashes in
 * regressions/<name>/. */
extern const char fuzz_target_name[];
#define FUZZ_TARGET(name) const char fuzz_target_name[] = name

#define FUZZ_CHECK(cond) do {                                              \
	if (!(cond)) {                                                     \
		fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__, \
		    __LINE__, fuzz_target_name, #cond);                    \
		abort();                                                   \
	}                                                                  \
} while (0)

#endif
