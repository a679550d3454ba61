#!/usr/bin/env bash
# Peer parity and speed for the CIN census: runs csc-validator-be-cin (the
# peer, from PyPI, in a venv under ~/.cache/sightline/) and Sightline's
# validator on the same files, prints both times and every disagreement as
# (rule, child) pairs.
#
# usage: bench/peer-cin.sh [FILE.xml ...]     (default: generates test files)
#   YEAR=2025 (collection year, 2025 = 2024/25 = peer ruleset cin2024_25)
#   USE_CLI=1 runs `sightline validate cin FILE --year YEAR --format json`
#   (whole process timed) instead of the crate's `validate` example
#   (time of validate_file, as the peer's time is of its CinValidator).
set -euo pipefail
cd "$(dirname "$0")/.."
YEAR=${YEAR:-2025}
RULESET="cin$((YEAR - 1))_$((YEAR % 100))"
VENV=~/.cache/sightline/peer-cin
PY=${PEER_PYTHON:-$(ls -d ~/.pyenv/versions/3.11*/bin/python 2>/dev/null | head -1 || true)}
PY=${PY:-python3}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import cin_validator' 2>/dev/null; then
  echo "installing csc-validator-be-cin into $VENV" >&2
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q 'numpy<2' csc-validator-be-cin
fi
OUT=${OUT:-target/peer-cin}
mkdir -p "$OUT"
cargo build -q --release -p sightline-cin --examples
if [ "${USE_CLI:-0}" = 1 ]; then cargo build -q --release -p sightline; fi
BIN=target/release/examples
FILES=("$@")
if [ ${#FILES[@]} -eq 0 ]; then
  # Fault-laden generated files (about one finding in six values) ...
  for spec in "2000 7" "5000 2"; do
    set -- $spec
    f="$OUT/gen_$1_$2.xml"
    "$BIN/gen" "$f" "$1" "$YEAR" "$2"
    FILES+=("$f")
  done
  # ... and the census Sightline writes for a synthetic council (sightline-synth).
  f="$OUT/synth_${YEAR}.xml"
  "$BIN/synth" "$f" "$YEAR" 33000 1
  FILES+=("$f")
fi
total_disagree=0
for f in "${FILES[@]}"; do
  b="$OUT/$(basename "$f" .xml)"
  "$VENV/bin/python" bench/peercin_run.py "$f" "$RULESET" > "$b.peer.tsv" 2> "$b.peer.time"
  if [ "${USE_CLI:-0}" = 1 ]; then
    t0=$(date +%s.%N)
    target/release/sightline validate cin "$f" --year "$YEAR" --format json > "$b.ours.jsonl" || [ $? -eq 1 ]
    awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "sightline: %.3f s\n", b - a }' > "$b.ours.time"
  else
    "$BIN/validate" "$f" "$YEAR" --json > "$b.ours.jsonl" 2> "$b.ours.time"
  fi
  python3 - "$b.ours.jsonl" > "$b.ours.tsv" <<'PY'
import json, sys
seen = set()
for line in open(sys.argv[1]):
    f = json.loads(line)
    seen.add((f["rule"], f.get("child") or "-"))
for r, c in sorted(seen):
    print(f"{r}\t{c}")
PY
  # Children whose LAchildID is missing or shared cannot be compared: the
  # peer joins modules by LAchildID and so mixes their records.
  cat "$b.peer.tsv" "$b.ours.tsv" | awk -F'\t' '$1=="8510"{print $2} $2=="-"&&$1!~/^(100|2883|2886Q|2887Q|2888Q)$/{print "-"} $2=="?"{print "?"}' | sort -u > "$b.ambiguous"
  for side in peer ours; do
    awk -F'\t' 'NR==FNR{skip[$1]=1; next} !($2 in skip) || ($2=="-" && $1~/^(100|2883|2886Q|2887Q|2888Q)$/)' "$b.ambiguous" "$b.$side.tsv" | sort > "$b.$side.cmp"
  done
  echo "   ($(wc -l < "$b.ambiguous") children with a missing or shared LAchildID left out: $(sed 's/^/ /' "$b.ambiguous" | tr -d '\n'))"
  mv "$b.peer.cmp" "$b.peer.tsv"; mv "$b.ours.cmp" "$b.ours.tsv"
  comm -23 "$b.peer.tsv" "$b.ours.tsv" > "$b.peer_only.tsv"
  comm -13 "$b.peer.tsv" "$b.ours.tsv" > "$b.ours_only.tsv"
  pt=$(grep -o '[0-9.]* s' "$b.peer.time" | head -1)
  ot=$(grep -o '[0-9.]* s' "$b.ours.time" | tail -1)
  echo "== $f: peer $pt, sightline $ot; pairs peer $(wc -l < "$b.peer.tsv"), ours $(wc -l < "$b.ours.tsv"); peer-only $(wc -l < "$b.peer_only.tsv"), ours-only $(wc -l < "$b.ours_only.tsv")"
  grep -h "Error with rule" "$b.peer.time" | sed 's/^/   peer internal error: /' || true
  echo "   disagreements by rule (peer-only / ours-only):"
  join -a1 -a2 -e0 -o 0,1.2,2.2 \
    <(cut -f1 "$b.peer_only.tsv" | sort | uniq -c | awk '{print $2, $1}' | sort) \
    <(cut -f1 "$b.ours_only.tsv" | sort | uniq -c | awk '{print $2, $1}' | sort) | sed 's/^/     /'
  total_disagree=$((total_disagree + $(wc -l < "$b.peer_only.tsv") + $(wc -l < "$b.ours_only.tsv")))
done
echo "total disagreeing (rule, child) pairs: $total_disagree (details in $OUT/*_only.tsv)"
