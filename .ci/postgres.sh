# Sourced by .ci/run and bench/fault-run.sh: starts the machine's own PostgreSQL server (Debian's
# packages, nothing installed) on 127.0.0.1 on a free port, in a temporary data folder, and stops it
# again. As root the server runs as the unprivileged 'postgres' user, since initdb and postgres
# refuse to run as root.
#
#   pg_start            starts it, creates database 'adapter' and exports
#                       ADAPTER_TEST_POSTGRES=<Npgsql connection string> (the superuser 'adapter',
#                       trust auth on loopback only)
#   pg_stop             stops it and deletes the data folder; safe to call twice or before pg_start
#
# Throwaway data: fsync is off. Never point this at a database anyone keeps.

pg_start() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "postgres: no server under /usr/lib/postgresql/*/bin" >&2
    return 1
  fi

  PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/adapter-pg.XXXXXX")"
  PG_AS=()
  if [ "$(id -u)" -eq 0 ]; then
    if ! id -u postgres >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin postgres || return 1
    fi
    chown postgres "$PG_DIR"
    PG_AS=(runuser -u postgres --)
  fi

  PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  PG_BIN="$bin"
  if ! "${PG_AS[@]}" "$bin/initdb" -D "$PG_DIR/data" -U adapter --auth=trust -E UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1; then
    cat "$PG_DIR/initdb.log" >&2
    return 1
  fi

  if ! "${PG_AS[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
      -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null; then
    cat "$PG_DIR/server.log" >&2
    return 1
  fi

  "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U adapter adapter || return 1
  export ADAPTER_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=adapter;Database=adapter"
  echo "postgres: $("$bin/postgres" --version) on 127.0.0.1:$PG_PORT, data in $PG_DIR"
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  PG_DIR=""
}
