#!/usr/bin/env bash
# Instructions of the Python process per officer request, counted by callgrind: the same however
# busy the machine is, where wall-clock medians here move by tens of percent between identical
# runs (docs/performance.md, issue 16, "Second pass"). Each kind runs twice, with N requests and
# with none; the difference ÷ N is one request. Two processes' start-up counts differ by up to
# about 20 million instructions, so a figure is good to about ±20 M ÷ N (±0.7 M at N = 30): take
# N = 100 to compare figures closer than that. PostgreSQL's own work is in another process and is
# not counted here.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/wts_bench .venv/bin/python bench/bench_entry.py   # loads the data
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/wts_bench bash bench/count_instructions.sh [N] [district code]
#
# Kinds: the requests bare, area, home and save ("save and next"), then three parts of that save:
# its statements, the render of its answer, its forms (bench/count_requests.py). About 25 minutes
# for N = 30 (valgrind runs Python some 50 times slower).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-30}
CODE=${2:-1101}
command -v valgrind > /dev/null || { echo "valgrind is not installed" >&2; exit 1; }

count() {  # kind, requests → instructions of the whole process
  local out status=0
  out=$(PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python bench/count_requests.py "$1" "$2" "$CODE" 2>&1 >/dev/null) || status=$?
  if [ "$status" -ne 0 ]; then echo "count_requests.py $1 $2 $CODE failed:" >&2; tail -5 <<< "$out" >&2; exit 1; fi
  grep -o 'Collected : [0-9]*' <<< "$out" | awk '{print $3}'
}

echo "| request | million instructions | × bare view |"
echo "|---|---|---|"
bare=0
for kind in bare area home save statements render forms; do
  zero=$(count "$kind" 0)
  many=$(count "$kind" "$N")
  per=$(( (many - zero) / N ))
  [ "$kind" = bare ] && bare=$per
  awk -v k="$kind" -v p="$per" -v b="$bare" 'BEGIN { printf "| %s | %.1f | %.1f |\n", k, p / 1e6, p / b }'
done
