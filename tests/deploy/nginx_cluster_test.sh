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
dir=$(mktemp -u /tmp/aigc-cluster.XXXXXX)
trap '"$src/scripts/cluster" down "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The shipped nginx file (checked by nginx -t on the way) on a SQLite database.
"$src/scripts/cluster" up "$dir" --sqlite --workers 1 --aigc "$aigc"
# shellcheck disable=SC1091
source "$dir/cluster.env"
base=$AIGC_CLUSTER_URL

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
"$src/scripts/cluster" kill-server "$dir" 1
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
