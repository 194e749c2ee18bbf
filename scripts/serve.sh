#!/usr/bin/env bash
# Serve Sigap the production way (gunicorn + whitenoise) with a background worker beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
# Hashed, precompressed static file names cached for a year, as in production (even in a development
# run); collectstatic must have run with the same setting (`make run` does).
export SIGAP_MANIFEST_STATIC=${SIGAP_MANIFEST_STATIC:-true}
"$PY" manage.py worker --interval 1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "Sigap is starting at http://$HOST:$PORT/ (worker pid $worker). Press Ctrl+C to stop."
"$(dirname "$PY")/gunicorn" sigap.wsgi:application --bind "$HOST:$PORT" --workers "${WEB_CONCURRENCY:-2}" \
  --access-logfile - --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}"
