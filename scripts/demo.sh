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
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT}"
