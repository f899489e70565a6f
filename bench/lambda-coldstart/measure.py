#!/usr/bin/env python3
"""Cold start of bootstrap: process start -> first API response, through a fake Lambda Runtime API on 127.0.0.1.

Usage: measure.py BOOTSTRAP [RUNS]   (median of RUNS, default 10)

Each run starts a fresh process with ETL_HANDLER=api on the local backend in a fresh temp folder, serves it one
HTTP API 2.0 event (GET /health) on /next, and stops the clock when the response is POSTed back. The fake speaks
only what the measurement needs; the full protocol is checked by tests/Etl.Lambda.Tests.
"""
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

EVENT = json.dumps({
    "version": "2.0", "routeKey": "$default", "rawPath": "/health", "rawQueryString": "",
    "headers": {"host": "abc.execute-api.us-east-1.amazonaws.com", "x-forwarded-proto": "https"},
    "requestContext": {"http": {"method": "GET", "path": "/health", "protocol": "HTTP/1.1", "sourceIp": "203.0.113.1"},
                       "requestId": "cold", "stage": "$default"},
    "isBase64Encoded": False,
}).encode()


class Runtime(http.server.BaseHTTPRequestHandler):
    served = False
    answered = None  # (time, body)
    done = threading.Event()

    def log_message(self, *args):
        pass

    def do_GET(self):
        if not self.path.endswith("/runtime/invocation/next"):
            self.send_error(404)
            return
        if Runtime.served:
            Runtime.done.wait()  # the measurement is over; hold the long poll until the process is killed
            return
        Runtime.served = True
        self.send_response(200)
        self.send_header("Lambda-Runtime-Aws-Request-Id", "cold-1")
        self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 60000))
        self.send_header("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:cold")
        self.send_header("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=1")
        self.send_header("Content-Length", str(len(EVENT)))
        self.end_headers()
        self.wfile.write(EVENT)

    def do_POST(self):
        at = time.perf_counter()
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Runtime.answered = (at, self.path, body)
        self.send_response(202)
        self.end_headers()
        Runtime.done.set()


def run_once(bootstrap):
    Runtime.served, Runtime.answered = False, None
    Runtime.done = threading.Event()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Runtime)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{server.server_address[1]}", ETL_HANDLER="api",
                   ETL_BACKEND="local", ETL_DATA_DIR=data, ETL_SCRATCH_DIR=os.path.join(data, "scratch"))
        start = time.perf_counter()
        log = open(os.path.join(data, "stdout.log"), "w+")
        process = subprocess.Popen([bootstrap], env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while not Runtime.done.wait(0.01):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log.seek(0)
                raise SystemExit(f"no response (exit code {process.poll()}); its output:\n{log.read()[-3000:]}")
        at, path, body = Runtime.answered
        process.kill()
        process.wait()
        log.close()
    server.shutdown()
    server.server_close()
    if not path.endswith("/cold-1/response") or json.loads(body)["statusCode"] != 200:
        raise SystemExit(f"unexpected answer on {path}: {body[:200]!r}")
    return (at - start) * 1000


def main():
    bootstrap = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    run_once(bootstrap)  # warm the page cache, as a re-used Lambda worker host would be
    times = [run_once(bootstrap) for _ in range(runs)]
    print(f"{bootstrap}: median {statistics.median(times):.0f} ms, min {min(times):.0f}, max {max(times):.0f} over {runs} runs")


if __name__ == "__main__":
    main()
