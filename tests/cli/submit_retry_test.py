#!/usr/bin/python3
"""`aigc submit` against a stand-in server on loopback whose answers get lost: a dropped
connection, a 502 and a 503, then the submission. The command must send again with the
same Idempotency-Key each time (so a server that did take the first attempt answers with
that submission, never a second one), print the submission, and not retry an answer that
is final (a 422 is the file's fault: sending it again cannot help).
Usage: submit_retry_test.py AIGC_BINARY
"""
import http.server
import json
import subprocess
import sys
import tempfile
import threading

AIGC = sys.argv[1]


class Server(http.server.ThreadingHTTPServer):
    def __init__(self, answers):
        super().__init__(("127.0.0.1", 0), Handler)
        self.answers, self.keys = list(answers), []


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.keys.append(self.headers.get("Idempotency-Key", ""))
        status = self.server.answers.pop(0)
        if status is None:  # the answer is lost: the connection closes without one
            self.close_connection = True
            self.connection.shutdown(2)
            return
        body = json.dumps({"id": "s-1", "phase": "main", "status": "queued"} if status == 201
                          else {"error": {"code": "invalid", "message": "line 2: unknown id"}}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def submit(answers):
    server = Server(answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.NamedTemporaryFile("w", suffix=".csv") as f:
        f.write("id,label\nr1,cat\n")
        f.flush()
        run = subprocess.run([AIGC, "submit", "--server", f"http://127.0.0.1:{server.server_address[1]}", "--token", "t",
                              "--competition", "demo", "--file", f.name, "--json"], capture_output=True, text=True, timeout=60)
    server.shutdown()
    return run, server.keys


def main():
    run, keys = submit([None, 502, 503, 201])
    assert run.returncode == 0, run
    assert len(keys) == 4, keys
    assert keys[0].startswith("aigc-cli-") and len(set(keys)) == 1, keys
    assert json.loads(run.stdout)["id"] == "s-1", run.stdout
    assert run.stderr.count("trying again") == 3 and "same key" in run.stderr, run.stderr

    run, keys = submit([422])
    assert run.returncode != 0 and len(keys) == 1, (run, keys)
    assert "unknown id" in run.stderr + run.stdout, run
    print("ok: 3 lost answers retried with one key; a 422 not retried")


if __name__ == "__main__":
    main()
