#!/usr/bin/env bash
# `make run`: the background worker (PDFs, compilations) beside the development web server.
# One command; one Ctrl-C (or the end of either process) stops both.
set -uo pipefail
PY="${PY:-.venv/bin/python}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"

DEBUG=true "$PY" manage.py run_worker &
worker=$!
DEBUG=true "$PY" manage.py runserver "$HOST:$PORT" &
server=$!

stop() {
  trap - INT TERM EXIT
  kill -TERM "$worker" "$server" 2>/dev/null
  wait "$worker" "$server" 2>/dev/null
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

echo "Web server on http://$HOST:$PORT/ and the background worker (pid $worker). Ctrl-C stops both."
# Whichever ends first (a crash, or Ctrl-C), the other is stopped too.
wait -n "$worker" "$server"
status=$?
stop
exit "$status"
