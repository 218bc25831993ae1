"""The dashboard in a real headless Chromium: `sequencer dashboard` on a free loopback port
against a fresh database with some runners; the test loads the pages, searches a subject through
the header's form (typing and clicking over the DevTools protocol), follows the result and checks
the subject's runners, explanation and history, and that a subject id full of markup shows as
text. Needs SEQUENCER_TEST_PG_DIR (the server scripts/test starts) and a built `sequencer`."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from cdp import Browser  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("SEQUENCER_BINARY", os.path.join(ROOT, ".build", "debug", "sequencer"))
LOGS = os.environ.get("SEQUENCER_TEST_LOG_DIR", "/tmp")
HOSTILE = '<b>ann</b> & "co" <script>x()</script>'
NOW = "2026-12-07T12:00:00Z"


def sequencer(url, *arguments, input_text=None):
    environment = dict(os.environ, DATABASE_URL=url, SEQUENCER_CONFIG="")
    result = subprocess.run([BINARY, *arguments], input=input_text, capture_output=True, text=True, env=environment, timeout=120)
    assert result.returncode == 0, f"sequencer {' '.join(arguments)}: {result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def database():
    pg_dir = os.environ.get("SEQUENCER_TEST_PG_DIR")
    assert pg_dir, "SEQUENCER_TEST_PG_DIR is not set: run scripts/test"
    base = subprocess.run([os.path.join(ROOT, "scripts", "pg"), "url", pg_dir], capture_output=True, text=True, check=True).stdout.strip()
    name = "dashboard_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    url = base.replace("/sequencer?", f"/{name}?", 1)
    sequencer(url, "migrate")
    sequencer(url, "sequences", "apply", os.path.join(ROOT, "examples", "sequences", "10-trial-onboarding.json"))
    subjects = [
        {"id": "u-ann", "data": {"firstName": "Ann", "email": "ann@example.com", "plan": "free", "seats": 2, "timeZone": "America/New_York"}},
        {"id": "u-bob", "data": {"firstName": "Bob", "email": "bob@example.com", "plan": "pro", "seats": 12, "timeZone": "Europe/Paris"}},
        {"id": HOSTILE, "data": {"firstName": "<i>Eve</i>", "email": "eve@example.com", "plan": "free", "seats": 1}},
    ]
    sequencer(url, "enroll", "trial-onboarding", "-", "--now", "2026-12-01T09:00:00Z", input_text="\n".join(json.dumps(s) for s in subjects))
    for now in ("2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z", "2026-12-04T09:00:00Z", "2026-12-07T12:00:00Z"):
        sequencer(url, "tick", "--now", now)
    return url


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def dashboard(database):
    port = free_port()
    log = open(os.path.join(LOGS, f"dashboard-{port}.log"), "w")
    environment = dict(os.environ, DATABASE_URL=database, SEQUENCER_CONFIG="")
    server = subprocess.Popen([BINARY, "dashboard", "--port", str(port), "--now", NOW], stdout=log, stderr=subprocess.STDOUT, env=environment)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):  # bounded: at most 30 s for the server to answer
        try:
            urllib.request.urlopen(base + "/", timeout=1).read()
            break
        except (urllib.error.URLError, ConnectionError):
            assert server.poll() is None, "the dashboard exited before answering"
            time.sleep(0.1)
    else:
        pytest.fail("the dashboard did not answer within 30 s")
    yield base
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def page():
    browser = Browser(log_path=os.path.join(LOGS, "chromium.log"))
    page = browser.page()
    yield page
    page.close()
    browser.close()


def test_it_listens_on_loopback_only(dashboard):
    assert dashboard.startswith("http://127.0.0.1:")


def test_the_index_lists_the_sequences(page, dashboard):
    page.navigate(dashboard + "/")
    text = page.text("main")
    assert "trial-onboarding" in text
    assert page.evaluate("document.querySelector('main table a').getAttribute('href')") == "/sequences/trial-onboarding"


def test_a_sequence_shows_its_graph_with_counts(page, dashboard):
    page.navigate(dashboard + "/sequences/trial-onboarding")
    steps = page.evaluate("[...document.querySelectorAll('svg [data-step]')].map(e => e.getAttribute('data-step'))")
    assert "welcome-email" in steps and "is-pro" in steps
    assert "enrolled · 3" in page.evaluate("document.querySelector('svg').textContent")
    assert "Runners per version" in page.text("main")


def test_searching_a_subject_through_the_form_shows_its_runners_and_history(page, dashboard):
    page.navigate(dashboard + "/")
    page.click("header input[name=q]")
    page.type("<b>ann")
    page.click("header button[type=submit]")
    page.wait_for("location.pathname === '/subjects' && document.readyState === 'complete'")
    assert page.evaluate("new URLSearchParams(location.search).get('q')") == "<b>ann"
    links = page.evaluate("[...document.querySelectorAll('ul.results a')].map(a => a.textContent)")
    assert links == [HOSTILE]
    page.click("ul.results a")
    page.wait_for("location.pathname.startsWith('/subjects/') && document.readyState === 'complete'")
    # The id is shown as text, never as markup.
    assert page.evaluate("document.querySelector('main h1').textContent") == HOSTILE
    assert page.evaluate("document.querySelectorAll('main h1 *, main b, main script, main i').length") == 0
    text = page.text("main")
    assert "trial-onboarding v1" in text
    assert "waits for" in text
    history = page.evaluate("[...document.querySelectorAll('table.history tbody tr')].map(r => r.innerText.replace(/\\t/g, ' '))")
    assert any("enrolled" in line and "welcome-email" in line for line in history), history
    assert any("welcome-email wait-1-day next" in line for line in history), history
    assert '"firstName":"<i>Eve</i>"' in page.text("pre.data")


def test_the_subject_page_of_a_known_subject_explains_its_wait(page, dashboard):
    page.navigate(dashboard + "/subjects/u-ann")
    text = page.text("main")
    assert "u-ann" in text and "trial-onboarding v1" in text
    assert "next look at" in text or "only when the subject's data changes" in text


def test_the_outbox_page_answers(page, dashboard):
    page.navigate(dashboard + "/outbox")
    assert "Delivery ledger" in page.text("main")
