#!/usr/bin/env bash
# One command: set everything up and run the whole test suite on SQLite and on PostgreSQL, and
# the browser tests in headless Chromium. Installs Debian's postgresql, chromium and
# poppler-utils if they are missing, and starts a throwaway PostgreSQL cluster on a socket.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
need_apt=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
[[ -x /usr/bin/chromium ]] || need_apt+=(chromium)
command -v pdftoppm >/dev/null || need_apt+=(poppler-utils)
command -v msgfmt >/dev/null || need_apt+=(gettext)
if (( ${#need_apt[@]} )); then
  echo "==> apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" fonts-dejavu-core >/dev/null
fi

source scripts/setup.sh
export DJANGO_SETTINGS_MODULE=amity.settings.test
mkdir -p artefacts

echo "==> Lint, import layers and migrations check"
.venv/bin/ruff check amity bench conftest.py
.venv/bin/ruff format --check amity bench conftest.py >/dev/null
.venv/bin/lint-imports --no-cache --no-logo >/dev/null || .venv/bin/lint-imports --no-cache --no-logo
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null
echo "==> Type check (mypy with django-stubs: services and selectors)"
.venv/bin/mypy amity/*/services.py amity/*/selectors.py

# The PostgreSQL suite runs beside the SQLite suite and the browser tests (its output is shown
# after theirs): on two cores the three take about as long as the PostgreSQL suite alone.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PG_DIR=$(mktemp -d /tmp/amity-pg.XXXXXX)
PG_USER=postgres
if [[ $(id -u) -eq 0 ]]; then
  chown postgres "$PG_DIR"
  RUN_PG=(runuser -u postgres --)
else
  PG_USER=$(id -un)
  RUN_PG=()
fi
pg_job=""
cleanup() {
  [[ -z $pg_job ]] || kill "$pg_job" 2>/dev/null || true
  "${RUN_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT
"${RUN_PG[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$PG_USER" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w start \
  -o "-c listen_addresses='' -c unix_socket_directories='$PG_DIR' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
pg_log=artefacts/tests-postgresql.log
( AMITY_DB_ENGINE=postgresql AMITY_DB_HOST="$PG_DIR" AMITY_DB_USER="$PG_USER" AMITY_DB_NAME=amity \
    AMITY_VAR_DIR="$PG_DIR/var" .venv/bin/python -m pytest -q -m "not browser" "$@" ) >"$pg_log" 2>&1 &
pg_job=$!

failed=()
echo "==> Tests on SQLite"
.venv/bin/python -m pytest -q -m "not browser" "$@" || failed+=(SQLite)

echo "==> Browser tests (headless Chromium)"
.venv/bin/python -m pytest -q -m browser "$@" || { rc=$?; [[ $rc -eq 5 ]] || failed+=(browser); }

echo "==> Tests on PostgreSQL"
tail -n +1 --pid="$pg_job" -f "$pg_log"
wait "$pg_job" || failed+=(PostgreSQL)
pg_job=""

if (( ${#failed[@]} )); then
  echo "==> Failed: ${failed[*]}"
  exit 1
fi
echo "==> All tests passed"
