#!/usr/bin/env bash
# The API keeps its word: builds the demo portfolio in a fresh SQLite database, serves it on
# 127.0.0.1:$API_CHECK_PORT and runs schemathesis over the whole OpenAPI schema signed in as each role
# (scripts/api_check.py). Deterministic; reports in $API_CHECK_DIR (var/api-check).
# Usage: scripts/api-check.sh [extra arguments for scripts/api_check.py, e.g. --roles coordinator]
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${API_CHECK_PORT:-8152}
REPORTS=${API_CHECK_DIR:-var/api-check}
work=$(mktemp -d /tmp/salkku-api-check.XXXXXX)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

export SALKKU_MODE=test DATABASE_URL="sqlite:///$work/api-check.sqlite3" SALKKU_VAR_DIR="$work/var"
started=$(date +%s)
echo "-- the demo portfolio in $work"
.venv/bin/salkku migrate --no-input -v0
.venv/bin/salkku agreement load --all >/dev/null
.venv/bin/salkku demo-data >/dev/null
echo "-- served on 127.0.0.1:$PORT ($(( $(date +%s) - started )) s)"
.venv/bin/salkku runserver "127.0.0.1:$PORT" --noreload >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/api/v1/schema/" 2>/dev/null && break
    sleep 1
done
echo "-- schemathesis as each role"
status=0
.venv/bin/python scripts/api_check.py --url "http://127.0.0.1:$PORT" --report-dir "$REPORTS" "$@" || status=$?
grep -E '" 5[0-9][0-9] ' "$work/server.log" | head -20 || true
echo "-- done in $(( $(date +%s) - started )) s"
exit $status
