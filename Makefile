# vconsole — a web console for VMware vCenter.
#   make run   install what is missing, build, serve the console on the built-in simulator
#   make test  install what is missing, run every test (unit, integration, vcsim, browser)
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := 0.2.130
APT_PACKAGES         := chromium golang-go golang-github-vmware-govmomi-dev brotli curl tzdata nginx-light wrk redis-server
export PATH := $(HOME)/.cargo/bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
# cargo-leptos sets this for its builds, and leptos reads it at compile time (the WASM's file name): set for every
# cargo build here, so the tests' server binary names the same files and no build recompiles leptos for the other.
export LEPTOS_OUTPUT_NAME := vconsole

.PHONY: run test tools apt-tools rust-tools npm-tools build vcsim test-unit generate bench bench-backup bench-load clean

# The console on the built-in simulated vCenter at http://127.0.0.1:3000 (extra options: make run ARGS="...").
run: build
	./target/release/vconsole $(ARGS)

build: tools
	cargo leptos build --release
	# Precompress the WASM, JS and CSS once, at the best levels; the server sends these files as they are.
	for f in target/site/pkg/*.wasm target/site/pkg/*.js target/site/pkg/*.css; do brotli -f -q 11 -o "$$f.br" "$$f"; gzip -f -k -9 "$$f"; done

# Every test, each phase timed: unit and integration (client <-> simulator, error mapping, TLS, the console over
# HTTP) and the session tests against govmomi's vcsim, in one cargo invocation (one feature resolution: the
# dependencies both crates share build once) with the `ci` profile, which also builds the server binary the
# browser tests run; then the islands' WASM and the CSS (release, as users get them), then the browser tests
# (Playwright, Debian chromium) on that server, then the first visit's size against its budget.
SITE_ENV := LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_ENV=PROD
test: tools vcsim
	start=$$SECONDS; phase() { echo "make test: $$1 took $$((SECONDS - start)) s"; start=$$SECONDS; }
	# Not incremental: a clean build gains nothing from incremental's caches, and writing them costs time. Leptos's
	# erase_components (views type-erased at each component: far less to monomorphise) for this server-side build
	# only: the app crate builds in 115 s instead of 192, the whole build in 414 s instead of 478 (cold, 2 cores);
	# the islands' HTML is the same, so the browser's WASM, built without it (smaller), hydrates them as before.
	# 16 test threads on 2 cores: the integration tests mostly wait (on sockets, on simulated time), so 16 at once
	# take 11 s where 2 take 46 s.
	RUSTFLAGS="--cfg erase_components" CARGO_PROFILE_CI_INCREMENTAL=false VCSIM_BIN=$(CURDIR)/target/vcsim/vcsim cargo test --profile ci -p app -p server --features app/ssr --no-fail-fast -- --include-ignored --test-threads 16
	phase "the Rust tests (build and run)"
	cargo leptos build --release --frontend-only
	phase "the WASM and CSS (release)"
	mkdir -p target/screenshots
	rm -f target/playwright/results.json
	for port in 3000 3002; do
	  if curl -s -o /dev/null http://127.0.0.1:$$port/login; then echo "make test: port $$port is in use; stop what listens there"; exit 1; fi
	done
	export $(SITE_ENV) VCONSOLE_BIN=$(CURDIR)/target/ci/vconsole
	# Every console of the browser tests logs the operations its simulator sees called (end2end/check-coverage.mjs).
	mkdir -p target/playwright && rm -f target/playwright/operations.log
	export VCONSOLE_SIM_OPLOG=$(CURDIR)/target/playwright/operations.log
	# Two consoles, each on a simulator of its own: one for the hydrated project, one for the no-JS project, so
	# the two run side by side (end2end/playwright.config.ts).
	VCONSOLE_LOGIN_RATE=1000 VCONSOLE_SIM_STRICT=1 target/ci/vconsole --listen 127.0.0.1:3000 > target/playwright-console.log 2>&1 &
	hydrated=$$!
	VCONSOLE_LOGIN_RATE=1000 VCONSOLE_SIM_STRICT=1 target/ci/vconsole --listen 127.0.0.1:3002 > target/playwright-console-nojs.log 2>&1 &
	nojs=$$!
	trap 'kill $$hydrated $$nojs 2>/dev/null || true' EXIT
	(cd end2end && VCONSOLE_URL=http://127.0.0.1:3000 VCONSOLE_URL_NOJS=http://127.0.0.1:3002 npx playwright test)
	phase "the browser tests"
	node end2end/check-results.mjs target/playwright/results.json
	node end2end/check-coverage.mjs target/playwright/operations.log app/api/operations.json
	# The first visit's size (WASM + JS + CSS, brotli 11) against its budget (end2end/check-size.mjs).
	node end2end/check-size.mjs target/site/pkg

test-unit:
	RUSTFLAGS="--cfg erase_components" cargo test --profile ci -p app -p server --features app/ssr

# Regenerate the models (app/src/vsphere/models.rs) and the client (app/src/client/operations.rs) from
# app/api/operations.json.
generate:
	UPDATE_GENERATED=1 cargo test -p app --features ssr --test codegen

tools: apt-tools rust-tools npm-tools

# Debian packages: Chromium for the browser tests, Go + govmomi to build vcsim, brotli for size figures, tzdata
# for the simulated appliance clock in its time zone, nginx for the browser tests behind a reverse proxy and a
# load balancer, redis-server for the replicas' tests (each test starts its own on loopback), wrk for bench-load.
apt-tools:
	missing=""
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done
	if [ -n "$$missing" ]; then
	  echo "installing Debian packages:$$missing"
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo
	  $$SUDO apt-get update -q
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing
	fi

# Rust tools, each at a pinned version, installed only when the installed one differs.
rust-tools:
	rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)" || cargo install cargo-leptos --locked --version $(CARGO_LEPTOS_VERSION)
	wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

# From npm: the Tailwind v4 CLI, wasm-opt (binaryen 116; cargo-leptos puts node_modules/.bin first on PATH, and
# runs it on every release build), Playwright and axe-core (no browser download: Debian's chromium is used).
npm-tools:
	if [ ! -x node_modules/.bin/tailwindcss ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund; fi

# Benchmarks (not tests): Summary response time; tagging 1,000 VMs and the 10,000-VM list; a VM's Hardware tab
# with 20 devices, the list's guest OS column and bulk power-on of 100 VMs (needs target/site).
bench: build
	cargo bench -p server --bench summary
	cargo bench -p server --bench tagging
	cargo bench -p server --bench vm
	$(MAKE) --no-print-directory bench-backup
	$(MAKE) --no-print-directory bench-load

# The console under load with Debian's wrk, on a simulator of its own over loopback: a server function's round
# trip against the same call made to the simulator, calls per second with 64 and 1,000 logged-in sessions (p50,
# p99, errors), memory idle and per 1,000 sessions — with the sessions in memory, then in Redis; printed and
# written to target/bench/load.json.
bench-load: build
	node end2end/bench/load.mjs target/release/vconsole

# Back up now → the progress shown in the browser, with and without JavaScript (median of 5 each), on a console
# of its own on the simulator; printed and written to target/bench/backup-progress.json.
bench-backup: build
	VCONSOLE_LOGIN_RATE=1000 ./target/release/vconsole --listen 127.0.0.1:3006 > target/bench-backup-console.log 2>&1 &
	pid=$$!
	trap 'kill $$pid 2>/dev/null || true' EXIT
	for i in $$(seq 50); do curl -s -o /dev/null http://127.0.0.1:3006/login && break; sleep 0.2; done
	node end2end/bench-backup-progress.mjs http://127.0.0.1:3006 5

# govmomi's vcsim, built offline from Debian's golang-github-vmware-govmomi-dev.
vcsim: apt-tools target/vcsim/vcsim
target/vcsim/vcsim: server/vcsim/main.go
	mkdir -p target/vcsim/gopath
	cd server/vcsim && GO111MODULE=off GOPATH=$(CURDIR)/target/vcsim/gopath:/usr/share/gocode go build -o $(CURDIR)/target/vcsim/vcsim main.go

clean:
	cargo clean
