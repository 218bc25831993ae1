#!/usr/bin/env bash
# Tick benchmark: builds sequencer in release mode and runs bench/tick.py (its own PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps time
swift build -c release --static-swift-stdlib --scratch-path .build-release --product sequencer >/dev/null
exec python3 bench/tick.py --binary "$PWD/.build-release/release/sequencer" "$@"
