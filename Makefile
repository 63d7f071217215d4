# Two commands do all the set-up on a fresh machine:
#   make run    installs what is missing, builds, and opens the demo panel (demo-panel.sqlite)
#   make test   installs what is missing, builds, and runs the tests
# Plain `swift build` / `swift test` work too for whoever has the packages below, but without
# NDEBUG: toml++ (inside TOMLKit 0.6.0) then aborts the process on some malformed TOML through its
# assert()s instead of reporting the error (found by scripts/fuzz.sh).

# Debian packages panel needs: ncursesw (the terminal), SQLite (the database), libxlsxwriter (the
# winner list as a workbook), zlib with pkg-config (ZIPFoundation reads the provinces' workbooks),
# tmux (end-to-end tests), chromium (the tests render the HTML report);
# and the tools that read the dossiers: poppler-utils (PDF text, pages rendered for OCR) with
# poppler-data (without it a PDF whose Chinese font is not embedded loses all its Chinese),
# pandoc (DOCX), catdoc (Word 97 .doc), tesseract-ocr with tesseract-ocr-chi-sim (scans, --ocr);
# libfreexl (Excel 97–2003 .xls workbooks).
APT_PACKAGES := libncursesw5-dev libsqlite3-dev libxlsxwriter-dev zlib1g-dev pkg-config tmux chromium \
	poppler-utils poppler-data pandoc catdoc tesseract-ocr tesseract-ocr-chi-sim libfreexl-dev
# What writes the tests' workbooks as the provinces' programs do: LibreOffice Calc (xlsx, xls);
# OpenSSH's server, which the deployment tests run on a high port (scripts/panel-sshd.sh; never as
# a service). Installed without recommends (LibreOffice's pull in a desktop).
APT_TEST_TOOLS := libreoffice-calc-nogui openssh-server
# Python packages the test scripts use: krippendorff (alpha checked against it), Pillow (reads the
# rendered report back), openpyxl (writes workbooks as many provinces' tools do), msoffcrypto-tool
# (a password-protected workbook).
PIP_PACKAGES := krippendorff numpy pillow openpyxl msoffcrypto-tool
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SWIFT ?= swift
NDEBUG := -Xcc -DNDEBUG -Xcxx -DNDEBUG

.PHONY: run test build release deps clean

run: build
	$(SWIFT) run $(NDEBUG) panel rubric check scoring-rubrics/region.toml scoring-rubrics/school.toml scoring-rubrics/defense.toml scoring-rubrics/rules.toml
	$(SWIFT) run $(NDEBUG) panel demo

test: deps
	$(SWIFT) test $(NDEBUG) --disable-xctest

build: deps
	$(SWIFT) build $(NDEBUG)

# The binary for the server: optimized, with the Swift runtime and Foundation linked in, so that a
# process does not spend its first milliseconds loading them (every command and every expert's ssh
# login is a new process). About 100 MB instead of 30; .build/release/panel.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib $(NDEBUG) --product panel

# Installs only what is not installed yet, so a ready machine pays nothing.
# $(call apt_install,PACKAGES,APT-GET OPTIONS)
define apt_install
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) $$missing; \
	fi
endef

deps:
	$(call apt_install,$(APT_PACKAGES),)
	$(call apt_install,$(APT_TEST_TOOLS),--no-install-recommends)
	@$(PYTHON) -c "import krippendorff, numpy, PIL, openpyxl, msoffcrypto" 2>/dev/null || { echo "installing: $(PIP_PACKAGES) (pip)"; $(PYTHON) -m pip install -q $(PIP_PACKAGES); }

clean:
	rm -rf .build
