#!/usr/bin/env bash
# Smoke test of .pre-commit-hooks.yaml: in a scratch git repository, the pre-commit framework
# (installed with pip into a scratch venv) uses THIS repository as a remote hook at its HEAD
# commit, builds contentlint with cargo, and runs it on a failing and then a passing article.
#
#   scripts/pre-commit-smoke.sh          # commit first: the hook is taken at HEAD
#
# Slow (pre-commit builds the crate with `cargo install`), so not part of .ci/run. The build
# uses a thin release profile (no LTO, parallel codegen) to save minutes; FULL_RELEASE=1
# builds with the crate's own release profile. Needs git, python3 (venv, pip) and cargo.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rev="$(git -C "$root" rev-parse HEAD)"
if [ -n "$(git -C "$root" status --porcelain -- .pre-commit-hooks.yaml Cargo.toml Cargo.lock src rules)" ]; then
    echo "note: uncommitted changes are not tested; the hook is taken at $rev" >&2
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
if [ "${FULL_RELEASE:-0}" != 1 ]; then
    export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
fi
# pre-commit's environments (the built hook) live in the scratch directory, not ~/.cache.
export PRE_COMMIT_HOME="$scratch/pre-commit-home"

echo "== pip install pre-commit (scratch venv)"
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install --quiet "pre-commit>=3,<5"
pre_commit="$scratch/venv/bin/pre-commit"
"$pre_commit" --version

repo="$scratch/site"
git init --quiet "$repo"
cp "$root/fixtures/rules/structure/single-h1/bad.md" "$repo/bad.md"
cat > "$repo/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: contentlint
YAML
git -C "$repo" add -A
cd "$repo"

echo "== pre-commit run --all-files (a failing article: the hook must fail)"
set +e
"$pre_commit" run --all-files --color never --verbose >"$scratch/failing.log" 2>&1
failing=$?
set -e
cat "$scratch/failing.log"
if [ "$failing" -ne 1 ] || ! grep -q "^contentlint\.*Failed" "$scratch/failing.log" \
    || ! grep -q "structure/single-h1" "$scratch/failing.log"; then
    echo "FAIL: expected the contentlint hook to run and fail on bad.md (exit $failing)" >&2
    exit 1
fi

echo "== pre-commit run --all-files (the article fixed: the hook must pass)"
cp "$root/fixtures/article.md" "$repo/bad.md"
git -C "$repo" add -A
"$pre_commit" run --all-files --color never >"$scratch/passing.log" 2>&1 || {
    cat "$scratch/passing.log"
    echo "FAIL: the contentlint hook failed on a passing article" >&2
    exit 1
}
cat "$scratch/passing.log"
grep -q "^contentlint\.*Passed" "$scratch/passing.log"
echo "pre-commit smoke test passed (hook at $rev)"
