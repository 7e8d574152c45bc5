# Shared by run_load.sh and run_multi.sh (sourced): the output folder, locust present, RUN_TIME
# capped at MAX_SECONDS on this shared machine, and PostgreSQL running.
PG=postgres://postgres@127.0.0.1:5432
PY=.venv/bin/python
mkdir -p "$OUT"
if [ ! -x .venv/bin/locust ]; then
  echo "locust is not installed: .venv/bin/pip install -e '.[bench]'" >&2; exit 1
fi

case "$RUN_TIME" in
  *s) secs=${RUN_TIME%s} ;; *m) secs=$(( ${RUN_TIME%m} * 60 )) ;; *) secs=$RUN_TIME ;;
esac
if [ "$secs" -gt "$MAX_SECONDS" ]; then
  echo "RUN_TIME is capped at ${MAX_SECONDS}s on this shared machine" >&2; RUN_TIME=${MAX_SECONDS}s
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
