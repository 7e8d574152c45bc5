#!/usr/bin/env bash
# Deadline-day load test of the production stack on this machine: gunicorn (workers for the
# cores here) and PostgreSQL, loaded with the national data set, driven by locust on 127.0.0.1.
#
#   bench/run_load.sh            # surge: 878 officers, 76 directors, 4 department users, 1 floor user
#   bench/run_load.sh ceiling    # saves with no pause (page with htmx, page without script, API), then the
#                                # bare view with no pause (the floor)
#   bench/run_load.sh all        # both
#
# Knobs (environment): RUN_TIME (45s, capped at 60s), CEILING_RUNS ("saves noscript api api-report"), WORKERS (2 per core), THREADS (2), PORT (8106),
# DB (wts_scale_load), REUSE_DB=1 keeps the loaded database, DB_CONN_MAX_AGE (60),
# WTS_BENCH_THINK ("10,50" seconds between a person's actions), WTS_BENCH_SAVERS (32), OUT (/tmp/wts-load),
set -euo pipefail
cd "$(dirname "$0")/.."

SCENARIO=${1:-surge}
PORT=${PORT:-8106}
DB=${DB:-wts_scale_load}
CORES=$(nproc)
WORKERS=${WORKERS:-$((CORES * 2))}
THREADS=${THREADS:-2}  # as in docs/deploy.md: gthread workers, 2 threads each
RUN_TIME=${RUN_TIME:-45s}
OUT=${OUT:-/tmp/wts-load}
MAX_SECONDS=60
# shellcheck source=bench/load_common.sh
source bench/load_common.sh  # the scripts run from the repository root (cd above)

export DATABASE_URL="$PG/$DB"
export DJANGO_SETTINGS_MODULE=bench.settings_bench
export WTS_ENVIRONMENT=production
export SECRET_KEY=${SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}
export SITE_URL=${SITE_URL:-http://127.0.0.1:$PORT}
# Plain HTTP on the loopback interface: no TLS proxy in front, so no secure cookies or redirect.
export SECURE_COOKIES=0 SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0
export WTS_VAR_DIR=${WTS_VAR_DIR:-/tmp/wts-scale-load}
export DB_CONN_MAX_AGE=${DB_CONN_MAX_AGE:-60}
export LOG_LEVEL=ERROR
export WTS_BENCH_SESSIONS="$OUT/sessions.json"

if [ "${REUSE_DB:-0}" != 1 ] || ! psql "$PG/postgres" -Atc "select 1 from pg_database where datname='$DB'" | grep -q 1; then
  echo "== fresh database $DB with the national data set"
  psql "$PG/postgres" -qc "drop database if exists $DB" -c "create database $DB"
  $PY manage.py migrate --noinput -v0
  started=$(date +%s.%N)
  $PY manage.py generate_national_data | tail -n 1
  echo "generate_national_data on PostgreSQL: $(echo "$(date +%s.%N) - $started" | bc) s wall"
else
  $PY manage.py migrate --noinput -v0
fi
$PY manage.py collectstatic --noinput -v0
$PY bench/prepare_sessions.py "$WTS_BENCH_SESSIONS"

echo "== gunicorn: $WORKERS workers × $THREADS threads on $CORES cores, 127.0.0.1:$PORT, DB_CONN_MAX_AGE=$DB_CONN_MAX_AGE"
.venv/bin/gunicorn wts.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" --threads "$THREADS" \
  --timeout 30 --graceful-timeout 5 --log-level warning --pid "$OUT/gunicorn.pid" 2> "$OUT/gunicorn.log" &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null; wait "$GUNICORN" 2>/dev/null || true' EXIT
up=0
for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && { up=1; break; }; sleep 0.2; done
if [ "$up" != 1 ]; then echo "gunicorn did not answer 200 on /accounts/login/" >&2; exit 1; fi

run_locust() {  # name, users, spawn rate, user classes...
  local name=$1 users=$2 rate=$3; shift 3
  echo "== $name: $users users for $RUN_TIME ($*); load average before: $(cut -d' ' -f1 /proc/loadavg)"
  $PY bench/cpu_split.py snapshot "$GUNICORN" "$DB" > "$OUT/$name.cpu.json"
  /usr/bin/time -o "$OUT/$name.locust-cpu" -f "%U %S" .venv/bin/locust -f bench/locustfile.py --headless --host "http://127.0.0.1:$PORT" -u "$users" -r "$rate" \
    -t "$RUN_TIME" --reset-stats --csv "$OUT/$name" --only-summary --loglevel ERROR "$@" > "$OUT/$name.log" 2>&1 || true
  $PY bench/cpu_split.py diff "$OUT/$name.cpu.json" "$GUNICORN" "$DB" "$OUT/$name.locust-cpu"
  grep -E "Error|Traceback" "$OUT/$name.log" | head -5 || true
  echo "load average after: $(cut -d' ' -f1 /proc/loadavg) on $CORES cores"
  $PY bench/load_report.py "$OUT/${name}_stats.csv"
  if [ -s "$OUT/${name}_failures.csv" ] && [ "$(wc -l < "$OUT/${name}_failures.csv")" -gt 1 ]; then
    echo "-- failures"; cat "$OUT/${name}_failures.csv"
  fi
  echo
}

if [ "$SCENARIO" = surge ] || [ "$SCENARIO" = all ]; then
  # 878 offices: 814 typing in the browser, 64 sending their figures through the API.
  export WTS_BENCH_API_OFFICERS=${WTS_BENCH_API_OFFICERS:-64}
  export WTS_BENCH_OFFICERS=${WTS_BENCH_OFFICERS:-$((878 - WTS_BENCH_API_OFFICERS))}
  users=$(( WTS_BENCH_OFFICERS + WTS_BENCH_API_OFFICERS + ${WTS_BENCH_DIRECTORS:-76} + ${WTS_BENCH_DEPARTMENT:-4} + 1 ))
  run_locust surge "$users" 100 DistrictOfficer ApiOfficer Director DepartmentUser Floor
fi
if [ "$SCENARIO" = ceiling ] || [ "$SCENARIO" = all ]; then
  savers=${WTS_BENCH_SAVERS:-32}
  runs=" ${CEILING_RUNS:-saves noscript api api-report} "
  [[ $runs == *" saves "* ]] && run_locust ceiling-saves "$savers" "$savers" SavingOfficer
  [[ $runs == *" noscript "* ]] && run_locust ceiling-saves-noscript "$savers" "$savers" SavingOfficerNoScript
  [[ $runs == *" api "* ]] && WTS_BENCH_API_OFFICERS=$savers run_locust ceiling-api "$savers" "$savers" ApiSaver
  [[ $runs == *" api-report "* ]] && WTS_BENCH_API_OFFICERS=$savers run_locust ceiling-api-report "$savers" "$savers" ApiReportSaver
  run_locust ceiling-bare "$savers" "$savers" BareHammer
  $PY - "$OUT" <<'PY'
import csv, sys
def rps(path, name):
    import os
    if not os.path.exists(path):
        return 0.0, 0
    for row in csv.DictReader(open(path, encoding="utf-8")):
        if row["Name"] == name:
            return float(row["Requests/s"]), int(row["Failure Count"])
    return 0.0, 0
out = sys.argv[1]
bare, bare_errors = rps(f"{out}/ceiling-bare_stats.csv", "max: bare view")
print(f"floor: bare view {bare:.1f} req/s ({bare_errors} errors)")
for label, run, name in (("page (htmx, save and next)", "ceiling-saves", "max: save area"),
                         ("page without script (form, POST, page)", "ceiling-saves-noscript", "max: save area"),
                         ("API, one area per PUT", "ceiling-api", "max api: save area"),
                         ("API, whole report per PUT (8 areas)", "ceiling-api-report", "max api: save report (8 areas)")):
    saves, errors = rps(f"{out}/{run}_stats.csv", name)
    saves *= 8 if "report" in name else 1
    print(f"ceiling, {label}: {saves:.1f} area saves/s ({errors} errors); bare view ÷ saves = "
          f"{bare / saves if saves else 0:.1f}; target 410 saves/s (10x ODK Central's 41/s)")
PY
fi
if [ "$SCENARIO" = all ]; then
  echo "== the goals of deadline day (issue 16), from this run"
  $PY bench/load_goals.py "$OUT" || echo "(a goal is missed: docs/performance.md explains the distance)"
fi
