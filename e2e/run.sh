#!/usr/bin/env bash
# Sightline's browser tests: build `sightline`, generate a fresh synthetic
# store, create the demo users, serve on an ephemeral loopback port, and run
# e2e/e2e.mjs in headless Chromium (playwright-core, axe-core from npm).
# Screenshots: target/e2e/. Server log: target/e2e/serve.log.
#
# With CI=true a missing tool (chromium, node/npm) is installed, and a
# failure to install fails the run; otherwise the run is skipped with the
# reason (exit 0). E2E_DB overrides the store (default: a fresh SQLite file),
# e.g. E2E_DB=postgres://postgres@127.0.0.1:5432/e2e (dropped and recreated
# by the caller). E2E_PROFILE=release builds with --release.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/e2e
mkdir -p "$OUT"

skip_or_fail() {
  if [ "${CI:-}" = "true" ]; then
    echo "e2e: FAIL: $1" >&2
    exit 1
  fi
  echo "e2e: SKIPPED: $1 (set CI=true to install it and fail instead)"
  exit 0
}

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$CHROMIUM" ] || ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if [ "${CI:-}" = "true" ] && command -v apt-get >/dev/null; then
    # Only what is missing: a machine with Node.js from elsewhere (e.g.
    # NodeSource) cannot also take Debian's npm package ("held broken
    # packages"), so node and npm are installed only when absent.
    missing=()
    [ -n "$CHROMIUM" ] || missing+=(chromium chromium-driver)
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
    echo "e2e: installing ${missing[*]} (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    CHROMIUM=$(command -v chromium || true)
  fi
  [ -n "$CHROMIUM" ] || skip_or_fail "Chromium is not installed (Debian: apt-get install chromium)"
  command -v node >/dev/null || skip_or_fail "node is not installed"
  command -v npm >/dev/null || skip_or_fail "npm is not installed"
fi
if [ ! -d e2e/node_modules/playwright-core ] || [ ! -d e2e/node_modules/axe-core ]; then
  echo "e2e: installing playwright-core and axe-core (npm, versions pinned in e2e/package.json)"
  (cd e2e && npm install --no-audit --no-fund --silent) || skip_or_fail "npm install failed"
fi

PROFILE=${E2E_PROFILE:-debug}
if [ "$PROFILE" = "release" ]; then
  cargo build --release -p sightline --quiet
else
  cargo build -p sightline --quiet
fi
BIN=$ROOT/target/$PROFILE/sightline

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

DB=${E2E_DB:-sqlite://$WORK/e2e.db}
echo "e2e: generating a synthetic council into $DB"
"$BIN" --db "$DB" generate --children 8000 --years 2023-2025 >/dev/null
"$BIN" --db "$DB" user demo > "$WORK/users.tsv" 2>/dev/null

"$BIN" --db "$DB" serve --bind 127.0.0.1:0 > "$OUT/serve.log" 2>&1 &
SERVER_PID=$!
BASE_URL=""
for _ in $(seq 1 100); do
  BASE_URL=$(sed -n 's|^Serving Sightline at \(http://[0-9.:]*\)/.*|\1|p' "$OUT/serve.log" | head -n1)
  [ -n "$BASE_URL" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/serve.log" >&2; echo "e2e: FAIL: the server did not start" >&2; exit 1; }
  sleep 0.2
done
[ -n "$BASE_URL" ] || { echo "e2e: FAIL: the server did not say where it listens" >&2; exit 1; }
echo "e2e: server at $BASE_URL"

cd e2e
BASE_URL=$BASE_URL USERS=$WORK/users.tsv OUT=$OUT CHROMIUM=$CHROMIUM node e2e.mjs
BASE_URL=$BASE_URL USERS=$WORK/users.tsv OUT=$OUT CHROMIUM=$CHROMIUM node quality.mjs
BASE_URL=$BASE_URL USERS=$WORK/users.tsv OUT=$OUT CHROMIUM=$CHROMIUM node boards.mjs
