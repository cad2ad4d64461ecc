# bench: a GCC plugin and a C runtime that time C and C++ code.
#
#   make            build the plugin, the runtime and the wrappers into build/
#   make demo       build examples/ with the plugin and run them
#   make bench      measure overhead against uftrace and -finstrument-functions
#   make check      run every test (SANITIZE=1: runtime and tests under ASan+UBSan)
#   make install    PREFIX=/usr/local DESTDIR=
#
# build/ mirrors an installed tree (bin/, include/, lib/, lib/bench/), so the
# wrappers find the plugin and the runtime relative to themselves in both.

CC  ?= gcc
CXX ?= g++
ifeq ($(origin CC),default)
CC := gcc
endif
ifeq ($(origin CXX),default)
CXX := g++
endif

PREFIX  ?= /usr/local
DESTDIR ?=
B       := build

PLUGIN_INC := $(shell $(CXX) -print-file-name=plugin)/include

WARN      := -Wall -Wextra -Werror
OPT       ?= -O2
SAN_FLAGS :=
ifeq ($(SANITIZE),1)
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

# The runtime: initial-exec TLS (a thread-local in a shared library is ~6 ns
# slower per access otherwise), hidden by default, frame pointers kept for
# cheap stack capture.
RT_CFLAGS  := -std=gnu11 $(OPT) -g -fPIC $(WARN) -pthread -fvisibility=hidden \
	      -ftls-model=initial-exec -fno-omit-frame-pointer -Iruntime $(SAN_FLAGS)
RT_LIBS    := -pthread -lm -ldl -ldw

# The plugin: C-style C++ against GCC's headers; no RTTI (GCC is built without).
PL_CXXFLAGS := -std=gnu++17 $(OPT) -g -fPIC -fno-rtti -fno-exceptions $(WARN) \
	       -Wno-unused-parameter -Wno-missing-field-initializers \
	       -I$(PLUGIN_INC) -Iplugin -Iruntime
PL_LIBS     := -lyaml -lre2

RT_SRCS  := $(sort $(wildcard runtime/*.c))
RT_OBJS  := $(RT_SRCS:runtime/%.c=$(B)/obj/runtime/%.o)
PL_SRCS  := $(sort $(wildcard plugin/*.cc))
PL_OBJS  := $(PL_SRCS:plugin/%.cc=$(B)/obj/plugin/%.o)

PLUGIN   := $(B)/lib/bench/bench.so
LIB_SO   := $(B)/lib/libbench.so
LIB_A    := $(B)/lib/libbench.a
HEADER   := $(B)/include/bench.h
WRAPPERS := $(B)/bin/bench-cc $(B)/bin/bench-c++
PCFILE   := $(B)/lib/pkgconfig/bench.pc
CONFIGS  := $(patsubst config/%,$(B)/share/bench/%,$(wildcard config/*.yaml))
# Blocking presets: the plugin finds PREFIX/share/bench/presets/NAME.yaml
# relative to PREFIX/lib/bench/bench.so.
PRESETS  := $(patsubst config/%,$(B)/share/bench/%,$(wildcard config/presets/*.yaml))

all: $(PLUGIN) $(LIB_SO) $(LIB_A) $(HEADER) $(WRAPPERS) $(PCFILE) $(CONFIGS) $(PRESETS)

deps:
	@tools/install-deps

# The compilers and flags the objects were built with, rewritten only when
# they change: `make check SANITIZE=1` then `make check` in one tree must
# rebuild everything, or the second run loads an ASan-built runtime into
# programs without ASan.
FLAGS_STAMP := $(B)/obj/flags
FLAGS_NOW   := $(CC) $(RT_CFLAGS) | $(CXX) $(PL_CXXFLAGS)
$(shell mkdir -p $(B)/obj && [ "$$(cat $(FLAGS_STAMP) 2>/dev/null)" = '$(FLAGS_NOW)' ] || \
	echo '$(FLAGS_NOW)' >$(FLAGS_STAMP))

$(B)/obj/runtime/%.o: runtime/%.c $(wildcard runtime/*.h) $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(RT_CFLAGS) -c $< -o $@

$(B)/obj/plugin/%.o: plugin/%.cc $(wildcard plugin/*.h) runtime/bench.h $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CXX) $(PL_CXXFLAGS) -c $< -o $@

$(PLUGIN): $(PL_OBJS)
	@mkdir -p $(@D)
	$(CXX) -shared -o $@ $(PL_OBJS) $(PL_LIBS)

$(LIB_SO): $(RT_OBJS)
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-soname,libbench.so -Wl,-z,nodelete -o $@ $(RT_OBJS) $(SAN_FLAGS) $(RT_LIBS)

$(LIB_A): $(RT_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $(RT_OBJS)

$(HEADER): runtime/bench.h
	@mkdir -p $(@D)
	cp $< $@

$(WRAPPERS): tools/bench-cc.in
	@mkdir -p $(@D)
	cp $< $@ && chmod +x $@

$(PCFILE): tools/bench.pc.in
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(abspath $(B))|' $< > $@

$(B)/share/bench/%: config/%
	@mkdir -p $(@D)
	cp $< $@

# ---------------------------------------------------------------- install
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include \
		$(DESTDIR)$(PREFIX)/lib/bench $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/share/bench
	install -m 755 $(WRAPPERS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(HEADER) $(DESTDIR)$(PREFIX)/include/
	install -m 755 $(LIB_SO) $(DESTDIR)$(PREFIX)/lib/
	install -m 644 $(LIB_A) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(PLUGIN) $(DESTDIR)$(PREFIX)/lib/bench/
	sed -e 's|@PREFIX@|$(PREFIX)|' tools/bench.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/bench.pc
	$(if $(CONFIGS),install -m 644 $(CONFIGS) $(DESTDIR)$(PREFIX)/share/bench/)
	$(if $(PRESETS),install -d $(DESTDIR)$(PREFIX)/share/bench/presets)
	$(if $(PRESETS),install -m 644 $(PRESETS) $(DESTDIR)$(PREFIX)/share/bench/presets/)

# ---------------------------------------------------------------- demo
demo: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory -C examples run BENCH_PREFIX=$(abspath $(B))

# ---------------------------------------------------------------- tests
CUNIT_SRCS := $(sort $(wildcard tests/unit/*.c))
UNIT_BIN   := $(B)/tests/unit_tests

$(UNIT_BIN): $(CUNIT_SRCS) $(LIB_A) $(wildcard tests/unit/*.h) $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -g -O1 $(WARN) -Iruntime -Itests/unit $(SAN_FLAGS) \
		$(CUNIT_SRCS) $(LIB_A) -lcunit $(RT_LIBS) -o $@

check-unit: $(UNIT_BIN)
	$(UNIT_BIN)

check-integration: all
	tests/run-integration $(if $(SANITIZE),--sanitize)

check-config: all
	tests/run-config-table
	tests/run-config-rules

check-plugin-diagnostics: all
	tests/run-plugin-diagnostics
	tests/run-guard

check-install: all
	tests/run-install

# The whole variant matrix plus the reliability checks (16 million records,
# a filling file system, set-uid) and the ThreadSanitizer build; CI runs it.
check-full: all
	@ok=0; tests/run-integration --full || ok=1; tests/reliability/run || ok=1; \
	tests/tsan/run || ok=1; exit $$ok

# The config loader under libFuzzer for a bounded time (FUZZ_SECONDS);
# a crash, leak, hang or OOM fails it.  CI runs it.
FUZZ_SECONDS ?= 120
check-fuzz:
	@tools/install-deps clang libclang-rt-14-dev
	tests/fuzz/run $(FUZZ_SECONDS)

# Debian source packages built with every function instrumented; CI runs it.
check-realworld: all
	tests/realworld/run

check-smoke-bench: all
	@$(MAKE) --no-print-directory -C benchmarks smoke BENCH_PREFIX=$(abspath $(B))

# Overhead against the peers (uftrace, -finstrument-functions), one run.
bench: all
	@$(MAKE) --no-print-directory -C benchmarks bench BENCH_PREFIX=$(abspath $(B))

check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory -k check-unit check-integration check-config \
		check-plugin-diagnostics check-install check-smoke-bench
	@echo "make check: all test suites passed"

clean:
	rm -rf $(B)
	-@$(MAKE) --no-print-directory -C examples clean
	-@$(MAKE) --no-print-directory -C benchmarks clean

.PHONY: all deps install demo bench check check-unit check-integration check-config \
	check-install check-smoke-bench check-full check-realworld \
	check-plugin-diagnostics check-fuzz clean
