#!/usr/bin/env bash
# Shared set-up: a virtual environment on the machine's Python 3.11 with the pinned packages and
# compiled translations. Sourced by demo.sh and test.sh (demo.sh then migrates the database).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${AMITY_PYTHON:-}"
if [[ -z "$PYTHON" ]]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      PYTHON="$candidate"; break
    fi
  done
fi
[[ -n "$PYTHON" ]] || { echo "Amity needs Python 3.11 (python3.11 or python3)." >&2; exit 1; }

if [[ ! -x .venv/bin/python ]]; then
  echo "==> Creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
if ! cmp -s requirements.txt .venv/.installed-requirements 2>/dev/null; then
  echo "==> Installing pinned packages (requirements.txt)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements.txt
  cp requirements.txt .venv/.installed-requirements
fi
.venv/bin/python manage.py compile_catalogues
