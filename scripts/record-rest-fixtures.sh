#!/usr/bin/env bash
# Records the real Mistral 15's answers to the scenarios of tests/refcompare
# into tests/refcompare/testdata/: starts the reference Mistral
# (../shared/tools/mistral-reference) on a free port, runs the recorder,
# stops it. Run it after changing a scenario; commit the fixtures.
# Usage: scripts/record-rest-fixtures.sh [NAME]   (default NAME: refcompare)
set -euo pipefail
cd "$(dirname "$0")/.."
NAME=${1:-refcompare}
REF=../shared/tools/mistral-reference
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$REF/start.sh" "$NAME" "$PORT"
trap '"$REF/stop.sh" "$NAME"' EXIT
go test -count=1 -run '^TestReference$' ./tests/refcompare -record="http://127.0.0.1:$PORT/v2"
