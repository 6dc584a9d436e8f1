#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster:
#   bash .ci/with-postgres.sh COMMAND [ARGS...]
# The cluster is created with initdb in a temporary folder, started by pg_ctl on a free
# port, listening only on a Unix socket in that folder, and removed on exit. DATABASE_URL
# is exported for the command. Debian's postgresql package is installed if the server
# binaries are missing.
set -euo pipefail

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v initdb)")"; return 0; }
  return 1
}

if ! PGBIN=$(find_bin); then
  bash "$(dirname "$0")/../scripts/system-deps.sh" --postgres
  PGBIN=$(find_bin) || { echo "PostgreSQL server binaries not found." >&2; exit 1; }
fi

PGROOT=$(mktemp -d /tmp/ssc-pg.XXXXXX)
PGDATA="$PGROOT/data"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

# initdb refuses to run as root: run the server as the postgres (or nobody) user.
RUN_AS=()
DB_USER=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  if id postgres >/dev/null 2>&1; then DB_USER=postgres; else DB_USER=nobody; fi
  chown "$DB_USER" "$PGROOT"
  RUN_AS=(runuser -u "$DB_USER" --)
fi

# The server user may not be able to enter the current folder: run from the cluster's own.
pg() { (cd "$PGROOT" && "${RUN_AS[@]}" "$@"); }

cleanup() {
  pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT"
}
trap cleanup EXIT INT TERM

pg "$PGBIN/initdb" -D "$PGDATA" -U "$DB_USER" -A trust -E UTF8 --no-locale >/dev/null
pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGROOT/server.log" -w -t 60 \
  -o "-k $PGROOT -p $PORT -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
  start >/dev/null
pg "$PGBIN/createdb" -h "$PGROOT" -p "$PORT" -U "$DB_USER" ssc_reports

ENC_HOST=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$PGROOT")
export DATABASE_URL="postgres://$DB_USER@$ENC_HOST:$PORT/ssc_reports"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') running on socket $PGROOT port $PORT"
set +e
"$@"
rc=$?
set -e
exit $rc
