#!/usr/bin/env bash
# Scale benchmark (issue 18, docs/scaling.md): builds sequencer in release mode and runs
# bench/scale.py in its own throwaway PostgreSQL, through scripts/latency-proxy. Arguments go to
# scale.py (--help lists them).
set -euo pipefail
cd "$(dirname "$0")/.."
for argument in "$@"; do
    [[ $argument == -h || $argument == --help ]] && exec python3 bench/scale.py --binary - --help
done
swift build -c release --static-swift-stdlib --scratch-path .build-release --product sequencer >/dev/null
exec python3 bench/scale.py --binary "$PWD/.build-release/release/sequencer" "$@"
