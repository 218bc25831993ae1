#!/usr/bin/env python3
"""Tick benchmark (issue 8, first harness): runs `sequencer tick` on workloads in a throwaway
PostgreSQL and prints wall time, runners moved per second, the tick's peak RSS and the ratio to
a baseline measured in the same run and database.

    bench/tick.sh [--sizes 10000,100000] [--idle 100000]

Workloads:
  advance  N runners due at a Conditional that answers next; baseline: one plain UPDATE of the
           same rows' step and timestamps plus one INSERT ... SELECT of N history rows.
  chain    N runners through a 5-step instant chain (Conditional → GoTo → …) in one tick;
           baseline: the advance floor times 5.
  idle     IDLE runners waiting (wakeAt in the future) and 1,000 due; baseline: a tick over
           1,000 due runners alone.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAMBDA_PRICE_PER_GB_SECOND = 0.0000166667  # x86, us-east-1, published price
STEP_FUNCTIONS_PER_MILLION = 25.0


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


class Database:
    def __init__(self, folder):
        self.folder = folder
        self.url = run([str(ROOT / "scripts/pg"), "start", folder]).stdout.strip()
        self.admin = self.url.replace("/sequencer?", "/postgres?")

    def reset(self):
        run(["psql", "-X", "-q", self.admin, "-c", "DROP DATABASE IF EXISTS sequencer WITH (FORCE)",
             "-c", "CREATE DATABASE sequencer"])

    def sql(self, statement):
        started = time.perf_counter()
        run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.url, "-c", statement])
        return time.perf_counter() - started

    def stop(self):
        subprocess.run([str(ROOT / "scripts/pg"), "stop", self.folder], capture_output=True)


class Sequencer:
    def __init__(self, binary, database):
        self.binary = binary
        self.environment = dict(os.environ, DATABASE_URL=database.url, SEQUENCER_CONFIG="")

    def __call__(self, *arguments, stdin=None):
        return run([self.binary, *arguments], env=self.environment, input=stdin)

    def timed_tick(self, now):
        """Wall seconds, steps moved and peak RSS (KiB) of one tick process."""
        started = time.perf_counter()
        result = run(["/usr/bin/time", "-f", "%M", self.binary, "tick", "--now", now], env=self.environment)
        elapsed = time.perf_counter() - started
        # Steps moved (a runner through a chain counts each step).
        moved = int(re.search(r"\((\d+) steps?\)", result.stdout).group(1))
        rss = int(result.stderr.strip().splitlines()[-1])
        return elapsed, moved, rss


def definition(name, steps):
    return json.dumps({"name": name, "steps": steps})


CONDITION = {"lodashCommand": "gte", "value": {"type": "get", "value": "data.n"}, "compareTo": {"type": "raw", "value": 0}}
WAIT = {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}


def enroll(sequencer, name, count, prefix, now):
    lines = "".join(json.dumps({"id": f"{prefix}-{i:07d}", "data": {"n": i % 100, "email": f"u{i}@example.com"}}) + "\n"
                    for i in range(count))
    sequencer("enroll", name, "-", "--now", now, stdin=lines)


def apply(sequencer, text):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        handle.write(text)
    sequencer("sequences", "apply", handle.name)


def floor(database, moves):
    """Plain SQL persisting `moves` moves: one UPDATE and one INSERT ... SELECT."""
    update = database.sql("UPDATE runners SET step = 'check', step_entered_at = now(), wake_at = '-infinity'")
    insert = database.sql("INSERT INTO runner_history (runner_id, sequence_name, sequence_version, from_step, to_step, action, at) "
                          "SELECT id, sequence_name, sequence_version, 'check', 'wait', 'next', now() FROM runners")
    return update + insert


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--idle", type=int, default=100000)
    parser.add_argument("--memory-mb", type=int, default=256, help="Lambda memory for the cost line")
    options = parser.parse_args()
    now = "2026-01-05T09:00:00Z"
    rows = []
    database = Database(tempfile.mkdtemp(prefix="sequencer-bench-", dir="/tmp"))
    os.chmod(database.folder, 0o755)
    try:
        sequencer = Sequencer(options.binary, database)
        for size in [int(s) for s in options.sizes.split(",")]:
            # advance
            database.reset()
            sequencer("migrate")
            apply(sequencer, definition("advance", [{"key": "check", "runner": "Conditional", "config": CONDITION, "next": "wait"}, WAIT]))
            enroll(sequencer, "advance", size, "a", now)
            elapsed, moved, rss = sequencer.timed_tick(now)
            baseline = floor(database, size)
            rows.append(("advance", size, elapsed, moved, rss, baseline, "plain UPDATE + INSERT…SELECT"))
            # chain
            database.reset()
            sequencer("migrate")
            steps = []
            for index in range(5):
                runner = {"key": f"c{index}", "runner": "Conditional", "config": CONDITION, "next": f"g{index}"}
                goto = {"key": f"g{index}", "runner": "GoTo", "config": {"step": f"c{index + 1}" if index < 4 else "wait"}}
                steps += [runner, goto]
            apply(sequencer, definition("chain", steps + [WAIT]))
            enroll(sequencer, "chain", size, "c", now)
            elapsed, moved, rss = sequencer.timed_tick(now)
            rows.append(("chain (10 steps)", size, elapsed, moved, rss, baseline * 10, "10 × the advance floor"))
        # idle
        database.reset()
        sequencer("migrate")
        apply(sequencer, definition("idle", [{"key": "check", "runner": "Conditional", "config": CONDITION, "next": "wait"}, WAIT]))
        enroll(sequencer, "idle", 1000, "due", now)
        small, small_moved, small_rss = sequencer.timed_tick(now)
        database.sql("UPDATE runners SET step = 'check', wake_at = '-infinity'")
        enroll(sequencer, "idle", options.idle, "waiting", now)
        database.sql("UPDATE runners SET step = 'wait', wake_at = '2030-01-01' WHERE id LIKE 'waiting-%'")
        elapsed, moved, rss = sequencer.timed_tick(now)
        rows.append((f"idle ({options.idle:,} waiting)", 1000, elapsed, moved, rss, small, "tick over the 1,000 due alone"))
    finally:
        database.stop()

    print(f"{'workload':<26} {'runners':>9} {'wall s':>8} {'moves/s':>10} {'peak RSS':>10} {'baseline s':>11} {'ratio':>7} {'$/M moves':>10}  baseline")
    for name, size, elapsed, moved, rss, baseline, what in rows:
        cost = elapsed * options.memory_mb / 1024 * LAMBDA_PRICE_PER_GB_SECOND / max(moved, 1) * 1e6
        print(f"{name:<26} {size:>9,} {elapsed:>8.2f} {moved / elapsed:>10,.0f} {rss / 1024:>8.1f} MiB {baseline:>11.2f} {elapsed / baseline:>7.2f} {cost:>10.5f}  {what}")
    print(f"Lambda cost at {options.memory_mb} MB and ${LAMBDA_PRICE_PER_GB_SECOND}/GB-s; AWS Step Functions Standard: ${STEP_FUNCTIONS_PER_MILLION:.2f} per million transitions.")


if __name__ == "__main__":
    sys.exit(main())
