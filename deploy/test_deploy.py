"""deploy/deploy --dry-run: the commands of a deploy with a migration role and a runtime role.
Run by scripts/test (pytest); nothing is called (no AWS, no database, no build)."""
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dry_run(*arguments):
    environment = dict(os.environ, AWS_REGION="us-west-2")
    environment.pop("AWS_ENDPOINT_URL", None)
    return subprocess.run([str(ROOT / "deploy" / "deploy"), "demo", "--dry-run", *arguments],
                          cwd=ROOT, capture_output=True, text=True, env=environment)


def test_the_migration_role_migrates_and_grants_the_runtime_role(tmp_path):
    runtime, owner, bundle = tmp_path / "runtime.json", tmp_path / "owner.json", tmp_path / "global-bundle.pem"
    for path in (runtime, owner, bundle):
        path.write_text("{}")
    result = dry_run("--config", str(runtime), "--migrate-config", str(owner), "--runtime-role", "sequencer_runtime",
                     "--ca-bundle", str(bundle))
    assert result.returncode == 0, result.stderr
    commands = [line[2:] for line in result.stderr.splitlines() if line.startswith("+ ")]
    assert f"deploy/package --config {runtime} --ca-bundle {bundle}" in commands
    migrate = commands.index(f"env -u DATABASE_URL .build/release/sequencer migrate --config {owner}")
    grants = commands.index("env -u DATABASE_URL .build/release/sequencer grants --role sequencer_runtime --kind runtime "
                            f"--apply --config {owner}")
    stack = next(i for i, command in enumerate(commands) if "cloudformation deploy" in command)
    assert migrate < grants < stack
    # The owner's configuration never goes into the zip.
    assert not any(str(owner) in command for command in commands if command.startswith("deploy/package"))


def test_a_runtime_role_without_the_migration_role_is_refused(tmp_path):
    runtime = tmp_path / "runtime.json"
    runtime.write_text("{}")
    result = dry_run("--config", str(runtime), "--runtime-role", "sequencer_runtime")
    assert result.returncode == 2
    assert "--runtime-role needs --migrate-config" in result.stderr
