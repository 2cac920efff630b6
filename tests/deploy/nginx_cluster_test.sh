#!/usr/bin/env bash
# deploy/nginx/aigc.conf in front of two `aigc serve` processes and a worker on one SQLite
# database, all on loopback: the shipped configuration passes `nginx -t`; pages, static
# files (from disk, immutable) and a live event stream (unbuffered) come through it; and
# killing one server with SIGKILL under read load costs readers (almost) nothing: nginx
# moves their requests to the other server. Bounded: a few seconds of load.
# Usage: nginx_cluster_test.sh AIGC_BINARY SOURCE_DIR
set -euo pipefail
aigc=$1
src=$2
command -v nginx >/dev/null || { echo "nginx is not installed: run scripts/install-deps" >&2; exit 1; }
dir=$(mktemp -d /tmp/aigc-cluster.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
fail() { echo "FAIL: $*" >&2; exit 1; }

db="sqlite://$dir/site.db"
export AIGC_BLOB_DIR="$dir/blobs" AIGC_LOG_LEVEL=warn AIGC_WEB_ROOT="$src/web"
"$aigc" seed --demo --db "$db" --content "$src/content/pages" --admin-password cluster-admin-pass >/dev/null
a=$(free_port); b=$(free_port); front=$(free_port)
AIGC_WORKERS=0 AIGC_TRUST_PROXY=true "$aigc" serve --db "$db" --port "$a" --threads 2 & pids+=($!); server_a=$!
AIGC_WORKERS=0 AIGC_TRUST_PROXY=true "$aigc" serve --db "$db" --port "$b" --threads 2 & pids+=($!)
"$aigc" worker --db "$db" --count 1 & pids+=($!)

# The shipped file with this machine's ports and folders, inside a minimal main file.
sed -e "s|127.0.0.1:8081|127.0.0.1:$a|; s|127.0.0.1:8082|127.0.0.1:$b|; s|listen 80;|listen 127.0.0.1:$front;|" \
    -e "s|/opt/aigc/web|$src/web|g" "$src/deploy/nginx/aigc.conf" > "$dir/aigc.conf"
cat > "$dir/nginx.conf" <<CONF
pid $dir/nginx.pid;
error_log $dir/error.log warn;
worker_processes 1;
events { worker_connections 1024; }
http {
  access_log off;
  include /etc/nginx/mime.types;
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fcgi;
  uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  include $dir/aigc.conf;
}
CONF
nginx -t -p "$dir" -c "$dir/nginx.conf" 2>"$dir/t.log" || { cat "$dir/t.log" >&2; fail "nginx -t refuses deploy/nginx/aigc.conf"; }
nginx -p "$dir" -c "$dir/nginx.conf"
for port in "$a" "$b"; do
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
done
base="http://127.0.0.1:$front"

code=$(curl -s -o /dev/null -w "%{http_code}" "$base/")
[ "$code" = 200 ] || fail "the home page through nginx: $code"
curl -s "$base/competitions" | grep -q "AI Challenger" || fail "the competitions page through nginx"
css=$(curl -s "$base/" | grep -o '/static/app.css?v=[0-9a-f]*' | head -1)
headers=$(curl -s -D - -o /dev/null "$base$css")
grep -qi "cache-control: .*immutable" <<<"$headers" || fail "static files are not immutable: $headers"
grep -qi "^server: nginx" <<<"$headers" || fail "static files are not served by nginx"
# The event stream arrives at once (unbuffered), and stays open until curl gives up.
events=$(curl -s -N --max-time 2 "$base/competitions/ai-challenger-2025-reading/events" || true)
grep -q "event: board" <<<"$events" || fail "no event through nginx: $events"

# Read load through nginx; one server is killed in the middle of it.
wrk -t2 -c16 -d5s "$base/api/v1/competitions" > "$dir/wrk.txt" &
wrk_pid=$!
sleep 2
kill -9 "$server_a"
wait "$wrk_pid"
requests=$(awk '/requests in/ {print $1}' "$dir/wrk.txt")
bad=$(awk '/Non-2xx/ {print $NF}' "$dir/wrk.txt"); bad=${bad:-0}
errors=$(awk -F'[ ,]+' '/Socket errors/ {s=0; for (i=1;i<=NF;i++) if ($i ~ /^[0-9]+$/) s+=$i; print s}' "$dir/wrk.txt"); errors=${errors:-0}
echo "through nginx while a server was killed: $requests requests, $bad non-2xx, $errors socket errors"
[ "$requests" -gt 1000 ] || fail "too few requests to judge: $(cat "$dir/wrk.txt")"
# Below 0.1% of the requests.
[ $(( (bad + errors) * 1000 )) -lt "$requests" ] || fail "errors above 0.1%: $(cat "$dir/wrk.txt")"
code=$(curl -s -o /dev/null -w "%{http_code}" "$base/")
[ "$code" = 200 ] || fail "after the kill: $code"
echo "ok"
