#!/usr/bin/env bash
# Lambda runtime benchmark: our bootstrap as deploy/package zips it (unpacked, run as Lambda runs
# it: LD_LIBRARY_PATH=lib, LAMBDA_TASK_ROOT) vs a bare C loop over libcurl and AWS's Python
# runtime client (awslambdaric), same emulator, same run. Prints the zip size, start-to-first-poll,
# round-trip median/p90, RSS and the ratios with their goals (issue 17: zip ≤ 8 MiB, start ≤ 1.15×
# the C loop, round trip unchanged or better).
#
#   bench/runtime.sh [--before ZIP] [--iterations N] [--starts N]
#
#   --before ZIP   also run the bootstrap of an earlier zip (e.g. one packaged from main) in the
#                  same run, for the round trip before/after
set -euo pipefail
cd "$(dirname "$0")/.."

before_zip=""
if [[ ${1:-} == --before ]]; then
    before_zip=$(realpath -- "${2:?--before needs a zip}")
    shift 2
fi

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

# The Lambda artefact itself (release, Swift's runtime static, stripped, its own lib/ and zoneinfo/).
deploy/package --allow-newer-glibc | sed 's/^/  /'
rm -rf .build-bench/lambda .build-bench/before
mkdir -p .build-bench/lambda
python3 -m zipfile -e .build/lambda/sequencer.zip .build-bench/lambda
chmod +x .build-bench/lambda/bootstrap
before=()
if [[ -n $before_zip ]]; then
    mkdir -p .build-bench/before
    python3 -m zipfile -e "$before_zip" .build-bench/before
    chmod +x .build-bench/before/bootstrap
    before=(--before "$PWD/.build-bench/before")
fi

build=(swift build -c release --static-swift-stdlib -Xlinker --gc-sections --scratch-path .build-release)
"${build[@]}" --product RuntimeBenchmark >/dev/null
bin=$("${build[@]}" --show-bin-path)
echo "date: $(date -u +%Y-%m-%dT%H:%MZ), machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin/RuntimeBenchmark" --bootstrap "$PWD/.build-bench/lambda/bootstrap" --zip "$PWD/.build/lambda/sequencer.zip" \
    --c-loop "$PWD/.build-bench/c-loop" --python "$PWD/$venv/bin/python" --task-root "$PWD/$task" "${before[@]}" "$@"
