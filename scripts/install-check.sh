#!/usr/bin/env bash
# Installs Salkku as an operator would and serves pages from it: builds the wheel, installs it into a fresh
# virtual environment outside the checkout, migrates a fresh PostgreSQL database, starts `salkku serve`
# (gunicorn + WhiteNoise, production settings) and fetches pages and a static file. Bounded in time.
# Usage: scripts/install-check.sh [POSTGRES_ADMIN_URL]   (default postgres://postgres@127.0.0.1:5432/postgres)
set -euo pipefail
cd "$(dirname "$0")/.."
ADMIN_URL=${1:-postgres://postgres@127.0.0.1:5432/postgres}
PORT=${INSTALL_CHECK_PORT:-8151}
UV=${UV:-.tools/bin/uv}
work=$(mktemp -d /tmp/salkku-install.XXXXXX)
db="salkku_install_$(date +%s)_$$"
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
    psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "-- wheel"
"$UV" build --wheel --out-dir "$work/dist" . >/dev/null
wheel=$(ls "$work"/dist/salkku-*.whl)
echo "-- fresh virtual environment in $work/venv"
"$UV" venv --quiet --python python3 "$work/venv"
VIRTUAL_ENV="$work/venv" "$UV" pip install --quiet "$wheel"

psql -q "$ADMIN_URL" -c "CREATE DATABASE $db" >/dev/null
export SALKKU_MODE=production
export DATABASE_URL="${ADMIN_URL%/*}/$db"
SECRET_KEY=$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1 SECURE_PROXY_SSL_HEADER=true SALKKU_VAR_DIR="$work/var" SALKKU_JSON_LOGS=true
cd "$work"  # nothing of the checkout on the path from here on
salkku=$work/venv/bin/salkku
echo "-- migrate a fresh PostgreSQL database"
timeout 300 "$salkku" migrate --no-input -v0
timeout 120 "$salkku" agreement load --all >/dev/null
timeout 60 "$salkku" audit verify
echo "-- salkku serve on 127.0.0.1:$PORT"
"$salkku" serve --bind "127.0.0.1:$PORT" --workers 2 >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
    sleep 1
done
fetch() {  # path, expected status; through the "proxy" (X-Forwarded-Proto: https)
    local code
    code=$(curl -s -m 30 -o "$work/page" -w '%{http_code}' -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT$1")
    if [ "$code" != "$2" ]; then
        echo "FAIL: $1 answered $code, expected $2"; tail -n 30 "$work/server.log"; exit 1
    fi
    echo "ok   $1 -> $code ($(wc -c <"$work/page") bytes)"
}
fetch /healthz 200
fetch /accounts/login/ 200
cp "$work/page" "$work/login.html"
fetch /public/projects/ 200
fetch /sv/public/projects/ 200
grep -q 'Offentliga\|projekt' "$work/page" || { echo "FAIL: the Swedish page is not translated"; exit 1; }
fetch /reviews/ 302
fetch /api/v1/projects/ 403
css=$(grep -o '/static/salkku\.[0-9a-f]*\.css' "$work/login.html" | head -n1 || true)
[ -n "$css" ] || { echo "FAIL: no hashed stylesheet link in the page"; exit 1; }
fetch "$css" 200
echo "-- check --deploy on the running installation"
"$salkku" check --deploy --fail-level ERROR 2>&1 | grep -v "^System check identified" || true
echo "install check passed"
