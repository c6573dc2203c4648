#!/usr/bin/env bash
# The API keeps its word: builds the demo portfolio in a fresh SQLite database, serves it on
# 127.0.0.1:$API_CHECK_PORT and runs schemathesis over the whole OpenAPI schema signed in as each role
# (scripts/api_check.py). Deterministic; reports in $API_CHECK_DIR (var/api-check).
# $API_CHECK_SERVERS (default 2) servers, each on its own copy of the database, on $API_CHECK_PORT and the
# ports after it, share the roles (each server's roles in a fixed order).
# Usage: scripts/api-check.sh [extra arguments for scripts/api_check.py, e.g. --roles coordinator]
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${API_CHECK_PORT:-8152}
REPORTS=${API_CHECK_DIR:-var/api-check}
work=$(mktemp -d /tmp/salkku-api-check.XXXXXX)
SERVERS=${API_CHECK_SERVERS:-2}
servers=()
cleanup() {
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

export SALKKU_MODE=test DATABASE_URL="sqlite:///$work/api-check.sqlite3" SALKKU_VAR_DIR="$work/var"
started=$(date +%s)
echo "-- the demo portfolio in $work"
.venv/bin/salkku migrate --no-input -v0
.venv/bin/salkku agreement load --all >/dev/null
.venv/bin/salkku demo-data >/dev/null
urls=""
for n in $(seq 0 $((SERVERS - 1))); do
    port=$((PORT + n))
    db="$work/api-check.sqlite3" var="$work/var"
    if [ "$n" -gt 0 ]; then
        db="$work/api-check-$n.sqlite3" var="$work/var-$n"
        cp "$work/api-check.sqlite3" "$db"
        mkdir -p "$work/var" && cp -r "$work/var" "$var"
    fi
    DATABASE_URL="sqlite:///$db" SALKKU_VAR_DIR="$var" \
        .venv/bin/salkku runserver "127.0.0.1:$port" --noreload >"$work/server-$n.log" 2>&1 &
    servers+=($!)
    urls="${urls:+$urls,}http://127.0.0.1:$port"
done
for url in ${urls//,/ }; do
    for _ in $(seq 1 60); do
        curl -fsS -o /dev/null "$url/api/v1/schema/" 2>/dev/null && break
        sleep 1
    done
done
echo "-- served on $urls ($(( $(date +%s) - started )) s)"
echo "-- schemathesis as each role"
status=0
.venv/bin/python scripts/api_check.py --url "$urls" --report-dir "$REPORTS" "$@" || status=$?
grep -hE '" 5[0-9][0-9] ' "$work"/server-*.log | head -20 || true
echo "-- done in $(( $(date +%s) - started )) s"
exit $status
