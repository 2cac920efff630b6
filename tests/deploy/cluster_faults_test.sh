#!/usr/bin/env bash
# The production topology (scripts/cluster: PostgreSQL, nginx, two servers, two workers on
# loopback) hurt while members use it, asserting what they see and that nothing is lost:
#   1. a web server killed (SIGKILL) under submission load: clients retrying with their
#      Idempotency-Key get each submission made exactly once, none lost, all scored once;
#   2. a worker killed while it scores: the other takes the job once its lease lapses;
#   3. PostgreSQL restarted under load: the servers say not ready (/readyz 503) while it is
#      away, recover by themselves, and every accepted submission is still there.
# Bounded: 200 + 100 submissions, a two-second outage. Usage: cluster_faults_test.sh AIGC SRC
set -euo pipefail
aigc=$1
src=$2
dir=$(mktemp -u /tmp/aigc-cluster-faults.XXXXXX)
trap '"$src/scripts/cluster" down "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

export AIGC_JOB_LEASE_SECONDS=3 AIGC_WORKER_POLL_MS=50
"$src/scripts/cluster" up "$dir" --aigc "$aigc"
# shellcheck disable=SC1091
source "$dir/cluster.env"
slug=ai-challenger-demo
members() { "$src/scripts/cluster" members "$dir" "$1" "$2"; }  # PREFIX COUNT: "handle token" lines

# 1. Twenty members, ten submissions each (the phase's daily limit: a doubled one would be
# refused with 429), server 1 killed after the 60th answer.
members crash 20 >"$dir/crash.tokens"
/usr/bin/python3 "$src/tests/deploy/submit_under_faults.py" "$AIGC_CLUSTER_URL" "$slug" "$dir/crash.tokens" 10 60 \
  "$src/scripts/cluster" kill-server "$dir" 1 || fail "a server killed under submission load"

# 2. A worker killed while jobs are queued: ten members' submissions are scored by the other.
"$src/scripts/cluster" start-server "$dir" 1
members lease 10 >"$dir/lease.tokens"
/usr/bin/python3 "$src/tests/deploy/submit_under_faults.py" "$AIGC_CLUSTER_URL" "$slug" "$dir/lease.tokens" 5 20 \
  "$src/scripts/cluster" kill-worker "$dir" 1 || fail "a worker killed while scoring"

# 3. PostgreSQL away for two seconds while members submit: not ready meanwhile, then ready
# again without a restart, and nothing accepted is lost.
members outage 10 >"$dir/outage.tokens"
port1=$(cut -d' ' -f1 <<<"$AIGC_CLUSTER_SERVER_PORTS")
(
  for _ in $(seq 600); do
    code=$(curl -s -o /dev/null -w "%{http_code}" --max-time 2 "http://127.0.0.1:$port1/readyz" || true)
    [ "$code" = 503 ] && { echo seen >"$dir/not-ready-seen"; break; }
    sleep 0.05
  done
) &
probe=$!
/usr/bin/python3 "$src/tests/deploy/submit_under_faults.py" "$AIGC_CLUSTER_URL" "$slug" "$dir/outage.tokens" 10 30 \
  "$src/scripts/cluster" restart-db "$dir" 2 || fail "submissions across a PostgreSQL restart"
kill "$probe" 2>/dev/null || true
[ -f "$dir/not-ready-seen" ] || fail "/readyz never said not ready while PostgreSQL was away"
for port in $AIGC_CLUSTER_SERVER_PORTS; do
  for _ in $(seq 100); do
    code=$(curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:$port/readyz")
    [ "$code" = 200 ] && break
    sleep 0.1
  done
  [ "$code" = 200 ] || fail "server on $port is not ready 10 s after PostgreSQL came back: $code"
done
# Everything accepted in all three rounds is still there.
total=$(/usr/bin/python3 -c "
import json, sys, urllib.request
n = 0
for f in sys.argv[1:]:
    for line in open(f):
        handle, token = line.split()
        req = urllib.request.Request('$AIGC_CLUSTER_URL/api/v1/competitions/$slug/submissions', headers={'Authorization': 'Bearer ' + token})
        n += len(json.load(urllib.request.urlopen(req))['submissions'])
print(n)" "$dir/crash.tokens" "$dir/lease.tokens" "$dir/outage.tokens")
[ "$total" = 350 ] || fail "350 submissions were accepted, $total are listed"
echo "ok: 350 submissions across a server kill, a worker kill and a PostgreSQL restart; none lost or doubled"
