#!/usr/bin/env python3
"""Entry-point benchmark: enrolling and updating subjects through every entry point, each against
a plain-SQL floor measured in the same run and database.

    bench/entry.sh [--subjects 100000] [--updates 10000] [--repeat 3]

Workloads:
  enroll-sql   N subjects enrolled by `SELECT sequencer.enroll(…)` once per subject, all in one
               transaction (an application enrolling inside its own transaction, row by row).
  enroll-batch the same N through one `SELECT sequencer.enroll_batch(…)` call in one transaction
               (the set-based SQL entry point every other path uses).
  enroll-api   the same N through the real `bootstrap` (`_HANDLER=api`) under the Runtime API
               emulator, in events of 500 enroll commands each (the api's batch path).
  enroll-cli   the same N through `sequencer enroll` with a JSON Lines file.
  floor        a plain INSERT … SELECT of the same rows into the same tables (subjects, runners,
               runner_history) in one transaction: what persisting N enrolments costs at least.
  update-cli   M subjects' data merged through `sequencer update --file` (JSON Lines).
  update floor one UPDATE … FROM of the same rows (the same merge, the same trigger).

Every run starts from the same state (tables emptied or restored, vacuumed, checkpointed); each
figure is the median of --repeat runs, engine and floor interleaved. Targets (issue 13): every
enroll path and the update within 2× its floor.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tick import Database, run, ROOT  # noqa: E402  (the same throwaway PostgreSQL and helpers)

NOW = "2026-01-05T09:00:00Z"
SEQUENCE = {"name": "onboarding", "steps": [{"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
BATCH = 500


def subject(i):
    return {"email": f"u{i}@example.com", "n": i % 100}


class Bench:
    def __init__(self, options, database):
        self.options = options
        self.database = database
        self.environment = dict(os.environ, DATABASE_URL=database.url, SEQUENCER_CONFIG="")
        self.folder = Path(tempfile.mkdtemp(prefix="sequencer-entry-"))

    def sequencer(self, *arguments, stdin=None):
        return run([self.options.sequencer, *arguments], env=self.environment, input=stdin)

    def prepare(self):
        self.database.reset()
        self.sequencer("migrate")
        definition = self.folder / "sequence.json"
        definition.write_text(json.dumps(SEQUENCE))
        self.sequencer("sequences", "apply", str(definition))
        self.database.sql("ALTER TABLE subjects SET (autovacuum_enabled = false)",
                          "ALTER TABLE runners SET (autovacuum_enabled = false)",
                          "ALTER TABLE runner_history SET (autovacuum_enabled = false)")

    def empty(self):
        self.database.sql("TRUNCATE runner_history, runners, subjects, idempotency_keys",
                          "VACUUM ANALYZE subjects", "VACUUM ANALYZE runners", "VACUUM ANALYZE runner_history", "CHECKPOINT")

    def count(self, table):
        return int(self.database.value(f"SELECT count(*) FROM {table}"))

    def check_enrolled(self, label):
        size = self.options.subjects
        for table in ("subjects", "runners", "runner_history"):
            found = self.count(table)
            if found != size:
                sys.exit(f"bench: {label}: {found} rows in {table}, not {size}")

    def floor(self):
        size = self.options.subjects
        return self.database.timed(
            "BEGIN",
            "INSERT INTO subjects (id, data) SELECT 'u-' || g, jsonb_build_object('email', 'u' || g || '@example.com', 'n', g % 100) "
            f"FROM generate_series(0, {size - 1}) g",
            "INSERT INTO runners (id, subject_id, sequence_name, sequence_version, step, step_entered_at, wake_at, enrolled_at) "
            f"SELECT 'u-' || g, 'u-' || g, 'onboarding', 1, 'wait', '{NOW}', '-infinity', '{NOW}' FROM generate_series(0, {size - 1}) g",
            "INSERT INTO runner_history (runner_id, subject_id, sequence_name, sequence_version, from_step, to_step, action, at) "
            f"SELECT 'u-' || g, 'u-' || g, 'onboarding', 1, NULL, 'wait', 'enrolled', '{NOW}' FROM generate_series(0, {size - 1}) g",
            "COMMIT")

    def enroll_sql(self):
        size = self.options.subjects
        return self.database.timed(
            "SELECT count(sequencer.enroll('onboarding', 'u-' || g, jsonb_build_object('email', 'u' || g || '@example.com', 'n', g % 100), "
            f"at => '{NOW}')) FROM generate_series(0, {size - 1}) g")

    def enroll_batch(self):
        size = self.options.subjects
        return self.database.timed(
            "SELECT count(*) FROM sequencer.enroll_batch((SELECT jsonb_agg(jsonb_build_object('sequence', 'onboarding', "
            "'subject', 'u-' || g, 'data', jsonb_build_object('email', 'u' || g || '@example.com', 'n', g % 100))) "
            f"FROM generate_series(0, {size - 1}) g), '{NOW}')")

    def enroll_cli(self):
        size = self.options.subjects
        lines = self.folder / "subjects.jsonl"
        if not lines.exists():
            lines.write_text("".join(json.dumps({"id": f"u-{i}", "data": subject(i)}) + "\n" for i in range(size)))
        started = time.perf_counter()
        self.sequencer("enroll", "onboarding", str(lines), "--now", NOW)
        return time.perf_counter() - started

    def enroll_api(self):
        size = self.options.subjects
        events = self.folder / "events.jsonl"
        if not events.exists():
            with events.open("w") as handle:
                for start in range(0, size, BATCH):
                    commands = [{"command": "enroll", "sequence": "onboarding", "subject": f"u-{i}", "data": subject(i)}
                                for i in range(start, min(size, start + BATCH))]
                    handle.write(json.dumps({"commands": commands}) + "\n")
        started = time.perf_counter()
        emulator = subprocess.Popen([self.options.emulator, "--serve-only", "--events", str(events), "--deadline-seconds", "600"],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        address = emulator.stdout.readline().strip().split("=", 1)[1]
        runtime = subprocess.Popen([self.options.bootstrap], env=dict(self.environment, AWS_LAMBDA_RUNTIME_API=address, _HANDLER="api"),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        answers = emulator.stdout.read().splitlines()
        status = emulator.wait()
        elapsed = time.perf_counter() - started
        runtime.terminate()
        runtime.wait()
        if status != 0 or len(answers) != (size + BATCH - 1) // BATCH:
            sys.exit(f"bench: enroll-api: the emulator exited {status} with {len(answers)} answers")
        failed = sum(1 for answer in answers for result in json.loads(answer)["results"] if not result["ok"])
        if failed:
            sys.exit(f"bench: enroll-api: {failed} commands failed")
        return elapsed

    def measure_enroll(self):
        floors, paths = [], {"enroll-sql": [], "enroll-batch": [], "enroll-api": [], "enroll-cli": []}
        for _ in range(self.options.repeat):
            self.empty()
            floors.append(self.floor())
            self.check_enrolled("floor")
            for name, measure in (("enroll-sql", self.enroll_sql), ("enroll-batch", self.enroll_batch), ("enroll-api", self.enroll_api),
                                  ("enroll-cli", self.enroll_cli)):
                self.empty()
                paths[name].append(measure())
                self.check_enrolled(name)
        return statistics.median(floors), {name: statistics.median(times) for name, times in paths.items()}

    def measure_update(self):
        count = self.options.updates
        lines = self.folder / "updates.jsonl"
        lines.write_text("".join(json.dumps({"subject": f"u-{i}", "data": {"plan": "paid", "score": i}}) + "\n" for i in range(count)))
        restore = ["UPDATE subjects SET data = data - 'plan' - 'score' WHERE data ? 'plan'",
                   "UPDATE runners SET wake_at = '2030-01-01', data_revision = 0"]
        floors, updates = [], []
        for _ in range(self.options.repeat):
            self.database.sql(*restore, "VACUUM ANALYZE subjects", "VACUUM ANALYZE runners", "CHECKPOINT")
            floors.append(self.database.timed(
                "UPDATE subjects s SET data = s.data || u.patch FROM (SELECT 'u-' || g AS id, "
                f"jsonb_build_object('plan', 'paid', 'score', g) AS patch FROM generate_series(0, {count - 1}) g) u WHERE s.id = u.id"))
            self.database.sql(*restore, "VACUUM ANALYZE subjects", "VACUUM ANALYZE runners", "CHECKPOINT")
            started = time.perf_counter()
            self.sequencer("update", "--file", str(lines))
            updates.append(time.perf_counter() - started)
            woken = int(self.database.value("SELECT count(*) FROM runners WHERE wake_at = '-infinity'"))
            if woken != count:
                sys.exit(f"bench: update-cli: {woken} runners woken, not {count}")
        return statistics.median(floors), statistics.median(updates)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sequencer", required=True, help="the sequencer executable (bench/entry.sh passes its release build)")
    parser.add_argument("--bootstrap", required=True, help="the bootstrap executable")
    parser.add_argument("--emulator", required=True, help="the lambda-emulator executable")
    parser.add_argument("--subjects", type=int, default=100_000, help="subjects enrolled by each path")
    parser.add_argument("--updates", type=int, default=10_000, help="subjects updated")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the median counts")
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="sequencer-entry-pg-")
    database = Database(folder)
    try:
        bench = Bench(options, database)
        bench.prepare()
        floor, paths = bench.measure_enroll()
        update_floor, update = bench.measure_update()
    finally:
        database.stop()
    print(f"{'workload':<14}{'count':>10}{'seconds':>10}{'per second':>12}{'floor s':>10}{'ratio':>8}")
    for name, seconds in paths.items():
        print(f"{name:<14}{options.subjects:>10,}{seconds:>10.2f}{options.subjects / seconds:>12,.0f}{floor:>10.2f}{seconds / floor:>8.2f}")
    print(f"{'update-cli':<14}{options.updates:>10,}{update:>10.2f}{options.updates / update:>12,.0f}{update_floor:>10.2f}{update / update_floor:>8.2f}")
    print("floors: enrol = INSERT … SELECT into subjects, runners and runner_history in one transaction; "
          "update = one UPDATE … FROM of the same rows")
    print("\nTargets (within 2× the floor):")
    for name, seconds in list(paths.items()) + [("update-cli", update)]:
        base = update_floor if name == "update-cli" else floor
        print(f"  {name}: {seconds / base:.2f}× — {'met' if seconds / base <= 2 else 'MISSED'}")


if __name__ == "__main__":
    main()
