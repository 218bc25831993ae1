#!/usr/bin/env bash
# Lambda runtime benchmark: our bootstrap vs AWS's Python runtime client (awslambdaric), same
# emulator, same run. Prints start-to-first-poll, round-trip median/p90, RSS, ratios and binary size.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps
venv=.build-bench/venv
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -c 'import awslambdaric' 2>/dev/null || "$venv/bin/pip" install -q awslambdaric

task=.build-bench/task
mkdir -p "$task"
cat >"$task/handler.py" <<'PY'
def handle(event, context):
    return []
PY

gcc -O2 bench/c-runtime/loop.c -o .build-bench/c-loop -lcurl

# Swift's runtime libraries linked statically, as deploy/package builds the Lambda binary.
build=(swift build -c release --static-swift-stdlib --scratch-path .build-release)
"${build[@]}" --product bootstrap >/dev/null
"${build[@]}" --product RuntimeBenchmark >/dev/null
bin=$("${build[@]}" --show-bin-path)
strip -o .build-bench/bootstrap "$bin/bootstrap"
echo "bootstrap release binary: $(stat -c %s "$bin/bootstrap") bytes, stripped: $(stat -c %s .build-bench/bootstrap) bytes"
"$bin/RuntimeBenchmark" --bootstrap "$bin/bootstrap" --c-loop "$PWD/.build-bench/c-loop" --python "$PWD/$venv/bin/python" --task-root "$PWD/$task" "$@"
