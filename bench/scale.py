#!/usr/bin/env python3
"""Scale benchmark (issue 18): moves per second for 1, 2, 4 and 8 concurrent tick processes —
as fan-out runs them on Lambda, one connection each — with a latency proxy (1 ms each way by
default, a stand-in for Lambda to RDS) between them and PostgreSQL, and the same without it as
the floor of this run; with the database's CPU use for each. Then what bounds the figures here.

    bench/scale.sh [--runners 100000] [--concurrency 1,2,4,8] [--delay-ms 1] [--repeat 3]

Workload: `advance` of bench/tick.py — RUNNERS runners due at a Conditional that answers next,
then a one-day wait; every run starts from the same vacuumed and checkpointed state, and checks
that every runner moved exactly once (the processes' reported moves add up to RUNNERS and the
history has one `next` line per runner). The database's CPU is the server's processes' user +
system time over the run (the postmaster's reaped children included), in cores.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tick import CONDITION, NOW, ROOT, WAIT_A_DAY, Database, Sequencer, expect  # noqa: E402

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
RESTORE = ["UPDATE runners SET step = 'check', step_entered_at = enrolled_at, wake_at = '-infinity', visit = 1",
           "DELETE FROM runner_history WHERE action <> 'enrolled'"]


def cpu_seconds(pid, reaped=True):
    """User + system seconds of a process (and of its reaped children when `reaped`)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    used = int(fields[11]) + int(fields[12]) + ((int(fields[13]) + int(fields[14])) if reaped else 0)
    return used / TICKS_PER_SECOND


def server_cpu(postmaster):
    """CPU seconds of the whole server: the postmaster, its reaped children and its live ones."""
    children = Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()
    live = 0.0
    for child in children:
        try:
            live += cpu_seconds(child, reaped=False)
        except (FileNotFoundError, ProcessLookupError):
            pass
    return cpu_seconds(postmaster) + live, len(children)


def run_ticks(binary, url, config, count, postmaster):
    """`count` tick processes at once; returns (wall seconds, moves, server CPU seconds)."""
    environment = dict(os.environ, DATABASE_URL=url, SEQUENCER_CONFIG=config)
    cpu_before, children_before = server_cpu(postmaster)
    started = time.perf_counter()
    processes = [subprocess.Popen([binary, "tick", "--now", NOW], env=environment, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(count)]
    outputs = [process.communicate() for process in processes]
    wall = time.perf_counter() - started
    for process, (_, error) in zip(processes, outputs):
        expect(process.returncode == 0, f"a tick failed with status {process.returncode}: {error[-2000:]}")
    for _ in range(200):  # the backends end after their clients: wait until they are reaped
        if server_cpu(postmaster)[1] <= children_before:
            break
        time.sleep(0.01)
    moves = sum(int(output.split("moved ", 1)[1].split()[0]) for output, _ in outputs)
    return wall, moves, server_cpu(postmaster)[0] - cpu_before


def main():
    parser = argparse.ArgumentParser(prog="bench/scale.sh", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the sequencer executable (bench/scale.sh passes its release build)")
    parser.add_argument("--runners", type=int, default=100_000)
    parser.add_argument("--concurrency", default="1,2,4,8", help="tick processes at once, comma-separated")
    parser.add_argument("--delay-ms", type=float, default=1.0, help="the proxy's delay in each direction")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the median counts")
    parser.add_argument("--batch-size", type=int, default=1000)
    arguments = parser.parse_args()
    levels = [int(level) for level in arguments.concurrency.split(",")]

    with tempfile.TemporaryDirectory(prefix="sequencer-scale-") as folder:
        database = Database(folder)
        proxy = None
        try:
            sequencer = Sequencer(arguments.binary, database, None)
            steps = [{"key": "check", "runner": "Conditional", "config": CONDITION, "next": "wait"}, WAIT_A_DAY]
            sequencer.prepare(database, "advance", steps, arguments.runners)
            postmaster = int(Path(folder, "data", "postmaster.pid").read_text().split()[0])
            socket = next(Path(folder).glob(".s.PGSQL.*"))
            proxy = subprocess.Popen([str(ROOT / "scripts/latency-proxy"), str(socket), str(arguments.delay_ms)],
                                     stdout=subprocess.PIPE, text=True)
            port = int(proxy.stdout.readline())
            routes = {"proxy": f"postgresql://sequencer@127.0.0.1:{port}/sequencer?sslmode=disable", "direct": database.url}
            config = Path(folder, "config.json")
            config.write_text(f'{{"tick": {{"workers": 1, "batchSize": {arguments.batch_size}}}}}')
            rows = []
            for level in levels:
                figures = {}
                for route, url in routes.items():
                    runs = []
                    for _ in range(arguments.repeat):
                        database.sql(*RESTORE)
                        database.settle()
                        wall, moves, cpu = run_ticks(arguments.binary, url, str(config), level, postmaster)
                        expect(moves == arguments.runners, f"{level} × {route}: moved {moves} of {arguments.runners}")
                        expect(database.value("SELECT count(*) FROM runner_history WHERE action = 'next'") == str(arguments.runners),
                               f"{level} × {route}: history lines differ from moves")
                        runs.append((wall, cpu))
                    wall, cpu = sorted(runs)[len(runs) // 2]
                    figures[route] = (arguments.runners / wall, cpu / wall)
                rows.append((level, figures))
        finally:
            if proxy:
                proxy.kill()
            database.stop()
    report(arguments, rows)


def report(arguments, rows):
    cores = os.cpu_count()
    print(f"scale: {arguments.runners:,} runners due, batches of {arguments.batch_size}, one connection per tick process, "
          f"proxy {arguments.delay_ms:g} ms each way; {cores} cores shared by the ticks, the proxy and PostgreSQL; "
          f"median of {arguments.repeat}")
    print("| tick processes | moves/s via proxy | DB CPU (cores) | moves/s direct | DB CPU (cores) | proxy / direct | speed-up via proxy |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    base = rows[0][1]["proxy"][0]
    for level, figures in rows:
        (proxied, proxied_cpu), (direct, direct_cpu) = figures["proxy"], figures["direct"]
        print(f"| {level} | {proxied:,.0f} | {proxied_cpu:.2f} | {direct:,.0f} | {direct_cpu:.2f} | "
              f"{proxied / direct:.2f} | {proxied / base:.2f}× |")
    one = rows[0][1]
    batch_seconds = arguments.batch_size / one["proxy"][0]
    extra = arguments.batch_size / one["proxy"][0] - arguments.batch_size / one["direct"][0]
    print(f"\nOne process: a batch of {arguments.batch_size} takes {batch_seconds * 1000:.0f} ms via the proxy, "
          f"{extra * 1000:.0f} ms more than direct: about {extra * 1000 / (2 * arguments.delay_ms):.0f} round trips of "
          f"{2 * arguments.delay_ms:g} ms per batch.")
    peak = max(statistics.fmean(f[name][1] for name in f) for _, f in rows)
    print(f"Busiest database: {peak:.2f} of {cores} cores. Where more processes stop adding moves/s while the "
          "database's CPU nears the machine's cores, the bound is CPU (PostgreSQL and the ticks share it here); "
          "where the proxy's ratio to direct stays low at one process, the bound is round trips.")


if __name__ == "__main__":
    main()
