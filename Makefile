# procuret-go. `make test` is what CI runs (.ci/run).
GO ?= go

.PHONY: all generate check-generated vet test test-short fuzz bench tidy-check lint-spec docs xlang xlang-generate

all: test

## generate: regenerate gen/, sandbox/sandboxgen/ and the root package's *.gen.go from api/openapi.yaml
generate:
	$(GO) generate ./...

## check-generated: fail when regenerating would change any committed file
## (gen/, sandbox/sandboxgen/, aliases.gen.go, operations.gen.go, ...)
check-generated: generate
	@git diff --exit-code --stat || { echo "generated code is stale: run 'make generate' and commit"; exit 1; }
	@test -z "$$(git status --porcelain --untracked-files=all)" || { echo "generate left files git does not track:"; git status --porcelain --untracked-files=all; exit 1; }

## vet: gofmt and go vet (vet also compiles tests and benchmarks)
vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' | grep -v '\.gen\.go$$')); test -z "$$unformatted" || { echo "gofmt needed:"; echo "$$unformatted"; exit 1; }
	$(GO) vet ./...

## tidy-check: go.mod and go.sum say exactly what the code imports
tidy-check:
	$(GO) mod tidy -diff

## test: vet, go.mod tidiness, generation drift check, the whole suite with the race detector
test: vet tidy-check check-generated
	$(GO) test -race -count=1 ./...

test-short:
	$(GO) test -short -count=1 ./...

## fuzz: run every fuzz target of every package for FUZZTIME each (default 30s).
## The budget is stated before anything runs: FUZZTIME × the number of targets,
## plus compiling each package's fuzz binary (with 10 targets at 30s, about 6
## minutes on 2 cores). FUZZTIME=5m for a longer hunt; make test runs each
## target's seed corpus (testdata/fuzz/) as an ordinary test, no fuzzing.
FUZZTIME ?= 30s
fuzz:
	@set -e; all=""; for pkg in $$($(GO) list ./...); do 	  targets=$$($(GO) test -list '^Fuzz' $$pkg) || { echo "cannot list the fuzz targets of $$pkg"; exit 1; }; 	  for f in $$(echo "$$targets" | grep '^Fuzz' || true); do all="$$all $$pkg:$$f"; done; 	done; 	n=$$(echo $$all | wc -w); echo "== fuzz budget: $$n targets × $(FUZZTIME), plus compiling"; 	for pf in $$all; do 	  pkg=$${pf%%:*}; f=$${pf##*:}; 	  echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; 	done

## bench: signing and types with -benchmem, then the client against its net/http
## baseline (replayed answers with Content-Length and chunked, the sandbox itself, in
## memory) in interleaved blocks, the walks and the concurrent gets, written into
## BENCHMARKS.md between its generated-section markers and printed (about 5 minutes
## on 2 idle cores; BENCHFLAGS='-bench-blocks=20 -bench-walk=false -bench-rounds=3'
## for a quicker, noisier run); then the sandbox walking 100,000 links (its section
## of BENCHMARKS.md is pasted by hand)
BENCHFLAGS ?=
bench:
	@sign=$$($(GO) test -run '^$$' -bench . -benchmem ./auth ./types) || { echo "$$sign"; exit 1; }; \
	echo "$$sign"; \
	PROCURET_BENCH_SIGN="$$(echo "$$sign" | grep -E '^BenchmarkSign(ature)?-')" \
	  $(GO) test -v -count=1 -timeout 2h -run '^TestBenchReport$$' . -args -bench-report -bench-out BENCHMARKS.md $(BENCHFLAGS)
	$(GO) test -run '^$$' -bench 'Walk100k|ListPage' -benchtime 3x -benchmem ./sandbox

# --- The contract for other teams: linters, offline reference docs, a TypeScript client ---------
# Each Node.js tool directory pins its versions in package-lock.json; `npm ci` installs exactly
# those, again whenever the lockfile changes.
SPEC_LINT := tools/spec-lint
TS_EXAMPLE := examples/typescript
NPM_CI := npm ci --no-audit --no-fund --loglevel=error

%/node_modules/.package-lock.json: %/package-lock.json %/package.json
	cd $* && $(NPM_CI)

## lint-spec: Redocly CLI (recommended) and Spectral (spectral:oas) on api/openapi.yaml; fails on
## any error, and on any warning tools/spec-lint/redocly.yaml or .spectral.yaml does not justify
lint-spec: $(SPEC_LINT)/node_modules/.package-lock.json
	$(SPEC_LINT)/lint-spec.sh

## docs: the reference as one offline HTML file, build/docs/procuret-api.html (built, not
## committed): every operation prerendered, Redoc's script inlined, nothing from a CDN
DOCS_HTML ?= build/docs/procuret-api.html
docs: $(SPEC_LINT)/node_modules/.package-lock.json
	node $(SPEC_LINT)/build-docs.mjs $(DOCS_HTML)

## xlang-generate: regenerate examples/typescript/src/generated/ from api/openapi.yaml
xlang-generate: $(TS_EXAMPLE)/node_modules/.package-lock.json
	cd $(TS_EXAMPLE) && node scripts/generate.mjs

## xlang: the TypeScript client of examples/typescript against the sandbox: its generated types
## must be current, it must type-check with tsc --strict, and its supplier flow must pass
xlang: $(TS_EXAMPLE)/node_modules/.package-lock.json
	cd $(TS_EXAMPLE) && node scripts/generate.mjs --check
	cd $(TS_EXAMPLE) && ./node_modules/.bin/tsc -p . --strict
	$(TS_EXAMPLE)/scripts/run-with-sandbox.sh
