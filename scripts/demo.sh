#!/usr/bin/env bash
# One command: set everything up and start the demo on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
export AMITY_DEBUG="${AMITY_DEBUG:-1}"
PORT="${AMITY_PORT:-8000}"
.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py geo_sync --communes
.venv/bin/python manage.py load_demo
echo
echo "Amity demo: http://127.0.0.1:${PORT}/   (API docs: http://127.0.0.1:${PORT}/api/docs/)"
echo "Logins (password = demo-<user name>):"
.venv/bin/python manage.py load_demo --list-users
echo
# The task worker makes imports and report files; it runs beside the server and both stop together
# (Ctrl+C, or either of them ending).
.venv/bin/python manage.py db_worker &
WORKER=$!
.venv/bin/python manage.py runserver "127.0.0.1:${PORT}" &
SERVER=$!
trap 'kill "$WORKER" "$SERVER" 2>/dev/null; wait' EXIT INT TERM
wait -n "$WORKER" "$SERVER"
