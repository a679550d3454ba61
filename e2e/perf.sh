#!/usr/bin/env bash
# Load test of the web app: the default demo council (Middlesbrough-sized,
# five collection years), 50 signed-in users (50 distinct accounts, each
# signed in with password and TOTP), `wrk` against 127.0.0.1 for a bounded
# time: the dashboard, then child record pages (200 different children).
#
# usage: e2e/perf.sh [STORE_URL] [SECONDS]
#   PERF_PAGES="children" measures only the child pages (default: both)
#   STORE_URL defaults to a fresh SQLite file; for PostgreSQL pass an empty
#   database, e.g. postgres://postgres@127.0.0.1:5432/sightline_perf
# Needs: a release build (cargo build --release -p sightline), wrk, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/target/release/sightline
SECS=${2:-20}
command -v wrk >/dev/null || { echo "perf: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "perf: build first: cargo build --release -p sightline" >&2; exit 2; }
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
DB=${1:-sqlite://$WORK/perf.db}

echo "perf: generating the default council into $DB"
"$BIN" --db "$DB" generate | tail -n1
for i in $(seq -w 1 50); do
  "$BIN" --db "$DB" user add --name "Perf User $i" --username "perf.$i" --role director 2> "$WORK/user-$i.txt" >/dev/null
done
"$BIN" --db "$DB" serve --bind 127.0.0.1:0 > "$WORK/serve.log" 2>&1 &
SERVER_PID=$!
BASE=""
for _ in $(seq 1 300); do
  BASE=$(sed -n 's|^Serving Sightline at \(http://[0-9.:]*\)/.*|\1|p' "$WORK/serve.log" | head -n1)
  [ -n "$BASE" ] && break
  sleep 0.2
done
[ -n "$BASE" ] || { cat "$WORK/serve.log"; exit 1; }
echo "perf: server at $BASE; signing in 50 users"
for i in $(seq -w 1 50); do
  pw=$(sed -n 's/^  password: *//p' "$WORK/user-$i.txt")
  secret=$(sed -n 's/^  TOTP secret: *//p' "$WORK/user-$i.txt")
  python3 e2e/signin.py "$BASE" "perf.$i" "$pw" "$secret" >> "$WORK/cookies.txt"
done
# 200 children from the drill-down of children in need.
COOKIE=$(head -n1 "$WORK/cookies.txt")
curl -s -H "Cookie: $COOKIE" "$BASE/dashboard/drill?id=cin_count" \
  | grep -o 'href="/children/[0-9]*/[A-Za-z0-9]*"' | sed 's/href="//; s/"$//' | head -n 200 > "$WORK/children.txt" || true
[ -s "$WORK/children.txt" ] || { echo "perf: found no children to open" >&2; exit 1; }
echo "/dashboard" > "$WORK/dashboard.txt"
# Warm the caches the way the first users would.
curl -s -o /dev/null -H "Cookie: $COOKIE" "$BASE/dashboard"
cat > "$WORK/load.lua" <<'LUA'
local cookies, paths = {}, {}
for l in io.lines(os.getenv("COOKIES")) do cookies[#cookies + 1] = l end
for l in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = l end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["Cookie"] = cookies[(i % #cookies) + 1] })
end
LUA
for what in ${PERF_PAGES:-dashboard children}; do
  echo "== $what: 50 connections, 50 users, ${SECS}s"
  COOKIES=$WORK/cookies.txt PATHS=$WORK/$what.txt \
    wrk -t2 -c50 -d"${SECS}s" --latency -s "$WORK/load.lua" "$BASE" \
    | grep -E "Requests/sec|Non-2xx|50%|90%|99%|requests in|Socket errors"
done
