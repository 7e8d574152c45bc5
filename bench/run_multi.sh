#!/usr/bin/env bash
# The several-servers layout of docs/deploy.md on this machine: nginx (from Debian) in front of two
# gunicorn instances and one worker (manage.py run_worker), all on one PostgreSQL database loaded
# with the national data set; then the deadline-day surge of bench/run_load.sh through the proxy.
#
#   bench/run_multi.sh
#
# Checks, each a non-zero exit when it fails: a login through one server is a session on the other;
# a national export started through app-1 waits in the queue until the worker runs it, then
# downloads through app-2; the surge through nginx has 0 failures; both servers took a fair share
# and nginx logged no 5xx.
#
# Only 127.0.0.1: nginx listens on the loopback interface, its configuration is generated in a
# temporary directory (run with -p and -c; no system configuration is read or changed except
# Debian's mime.types), and locust refuses any other target.
#
# Knobs (environment): RUN_TIME (90s, capped at 120s), WORKERS (gunicorn workers per instance,
# 1 per core: the two instances together have the 2 per core of run_load.sh), THREADS (2),
# PORT (8120, the proxy; the servers take the next two), DB (wts_load_multi), REUSE_DB=1 keeps the
# loaded database, OUT (/tmp/wts-load-multi), WTS_BENCH_THINK as in run_load.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8120}
APP_1=127.0.0.1:$((PORT + 1))
APP_2=127.0.0.1:$((PORT + 2))
DB=${DB:-wts_load_multi}
CORES=$(nproc)
WORKERS=${WORKERS:-$CORES}
THREADS=${THREADS:-2}
RUN_TIME=${RUN_TIME:-90s}
OUT=${OUT:-/tmp/wts-load-multi}
MAX_SECONDS=120
# shellcheck source=bench/load_common.sh
source bench/load_common.sh  # the scripts run from the repository root (cd above)

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then
  echo "== installing nginx from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; }
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
fi

# What every server and the worker share (docs/deploy.md, "Several app servers and workers").
export DATABASE_URL="$PG/$DB"
export DJANGO_SETTINGS_MODULE=bench.settings_bench
export WTS_ENVIRONMENT=production
export SECRET_KEY=${SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}
export SITE_URL=http://127.0.0.1:$PORT
# Plain HTTP on the loopback interface: no TLS at this proxy, so no secure cookies or redirect.
export SECURE_COOKIES=0 SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0
export WTS_TRUSTED_PROXIES=127.0.0.1
export DB_CONN_MAX_AGE=${DB_CONN_MAX_AGE:-60}
export LOG_LEVEL=ERROR
export WTS_BENCH_SESSIONS="$OUT/sessions.json"

RUN=$(mktemp -d /tmp/wts-multi.XXXXXX)
chmod 755 "$RUN"  # nginx's workers (user nobody) read the static files under it
export WTS_VAR_DIR=$RUN/var
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  cp "$RUN"/nginx/*.log "$OUT/" 2>/dev/null || true
  rm -rf "$RUN"
}
trap cleanup EXIT

if [ "${REUSE_DB:-0}" != 1 ] || ! psql "$PG/postgres" -Atc "select 1 from pg_database where datname='$DB'" | grep -q 1; then
  echo "== fresh database $DB with the national data set"
  psql "$PG/postgres" -qc "drop database if exists $DB" -c "create database $DB"
  $PY manage.py migrate --noinput -v0
  $PY manage.py generate_national_data | tail -n 1
else
  $PY manage.py migrate --noinput -v0
fi
$PY manage.py collectstatic --noinput -v0
chmod -R a+rX "$WTS_VAR_DIR"
$PY bench/prepare_sessions.py "$WTS_BENCH_SESSIONS"
YEAR=$($PY -c 'import json, sys; print(json.load(open(sys.argv[1]))["fiscal_year"])' "$WTS_BENCH_SESSIONS")

mkdir -p "$RUN/nginx"
cat > "$RUN/nginx/nginx.conf" <<NGINX
worker_processes 1;
worker_rlimit_nofile 8192;
pid $RUN/nginx/nginx.pid;
error_log $RUN/nginx/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    log_format upstream '\$status|\$upstream_addr|\$request_method \$uri';
    access_log $RUN/nginx/access.log upstream;
    client_body_temp_path $RUN/nginx/client_body;
    proxy_temp_path $RUN/nginx/proxy;
    fastcgi_temp_path $RUN/nginx/fastcgi;
    uwsgi_temp_path $RUN/nginx/uwsgi;
    scgi_temp_path $RUN/nginx/scgi;

    upstream wts {
        server $APP_1;
        server $APP_2;
        # No keepalive pool: gunicorn closes an idle connection after its keep-alive (2 s) and when a
        # worker restarts; a POST nginx sent on it at that instant is a 502 nginx may not retry.
    }

    server {
        listen 127.0.0.1:$PORT;
        server_tokens off;
        client_max_body_size 6m;

        location /static/ {
            alias $WTS_VAR_DIR/static/;
            expires 30d;
        }
        location /media/ { return 404; }

        location / {
            proxy_pass http://wts;
            # \$http_host keeps the port: CSRF compares a POST's Origin with the host the browser used.
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_read_timeout 70s;
        }
    }
}
NGINX
"$NGINX" -t -q -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" -e "$RUN/nginx/error.log"

wait_for() {  # url
  for _ in $(seq 1 100); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "no 200 from $1" >&2; return 1
}

echo "== 2 gunicorn instances ($APP_1, $APP_2): $WORKERS workers × $THREADS threads each on $CORES cores; nginx on 127.0.0.1:$PORT"
for app in "$APP_1" "$APP_2"; do
  .venv/bin/gunicorn wts.wsgi:application --bind "$app" --workers "$WORKERS" --threads "$THREADS" \
    --timeout 30 --graceful-timeout 5 --log-level warning --forwarded-allow-ips 127.0.0.1 \
    2> "$OUT/gunicorn-${app##*:}.log" &
  PIDS+=($!)
done
"$NGINX" -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" -e "$RUN/nginx/error.log" -g 'daemon off;' &
PIDS+=($!)
wait_for "http://$APP_1/accounts/login/"
wait_for "http://$APP_2/accounts/login/"
wait_for "http://127.0.0.1:$PORT/accounts/login/"
static=$(cd "$WTS_VAR_DIR/static" && find . -name '*.css' -print -quit)
curl -fs -o /dev/null "http://127.0.0.1:$PORT/static/${static#./}" || { echo "nginx did not serve /static/${static#./}" >&2; exit 1; }

echo "== checks across the two servers"
$PY bench/multi_checks.py start "$OUT/checks.json" "$APP_1" "$APP_2" "$YEAR"
$PY manage.py run_worker > "$OUT/worker.log" 2>&1 &
PIDS+=($!)
$PY bench/multi_checks.py finish "$OUT/checks.json" "$APP_2"

# 878 offices (64 through the API), 76 directors, 4 department users and the floor, as run_load.sh.
export WTS_BENCH_API_OFFICERS=${WTS_BENCH_API_OFFICERS:-64}
export WTS_BENCH_OFFICERS=${WTS_BENCH_OFFICERS:-$((878 - WTS_BENCH_API_OFFICERS))}
users=$(( WTS_BENCH_OFFICERS + WTS_BENCH_API_OFFICERS + ${WTS_BENCH_DIRECTORS:-76} + ${WTS_BENCH_DEPARTMENT:-4} + 1 ))
: > "$RUN/nginx/access.log"  # the spread is the surge's alone
echo "== surge through nginx: $users users for $RUN_TIME; load average before: $(cut -d' ' -f1 /proc/loadavg) on $CORES cores"
status=0
timeout $(( secs + 60 )) .venv/bin/locust -f bench/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  -u "$users" -r 100 -t "$RUN_TIME" --reset-stats --csv "$OUT/multi-surge" --only-summary \
  --loglevel ERROR DistrictOfficer ApiOfficer Director DepartmentUser Floor > "$OUT/multi-surge.log" 2>&1 || status=$?
echo "load average after: $(cut -d' ' -f1 /proc/loadavg)"
grep -E "Error|Traceback" "$OUT/multi-surge.log" | head -5 || true
$PY bench/load_report.py "$OUT/multi-surge_stats.csv"
failures=$($PY -c '
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["Name"] == "Aggregated"]
print(rows[0]["Failure Count"] if rows else "no results")' "$OUT/multi-surge_stats.csv")
if [ "$failures" != 0 ] || [ "$status" != 0 ]; then
  echo "-- failures: $failures (locust exit status $status)"
  cat "$OUT/multi-surge_failures.csv" 2>/dev/null || true
  exit 1
fi
$PY bench/multi_checks.py spread "$RUN/nginx/access.log" "$APP_1" "$APP_2"
if grep -q "\[error\]\|\[crit\]\|\[alert\]\|\[emerg\]" "$RUN/nginx/error.log"; then
  echo "-- nginx errors"; grep "\[error\]\|\[crit\]\|\[alert\]\|\[emerg\]" "$RUN/nginx/error.log" | head -5; exit 1
fi
echo "multi-server surge: 0 failures"
