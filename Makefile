# octavo — Makefile
#
#   make            build build/octavo (installs missing libraries first)
#   make handbook   build/handbook.pdf and build/handbook.epub from lessons/
#   make pictures   PNGs of handbook pages the README shows, in build/pictures/
#   make test       every test; prints "N passed, N failed"
#   make deps       install the Debian packages octavo needs (apt-get)
#   make test-deps  the same, plus the validators the tests run (and Ace
#                   by DAISY from npm into build/ace)
#   make asan       the test suite under AddressSanitizer + UBSan
#   make tsan       a few both-format builds under ThreadSanitizer and helgrind
#   make valgrind   handbook and a corpus-like fixture under valgrind
#   make fuzz       libFuzzer targets (FUZZ_SECONDS=N each)
#   make bench      timings and memory, next to pandoc (installs pandoc and
#                   poppler-utils first when missing)
#   make clang      build with clang -Werror (the CI builds with both)

CC       ?= cc
BUILD    ?= build
OPT      ?= -O2
CFLAGS   ?= $(OPT) -g
WARN      = -Wall -Wextra -Werror -Wno-unused-parameter
CPPFLAGS += -std=c11 -D_GNU_SOURCE -Isrc $(shell pkg-config --cflags libxml-2.0 2>/dev/null)
# librsvg (SVG images in the PDF) brings glib and cairo. Only
# src/image/svgdec.c includes its headers (as -isystem: glib's own code
# must not trip -Werror), and it opens the library with dlopen when a book
# has an SVG (svgdec.c says why), so it is not linked: -ldl instead of
# `pkg-config --libs librsvg-2.0`. Expanded when used, not now, so that
# on a fresh machine pkg-config runs after `make deps` installed it.
RSVG_CFLAGS = $(shell pkg-config --cflags librsvg-2.0 | sed 's/-I/-isystem /g')
# cmark-gfm, libyaml, libdeflate and libgif are linked statically (their
# -dev packages ship the archives): shared libraries fewer to map and
# relocate at every start, and direct calls into the parser and the
# compressor. The last three, on the Rust course in both formats (60
# alternating traced runs, twice): main reached 0.13 ms sooner, the
# process ended 0.44-0.54 ms sooner; cmark-gfm then: octavo --version
# 1.54 -> 1.20 ms. cmark-gfm's two functions that set and clear its table
# of special characters are wrapped (parse.c says why). pthreads are in
# glibc's libc (2.34 and later).
LDLIBS   += -Wl,--wrap=cmark_inlines_add_special_character \
	-Wl,--wrap=cmark_inlines_remove_special_character \
	-Wl,-Bstatic -lcmark-gfm-extensions -lcmark-gfm -lyaml -ldeflate -lgif \
	-Wl,-Bdynamic -lhpdf -ldl -lm
# libzip, libxml2, fontconfig and libqrencode are not linked either: octavo
# opens them with dlopen when a book needs them (base/xmllib.h says why;
# libqrencode in pdf/qr.c, its header from libqrencode-dev). libpng and
# libxml2 for the tests: the PNG decoder is checked against libpng, and the
# HTML cleaner's output parsed by libxml2.
TEST_LDLIBS = -lpng -lxml2
PREFIX   ?= /usr/local
# The installed data folder (fonts/, styles/) is compiled into the binary.
# $(BUILD)/.prefix holds the PREFIX the objects were built for and is
# rewritten only when it changes, so `make` then `make install
# PREFIX=/elsewhere` rebuilds what depends on it instead of installing a
# binary that looks in the old place.
PREFIX_STAMP := $(BUILD)/.prefix
$(shell mkdir -p $(BUILD) && [ "$$(cat $(PREFIX_STAMP) 2>/dev/null)" = '$(PREFIX)' ] || \
	printf '%s\n' '$(PREFIX)' >$(PREFIX_STAMP))

# Sources live in one folder per pipeline stage (README, "Source tour");
# every .c below src/ is found here, so a new file needs no Makefile edit.
SRC      := $(sort $(shell find src -name '*.c'))
HDR      := $(sort $(shell find src -name '*.h'))
OBJ      := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRC))
LIBOBJ   := $(filter-out $(BUILD)/obj/cli/main.o,$(OBJ))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
DEPSTAMP := $(BUILD)/.deps-ok

# Debian packages: libraries to build, tools to test.
DEPS_BUILD = build-essential pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev \
	libyaml-dev libhpdf-dev libzip-dev libxml2-dev hyphen-en-us libpng-dev \
	libdeflate-dev libgif-dev libfontconfig-dev libqrencode-dev librsvg2-dev
DEPS_TEST  = epubcheck default-jre-headless qpdf poppler-utils clang libclang-rt-14-dev \
	valgrind python3 zip unzip time groff-base hyphen-de hyphen-fr universal-ctags strace \
	fonts-noto-cjk fonts-symbola fonts-noto-color-emoji zbar-tools chromium
# Node.js and npm for Ace come from Debian only when the machine has no npm:
# a machine whose Node.js came from NodeSource (with its own npm) cannot
# take Debian's npm beside it (apt refuses: the two conflict).
DEPS_NODE  = nodejs npm
# Ace by DAISY, the EPUB accessibility checker tests/t-ace.sh runs (npm,
# pinned; it drives Debian's chromium, so puppeteer downloads no browser).
# Always under build/, whatever BUILD is, so `make asan` reuses it.
# The bench's own tools: pandoc to measure against, pdfinfo for the pages
# of the per-page row.
DEPS_BENCH = pandoc poppler-utils python3
ACE_VERSION = 1.4.6
ACE = build/ace/node_modules/.bin/ace-cli
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps test-deps bench-deps handbook pictures test unit asan tsan valgrind fuzz bench clang clean install

all: $(BUILD)/octavo

# Install the libraries only when one is missing, so `make` stays quick.
$(DEPSTAMP):
	@if ! ( [ -f /usr/include/cmark-gfm-core-extensions.h ] && [ -f /usr/include/yaml.h ] && \
		[ -f /usr/include/hpdf.h ] && [ -f /usr/include/zip.h ] && \
		[ -f /usr/include/libdeflate.h ] && [ -f /usr/include/gif_lib.h ] && \
		[ -f /usr/include/fontconfig/fontconfig.h ] && [ -f /usr/include/qrencode.h ] && \
		[ -f /usr/share/hyphen/hyph_en_US.dic ] && \
		pkg-config --exists libxml-2.0 libpng librsvg-2.0 ); then $(MAKE) --no-print-directory deps; fi
	@mkdir -p $(BUILD) && touch $@

deps:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(DEPS_BUILD)

test-deps: $(DEPSTAMP)
	@if ! ( command -v qpdf && command -v groff && command -v pdftotext && command -v clang && command -v valgrind && \
		command -v strace && \
		[ -f /usr/share/java/epubcheck.jar ] && command -v java && command -v unzip && command -v zbarimg && \
		[ -f /usr/share/hyphen/hyph_de_DE.dic ] && [ -f /usr/share/hyphen/hyph_fr.dic ] && \
		[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] && \
		[ -f /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf ] && \
		[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] && \
		ctags --version | grep -q Universal && command -v chromium && command -v npm ) >/dev/null; then \
		node=; command -v npm >/dev/null || node='$(DEPS_NODE)'; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(DEPS_TEST) $$node; fi
	@[ -x $(ACE) ] || $(MAKE) --no-print-directory $(ACE)

$(ACE):
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix build/ace --no-audit --no-fund @daisy/ace-cli@$(ACE_VERSION)

$(BUILD)/obj/%.o: src/%.c $(DEPSTAMP) $(HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<

$(BUILD)/obj/image/svgdec.o: CPPFLAGS += $(RSVG_CFLAGS)

# Only main.c reads the data folder's name.
$(BUILD)/obj/cli/main.o: $(PREFIX_STAMP)
$(BUILD)/obj/cli/main.o: CPPFLAGS += -DOCTAVO_DATADIR=\"$(PREFIX)/share/octavo\"

$(BUILD)/octavo: $(OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIBOBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(WARN) -o $@ $< $(LIBOBJ) $(LDFLAGS) $(LDLIBS) $(TEST_LDLIBS)

unit: $(UNIT_BIN)

handbook: $(BUILD)/octavo
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-1735689600} \
	  $(BUILD)/octavo build lessons -o $(BUILD)/handbook.pdf -o $(BUILD)/handbook.epub
	@ls -l $(BUILD)/handbook.pdf $(BUILD)/handbook.epub

# The pages the README shows (video boxes, a Links list, the back cover,
# the index, and a blank verso before a lesson in a --duplex build),
# found by their text so they follow the course as it changes.
pictures: handbook
	@mkdir -p $(BUILD)/pictures
	@n=$$(pdfinfo $(BUILD)/handbook.pdf | awk '/^Pages:/ {print $$2}'); \
	page() { i=1; while [ $$i -le $$n ]; do \
		pdftotext -f $$i -l $$i $(BUILD)/handbook.pdf - | grep -q "$$1" && { echo $$i; return; }; \
		i=$$((i + 1)); done; echo 0; }; \
	for shot in "video-boxes:Talks to watch" "links:Rust by Example — https" "back-cover:Made with octavo"; do \
		name=$${shot%%:*}; p=$$(page "$${shot#*:}"); \
		[ "$$p" -gt 0 ] || { echo "make pictures: no page with '$${shot#*:}'" >&2; exit 1; }; \
		pdftoppm -r 80 -png -singlefile -f $$p -l $$p $(BUILD)/handbook.pdf $(BUILD)/pictures/$$name; \
		echo "$(BUILD)/pictures/$$name.png (page $$p)"; done; \
	i=$$n; while [ $$i -gt 0 ] && ! pdftotext -f $$i -l $$i $(BUILD)/handbook.pdf - | grep -qx Index; do \
		i=$$((i - 1)); done; \
	pdftoppm -r 80 -png -singlefile -f $$i -l $$i $(BUILD)/handbook.pdf $(BUILD)/pictures/index; \
	echo "$(BUILD)/pictures/index.png (page $$i)"
	@SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-1735689600} \
	  $(BUILD)/octavo build lessons --duplex -q -o $(BUILD)/handbook-duplex.pdf
	@f=$(BUILD)/handbook-duplex.pdf; n=$$(pdfinfo $$f | awk '/^Pages:/ {print $$2}'); i=4; \
	while [ $$i -lt $$n ] && [ -n "$$(pdftotext -f $$i -l $$i $$f - | tr -d ' \n\f')" ]; do i=$$((i + 2)); done; \
	pdftoppm -r 80 -png -singlefile -f $$i -l $$i $$f $(BUILD)/pictures/duplex-verso; \
	pdftoppm -r 80 -png -singlefile -f $$((i + 1)) -l $$((i + 1)) $$f $(BUILD)/pictures/duplex-recto; \
	echo "$(BUILD)/pictures/duplex-verso.png, duplex-recto.png (pages $$i, $$((i + 1)) of $$f)"

test: test-deps $(BUILD)/octavo unit
	@BUILD=$(BUILD) sh tests/run.sh

clang:
	$(MAKE) BUILD=build/clang CC=clang all unit

asan:
	$(MAKE) BUILD=build/asan CC=clang OPT=-O1 \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=address,undefined" all unit
	BUILD=build/asan ASAN_OPTIONS=detect_leaks=1:exitcode=86 UBSAN_OPTIONS=print_stacktrace=1:exitcode=86 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  OCTAVO_DATA_DIR=$(CURDIR) OCTAVO_SLOW=1 OCTAVO_FREE_AT_EXIT=1 sh tests/run.sh

# The PDF and the EPUB are written on two threads: a few both-format
# builds under ThreadSanitizer and helgrind (tests/tsan.sh says why both;
# the whole suite would add little and cost minutes).
tsan: $(BUILD)/octavo
	$(MAKE) BUILD=build/tsan CC=clang OPT=-O1 \
	  CFLAGS="-O1 -g -fsanitize=thread -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=thread" all
	sh tests/tsan.sh build/tsan/octavo $(BUILD)/octavo

valgrind: $(BUILD)/octavo
	sh tests/valgrind.sh $(BUILD)/octavo

fuzz:
	sh tests/fuzz/run.sh $${FUZZ_SECONDS:-60}

# libFuzzer targets; tests/fuzz/run.sh calls this with BUILD=build/fuzz and
# the sanitizer flags.
$(BUILD)/bin/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(LIBOBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/fuzz $(CFLAGS) $(WARN) -o $@ $< $(LIBOBJ) $(LDFLAGS) $(LDLIBS) $(TEST_LDLIBS)

bench: bench-deps $(BUILD)/octavo
	sh bench/run.sh $(BUILD)/octavo

bench-deps: $(DEPSTAMP)
	@if ! ( command -v pandoc && command -v pdfinfo && command -v python3 ) >/dev/null; then \
		$(SUDO) apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(DEPS_BENCH); fi

install: $(BUILD)/octavo
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/octavo/fonts \
	  $(DESTDIR)$(PREFIX)/share/octavo/styles $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/octavo $(DESTDIR)$(PREFIX)/bin/octavo
	install -m 644 fonts/* $(DESTDIR)$(PREFIX)/share/octavo/fonts/
	install -m 644 styles/* $(DESTDIR)$(PREFIX)/share/octavo/styles/
	install -m 644 man/octavo.1 $(DESTDIR)$(PREFIX)/share/man/man1/octavo.1

clean:
	rm -rf build
