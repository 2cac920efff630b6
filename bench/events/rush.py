#!/usr/bin/env python3
"""Fires one registration per token at once (threads released together by a barrier) at
POST /api/v1/events/bench-rush/registrations on 127.0.0.1:PORT; prints the throughput, the
latency percentiles and the answers by status. Usage: rush.py PORT TOKENS_FILE"""
import http.client, json, sys, threading, time
from collections import Counter

port, tokens = int(sys.argv[1]), [t.strip() for t in open(sys.argv[2]) if t.strip()]
barrier = threading.Barrier(len(tokens) + 1)
results = [None] * len(tokens)

def register(i, token):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=120)
    body = json.dumps({'ticket_type': 'regular'})
    headers = {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'}
    barrier.wait()
    t0 = time.perf_counter()
    try:
        conn.request('POST', '/api/v1/events/bench-rush/registrations', body, headers)
        r = conn.getresponse()
        data = r.read()
        status = json.loads(data).get('status', 'error') if r.status == 201 else 'http %d' % r.status
    except Exception as e:  # a refused or dropped connection counts against the server
        status = 'failed: %s' % type(e).__name__
    results[i] = (time.perf_counter() - t0, status)

threads = [threading.Thread(target=register, args=(i, t)) for i, t in enumerate(tokens)]
for t in threads: t.start()
barrier.wait()
start = time.perf_counter()
for t in threads: t.join()
wall = time.perf_counter() - start
lat = sorted(r[0] for r in results)
pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
print('| registrants | wall | registrations/s | p50 | p90 | p99 | max | answers |')
print('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |')
answers = ', '.join('%s %d' % kv for kv in sorted(Counter(r[1] for r in results).items()))
print('| %d | %.2f s | %.0f | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %s |' % (
    len(tokens), wall, len(tokens) / wall, pct(0.5), pct(0.9), pct(0.99), lat[-1] * 1000, answers))
