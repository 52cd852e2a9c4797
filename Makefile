# canalsim: the two commands of the quick start are `make run` and `make test`.
GO       ?= go
OUT      ?= out
BIN      ?= bin/canalsim
FUZZTIME ?= 30s
# VERSION is the program version the builds record ("canalsim version",
# manifest.json): dev and the commit, -dirty with uncommitted changes.
# (go run records no commit, and go build none in a git worktree.)
VERSION  ?= $(shell c=$$(git rev-parse --short=12 HEAD 2>/dev/null) && echo "dev+$$c$$(git diff --quiet HEAD -- 2>/dev/null || echo -dirty)")
LDFLAGS  := $(if $(VERSION),-ldflags "-X main.version=$(VERSION)")

.PHONY: all build run test bench bench-year fmt fmt-check vet lint deps-check fuzz clean

all: build

## build: compile the command to $(BIN)
build:
	$(GO) build $(LDFLAGS) -o $(BIN) ./cmd/canalsim

## run: run the library's ppc-closure scenario (with its baseline) into
## $(OUT)/, replacing the results of the last make run
run:
	$(GO) run $(LDFLAGS) ./cmd/canalsim run --out $(OUT) --force

## test: formatting, vet, staticcheck, import direction, every test, and
## the parallel study under the race detector (what CI runs)
test: fmt-check vet lint deps-check
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -race -run 'Determinis|Pairing|Cancelled|Each|StudyStop|StudyInto|StreamedRecords' ./sim ./cmd/...

## bench: the performance budgets, each reporting its figure: the kernel
## and the model on one core (a baseline year's events a second against
## PHOLD's), the 1,000-replication risk run and the Sobol' analysis of
## ppc-closure on two, and the peak memory of canalsim run ppc-closure
## -n 10000 (a process of its own)
bench:
	$(GO) test -run '^$$' -bench . -skip 'RiskRun|Sensitivity$$|RunMemory' -benchmem -cpu 1 ./...
	$(GO) test -run '^$$' -bench 'RiskRun$$' -benchtime 1x -cpu 2 ./sim
	$(GO) test -run '^$$' -bench 'Sensitivity$$' -benchtime 1x -cpu 2 -v ./scenarios
	$(GO) test -run '^$$' -bench 'RunMemory$$' -benchtime 1x ./cmd/canalsim

## bench-year: the peak memory of 100,000 one-year replications of
## ppc-closure (about 75 minutes on two cores, 14 GB of temporary disk)
bench-year:
	$(GO) test -run '^$$' -bench 'RunMemoryYear$$' -benchtime 1x -timeout 4h ./cmd/canalsim

## fuzz: run every fuzz target for $(FUZZTIME) each
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

## fmt: format the code
fmt:
	gofmt -w $$(git ls-files '*.go')

## fmt-check: fail if any file is not gofmt-formatted
fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## vet: go vet
vet:
	$(GO) vet ./...

## lint: staticcheck, at the version go.mod pins as a tool
lint:
	$(GO) tool staticcheck ./...

## deps-check: imports run cmd -> {scenarios, plots} -> sim, and sim stays
## free of plotting, flag parsing and the scenario format
deps-check:
	@$(GO) run ./internal/depscheck

## clean: remove build and run outputs
clean:
	rm -rf bin $(OUT)
