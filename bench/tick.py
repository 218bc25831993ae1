#!/usr/bin/env python3
"""Tick benchmark: runs `sequencer tick` on workloads in a throwaway PostgreSQL and
prints, per workload, wall time, steps moved per second, the tick process's peak RSS and the
ratio to a baseline measured in the same run and database; then a cost line per workload and
whether the targets are met.

    bench/tick.sh [--sizes 10000,100000,1000000] [--idle 1000000] [--peer 2000,100000]

Workloads (each at every size):
  advance  N runners due at a Conditional that answers next, then a one-day wait: one tick moves
           each one step. Baseline: one plain UPDATE of the same rows' step and step_entered_at
           plus one INSERT ... SELECT of N history rows (the floor for persisting N moves). The
           floor that also persists the wake-up (an indexed column, so not a heap-only update)
           is printed beside it.
  chain    N runners through a 5-step instant chain (Conditional → GoTo → Conditional → GoTo →
           Conditional → end) in one tick. Baseline: one UPDATE of the rows' final state plus one
           INSERT ... SELECT of the same number of history rows (6 per runner).
  idle     IDLE runners waiting (wakeAt in the future) and 1,000 due. Baseline: a tick over the
           1,000 due runners alone.
  peer     the 3-step flow step → 1 ms durable wait → step: DBOS (bench/peer_dbos.py) for the
           first --peer size, Sequencer (two ticks, one second of engine time apart) for each.

Every figure comes from this run: each measurement is repeated (--repeat, --repeat-large) and
the median is printed, engine and baseline runs interleaved, each from the same vacuumed and
checkpointed state. The table ends with the ratios the targets are about.
"""
import argparse
import json
import statistics
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import namedtuple
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAMBDA_PRICE_PER_GB_SECOND = 0.0000166667  # x86_64, us-east-1, aws.amazon.com/lambda/pricing
STEP_FUNCTIONS_PER_MILLION = 25.0  # Standard workflows, per million state transitions
NOW = "2026-01-05T09:00:00Z"
LATER = "2026-01-05T09:00:01Z"

CONDITION = {"lodashCommand": "gte", "value": {"type": "get", "value": "data.n"}, "compareTo": {"type": "raw", "value": 0}}
WAIT_A_DAY = {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}


# One `sequencer tick` process: wall seconds, steps moved, peak RSS (KiB), CPU seconds (user + system).
TickRun = namedtuple("TickRun", "wall moves rss cpu")
# Lambda gives a function one full vCPU at 1,769 MB and CPU in proportion below that.
LAMBDA_MB_PER_VCPU = 1769


# psql reads and writes Sequencer's tables (schema `sequencer`) by their plain names.
PSQL_ENVIRONMENT = dict(os.environ, PGOPTIONS="-c search_path=sequencer,public")


def run(command, **kwargs):
    """Runs a command; a failure stops the benchmark with the command's own error output."""
    if command[0] == "psql":
        kwargs.setdefault("env", PSQL_ENVIRONMENT)
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(command[:4])} … failed with status {result.returncode}:\n{result.stderr[-3000:]}")
    return result


class Database:
    """A throwaway cluster (scripts/pg) and its `sequencer` database."""

    def __init__(self, folder):
        self.folder = folder
        self.url = run([str(ROOT / "scripts/pg"), "start", folder]).stdout.strip()
        self.admin = self.url.replace("/sequencer?", "/postgres?")

    def reset(self):
        run(["psql", "-X", "-q", self.admin, "-c", "DROP DATABASE IF EXISTS sequencer WITH (FORCE)",
             "-c", "CREATE DATABASE sequencer"])

    def sql(self, *statements):
        run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.url, *sum((["-c", s] for s in statements), [])])

    def value(self, query):
        return run(["psql", "-X", "-q", "-t", "-A", self.url, "-c", query]).stdout.strip()

    def timed(self, *statements):
        """Seconds the server took for `statements`, as psql's \\timing reports them."""
        # No JIT: the engine's batch statements are too small for it, so the floor runs without it too.
        result = run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.url, "-c", "SET jit = off", "-c", "\\timing on",
                      *sum((["-c", s] for s in statements), [])])
        return sum(float(ms) for ms in re.findall(r"Time: ([0-9.]+) ms", result.stdout)) / 1000

    def settle(self):
        """The same starting point for every measured run: no dead rows, fresh statistics, a checkpoint."""
        self.sql("VACUUM ANALYZE runners", "VACUUM ANALYZE runner_history", "CHECKPOINT")

    def stop(self):
        subprocess.run([str(ROOT / "scripts/pg"), "stop", self.folder], capture_output=True)


class Sequencer:
    def __init__(self, binary, database, config):
        self.binary = binary
        self.environment = dict(os.environ, DATABASE_URL=database.url, SEQUENCER_CONFIG=config or "")

    def __call__(self, *arguments, stdin=None):
        return run([self.binary, *arguments], env=self.environment, input=stdin)

    def tick(self, now=NOW):
        """One `sequencer tick` process, measured."""
        started = time.perf_counter()
        result = run(["/usr/bin/time", "-f", "%M %U %S", self.binary, "tick", "--now", now], env=self.environment)
        elapsed = time.perf_counter() - started
        moved = int(re.search(r"\((\d+) steps?\)", result.stdout).group(1))
        rss, user, system = result.stderr.strip().splitlines()[-1].split()
        return TickRun(elapsed, moved, int(rss), float(user) + float(system))

    def prepare(self, database, name, steps, count, prefix="r"):
        database.reset()
        self("migrate")
        # Vacuumed explicitly between runs instead: an autovacuum starting in the middle of one
        # run and not another would be noise.
        database.sql("ALTER TABLE runners SET (autovacuum_enabled = false)",
                     "ALTER TABLE runner_history SET (autovacuum_enabled = false)")
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump({"name": name, "steps": steps}, handle)
        self("sequences", "apply", handle.name)
        self.enroll(name, count, prefix)

    def enroll(self, name, count, prefix):
        for start in range(0, count, 200_000):
            lines = "".join(json.dumps({"id": f"{prefix}-{i:07d}", "data": {"n": i % 100, "email": f"u{i}@example.com"}}) + "\n"
                            for i in range(start, min(count, start + 200_000)))
            self("enroll", name, "-", "--now", NOW, stdin=lines)


def expect(condition, message):
    if not condition:
        sys.exit(f"bench: {message}")


def advance(sequencer, database, size, repeat):
    steps = [{"key": "check", "runner": "Conditional", "config": CONDITION, "next": "wait"}, WAIT_A_DAY]
    sequencer.prepare(database, "advance", steps, size)
    restore = ["UPDATE runners SET step = 'check', step_entered_at = enrolled_at, wake_at = '-infinity', visit = 1",
               "DELETE FROM runner_history WHERE action <> 'enrolled'"]
    history = ("INSERT INTO runner_history (runner_id, subject_id, sequence_name, sequence_version, from_step, to_step, action, message, at) "
               "SELECT id, subject_id, sequence_name, sequence_version, 'check', 'wait', 'next', 'gte is true', now() FROM runners")
    floors, wake_floors, ticks = [], [], []
    for _ in range(repeat):
        database.sql(*restore)
        database.settle()
        floors.append(database.timed("UPDATE runners SET step = 'wait', step_entered_at = now()", history))
        database.sql(*restore)
        database.settle()
        wake_floors.append(database.timed("UPDATE runners SET step = 'wait', step_entered_at = now(), wake_at = now() + interval '1 day'", history))
        database.sql(*restore)
        database.settle()
        ticks.append(sequencer.tick())
        moved = ticks[-1].moves
        expect(moved == size, f"advance {size}: the tick moved {moved}")
        expect(database.value("SELECT count(*) FROM runners WHERE step = 'wait' AND wake_at = '2026-01-06T09:00:00Z'") == str(size),
               f"advance {size}: not every runner waits at 'wait' until the next day")
        expect(database.value("SELECT count(*) FROM runner_history WHERE action = 'next'") == str(size), f"advance {size}: history rows")
    show_runs(f"advance {size}: ticks", [t.wall for t in ticks], "floors", floors, "floors with wake-up", wake_floors)
    tick = median_tick(ticks)
    floor_wake = statistics.median(wake_floors)
    return {"workload": "advance", "runners": size, "tick": tick, "baseline": statistics.median(floors),
            "baseline_label": "UPDATE step + INSERT…SELECT history",
            "note": f"floor that also moves wake_at (indexed): {floor_wake:.2f} s, engine / it = {tick.wall / floor_wake:.2f}"}


SHOW_RUNS = False


def show_runs(*labelled):
    """With --show-runs, every run's seconds on stderr (to see the noise behind a median)."""
    if SHOW_RUNS:
        parts = [f"{item}" if isinstance(item, str) else "[" + ", ".join(f"{x:.2f}" for x in item) + "]" for item in labelled]
        print(" ".join(parts), file=sys.stderr)


def median_tick(ticks):
    """The run of median wall time, with the highest peak RSS of all runs."""
    middle = sorted(ticks)[len(ticks) // 2]
    return middle._replace(rss=max(t.rss for t in ticks))


def chain(sequencer, database, size, repeat):
    steps = []
    for index in range(3):
        last = index == 2
        steps.append({"key": f"c{index}", "runner": "Conditional", "config": CONDITION, **({} if last else {"next": f"g{index}"})})
        if not last:
            steps.append({"key": f"g{index}", "runner": "GoTo", "config": {"step": f"c{index + 1}"}})
    sequencer.prepare(database, "chain", steps, size)
    restore = ["UPDATE runners SET step = 'c0', status = 'active', step_entered_at = enrolled_at, wake_at = '-infinity'",
               "DELETE FROM runner_history WHERE action <> 'enrolled'"]
    baselines, ticks = [], []
    for _ in range(repeat):
        database.sql(*restore)
        database.settle()
        baselines.append(database.timed(
            "UPDATE runners SET step = 'c2', status = 'completed', step_entered_at = now(), wake_at = 'infinity'",
            "INSERT INTO runner_history (runner_id, subject_id, sequence_name, sequence_version, from_step, to_step, action, message, at) "
            "SELECT id, subject_id, sequence_name, sequence_version, 'c0', 'g0', 'next', 'gte is true', now() FROM runners, generate_series(1, 6)"))
        database.sql(*restore)
        database.settle()
        ticks.append(sequencer.tick())
        moved = ticks[-1].moves
        expect(moved == 5 * size, f"chain {size}: the tick moved {moved} steps, not {5 * size}")
        expect(database.value("SELECT count(*) FROM runners WHERE status = 'completed'") == str(size), f"chain {size}: not all completed")
        expect(database.value("SELECT count(*) FROM runner_history WHERE action <> 'enrolled'") == str(6 * size), f"chain {size}: history")
    show_runs(f"chain {size}: ticks", [t.wall for t in ticks], "baselines", baselines)
    return {"workload": "chain (5 steps)", "runners": size, "tick": median_tick(ticks),
            "baseline": statistics.median(baselines), "baseline_label": "UPDATE final state + INSERT…SELECT 6 history rows each"}


def idle(sequencer, database, waiting, repeat):
    steps = [{"key": "check", "runner": "Conditional", "config": CONDITION, "next": "wait"}, WAIT_A_DAY]
    restore = ["UPDATE runners SET step = 'check', step_entered_at = enrolled_at, wake_at = '-infinity' WHERE id LIKE 'due-%'",
               "DELETE FROM runner_history WHERE action <> 'enrolled'"]

    def ticks():
        measured = []
        for _ in range(repeat):
            database.sql(*restore)
            database.settle()
            measured.append(sequencer.tick())
            expect(measured[-1].moves == 1000, f"idle: the tick moved {measured[-1].moves}, not the 1,000 due")
        show_runs("idle: ticks", [t.wall for t in measured])
        return median_tick(measured)

    sequencer.prepare(database, "idle", steps, 1000, prefix="due")
    alone = ticks().wall
    sequencer.enroll("idle", waiting, "waiting")
    database.sql("UPDATE runners SET step = 'wait', wake_at = '2030-01-01' WHERE id LIKE 'waiting-%'")
    return {"workload": f"idle ({waiting:,} waiting)", "runners": 1000, "tick": ticks(), "baseline": alone, "baseline_label": "tick over the 1,000 due alone"}


def peer_flow():
    return [{"key": "first", "runner": "Conditional", "config": CONDITION, "next": "pause"},
            {"key": "pause", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "milliseconds"}, "next": "second"},
            {"key": "second", "runner": "Conditional", "config": CONDITION}]


def peer(sequencer, database, sizes, dbos_subjects, repeat):
    rows = []
    dbos = json.loads(run([sys.executable, str(ROOT / "bench/peer_dbos.py"), "--database-url", database.url,
                           "--subjects", str(dbos_subjects)]).stdout.strip().splitlines()[-1])
    dbos_rate = dbos["transitions"] / dbos["seconds"]
    rows.append({"workload": "peer: DBOS 3.4", "runners": dbos_subjects, "tick": TickRun(dbos["seconds"], dbos["transitions"], None, None),
                 "baseline": None, "baseline_label": "queue, concurrency 50"})
    for size in sizes:
        sequencer.prepare(database, "peer", peer_flow(), size)
        measured = []
        for _ in range(repeat):
            database.sql("UPDATE runners SET step = 'first', status = 'active', step_entered_at = enrolled_at, wake_at = '-infinity'",
                         "DELETE FROM runner_history WHERE action <> 'enrolled'")
            database.settle()
            first, second = sequencer.tick(NOW), sequencer.tick(LATER)
            both = TickRun(first.wall + second.wall, first.moves + second.moves, max(first.rss, second.rss), first.cpu + second.cpu)
            expect(both.moves == 3 * size, f"peer {size}: {both.moves} transitions, not {3 * size}")
            expect(database.value("SELECT count(*) FROM runners WHERE status = 'completed'") == str(size), f"peer {size}: not all completed")
            measured.append(both)
        tick = median_tick(measured)
        rate = tick.moves / tick.wall
        rows.append({"workload": "peer: Sequencer", "runners": size, "tick": tick, "baseline": None, "baseline_label": "two ticks",
                     "note": f"transitions/s {rate:,.0f} vs DBOS {dbos_rate:,.0f} = {rate / dbos_rate:,.0f}×"})
    return rows, dbos_rate


def main():
    class Formatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
        pass
    parser = argparse.ArgumentParser(prog="bench/tick.sh", description=__doc__, formatter_class=Formatter)
    parser.add_argument("--binary", help="the sequencer executable (bench/tick.sh passes its release build; give it only when running tick.py directly)")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="runner counts of the advance and chain workloads")
    parser.add_argument("--idle", type=int, default=1_000_000, help="waiting runners beside the 1,000 due")
    parser.add_argument("--peer", default="2000,100000", help="Sequencer sizes of the peer flow; DBOS runs the first")
    parser.add_argument("--workloads", default="advance,chain,idle,peer", help="which workloads to run, comma-separated")
    parser.add_argument("--memory-mb", type=int, default=256, help="Lambda memory for the cost line (deploy/template.yaml's default)")
    parser.add_argument("--config", help="a sequencer configuration file for the ticks (default: embedded defaults)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measurement below 1,000,000 runners; the median counts")
    parser.add_argument("--show-runs", action="store_true", help="print every run's seconds on stderr")
    parser.add_argument("--repeat-large", type=int, default=3, help="runs of each measurement at 1,000,000 runners and more")
    options = parser.parse_args()
    if not options.binary:
        parser.error("--binary is required when tick.py is run directly (bench/tick.sh passes it)")
    global SHOW_RUNS
    SHOW_RUNS = options.show_runs
    sizes = [int(s) for s in options.sizes.split(",")]
    workloads = options.workloads.split(",")
    rows = []
    dbos_rate = None
    database = Database(tempfile.mkdtemp(prefix="sequencer-bench-", dir="/tmp"))
    os.chmod(database.folder, 0o755)
    started = time.time()
    try:
        sequencer = Sequencer(options.binary, database, options.config)
        def repeat(size):
            return options.repeat_large if size >= 1_000_000 else options.repeat
        for size in sizes:
            if "advance" in workloads:
                rows.append(advance(sequencer, database, size, repeat(size)))
            if "chain" in workloads:
                rows.append(chain(sequencer, database, size, repeat(size)))
        if "idle" in workloads:
            rows.append(idle(sequencer, database, options.idle, options.repeat))
        if "peer" in workloads:
            peer_sizes = [int(s) for s in options.peer.split(",")]
            peer_rows, dbos_rate = peer(sequencer, database, peer_sizes, peer_sizes[0], options.repeat)
            rows += peer_rows
    finally:
        database.stop()

    print(f"{'workload':<24} {'runners':>9} {'wall s':>8} {'moves/s':>10} {'peak RSS':>10} {'CPU s':>6} {'baseline s':>10} "
          f"{'ratio':>6} {'$/M wall':>9} {'$/M CPU':>8}  baseline")
    gb_second = options.memory_mb / 1024 * LAMBDA_PRICE_PER_GB_SECOND
    for row in rows:
        tick = row["tick"]
        rss = f"{tick.rss / 1024:.1f} MiB" if tick.rss else "—"
        cpu = f"{tick.cpu:.2f}" if tick.cpu is not None else "—"
        baseline = f"{row['baseline']:.2f}" if row["baseline"] else "—"
        ratio = f"{tick.wall / row['baseline']:.2f}" if row["baseline"] else "—"
        # Per million moves: as measured here, and with the tick's CPU stretched to the share of a
        # vCPU Lambda gives at this memory (the database's time is not the function's CPU).
        wall_cost = f"{tick.wall * gb_second / tick.moves * 1e6:.5f}" if tick.rss else "—"
        scaled = max(tick.wall, tick.cpu * LAMBDA_MB_PER_VCPU / options.memory_mb) if tick.rss else None
        cpu_cost = f"{scaled * gb_second / tick.moves * 1e6:.5f}" if scaled else "—"
        print(f"{row['workload']:<24} {row['runners']:>9,} {tick.wall:>8.2f} {tick.moves / tick.wall:>10,.0f} {rss:>10} {cpu:>6} "
              f"{baseline:>10} {ratio:>6} {wall_cost:>9} {cpu_cost:>8}  {row['baseline_label']}")
        if row.get("note"):
            print(f"{'':<24} {row['note']}")
    print(f"Cost per million moves: Lambda at {options.memory_mb} MB × ${LAMBDA_PRICE_PER_GB_SECOND}/GB-s, for the wall time "
          f"measured here ($/M wall) and for the tick's CPU time at {options.memory_mb / LAMBDA_MB_PER_VCPU:.2f} vCPU ($/M CPU); "
          f"AWS Step Functions Standard: ${STEP_FUNCTIONS_PER_MILLION:.2f} per million state transitions.")

    print("\nTargets:")
    def verdict(ok):
        return "met" if ok else "MISSED"
    for row in rows:
        tick = row["tick"]
        if row["workload"] == "advance" and row["runners"] == 100_000:
            ratio = tick.wall / row["baseline"]
            print(f"  advance 100,000 within 1.5× the floor: {ratio:.2f}× — {verdict(ratio <= 1.5)}")
        if row["workload"].startswith("idle"):
            ratio = tick.wall / row["baseline"]
            print(f"  idle within 3× the 1,000-runner tick: {ratio:.2f}× — {verdict(ratio <= 3)}")
        if row["runners"] == 1_000_000 and tick.rss:
            print(f"  {row['workload']} 1,000,000: peak RSS {tick.rss / 1024:.1f} MiB under 200 MiB — {verdict(tick.rss < 200 * 1024)}")
        if row["workload"] == "peer: Sequencer" and dbos_rate:
            times = tick.moves / tick.wall / dbos_rate
            judged = verdict(times >= 100) if row["runners"] >= 2000 else "not judged: the target is set for 2,000 subjects and more"
            print(f"  peer {row['runners']:,}: {times:,.0f}× DBOS's transitions per second (≥ 100×) — {judged}")
    print(f"\nRun took {time.time() - started:.0f} s.")


if __name__ == "__main__":
    sys.exit(main())
