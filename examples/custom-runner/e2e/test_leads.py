"""The example's own executables end to end: its `sequencer` (LeadScore built in) applies
sequences/leads.json, enrols leads and ticks — scores at or above the threshold take `next`, below
`altNext`, a score that is not a number is a failed attempt — and refuses a LeadScore step with a
bad config by JSON pointer; its `bootstrap` serves LeadScore through the Runtime API (Sequencer's
lambda-emulator). Needs SEQUENCER_TEST_PG_DIR (the PostgreSQL scripts/test starts), the example
built (`swift build` in examples/custom-runner) and Sequencer's lambda-emulator."""
import json
import os
import subprocess
import tempfile
import uuid

import pytest

EXAMPLE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(os.path.dirname(EXAMPLE))
BIN = os.path.join(EXAMPLE, ".build", "debug")
EMULATOR = os.path.join(ROOT, ".build", "debug", "lambda-emulator")
NOW = "2026-12-07T09:00:00Z"


def run(url, *arguments, input_text=None, status=0):
    environment = dict(os.environ, DATABASE_URL=url, SEQUENCER_CONFIG="")
    result = subprocess.run([os.path.join(BIN, "sequencer"), *arguments], input=input_text, capture_output=True, text=True,
                            env=environment, timeout=120)
    assert result.returncode == status, f"sequencer {' '.join(arguments)}: {result.stderr}"
    return result


@pytest.fixture()
def database():
    pg_dir = os.environ.get("SEQUENCER_TEST_PG_DIR")
    assert pg_dir, "SEQUENCER_TEST_PG_DIR is not set: run scripts/test"
    base = subprocess.run([os.path.join(ROOT, "scripts", "pg"), "url", pg_dir], capture_output=True, text=True, check=True).stdout.strip()
    name = "leads_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    url = base.replace("/sequencer?", f"/{name}?", 1)
    run(url, "migrate")
    return url


def test_scores_take_next_or_alt_next_locally(database):
    run(database, "sequences", "apply", os.path.join(EXAMPLE, "sequences", "leads.json"))
    leads = [
        {"id": "hot", "data": {"name": "Ann", "email": "ann@example.com", "score": 80}},
        {"id": "cold", "data": {"name": "Bob", "email": "bob@example.com", "score": 12}},
        {"id": "odd", "data": {"name": "Eve", "email": "eve@example.com", "score": "high"}},
    ]
    run(database, "enroll", "leads", "-", "--now", NOW, input_text="\n".join(json.dumps(lead) for lead in leads))
    summary = run(database, "tick", "--now", NOW).stdout
    assert "errors 1" in summary, summary
    steps = dict(line.split("|") for line in subprocess.run(
        ["psql", database, "-Atc", "SELECT id, step FROM sequencer.runners ORDER BY id"], capture_output=True, text=True, check=True
    ).stdout.split())
    assert steps == {"hot": "done", "cold": "done", "odd": "score"}
    assert "score 80 ≥ 50" in run(database, "history", "hot").stdout
    assert "call" in run(database, "history", "hot").stdout
    assert "nurture" in run(database, "history", "cold").stdout
    assert "data.score must be a number, not string" in run(database, "history", "odd").stdout
    outbox = run(database, "outbox", "--limit", "5").stdout
    assert "Call Ann (score 80)" in outbox and "A few ideas for Bob" in outbox


def test_check_and_eval_know_lead_score(database):
    run(database, "sequences", "apply", os.path.join(EXAMPLE, "sequences", "leads.json"))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as runner:
        json.dump({"id": "x", "data": {"score": 49}}, runner)
    answer = json.loads(run(database, "check", "leads", "score", "--runner", runner.name, "--now", NOW).stdout.splitlines()[0])
    assert answer["action"] == "altNext"
    line = json.dumps({"step": {"runner": "LeadScore", "config": {"threshold": "50"}}, "runner": {"data": {"score": 1}}, "now": NOW})
    assert json.loads(run(database, "eval", input_text=line + "\n").stdout)["pointer"] == "/step/config/threshold"


def test_a_bad_config_is_refused_by_pointer(database):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as definition:
        json.dump({"name": "bad", "steps": [{"key": "s", "runner": "LeadScore", "config": {"treshold": 5}}]}, definition)
    refused = run(database, "sequences", "apply", definition.name, status=2).stderr
    assert "/steps/0/config/treshold: unknown field" in refused
    assert "/steps/0/config/threshold: is required" in refused


def test_the_bootstrap_serves_lead_score(tmp_path):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"config": {"threshold": 50}, "runners": [
        {"id": "a", "data": {"score": 51}}, {"id": "b", "data": {"score": 3}}]}))
    result = subprocess.run([EMULATOR, "--bootstrap", os.path.join(BIN, "bootstrap"), "--handler", "LeadScore", "--event", str(event)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    answers = {answer["id"]: answer["action"] for answer in json.loads(result.stdout)}
    assert answers == {"a": "next", "b": "altNext"}
