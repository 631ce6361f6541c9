# Workdesk: a self-hosted Upwork dashboard in C (FastCGI behind nginx).
#
#   make run     build, then run the dashboard on the embedded Upwork sandbox
#   make test    build everything and run every test suite
#
# Both install what is missing first (scripts/setup.sh).

CC	?= cc
CXX	?= c++
PKGS	 = fcgi libcurl jansson libctemplate libsodium

WARN	 = -Wall -Wextra -Werror
CFLAGS	+= -std=c11 -D_GNU_SOURCE -O2 -g $(WARN)
CXXFLAGS += -std=c++17 -O2 -g $(WARN)
CPPFLAGS += -Iapp -Ibuild/gen $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS	+= $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread

SAN	 = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

APP_C	 = $(filter-out app/main.c,$(wildcard app/*.c))
APP_OBJ	 = $(APP_C:app/%.c=build/obj/%.o) build/obj/tpl.o build/obj/gql.o
ASAN_OBJ = $(APP_C:app/%.c=build/asan/obj/%.o) build/asan/obj/tpl.o build/asan/obj/gql.o
GQL	 = $(sort $(wildcard app/graphql/*.graphql))
UNIT	 = $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test-*.c))
TOOLS	 = $(patsubst tests/tools/%.c,build/tools/%,$(wildcard tests/tools/*.c))
HDRS	 = $(wildcard app/*.h) build/gen/gql.h

.PHONY: bench all asan unit-bin fuzz-bin fuzz setup run start stop test check clean \
	install uninstall

all: build/workdesk

build/gen/gql.h build/gen/gql.c: $(GQL) scripts/embed-graphql.sh
	@scripts/embed-graphql.sh build/gen $(GQL)

build/obj/%.o: app/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@
build/obj/gql.o: build/gen/gql.c build/gen/gql.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@
build/obj/tpl.o: app/tpl.cc app/tpl.h app/buf.h
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c $< -o $@
build/workdesk: build/obj/main.o $(APP_OBJ)
	$(CXX) $^ -o $@ $(LDLIBS)

# The same program and unit tests built with ASan and UBSan.
build/asan/obj/%.o: app/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) -c $< -o $@
build/asan/obj/gql.o: build/gen/gql.c build/gen/gql.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) -c $< -o $@
build/asan/obj/tpl.o: app/tpl.cc app/tpl.h app/buf.h
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) $(SAN) -c $< -o $@
build/asan/workdesk: build/asan/obj/main.o $(ASAN_OBJ)
	$(CXX) $(SAN) $^ -o $@ $(LDLIBS)
asan: build/asan/workdesk $(UNIT:%=build/asan/tests/%)

build/tests/%: tests/unit/%.c tests/unit/t.h $(APP_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -c $< -o $@.o
	$(CXX) $@.o $(APP_OBJ) -o $@ $(LDLIBS)
build/asan/tests/%: tests/unit/%.c tests/unit/t.h $(ASAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(SAN) -c $< -o $@.o
	$(CXX) $(SAN) $@.o $(ASAN_OBJ) -o $@ $(LDLIBS)
unit-bin: $(UNIT:%=build/tests/%) $(TOOLS)

# libFuzzer targets (fuzz/README.md): the app's objects again, built by
# clang with coverage and ASan/UBSan, and one harness each.
FUZZ_CC	 = clang
FUZZ_CXX = clang++
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
FUZZ	 = $(patsubst fuzz/%.c,build/fuzz/%,$(wildcard fuzz/fuzz-*.c))
FUZZ_OBJ = $(APP_C:app/%.c=build/fuzz/obj/%.o) build/fuzz/obj/tpl.o \
	   build/fuzz/obj/gql.o

build/fuzz/obj/%.o: app/%.c $(HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(CFLAGS) -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c $< -o $@
build/fuzz/obj/gql.o: build/gen/gql.c build/gen/gql.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(CFLAGS) -O1 $(FUZZ_SAN) -c $< -o $@
build/fuzz/obj/tpl.o: app/tpl.cc app/tpl.h app/buf.h
	@mkdir -p $(@D)
	$(FUZZ_CXX) $(CPPFLAGS) $(CXXFLAGS) -O1 $(FUZZ_SAN) -c $< -o $@
build/fuzz/%: fuzz/%.c fuzz/fuzz.h $(FUZZ_OBJ)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) -Ifuzz $(CFLAGS) -O1 $(FUZZ_SAN) -fsanitize=fuzzer -c $< -o $@.o
	$(FUZZ_CXX) $(FUZZ_SAN) -fsanitize=fuzzer $@.o $(FUZZ_OBJ) -o $@ $(LDLIBS)
fuzz-bin: $(FUZZ)
.SECONDARY: $(FUZZ_OBJ)

# Test tools: small programs the shell suites drive (crash writers, ...).
build/tools/%: tests/tools/%.c $(APP_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@.o
	$(CXX) $@.o $(APP_OBJ) -o $@ $(LDLIBS)

setup:
	@scripts/setup.sh

run: setup
	@$(MAKE) --no-print-directory all
	@scripts/stack.sh run

start: setup
	@$(MAKE) --no-print-directory all
	@scripts/stack.sh start

stop:
	@scripts/stack.sh stop

test: setup
	@$(MAKE) --no-print-directory all unit-bin asan fuzz-bin
	@tests/run.sh

check: test

# Fuzz every target for FUZZ_SECONDS each (default 120, the security bar's
# CI figure; 600 or more before a release), two at a time.
fuzz: setup
	@$(MAKE) --no-print-directory fuzz-bin
	@fuzz/run.sh

# Figures, not a test: Workdesk's job page against nginx and a minimal
# libfcgi program on the same nginx (bench/run.sh).
bench: setup
	@$(MAKE) --no-print-directory all
	@bench/run.sh

# make install [PREFIX=/usr/local] [DESTDIR=]: the server and what it reads,
# its man pages, an example config, the nginx example, systemd units and the
# sysusers.d file (README "Install on a server"). The binary goes to sbin:
# it is a daemon and its subcommands are for the operator (section 8).
# Nothing is written to /etc or /var: the config holds a secret and belongs
# to the workdesk user, so the operator copies the example (workdesk.conf.5).
PREFIX	?= /usr/local
SBINDIR	 = $(PREFIX)/sbin
DATADIR	 = $(PREFIX)/share
PKGDATADIR = $(DATADIR)/workdesk
DOCDIR	 = $(DATADIR)/doc/workdesk
MANDIR	 = $(DATADIR)/man
UNITDIR	 = $(PREFIX)/lib/systemd/system
SYSUSERSDIR = $(PREFIX)/lib/sysusers.d
# The config the units name: /etc/workdesk for PREFIX=/usr, else under PREFIX.
SYSCONFDIR = $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
VERSION	 = $(shell sed -n 's/^\#define WORKDESK_VERSION[[:space:]]*"\(.*\)"/\1/p' app/main.c)
SUBST	 = sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@PKGDATADIR@|$(PKGDATADIR)|g' \
	   -e 's|@DOCDIR@|$(DOCDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	   -e 's|@UNITDIR@|$(UNITDIR)|g' -e 's|@SYSUSERSDIR@|$(SYSUSERSDIR)|g' \
	   -e 's|@VERSION@|$(VERSION)|g'
# $(call install_subst,SOURCE,TARGET): SOURCE with the paths filled in, 0644.
install_subst = $(SUBST) $(1) > $(DESTDIR)$(2) && chmod 0644 $(DESTDIR)$(2)

install: build/workdesk
	install -d -m 0755 $(DESTDIR)$(SBINDIR) $(DESTDIR)$(PKGDATADIR)/templates \
	    $(DESTDIR)$(PKGDATADIR)/static $(DESTDIR)$(DOCDIR) \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR)
	install -m 0755 build/workdesk $(DESTDIR)$(SBINDIR)/workdesk
	install -m 0644 $(wildcard templates/*.tpl) $(DESTDIR)$(PKGDATADIR)/templates/
	install -m 0644 $(wildcard static/*) $(DESTDIR)$(PKGDATADIR)/static/
	install -m 0644 PRIVACY.md TERMS.md $(DESTDIR)$(PKGDATADIR)/
	$(call install_subst,man/workdesk.8.in,$(MANDIR)/man8/workdesk.8)
	$(call install_subst,man/workdesk.conf.5.in,$(MANDIR)/man5/workdesk.conf.5)
	$(call install_subst,dist/workdesk.conf.example.in,$(DOCDIR)/workdesk.conf.example)
	sed -e 's|/srv/workdesk/static/|$(PKGDATADIR)/static/|g' \
	    nginx.conf.example > $(DESTDIR)$(DOCDIR)/nginx.conf.example
	chmod 0644 $(DESTDIR)$(DOCDIR)/nginx.conf.example
	install -m 0644 dist/nginx-several-hosts.conf $(DESTDIR)$(DOCDIR)/
	$(call install_subst,dist/workdesk.service.in,$(UNITDIR)/workdesk.service)
	install -m 0644 dist/workdesk.socket $(DESTDIR)$(UNITDIR)/workdesk.socket
	install -m 0644 dist/workdesk.sysusers $(DESTDIR)$(SYSUSERSDIR)/workdesk.conf

# Leaves the config, the data and the key alone.
uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/workdesk $(DESTDIR)$(MANDIR)/man8/workdesk.8 \
	    $(DESTDIR)$(MANDIR)/man5/workdesk.conf.5 \
	    $(DESTDIR)$(UNITDIR)/workdesk.service $(DESTDIR)$(UNITDIR)/workdesk.socket \
	    $(DESTDIR)$(SYSUSERSDIR)/workdesk.conf
	rm -rf $(DESTDIR)$(PKGDATADIR) $(DESTDIR)$(DOCDIR)

clean:
	rm -rf build
