#!/usr/bin/env python3
"""A webhook receiver for tst_http_sink: verifies Syncline-Signature, fails at random (500, 429
with Retry-After, slow answers), refuses changes whose note is "reject-me" with 400 (all this
until a file <log file>.accept-all exists; then it accepts everything at once), and keeps each
change once by its position (the idempotency key), appended to a JSON-lines log. Requests are
served at once (a thread each); the stats count the most requests in flight at once
("max_in_flight") and the requests that came while another one in flight carried a change of the
same key ("key_overlaps", with the first few in "overlapping_keys"); a request whose sender
closed its connection (killed, or gave up on it) no longer counts as in flight.

Usage: webhook_receiver.py <log file> <stats file>; the secret comes from WEBHOOK_SECRET. Prints
the port it listens on (127.0.0.1, chosen by the kernel) as its first line."""
import hashlib
import hmac
import json
import os
import random
import select
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG, STATS = sys.argv[1], sys.argv[2]
SECRET = os.environ["WEBHOOK_SECRET"].encode()
seen = set()
stats = {"requests": 0, "500": 0, "429": 0, "slow": 0, "400": 0, "bad_signature": 0,
         "duplicates": 0, "accepted": 0, "max_in_flight": 0, "key_overlaps": 0, "overlaps_with_gone_senders": 0,
         "overlapping_keys": []}
rng = random.Random(17)
lock = threading.Lock()
in_flight = {}  # request number: (its connection, the keys of its changes)


def keys_of(events):
    return {(e.get("table"), json.dumps(e.get("key"), sort_keys=True)) for e in events}


def sender_gone(connection):
    """Whether the sender closed the connection of a request not answered yet: it gave up on it
    (a killed runner, an abandoned session), so the request is no longer in flight for it."""
    try:
        readable, _, _ = select.select([connection], [], [], 0)
        return bool(readable) and connection.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


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
        with lock:  # answered: the sender may send this request's keys again
            in_flight.pop(self.number, None)
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        with lock, open(STATS, "w") as out:
            json.dump(stats, out)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            keys = keys_of(json.loads(body))
        except ValueError:
            keys = set()
        with lock:
            stats["requests"] += 1
            number = stats["requests"]
            for connection, other in in_flight.values():
                if other & keys and sender_gone(connection):
                    stats["overlaps_with_gone_senders"] += 1
                elif other & keys:
                    stats["key_overlaps"] += 1
                    if len(stats["overlapping_keys"]) < 10:
                        stats["overlapping_keys"].append(sorted(other & keys)[0])
            in_flight[number] = (self.connection, keys)
            stats["max_in_flight"] = max(stats["max_in_flight"], len(in_flight))
        self.number = number
        try:
            self.handle_post(body)
        finally:
            with lock:
                in_flight.pop(number, None)

    def handle_post(self, body):
        if not signature_ok(self.headers.get("Syncline-Signature", ""), body):
            with lock:
                stats["bad_signature"] += 1
            return self.answer(401, "bad signature")
        if not self.headers.get("Idempotency-Key"):
            return self.answer(422, "no Idempotency-Key")
        events = json.loads(body)
        accepting = os.path.exists(LOG + ".accept-all")
        with lock:
            roll = 1.0 if accepting else rng.random()
        if events and roll < 0.12:
            with lock:
                stats["500"] += 1
            return self.answer(500, "random failure")
        if events and roll < 0.22:
            with lock:
                stats["429"] += 1
            return self.answer(429, "slow down", [("Retry-After", "1")])
        if events and roll < 0.27:
            with lock:
                stats["slow"] += 1
            time.sleep(0.5)
        if not accepting and any((e.get("after") or {}).get("note") == "reject-me" for e in events):
            with lock:
                stats["400"] += 1
            return self.answer(400, "note reject-me refused by the receiver")
        with lock, open(LOG, "a") as log:
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


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
