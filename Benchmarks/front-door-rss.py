#!/usr/bin/env python3
"""Resident memory of data-api-local while many unsigned clients upload large bodies slowly.

Starts the server (ephemeral PostgreSQL, SigV4 on), opens CONNECTIONS connections that each send
the head of an unsigned `POST /Execute` with `Content-Length: MIB MiB`, then trickle the body in
64 KiB pieces, round after round, and stop one piece short so that every upload stays in flight
for as long as the server keeps the connection. Prints the server's RSS before, its highest RSS
while the uploads run, its RSS at their end, and what the clients were answered. With --signed,
the requests carry a valid signature (botocore's SigV4 with the default key pair).

usage: Benchmarks/front-door-rss.py [BINARY] [--connections 300] [--mib 4] [--round-ms 20] [--signed]
       (BINARY defaults to .build/debug/data-api-local)
"""
import argparse
import errno
import os
import re
import signal
import socket
import subprocess
import sys
import time

PIECE = 64 * 1024


def rss_kib(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            name, _, value = line.partition(":")
            fields[name] = value.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def body(length):
    """An ExecuteStatement body padded with spaces to `length` bytes."""
    text = ('{"resourceArn":"arn:aws:rds:us-east-1:123456789012:cluster:dummy",'
            '"secretArn":"arn:aws:secretsmanager:us-east-1:123456789012:secret:dummy","sql":"SELECT 1"}').encode()
    return text + b" " * (length - len(text))


def signature_headers(url, payload):
    """X-Amz-Date and Authorization for `payload`, signed as boto3 signs rds-data requests."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    request = AWSRequest(method="POST", url=url, data=payload, headers={"Content-Type": "application/json"})
    credentials = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    SigV4Auth(credentials, "rds-data", "us-east-1").add_auth(request)
    return "".join(f"{name}: {request.headers[name]}\r\n" for name in ("X-Amz-Date", "Authorization")).encode()


def mib(kib):
    return f"{kib / 1024:.0f} MiB"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary", nargs="?", default=".build/debug/data-api-local")
    p.add_argument("--connections", type=int, default=300)
    p.add_argument("--mib", type=int, default=4)
    p.add_argument("--round-ms", type=int, default=20)
    p.add_argument("--signed", action="store_true")
    a = p.parse_args()

    server = subprocess.Popen([a.binary, "--port", "0", "--log-level", "error"], stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        m = re.match(r"listening on http://([\d.]+):(\d+)", line)
        if not m:
            sys.exit(f"unexpected first line: {line!r}")
        host, port = m.group(1), int(m.group(2))
        time.sleep(2)
        before, _ = rss_kib(server.pid)

        length = a.mib << 20
        head = (f"POST /Execute HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {length}\r\n").encode()
        if a.signed:
            head += signature_headers(f"http://{host}:{port}/Execute", body(length))
        head += b"\r\n"
        clients = []
        for _ in range(a.connections):
            s = socket.create_connection((host, port))
            s.sendall(head)
            s.setblocking(False)
            clients.append({"socket": s, "sent": 0, "received": b"", "gone": False})

        payload = body(length)
        peak = before
        start = time.monotonic()
        while True:
            busy = False
            for c in clients:
                if c["gone"] or c["sent"] >= length - PIECE:
                    continue
                busy = True
                try:
                    end = min(c["sent"] + PIECE, length - PIECE)
                    c["sent"] += c["socket"].send(payload[c["sent"]:end])
                except BlockingIOError:
                    pass
                except OSError:
                    c["gone"] = True
                try:
                    data = c["socket"].recv(65536)
                    if data:
                        c["received"] += data
                    else:
                        c["gone"] = True
                except BlockingIOError:
                    pass
                except OSError:
                    c["gone"] = True
            peak = max(peak, rss_kib(server.pid)[0])
            if not busy or time.monotonic() - start > 300:
                break
            time.sleep(a.round_ms / 1000)
        time.sleep(2)
        in_flight, hwm = rss_kib(server.pid)
        answers = {}
        for c in clients:
            try:
                c["received"] += c["socket"].recv(65536)
            except OSError:
                pass
            status = c["received"].split(b"\r\n", 1)[0].decode(errors="replace") or "(no answer)"
            answers[status] = answers.get(status, 0) + 1
            c["socket"].close()
        kind = "signed" if a.signed else "unsigned"
        print(f"connections: {a.connections} x {a.mib} MiB, {kind}, {PIECE // 1024} KiB every {a.round_ms} ms")
        print(f"RSS before: {mib(before)}; highest while uploading: {mib(max(peak, in_flight))}; "
              f"at the end: {mib(in_flight)}; VmHWM: {mib(hwm)}")
        print(f"uploads sent in full but the last piece: {sum(c['sent'] >= length - PIECE for c in clients)}; "
              f"connections the server ended: {sum(c['gone'] for c in clients)}")
        for status, n in sorted(answers.items()):
            print(f"  {n:4d} x {status}")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
