#!/usr/bin/env bash
# Side-by-side performance comparison of Tramontane and the real Mistral 15
# on this machine, in one run (issue 10). Not part of scripts/test.sh: it
# takes minutes.
#
#   tests/bench/compare.sh [--runs N] [--cpu-runs N] [--only s1,s2]
#                          [--targets embedded,mysql,mq,split,mistral]
#                          [--out FILE] [--max-load L] [--keep] [--scale]
#
# Targets, each started fresh, measured, then stopped, one after the other:
#   embedded  ours, all services in one process, the embedded SQLite default
#   mysql     ours, all in one process, on MariaDB (database bench_ours),
#             the executor reached in-process
#   mq        ours, all in one process, on MariaDB and RabbitMQ, with the
#             default settings, as the mistral target runs Mistral (the
#             like-for-like comparison): actions reach the executor next
#             door directly while it has free slots
#   split     ours on MariaDB and RabbitMQ, api, engine and executor in three
#             processes
#   mistral   the real Mistral 15 (../shared/tools/mistral-reference), when
#             python3-mistral is installed: MariaDB, RabbitMQ, remote executor,
#             one API worker
# Ours on MariaDB uses the same account, pool size and server as Mistral.
#
# --scale adds scale.py's runs on ours (issue 10, scope 3 and 4): chains of
# 10, 50, 100 and 1,000 tasks, with-items over 10, 200, 1,000 and 10,000
# elements (50 and 200 are bench.py's seq50 and items200, measured by the
# same driver as the large ones; medians of 5 runs) and contexts of 1 KB to
# 1 MB on the embedded default, with its memory idle and under 1,000
# concurrent executions; the chains and with-items again over
# MariaDB and RabbitMQ (the mq target); and the throughput of 100 concurrent
# executions with 1, 2 and 4 engine processes over MariaDB and RabbitMQ.
#
# Each target gets bench.py's scenarios (medians of --runs timed runs with a
# 5 ms poll) and a CPU pass (see compare.py). The markdown table goes to
# stdout and to --out (default tests/bench/results.md). Before each pass it
# waits (up to 2 minutes) for the 1-minute load average to drop below
# --max-load, and reports the load it saw.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
here=$repo/tests/bench
shared=$(cd "$repo/.." && pwd)/shared
bench=$shared/bench/bench.py
reference=$shared/tools/mistral-reference

runs=5 cpu_runs=6 only="" targets="embedded,mysql,mq,split,mistral"
out=$here/results.md max_load=1.0 keep=false scale=false
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift ;;
    --cpu-runs) cpu_runs=$2; shift ;;
    --only) only=$2; shift ;;
    --targets) targets=$2; shift ;;
    --out) out=$2; shift ;;
    --max-load) max_load=$2; shift ;;
    --keep) keep=true ;;
    --scale) scale=true ;;
    -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ -f "$bench" ] || { echo "compare.sh: $bench not found" >&2; exit 1; }

port_embedded=18991 port_mysql=18992 port_split=18993 port_mistral=18994 port_mq=18995
work=$(mktemp -d /tmp/tramontane-bench.XXXXXX)
pids=()      # process groups we started, stopped on exit
mistral_started=false
cleanup() {
  for pg in "${pids[@]}"; do stop_group "$pg"; done
  if $mistral_started; then MISTRAL_ANCHOR_STATE=$work/anchor "$reference/stop.sh" bench || true; fi
  if $keep; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# stop_group PGID: TERM a process group we started, KILL it after 10 s.
stop_group() {
  kill -TERM -- "-$1" 2>/dev/null || return 0
  for _ in $(seq 1 20); do kill -0 -- "-$1" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL -- "-$1" 2>/dev/null || true
}

# start NAME CONF SERVERS: run mistral-server in its own process group;
# prints its pid.
start() {
  setsid "$work/bin/mistral-server" --config-file "$2" --server "$3" \
    >"$work/$1.log" 2>&1 </dev/null &
  echo $!
}

# wait_api PORT PID...: wait until the API answers; fail if a process died.
wait_api() {
  local port=$1; shift
  for _ in $(seq 1 100); do
    for p in "$@"; do kill -0 "$p" 2>/dev/null || return 1; done
    curl -sf -o /dev/null "http://127.0.0.1:$port/v2/" && return 0
    sleep 0.2
  done
  return 1
}

measure() { # NAME LABEL URL ROLE=PID... [--engine-role R]...
  local name=$1 label=$2 url=$3; shift 3
  echo "== $label ($url), load $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 "$here/compare.py" measure --name "$name" --label "$label" --url "$url" \
    --bench "$bench" --runs "$runs" --cpu-runs "$cpu_runs" --only "$only" \
    --max-load "$max_load" --json "$work/result-$name.json" "$@" || echo "(some scenarios failed on $label)"
}

mysql_db() { # NAME: a fresh database reachable as mistral:mistral@127.0.0.1
  mysql -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 CHARACTER SET utf8mb4;
    CREATE USER IF NOT EXISTS 'mistral'@'localhost' IDENTIFIED BY 'mistral';
    CREATE USER IF NOT EXISTS 'mistral'@'127.0.0.1' IDENTIFIED BY 'mistral';
    GRANT ALL ON $1.* TO 'mistral'@'localhost'; GRANT ALL ON $1.* TO 'mistral'@'127.0.0.1';"
}

want() { [[ ",$targets," == *",$1,"* ]]; }

echo "== building into $work/bin"
mkdir -p "$work/bin"
GOFLAGS="${GOFLAGS:-} -mod=mod" go build -o "$work/bin/" ./cmd/mistral-server ./cmd/mistral-db-manage
if want mysql || want mq || want split || want mistral || $scale; then
  scripts/test-deps.sh
fi

# mariadb_conf NAME PORT [VHOST]: a fresh database NAME (and RabbitMQ vhost
# VHOST, when given) with the schema, and $work/NAME.conf for ours on them.
mariadb_conf() {
  local name=$1 port=$2 vhost=${3:-}
  mysql_db "$name"
  {
    if [ -n "$vhost" ]; then
      rabbitmqctl delete_vhost "$vhost" >/dev/null 2>&1 || true
      rabbitmqctl add_vhost "$vhost" >/dev/null 2>&1 || true
      rabbitmqctl set_permissions -p "$vhost" guest '.*' '.*' '.*' >/dev/null
      printf '[DEFAULT]\ntransport_url = rabbit://guest:guest@127.0.0.1:5672/%s\n' "$vhost"
    fi
    cat <<CONF
[pecan]
auth_enable = false
[api]
host = 127.0.0.1
port = $port
[database]
connection = mysql+pymysql://mistral:mistral@127.0.0.1/$name
max_pool_size = 50
CONF
  } >"$work/$name.conf"
  "$work/bin/mistral-db-manage" --config-file "$work/$name.conf" upgrade head >"$work/$name-dbsync.log" 2>&1
}

# one_process TARGET LABEL PORT CONF: measure ours with every service in one
# process.
one_process() {
  local target=$1 label=$2 port=$3 pid
  pid=$(start "$target" "$4" all); pids+=("$pid")
  if wait_api "$port" "$pid"; then
    measure "$target" "$label" "http://127.0.0.1:$port/v2" --pid "all=$pid"
  else
    echo "$label did not start:"; tail -n 20 "$work/$target.log"
  fi
  stop_group "$pid"
}

cat >"$work/embedded.conf" <<CONF
[pecan]
auth_enable = false
[api]
host = 127.0.0.1
port = $port_embedded
[tramontane]
data_dir = $work/embedded-data
CONF
if want embedded; then
  one_process embedded "ours (SQLite, 1 process)" "$port_embedded" "$work/embedded.conf"
fi

if want mysql; then
  mariadb_conf bench_ours "$port_mysql"
  one_process mysql "ours (MariaDB, 1 process)" "$port_mysql" "$work/bench_ours.conf"
fi

if want mq; then
  mariadb_conf bench_mq "$port_mq" bench_mq
  one_process mq "ours (MariaDB+RabbitMQ, 1 process)" "$port_mq" "$work/bench_mq.conf"
fi

# start_split ENGINES: ours on MariaDB and RabbitMQ as separate api, engine
# (ENGINES copies) and executor processes on fresh state. Sets split_pids
# (role=pid arguments for compare.py) and split_groups.
start_split() {
  mariadb_conf bench_split "$port_split" bench_ours
  split_pids=() split_groups=()
  local i p
  for i in $(seq 1 "$1"); do
    p=$(start "split-engine$i" "$work/bench_split.conf" engine); split_groups+=("$p")
    split_pids+=(--pid "engine$i=$p" --engine-role "engine$i")
  done
  p=$(start split-executor "$work/bench_split.conf" executor); split_groups+=("$p")
  split_pids+=(--pid "executor=$p")
  p=$(start split-api "$work/bench_split.conf" api); split_groups+=("$p")
  split_pids+=(--pid "api=$p")
  pids+=("${split_groups[@]}")
  if ! wait_api "$port_split" "${split_groups[@]}"; then
    echo "ours split did not start:"; tail -n 5 "$work"/split-*.log
    return 1
  fi
}

stop_split() { local p; for p in "${split_groups[@]}"; do stop_group "$p"; done; }

if want split; then
  if start_split 1; then
    measure split "ours (MariaDB+RabbitMQ, 3 processes)" "http://127.0.0.1:$port_split/v2" "${split_pids[@]}"
  fi
  stop_split
fi

if want mistral; then
  if ! dpkg -s python3-mistral >/dev/null 2>&1; then
    echo "== Mistral 15: python3-mistral is not installed; skipped"
  else
    mysql -e "DROP DATABASE IF EXISTS mistral_bench"
    rabbitmqctl delete_vhost bench >/dev/null 2>&1 || true
    mistral_started=true
    MISTRAL_ANCHOR_STATE=$work/anchor "$reference/start.sh" bench "$port_mistral"
    mpid=$(cat "$work/anchor/bench/pid")
    # The parent runs the engine, executor and notifier threads; the API
    # worker is a forked child.
    api_child=$(ps -o pid= --ppid "$mpid" | head -n 1 | tr -d ' ')
    if [ -n "$api_child" ]; then
      measure mistral "Mistral 15" "http://127.0.0.1:$port_mistral/v2" \
        --pid "engine=$mpid:self" --pid "api=$api_child" --engine-role engine
    else
      measure mistral "Mistral 15" "http://127.0.0.1:$port_mistral/v2" --pid "engine=$mpid"
    fi
    MISTRAL_ANCHOR_STATE=$work/anchor "$reference/stop.sh" bench
    mistral_started=false
  fi
fi

if $scale; then
  # scale RESULT LABEL URL ARGS...: one scale.py run after a quiet moment.
  scale() {
    local name=$1 label=$2 url=$3; shift 3
    python3 "$here/compare.py" wait-quiet --max-load "$max_load" >/dev/null || true
    echo "== scale: $label, load $(cut -d' ' -f1-3 /proc/loadavg)"
    python3 "$here/scale.py" --url "$url" --label "$label" --json "$work/scale-$name.json" "$@" ||
      echo "(some scale runs failed on $label)"
  }
  # The memory pass (1,000 executions at once) on a server of its own: the
  # sizes measured after it on the same process and file took its
  # aftermath along (a 1,000-task chain up to a fifth slower a run).
  for only in memory size,items,context; do
    rm -rf "$work/embedded-data"
    pid=$(start embedded "$work/embedded.conf" all); pids+=("$pid")
    if wait_api "$port_embedded" "$pid"; then
      scale "embedded-${only%%,*}" "ours (SQLite, 1 process)" "http://127.0.0.1:$port_embedded/v2" \
        --pid "all=$pid" --only "$only" --runs 5
    fi
    stop_group "$pid"
  done
  # The same sizes over MariaDB and RabbitMQ (the mq target's setup).
  mariadb_conf bench_mq "$port_mq" bench_mq
  pid=$(start mq "$work/bench_mq.conf" all); pids+=("$pid")
  if wait_api "$port_mq" "$pid"; then
    scale mq "ours (MariaDB+RabbitMQ, 1 process)" "http://127.0.0.1:$port_mq/v2" \
      --pid "all=$pid" --only size,items --runs 5
  fi
  stop_group "$pid"
  for n in 1 2 4; do
    if start_split "$n"; then
      scale "split$n" "ours split, $n engine(s)" "http://127.0.0.1:$port_split/v2" \
        --only throughput --concurrent 100
    fi
    stop_split
  done
fi

shopt -s nullglob
results=("$work"/result-*.json)
scales=("$work"/scale-*.json)
if [ ${#results[@]} -eq 0 ] && [ ${#scales[@]} -eq 0 ]; then echo "no results" >&2; exit 1; fi
echo
if [ ${#results[@]} -gt 0 ]; then
  python3 "$here/compare.py" report --out "$out" --commit "$(git rev-parse --short HEAD)" "${results[@]}"
else
  : >"$out"
fi
if [ ${#scales[@]} -gt 0 ]; then
  { echo; echo "Scale (ours; tests/bench/scale.py):"; python3 "$here/scale.py" report "${scales[@]}"; } | tee -a "$out"
fi
echo "wrote $out"
