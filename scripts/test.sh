#!/usr/bin/env bash
# Runs every test of the project: unit tests, the MariaDB and RabbitMQ
# integration tests, the end-to-end tests with the real mistral CLI, the
# conformance corpus (when ../shared is there) and a short run of each fuzz
# target. It installs and starts what the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/test-deps.sh

export GOFLAGS="${GOFLAGS:-} -mod=mod"
echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 -timeout 25m ./...

# A build without cgo has the pure-Go SQLite (db/sqlitedriver): the store
# and the engine on it.
echo "== go vet, go test: database and engine without cgo"
CGO_ENABLED=0 go vet ./db/...
CGO_ENABLED=0 go test -count=1 -timeout 10m ./db/... ./engine/

echo "== fuzz (short runs)"
fuzz() { # package target
  go test -run='^$' -fuzz="^$2\$" -fuzztime="${FUZZTIME:-20000x}" "$1"
  echo "ok  fuzz $1 $2"
}
fuzz ./engine/expr/yaql FuzzParse
fuzz ./engine/expr/yaql FuzzEval
fuzz ./engine/expr/yaql FuzzPythonPatternError
fuzz ./engine/expr/jinja FuzzJinja
fuzz ./engine/lang FuzzParse
fuzz ./engine/pyyaml FuzzLoadDump
fuzz ./engine/data FuzzParse
fuzz ./compat/rest FuzzListQuery
fuzz ./compat/rest FuzzBodies
fuzz ./rpc/oslo FuzzDecode
