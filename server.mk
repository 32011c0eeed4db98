# server.mk — parleyd's extra targets, included by the Makefile: `make fuzz` (libFuzzer
# targets built with clang under ASan+UBSan, FUZZ_SECONDS each), `fuzz-replay` (the committed
# seed corpus through the same targets built with gcc under ASan+UBSan; part of `make test`)
# and the in-process SQLite helper of `make bench`. It must never change how parleyd is built.

FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_TARGETS := ingest event
# The project's language and warning flags, without gcc's dependency files (several sources
# go into one command here) and without its optimisation level.
FUZZ_BASE_CFLAGS := $(filter-out -O2 -MMD -MP,$(NATIVE_CFLAGS)) -Itests/fuzz
FUZZ_CFLAGS  := $(FUZZ_BASE_CFLAGS) -O1 -fno-omit-frame-pointer \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
# What each target tests besides core/: the upload decoder; the event loader is all core.
FUZZ_SERVER_ingest := src/server/ingest.c src/server/buf.c
FUZZ_SERVER_event  :=

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $$(FUZZ_SERVER_$$*) $(CORE_SRC) | check-layers
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $< $(FUZZ_SERVER_$*) $(CORE_SRC) -o $@ $(NATIVE_LIBS)

$(BUILD)/asan/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h \
                             $$(call obj,$(BUILD)/asan,$$(FUZZ_SERVER_$$*)) $(BUILD)/asan/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -MMD -MP,$(SAN_CFLAGS)) -Itests/fuzz $(filter %.c %.o,$^) -o $@ \
	  -L$(BUILD)/asan -lcore $(NATIVE_LIBS) $(SAN_LDFLAGS)

.PHONY: fuzz fuzz-run fuzz-replay
# Set-up first (clang's libFuzzer runtime is a package), like run, test and bench.
fuzz: setup
	@$(MAKE) --no-print-directory fuzz-run
# New inputs go to build/fuzz/corpus/<target> (the committed seeds stay small); crashes to
# build/fuzz/artifacts/<target>/, and the run fails.
fuzz-run: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(BUILD)/fuzz/corpus/$$t $(BUILD)/fuzz/artifacts/$$t; \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  $(BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)/fuzz/artifacts/$$t/ -dict=tests/fuzz/$$t.dict \
	    $(BUILD)/fuzz/corpus/$$t tests/fuzz/corpus/$$t; \
	done

fuzz-replay: $(FUZZ_TARGETS:%=$(BUILD)/asan/fuzz/replay_%)
	@set -e; for t in $(FUZZ_TARGETS); do $(BUILD)/asan/fuzz/replay_$$t $$t tests/fuzz/corpus/$$t; done

TEST_EXTRA += fuzz-replay

# make bench: parleyd's inserts in-process, for tests/bench/ingest.mjs to compare with.
$(BUILD)/bench/ingest_raw: tests/bench/ingest_raw.c src/server/db.c src/server/dbstaff.c src/server/db.h src/server/dbconn.h \
                           $(BUILD)/native/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -MMD -MP,$(NATIVE_CFLAGS)) tests/bench/ingest_raw.c src/server/db.c src/server/dbstaff.c -o $@ \
	  -L$(BUILD)/native -lcore -lsqlite3 $(NATIVE_LIBS)

BENCH_PREREQS += $(BUILD)/bench/ingest_raw
