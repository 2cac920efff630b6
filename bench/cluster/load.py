#!/usr/bin/python3
"""Submission load for bench/cluster, through nginx.
  load.py submit URL SLUG MEMBERS_FILE PER_MEMBER THREADS IDS_FILE
      each member (lines: handle token) submits the competition's sample PER_MEMBER times from
      THREADS client threads; writes "id token" lines to IDS_FILE; prints submissions/s
  load.py scored URL IDS_FILE
      waits until every submission in IDS_FILE is scored; prints the seconds it took"""
import json
import sys
import threading
import time
import urllib.request


def call(url, token, data=None, headers=None):
    req = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET", headers=dict(headers or {}))
    req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def submit(url, slug, members_file, per_member, threads, ids_file):
    members = [line.split() for line in open(members_file) if line.strip()]
    sample = urllib.request.urlopen(f"{url}/competitions/{slug}/files/sample_submission.csv").read()
    for _, token in members:
        call(f"{url}/api/v1/competitions/{slug}/join", token, b"")
    b = "aigcBenchBoundary"
    form = (f"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"pred.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + sample + f"\r\n--{b}--\r\n".encode()
    work = [token for _, token in members for _ in range(int(per_member))]
    lock, made = threading.Lock(), []

    def run():
        while True:
            with lock:
                if not work:
                    return
                token = work.pop()
            s = call(f"{url}/api/v1/competitions/{slug}/submissions", token, form,
                     {"Content-Type": f"multipart/form-data; boundary={b}"})
            with lock:
                made.append((s["id"], token))

    start = time.time()
    pool = [threading.Thread(target=run) for _ in range(int(threads))]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    seconds = time.time() - start
    with open(ids_file, "w") as f:
        f.writelines(f"{i} {t}\n" for i, t in made)
    print(f"{len(made) / seconds:.0f}")


def scored(url, ids_file):
    # Workers take the oldest job first: waiting for each in the order they were made asks
    # about each about once, instead of loading the server with questions.
    pending = [line.split() for line in open(ids_file) if line.strip()]
    start = time.time()
    for sid, token in pending:
        while call(f"{url}/api/v1/submissions/{sid}", token).get("status") not in ("scored", "failed"):
            if time.time() - start > 600:
                sys.exit("not scored within 600 s")
            time.sleep(0.02)
    print(f"{time.time() - start:.2f}")


if __name__ == "__main__":
    {"submit": submit, "scored": scored}[sys.argv[1]](*sys.argv[2:])
