# Sourced by .ci/run: starts a throwaway PostgreSQL server on loopback for
# the store suite and the replica test, and stops it when CI ends. Debian's
# PostgreSQL 15 is installed if the machine lacks a server.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/postgres" ]; then
  echo "installing PostgreSQL from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt=(apt-get)
  [ "$(id -u)" = 0 ] || apt=(sudo -E apt-get)
  "${apt[@]}" update -qq >/dev/null && "${apt[@]}" install -y -qq postgresql-15 >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
pg_dir=$(mktemp -d /tmp/briefbot-ci-pg.XXXXXX)
pg_port=$(( 20000 + RANDOM % 20000 ))
# initdb refuses to run as root: the cluster belongs to an unprivileged user.
pg_run=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$pg_dir"
  pg_run=(runuser -u postgres --)
fi
"${pg_run[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U briefbot -E UTF8 >"$pg_dir/initdb.log"
"${pg_run[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
  -o "-k $pg_dir -p $pg_port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300" start >/dev/null
stop_postgres() { "${pg_run[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"; }
trap stop_postgres EXIT
export BRIEFBOT_TEST_POSTGRES="postgres://briefbot@127.0.0.1:$pg_port/postgres?sslmode=disable"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
