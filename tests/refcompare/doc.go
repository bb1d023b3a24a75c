// Package refcompare compares our REST answers with the real Mistral 15's,
// resource by resource: each scenario is a sequence of requests (create,
// read, update, run, fail, delete); the real Mistral's answers to it are
// recorded in testdata/ (ids and times masked), and the test replays the
// same sequence against our mistral-server (embedded database, in-process
// transport) and compares status and body field by field.
//
// Recording is not the default: scripts/record-rest-fixtures.sh starts the
// reference Mistral (../shared/tools/mistral-reference), runs
//
//	go test ./tests/refcompare -run TestReference -record=http://127.0.0.1:PORT/v2
//
// and stops it. With -against=http://127.0.0.1:PORT/v2 the recordings are
// compared with a mistral-server of ours already running there (on
// MariaDB, say) instead of one started on the embedded default. It holds
// only tests and their fixtures.
package refcompare
