#!/usr/bin/env bash
# Many experts at once, and writers killed mid-save: what `swift test` checks at a small size,
# at a larger one (release build).
#   scripts/stress.sh [WRITERS] [SCORES_EACH] [KILL_ROUNDS]      # default 30 1000 200
# 1. WRITERS processes each save SCORES_EACH distinct scores with `panel score set --batch` at the
#    same time; every one must be in the database afterwards, with no error reported.
# 2. KILL_ROUNDS times: 3 writers start, one is killed with SIGKILL at a random moment; every score
#    a writer acknowledged ("saved …") must be in the database with its value.
# After each step: `panel audit verify` (PRAGMA integrity_check, then the audit hash chain).
set -euo pipefail
cd "$(dirname "$0")/.."
writers=${1:-30} each=${2:-1000} rounds=${3:-200}
swift build -c release -Xcc -DNDEBUG -Xcxx -DNDEBUG >/dev/null
panel="$(swift build -c release -Xcc -DNDEBUG -Xcxx -DNDEBUG --show-bin-path)/panel"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
db="$dir/stress.sqlite"
export PANEL_PIN=0000

# Every acknowledged score of the given output files is stored with its value.
check() {
  "$panel" export scores --db "$db" --format csv > "$dir/export.csv"
  python3 - "$dir/export.csv" "$@" <<'PY'
import csv, sys
stored = {}
# The export's columns: expert_id,candidate_id,stage,item_id,score, then evidence (empty here).
for e, c, s, i, v, *_ in list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))[1:]:
    stored[(e, c, "material" if s in ("材料", "material") else "defense", i)] = round(float(v) * 100)
said = lost = 0
for name in sys.argv[2:]:
    for line in open(name, encoding="utf-8"):
        w = line.split()
        if len(w) == 7 and w[0] == "saved":
            said += 1
            if stored.get((w[1], w[2], w[3], w[4])) != round(float(w[6]) * 100):
                lost += 1
print(f"{said} acknowledged, {lost} missing or changed")
sys.exit(1 if lost else 0)
PY
  "$panel" audit verify --db "$db" | tr '\n' ' '; echo
}

echo "== setting up: a synthetic panel with $writers experts, $each scores each"
"$panel" bench setup --db "$db" --experts "$writers" --scores "$each" --batches "$dir"
start=$(date +%s%N)
for n in $(seq 1 "$writers"); do
  "$panel" score set --db "$db" --as "E$n" --batch < "$dir/E$n.txt" > "$dir/E$n.out" 2> "$dir/E$n.err" &
done
failed=0
for job in $(jobs -p); do wait "$job" || failed=$((failed + 1)); done
milliseconds=$(( ($(date +%s%N) - start) / 1000000 ))
errors=$(cat "$dir"/E*.err | wc -l)
echo "== $writers writers: $(cat "$dir"/E*.out | wc -l) scores saved in ${milliseconds} ms, $failed writers failed, $errors error lines"
check "$dir"/E*.out
[ "$failed" -eq 0 ] && [ "$errors" -eq 0 ]

echo "== $rounds rounds of 3 writers, one killed with SIGKILL at a random moment"
killed=0 mid=0
for round in $(seq 1 "$rounds"); do
  "$panel" bench setup --db "$db" --experts 3 --scores 300 --batches "$dir" --variant "$round"
  pids=()
  for n in 1 2 3; do
    "$panel" score set --db "$db" --as "E$n" --batch < "$dir/E$n.txt" > "$dir/K$n.out" 2> "$dir/K$n.err" &
    pids+=($!)
  done
  victim=$((RANDOM % 3))
  sleep "0.$(printf '%03d' $((50 + RANDOM % 400)))"
  hit=0
  kill -9 "${pids[$victim]}" 2>/dev/null && hit=1
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  killed=$((killed + hit))
  if [ "$hit" -eq 1 ] && [ -s "$dir/K$((victim + 1)).out" ]; then mid=$((mid + 1)); fi
  check "$dir"/K*.out > "$dir/round.log" || { cat "$dir/round.log"; echo "round $round: LOST acknowledged scores"; exit 1; }
done
echo "== $rounds rounds: $killed writers killed, $mid of them after acknowledging saves; nothing acknowledged was lost"
tail -1 "$dir/round.log"
