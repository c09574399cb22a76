#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite: its own data folder, run as the
# `postgres` user, listening only on a Unix socket in that folder. Works with whichever
# PostgreSQL version Debian installed.
# Usage: scripts/pg-throwaway.sh start DIR   -> prints a DATABASE_URL
#        scripts/pg-throwaway.sh stop DIR
set -euo pipefail
cmd="$1"; dir="$2"
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -n "$bindir" ]] || { echo "PostgreSQL is not installed (scripts/system-deps.sh test)" >&2; exit 1; }
port=54329
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
case "$cmd" in
  start)
    rm -rf "$dir"; mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    chmod 700 "$dir"
    as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $dir -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" start >/dev/null
    as_pg "$bindir/createdb" -h "$dir" -p "$port" -U postgres itda
    enc=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$dir")
    echo "postgres://postgres@${enc}:${port}/itda"
    ;;
  stop)
    if [[ -d "$dir/data" ]]; then
      as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
