#!/usr/bin/env bash
# Tick benchmark: builds sequencer in release mode, installs the peer (DBOS) if missing, and
# runs bench/tick.py in its own throwaway PostgreSQL. Arguments go to tick.py (--help lists them).
set -euo pipefail
cd "$(dirname "$0")/.."
for argument in "$@"; do
    [[ $argument == -h || $argument == --help ]] && exec python3 bench/tick.py --help
done
scripts/install-deps time
python3 -c 'import dbos' 2>/dev/null || python3 -m pip install -q 'dbos>=3,<4'
swift build -c release --static-swift-stdlib --scratch-path .build-release --product sequencer >/dev/null
exec python3 bench/tick.py --binary "$PWD/.build-release/release/sequencer" "$@"
