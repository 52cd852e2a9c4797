# canalsim as a container image: one static binary on distroless, run as a
# non-root user.
#
#   docker build -t canalsim --build-arg VERSION=$(git describe --tags --always) .
#   mkdir -p out
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD/out:/work/out" canalsim run ppc-closure --out out
#
# The scenario library is embedded in the binary; mount a folder to run
# your own files (-v "$PWD/my:/work/my" ... run my/scenario.yaml).

FROM golang:1.26 AS build
WORKDIR /src
# Modules first, as their own layer: rebuilt only when go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /canalsim ./cmd/canalsim \
 && mkdir /work

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /canalsim /canalsim
# An empty working folder the non-root user (65532) may write results into.
COPY --from=build --chown=65532:65532 /work /work
WORKDIR /work
USER nonroot:nonroot
ENTRYPOINT ["/canalsim"]
