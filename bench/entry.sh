#!/usr/bin/env bash
# Entry-point benchmark: builds sequencer, bootstrap and lambda-emulator in release mode and runs
# bench/entry.py in its own throwaway PostgreSQL. Arguments go to entry.py (--help lists them).
set -euo pipefail
cd "$(dirname "$0")/.."
for argument in "$@"; do
    [[ $argument == -h || $argument == --help ]] && exec python3 bench/entry.py --help
done
scripts/install-deps time
for product in sequencer bootstrap lambda-emulator; do
    swift build -c release --static-swift-stdlib --scratch-path .build-release --product "$product" >/dev/null
done
bin="$PWD/.build-release/release"
exec python3 bench/entry.py --sequencer "$bin/sequencer" --bootstrap "$bin/bootstrap" --emulator "$bin/lambda-emulator" "$@"
