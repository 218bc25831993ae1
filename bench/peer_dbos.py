#!/usr/bin/env python3
"""The peer workload on DBOS (pip package `dbos` 3.x): SUBJECTS workflows of step → durable
wait → step, enqueued on a queue with concurrency, on the PostgreSQL at DATABASE_URL (its own
database, `dbos_bench`, created here). Prints one JSON line: subjects, transitions, seconds.

    python3 bench/peer_dbos.py --database-url URL --subjects 2000 [--concurrency 50]

`DBOS.sleep(0)` records nothing in DBOS 3.4, so the wait is one millisecond: a durable sleep
that DBOS persists, as Sequencer persists a runner's wait. Each workflow makes three
transitions (step, sleep, step), counted as Sequencer counts steps.
"""
import argparse
import json
import subprocess
import sys
import time

from dbos import DBOS, DBOSConfig


@DBOS.step()
def first_step(subject: int) -> int:
    return subject % 100


@DBOS.step()
def second_step(value: int) -> bool:
    return value >= 0


@DBOS.workflow()
def flow(subject: int) -> bool:
    value = first_step(subject)
    DBOS.sleep(0.001)
    return second_step(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="PostgreSQL URL of the `sequencer` database")
    parser.add_argument("--subjects", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    options = parser.parse_args()

    admin = options.database_url.replace("/sequencer?", "/postgres?")
    subprocess.run(["psql", "-X", "-q", admin, "-c", "DROP DATABASE IF EXISTS dbos_bench WITH (FORCE)",
                    "-c", "CREATE DATABASE dbos_bench"], check=True, capture_output=True)
    url = options.database_url.replace("postgresql://", "postgresql+psycopg://").replace("/sequencer?", "/dbos_bench?")
    DBOS(config=DBOSConfig(name="sequencer-peer", system_database_url=url, console_log_level="WARNING"))
    DBOS.launch()
    queue = DBOS.register_queue("bench", concurrency=options.concurrency, polling_interval_sec=0.05)
    try:
        started = time.perf_counter()
        handles = [queue.enqueue(flow, subject) for subject in range(options.subjects)]
        results = [handle.get_result() for handle in handles]
        elapsed = time.perf_counter() - started
    finally:
        DBOS.destroy()
    if not all(results):
        print("a DBOS workflow returned a wrong result", file=sys.stderr)
        return 1
    print(json.dumps({"subjects": options.subjects, "transitions": 3 * options.subjects, "seconds": elapsed}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
