# The two commands a newcomer needs: `make run` and `make test`.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
HOST ?= 127.0.0.1
PORT ?= 8080
DB ?= sqlite://$(CURDIR)/var/aigc.db
AIGC = $(BUILD)/aigc

.PHONY: deps build run test unit integration browser bench clean

deps:
	scripts/install-deps

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DAIGC_WERROR=ON

build: deps $(BUILD)/build.ninja
	scripts/web-deps
	cmake --build $(BUILD)

# Migrates ./var/aigc.db, loads the demo content once, and serves on $(HOST):$(PORT).
run: build
	mkdir -p var
	$(AIGC) migrate --db $(DB)
	$(AIGC) seed --demo --db $(DB)
	$(AIGC) serve --db $(DB) --host $(HOST) --port $(PORT)

# Every test: unit, HTTP on SQLite and on a PostgreSQL server started on loopback, browser.
test: build
	scripts/browser-deps
	scripts/with-postgres ctest --test-dir $(BUILD) --output-on-failure --timeout 900 -j$(shell nproc)

bench: build
	bench/run-all

clean:
	rm -rf $(BUILD)
