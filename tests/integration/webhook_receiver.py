#!/usr/bin/env python3
"""A webhook receiver for tst_http_sink: verifies Syncline-Signature, fails at random (500, 429
with Retry-After, slow answers), refuses changes whose note is "reject-me" with 400, and keeps each
change once by its position (the idempotency key), appended to a JSON-lines log.

Usage: webhook_receiver.py <log file> <stats file>; the secret comes from WEBHOOK_SECRET. Prints
the port it listens on (127.0.0.1, chosen by the kernel) as its first line."""
import hashlib
import hmac
import json
import os
import random
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

LOG, STATS = sys.argv[1], sys.argv[2]
SECRET = os.environ["WEBHOOK_SECRET"].encode()
seen = set()
stats = {"requests": 0, "500": 0, "429": 0, "slow": 0, "400": 0, "bad_signature": 0,
         "duplicates": 0, "accepted": 0}
rng = random.Random(17)


def signature_ok(header, body):
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    if "t" not in parts or "v1" not in parts:
        return False
    expected = hmac.new(SECRET, parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"]) and abs(time.time() - int(parts["t"])) < 300


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, status, text, headers=()):
        data = text.encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        with open(STATS, "w") as out:
            json.dump(stats, out)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        stats["requests"] += 1
        if not signature_ok(self.headers.get("Syncline-Signature", ""), body):
            stats["bad_signature"] += 1
            return self.answer(401, "bad signature")
        if not self.headers.get("Idempotency-Key"):
            return self.answer(422, "no Idempotency-Key")
        events = json.loads(body)
        roll = rng.random()
        if events and roll < 0.12:
            stats["500"] += 1
            return self.answer(500, "random failure")
        if events and roll < 0.22:
            stats["429"] += 1
            return self.answer(429, "slow down", [("Retry-After", "1")])
        if events and roll < 0.27:
            stats["slow"] += 1
            time.sleep(0.5)
        if any((e.get("after") or {}).get("note") == "reject-me" for e in events):
            stats["400"] += 1
            return self.answer(400, "note reject-me refused by the receiver")
        with open(LOG, "a") as log:
            for event in events:
                if event["position"] in seen:
                    stats["duplicates"] += 1
                    continue
                seen.add(event["position"])
                stats["accepted"] += 1
                log.write(json.dumps(event) + "\n")
            log.flush()
            os.fsync(log.fileno())
        self.answer(200, "ok")

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
