#!/usr/bin/env python3
"""Round-trip time of the Runtime API emulator with a raw-socket client.

Starts `lambda-emulator --serve-only --count N+WARMUP`, then on one keep-alive TCP connection
repeats GET /2018-06-01/runtime/invocation/next + POST /invocation/{id}/response and prints the
median (and p90/p99) of one round trip in microseconds. Python's own work and the loopback
wake-ups are part of that figure, so it also prints the emulator's own CPU time per round trip
(all its threads, from /proc/PID/task/*/schedstat), which is the emulator's share.

Usage: bench/emulator_roundtrip.py [--emulator PATH] [--iterations N] [--warmup N] [--busy-poll-us N]
(default emulator: .build/release/lambda-emulator if built, else .build/debug/lambda-emulator)
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PREFIX = b"/2018-06-01/runtime"


def default_emulator():
    for configuration in ("release", "debug"):
        path = os.path.join(ROOT, ".build", configuration, "lambda-emulator")
        if os.access(path, os.X_OK):
            return path
    sys.exit("no lambda-emulator built: swift build --product lambda-emulator [-c release]")


class Connection:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def read_response(self):
        """Returns (status, headers with lower-case names, body)."""
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get(b"content-length", b"0"))
        while len(rest) < length:
            self.buffer = rest
            self._fill()
            rest = self.buffer
        self.buffer = rest[length:]
        return status, headers, rest[:length]

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the emulator closed the connection")
        self.buffer += chunk


def cpu_nanoseconds(pid):
    """CPU time used so far by all threads of `pid`, in ns (Linux schedstat); None elsewhere."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/schedstat") as stat:
                    total += int(stat.read().split()[0])
            except (FileNotFoundError, ProcessLookupError):
                pass
    except FileNotFoundError:
        return None
    return total


def round_trip(connection, answer):
    connection.sock.sendall(b"GET " + PREFIX + b"/invocation/next HTTP/1.1\r\nHost: bench\r\n\r\n")
    status, headers, _ = connection.read_response()
    if status != 200:
        raise RuntimeError(f"/next answered {status}")
    request_id = headers[b"lambda-runtime-aws-request-id"]
    connection.sock.sendall(
        b"POST " + PREFIX + b"/invocation/" + request_id + b"/response HTTP/1.1\r\nHost: bench\r\n"
        b"Content-Type: application/json\r\nContent-Length: " + str(len(answer)).encode() + b"\r\n\r\n" + answer)
    status, _, _ = connection.read_response()
    if status != 202:
        raise RuntimeError(f"/response answered {status}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emulator", default=None)
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--busy-poll-us", type=int, default=0,
                        help="passed to the emulator: spin this long before blocking on a read")
    arguments = parser.parse_args()
    emulator = arguments.emulator or default_emulator()
    total = arguments.iterations + arguments.warmup

    command = [emulator, "--serve-only", "--count", str(total), "--event", "-"]
    if arguments.busy_poll_us:
        command += ["--busy-poll-us", str(arguments.busy_poll_us)]
    process = subprocess.Popen(command,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdin.write(b'{"source":"bench","detail":{"n":1}}')
    process.stdin.close()
    process.stdin = None  # so that communicate() does not flush it
    try:
        first = process.stdout.readline().decode().strip()
        if not first.startswith("AWS_LAMBDA_RUNTIME_API="):
            sys.exit(f"unexpected emulator output: {first!r} {process.stderr.read().decode()}")
        host, port = first.split("=", 1)[1].rsplit(":", 1)
        connection = Connection(host, int(port))
        answer = b'{"ok":true}'
        for _ in range(arguments.warmup):
            round_trip(connection, answer)
        samples = []
        clock = time.perf_counter_ns
        cpu_before = cpu_nanoseconds(process.pid)
        for _ in range(arguments.iterations):
            start = clock()
            round_trip(connection, answer)
            samples.append((clock() - start) / 1000)
        cpu_after = cpu_nanoseconds(process.pid)
        connection.sock.close()
        process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    samples.sort()
    quantile = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]
    print(f"emulator round trip (GET next + POST response, 1 keep-alive connection, {len(samples)} iterations): "
          f"median {statistics.median(samples):.1f} µs, p90 {quantile(0.9):.1f} µs, p99 {quantile(0.99):.1f} µs "
          f"[{os.path.relpath(emulator, ROOT)}, busy poll {arguments.busy_poll_us} µs]")
    if cpu_before is not None and cpu_after is not None:
        print(f"emulator CPU per round trip (all threads): {(cpu_after - cpu_before) / 1000 / len(samples):.1f} µs")


if __name__ == "__main__":
    main()
