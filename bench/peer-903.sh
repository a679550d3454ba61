#!/usr/bin/env bash
# Peer parity and speed for the SSDA903: runs csc-validator-be-903 (the peer,
# from PyPI, in a venv under ~/.cache/sightline/) and Sightline's validator
# on identical files, prints both times and every disagreement as (rule,
# child) pairs, for the rules both implement.
#
# usage: bench/peer-903.sh [DIR [PREV_DIR]]   (default: generates test returns)
#   YEAR=2025 (collection year: 2025 = 2024/25 = peer ruleset lac2024_25)
#   SIZES="33000:0.02 120000:0.01" (generated: child population : mutation rate)
set -euo pipefail
cd "$(dirname "$0")/.."
YEAR=${YEAR:-2025}
RULESET="lac$((YEAR - 1))_$((YEAR % 100))"
VENV=~/.cache/sightline/peer903
# The peer targets Python 3.10; pyenv has it here, else use what python3 is.
PY=${PEER_PYTHON:-$(ls -d ~/.pyenv/versions/3.10*/bin/python 2>/dev/null | head -1 || true)}
PY=${PY:-python3}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import lac_validator' 2>/dev/null; then
  echo "installing csc-validator-be-903 into $VENV" >&2
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q csc-validator-be-903==0.1.17
fi
OUT=${OUT:-target/peer-903}
mkdir -p "$OUT"
cargo build -q --release -p sightline-ssda903 --examples
BIN=target/release/examples

# Rules both implement for the year.
"$BIN/validate903" --rules "$YEAR" | sort > "$OUT/ours.rules"
"$VENV/bin/python" - "$RULESET" > "$OUT/peer.rules" <<'PY'
import importlib, logging, sys
logging.disable(logging.CRITICAL)
for code in importlib.import_module(f"lac_validator.rules.{sys.argv[1]}").registry:
    print(code)
PY
sort -o "$OUT/peer.rules" "$OUT/peer.rules"
comm -12 "$OUT/ours.rules" "$OUT/peer.rules" > "$OUT/both.rules"
echo "rules: peer $(wc -l < "$OUT/peer.rules"), sightline $(wc -l < "$OUT/ours.rules"), both $(wc -l < "$OUT/both.rules")"

RUNS=()
if [ $# -ge 1 ]; then
  RUNS+=("$1|${2:-}")
else
  for spec in ${SIZES:-"33000:0.02 120000:0.01"}; do
    pop=${spec%%:*}; rate=${spec##*:}
    d="$OUT/gen_${pop}"
    "$BIN/gen903" "$d/this" "$YEAR" --population "$pop" --seed 7 --mutate "$rate" --prev "$d/prev"
    RUNS+=("$d/this|$d/prev")
  done
fi
for run in "${RUNS[@]}"; do
  dir=${run%%|*}; prev=${run##*|}
  b="$OUT/$(basename "$(dirname "$dir")")_$(basename "$dir")"
  "$VENV/bin/python" bench/peer903_run.py "$dir" "$YEAR" $prev > "$b.peer.tsv" 2> "$b.peer.time"
  "$BIN/validate903" "$dir" "$YEAR" $prev > "$b.ours.tsv" 2> "$b.ours.time"
  python3 bench/peer903_compare.py "$b.peer.tsv" "$b.ours.tsv" "$OUT/both.rules" "$b.peer.time" > "$b.compare"
  echo "== $dir (previous year: ${prev:-none})"
  echo "   $(tail -1 "$b.peer.time")"
  echo "   sightline: $(tail -1 "$b.ours.time")"
  head -3 "$b.compare" | sed 's/^/   /'
  grep -- '<-- differs' "$b.compare" | sed 's/^/   /' || true
  echo "   full list of (rule, child) disagreements: $b.compare"
done
