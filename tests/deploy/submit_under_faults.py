#!/usr/bin/python3
"""Submissions through nginx while the cluster is hurt, as a careful client makes them: every
POST carries an Idempotency-Key and is retried with the same key when it fails for the
cluster's sake (no answer, 502, 503, 504). Checks that each key made exactly one submission,
none was lost, and every one is scored exactly once by the workers.

Usage: submit_under_faults.py URL SLUG MEMBERS_FILE (lines: handle token) PER_MEMBER FAULT_AFTER FAULT_COMMAND...
FAULT_COMMAND runs once FAULT_AFTER submissions have been answered. Prints one summary line;
exits 1 with the reason on any failure."""
import json
import queue
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

url, slug, tokens_file, per_member, fault_after = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
fault_command = sys.argv[6:]
members = [line.split() for line in open(tokens_file) if line.strip()]  # handle token
handles, tokens = [m[0] for m in members], [m[1] for m in members]
RETRYABLE = {502, 503, 504}


def fail(why):
    print("FAIL: " + why, file=sys.stderr)
    sys.exit(1)


def call(method, path, token=None, body=None, headers=None, timeout=10):
    """(status, headers, body); status 0 when no answer came. GETs are retried while the
    cluster is hurt, as a browser's reload would."""
    for attempt in range(40 if method == "GET" else 1):
        status, got_headers, got = call_once(method, path, token, body, headers, timeout)
        if method != "GET" or (status != 0 and status not in RETRYABLE):
            break
        time.sleep(0.1 * min(attempt + 1, 10))
    return status, got_headers, got


def call_once(method, path, token, body, headers, timeout):
    req = urllib.request.Request(url + path, data=body, method=method, headers=dict(headers or {}))
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, {}, b""


status, _, sample = call("GET", f"/competitions/{slug}/files/sample_submission.csv")
if status != 200:
    fail(f"sample_submission.csv: {status}")
for t in tokens:
    status, _, body = call("POST", f"/api/v1/competitions/{slug}/join", t, b"")
    if status not in (200, 201):
        fail(f"join: {status} {body[:200]!r}")

boundary = "aigcFaultBoundary"
form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"pred.csv\"\r\n"
        f"Content-Type: text/csv\r\n\r\n").encode() + sample + f"\r\n--{boundary}--\r\n".encode()
jobs = queue.Queue()
for m, t in enumerate(tokens):
    for k in range(per_member):
        jobs.put((m, t, f"fault-{m}-{k}"))
lock = threading.Lock()
results, retries, replayed, answered = {}, [0], [0], [0]
fault_done = threading.Event()


def submit(token, key):
    for attempt in range(40):
        status, headers, body = call("POST", f"/api/v1/competitions/{slug}/submissions", token, form,
                                     {"Content-Type": f"multipart/form-data; boundary={boundary}", "Idempotency-Key": key})
        if status not in RETRYABLE and status != 0:
            with lock:
                replayed[0] += headers.get("Idempotent-Replayed") == "true"
            return status, body
        with lock:
            retries[0] += 1
        time.sleep(0.1 * min(attempt + 1, 10))
    return status, body


def worker():
    while True:
        try:
            m, token, key = jobs.get_nowait()
        except queue.Empty:
            return
        status, body = submit(token, key)
        with lock:
            results[key] = (m, status, body)
            answered[0] += 1
            start_fault = answered[0] == fault_after
        if start_fault and fault_command:
            subprocess.run(fault_command, check=True)
            fault_done.set()


threads = [threading.Thread(target=worker) for _ in range(8)]
for th in threads:
    th.start()
for th in threads:
    th.join()
if fault_command and not fault_done.is_set():
    fail("the fault was never made")

ids = {}
for key, (m, status, body) in results.items():
    if status != 201:
        fail(f"{key}: {status} {body[:300]!r}")
    ids[key] = json.loads(body)["id"]
if len(results) != len(tokens) * per_member or len(set(ids.values())) != len(ids):
    fail(f"{len(results)} answers, {len(set(ids.values()))} distinct submissions for {len(tokens) * per_member} keys")
# Each member's own list: exactly the submissions their keys made, none doubled or lost.
for m, t in enumerate(tokens):
    status, _, body = call("GET", f"/api/v1/competitions/{slug}/submissions", t)
    listed = sorted(str(s["id"]) for s in json.loads(body)["submissions"])
    mine = sorted(str(i) for k, i in ids.items() if results[k][0] == m)
    if listed != mine:
        fail(f"member {m} lists {listed}, its keys made {mine}")

# Every submission scored, and counted once on the board (a job scored twice, or a
# submission made twice, would count twice).
deadline = time.time() + 120
pending = {i: tokens[results[k][0]] for k, i in ids.items()}
while pending and time.time() < deadline:
    for sid, token in list(pending.items()):
        status, _, body = call("GET", f"/api/v1/submissions/{sid}", token)
        if status == 200 and json.loads(body).get("status") in ("scored", "failed"):
            if json.loads(body)["status"] != "scored":
                fail(f"submission {sid} failed: {body[:300]!r}")
            del pending[sid]
    if pending:
        time.sleep(0.5)
if pending:
    fail(f"{len(pending)} submissions not scored within 120 s")
status, _, body = call("GET", f"/api/v1/competitions/{slug}/leaderboard?limit=1000")
counted = {}
for e in json.loads(body)["entries"]:
    for h in handles:
        if h in json.dumps(e):
            counted[h] = e.get("entries")
if any(counted.get(h) != per_member for h in handles):
    fail(f"the board counts {counted}, expected {per_member} each")
print(f"{len(ids)} submissions through nginx, {retries[0]} retried, {replayed[0]} answered as replays; "
      f"none lost or doubled; all scored")
