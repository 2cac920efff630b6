#!/usr/bin/python3
"""Holds STREAMS server-sent event streams open on one server, measures other requests'
latency meanwhile (wrk), then changes the board once and times how long each stream takes
to hear of it. Loopback only; bounded by its timeouts.
Usage: event_streams.py PORT PATH STREAMS BUMP_COMMAND WRK_URL DURATION"""
import selectors, socket, subprocess, sys, time

port, path, n, bump, wrk_url, duration = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
sel = selectors.DefaultSelector()
got = {}
request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode()
opened = time.monotonic()
for i in range(n):
    s = socket.socket()
    s.setblocking(False)
    s.connect_ex(("127.0.0.1", port))
    sel.register(s, selectors.EVENT_WRITE, i)
    got[i] = b""
    if i % 500 == 499:  # let the server accept as we go
        for key, ev in sel.select(timeout=0):
            if ev & selectors.EVENT_WRITE:
                key.fileobj.send(request)
                sel.modify(key.fileobj, selectors.EVENT_READ, key.data)
            else:
                got[key.data] += key.fileobj.recv(65536)

def pump(until, want):
    """Reads until every stream's bytes hold want(i) or the deadline; returns arrival times."""
    arrived = {}
    while time.monotonic() < until and len(arrived) < n:
        for key, ev in sel.select(timeout=0.05):
            i = key.data
            if ev & selectors.EVENT_WRITE:
                key.fileobj.send(request)
                sel.modify(key.fileobj, selectors.EVENT_READ, i)
                continue
            data = key.fileobj.recv(65536)
            if not data:
                sel.unregister(key.fileobj)
                continue
            got[i] += data
        now = time.monotonic()
        for i in range(n):
            if i not in arrived and want(i, got[i]):
                arrived[i] = now
    return arrived

first = pump(time.monotonic() + 120, lambda i, b: b"event: board" in b)
print(f"streams open and at the first event: {len(first)} of {n} in {time.monotonic() - opened:.1f} s")
out = subprocess.run(["wrk", "-t2", "-c64", "-d" + duration, "--latency", wrk_url], capture_output=True, text=True).stdout
rps = [l.split()[1] for l in out.splitlines() if l.startswith("Requests/sec")]
p50 = [l.split()[1] for l in out.splitlines() if l.strip().startswith("50%")]
p99 = [l.split()[1] for l in out.splitlines() if l.strip().startswith("99%")]
print(f"meanwhile {wrk_url}: {rps[0] if rps else '?'} requests/s, p50 {p50[0] if p50 else '?'}, p99 {p99[0] if p99 else '?'}")
before = {i: got[i].count(b"event: board") for i in range(n)}
subprocess.run(bump, shell=True, check=True)  # returns once the change is committed
committed = time.monotonic()
after = pump(committed + 30, lambda i, b: b.count(b"event: board") > before[i])
delays = sorted((t - committed) * 1000 for t in after.values())
if delays:
    pick = lambda q: delays[min(len(delays) - 1, int(q * len(delays)))]
    print(f"one change reached {len(delays)} of {n} streams: first {delays[0]:.0f} ms, p50 {pick(0.5):.0f} ms, "
          f"p99 {pick(0.99):.0f} ms, last {delays[-1]:.0f} ms after the commit")
else:
    print("the change reached no stream within 30 s")
