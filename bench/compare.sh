#!/usr/bin/env bash
# panel side by side with pandas and the sqlite3 shell, on the same generated CSVs.
#   bench/compare.sh                                   # national: 90 regions, 450 schools, 25 experts
#   bench/compare.sh --regions 10000 --schools 90000 --experts 400
# Builds panel in release, runs `panel bench run --json --keep DIR` with the arguments given, then
# bench/compare.py: the same ranking with pandas (fails when the winners differ) and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sqlite3 >/dev/null || { apt-get install -y -qq sqlite3 || sudo apt-get install -y -qq sqlite3; }
python3 -c "import pandas" 2>/dev/null || pip install -q pandas
swift build -c release -Xcc -DNDEBUG -Xcxx -DNDEBUG >/dev/null
panel="$(swift build -c release -Xcc -DNDEBUG -Xcxx -DNDEBUG --show-bin-path)/panel"
folder="$(mktemp -d)"
trap 'rm -rf "$folder"' EXIT
"$panel" bench run --json --keep "$folder" "$@" | tee "$folder/bench.json"
python3 bench/compare.py "$folder" "$folder/bench.json" "$panel"
