# contentlint in a container: lint a mounted folder.
#
#   docker build -t contentlint .
#   docker run --rm -v "$PWD:/src" contentlint                      # check /src
#   docker run --rm -v "$PWD:/src" contentlint check --format json docs/
#
# Builder and runtime are both Debian bookworm, so the binary's glibc is the runtime's.

FROM rust:1-slim-bookworm AS builder
WORKDIR /build
# The build needs the manifest, the lock file, the code and the rule packs it embeds; the
# rest of the context (tests, fixtures, benches) is declared by Cargo.toml, so it comes too.
COPY . .
RUN cargo build --release --locked --bin contentlint

FROM debian:bookworm-slim
COPY --from=builder /build/target/release/contentlint /usr/local/bin/contentlint
# Not root: checking reads only. For `init` or `regenerate`, which write into the mounted
# folder, run with `--user "$(id -u):$(id -g)"`.
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["contentlint"]
CMD ["check", "/src"]
