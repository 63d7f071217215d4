# Two commands do all the set-up on a fresh machine:
#   make run    installs what is missing, builds, and opens the demo panel (demo-panel.sqlite)
#   make test   installs what is missing, builds, and runs the tests
# Plain `swift build` / `swift test` work too for whoever has the packages below.

# Debian packages panel needs: ncursesw (the terminal), SQLite (the database), libxlsxwriter (the
# winner list as a workbook), tmux (end-to-end tests).
APT_PACKAGES := libncursesw5-dev libsqlite3-dev libxlsxwriter-dev tmux
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SWIFT ?= swift

.PHONY: run test build deps clean

run: build
	$(SWIFT) run panel rubric check scoring-rubrics/region.toml scoring-rubrics/school.toml scoring-rubrics/defense.toml scoring-rubrics/rules.toml
	$(SWIFT) run panel demo

test: deps
	$(SWIFT) test --disable-xctest

build: deps
	$(SWIFT) build

# Installs only what is not installed yet, so a ready machine pays nothing.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf .build
