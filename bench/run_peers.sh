#!/usr/bin/env bash
# The peer-benchmark driver (see bench/README.md): runs every (workload, implementation) pair in a
# fresh process, the implementations of one workload back to back, RUNS times; collects their JSON
# lines in RESULTS.jsonl and the median table (summarize.py) in RESULTS.md.
#
#   bench/run_peers.sh RESULTS.jsonl [RUNS]              RUNS defaults to 3; run from the repository root
#
# Environment:
#   BENCH_THREADS=2       threads for everyone: torch.set_num_threads, OMP_NUM_THREADS, OPENBLAS_NUM_THREADS,
#                         MKL_NUM_THREADS
#   BENCH_QUICK=1         small sizes: a smoke test, numbers not comparable
#   BENCH_WORKLOADS="W0 W1 W2 W3 W4 BW W5"   the workloads to run (also W4A, W6 and W7)
#   BENCH_OURS="CMD"      also run the project under test as impl "ours": CMD runs in BENCH_OURS_DIR (default:
#                         the current directory) with "--workloads Wn" (and "--quick") or "--w5" appended
#   BENCH_OURS_DIR=.      where CMD runs
#   BENCH_PEERS="torch fit handloop"   the peers to run: torch, and the SameDiff peers samediff-fit (fit) and
#                         samediff-handloop (handloop); torch always, as every ratio is against it
#   BENCH_NETLIB=1        also run torch on Debian's reference BLAS ("torch-netlib"), W2 and W3 only
#   BENCH_WORK=/tmp/descent-peers   scratch folder: the SameDiff peer is built there, never in the repository
#   OMP_WAIT_POLICY       passed through as it is and recorded on every line; PASSIVE on a shared machine
#
# Each result line is the program's own plus "run", "threads", "omp_wait_policy" and "load1" (the 1-minute
# load average when its process started). A process that exits non-zero adds an "exit_code" line. The
# processes' stdout and stderr are kept in RESULTS.logs/.
set -uo pipefail

die() {
  echo "run_peers.sh: $*" >&2
  exit 2
}

[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: bench/run_peers.sh RESULTS.jsonl [RUNS]"
RUNS=${2:-3}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$RUNS'"
THREADS=${BENCH_THREADS:-2}
WORKLOADS=${BENCH_WORKLOADS:-"W0 W1 W2 W3 W4 BW W5"}
NETLIB=${BENCH_NETLIB:-1}
QUICK=()
[ "${BENCH_QUICK:-0}" = "1" ] && QUICK=(--quick)
WORK=${BENCH_WORK:-/tmp/descent-peers}
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3   # Debian's python3-torch is installed for Debian's interpreter, not for a python3 on PATH

for w in $WORKLOADS; do
  case $w in
    W0 | W1 | W2 | W3 | W4 | W4A | W5 | W6 | W7 | BW) ;;
    *) die "unknown workload '$w' in BENCH_WORKLOADS (known: W0 W1 W2 W3 W4 W4A W5 W6 W7 BW)" ;;
  esac
done

# ---- prerequisites, before anything runs: a half-run benchmark is worse than none
[ -x "$PY" ] || die "$PY not found; the torch peer needs Debian's python3 and python3-torch:
    apt-get update && apt-get install -y python3-torch"
"$PY" -c 'import torch' 2> /dev/null || die "torch is not importable by $PY; install Debian's PyTorch once:
    apt-get update && apt-get install -y python3-torch"
for tool in java mvn unzip; do
  command -v "$tool" > /dev/null || die "'$tool' is not on PATH (needed to build and run the SameDiff peer)"
done
OURS=()
if [ -n "${BENCH_OURS:-}" ]; then
  OURS_DIR=$(realpath "${BENCH_OURS_DIR:-.}") || die "BENCH_OURS_DIR '${BENCH_OURS_DIR:-.}' does not exist"
  read -r -a OURS <<< "$BENCH_OURS"
  (cd "$OURS_DIR" && command -v "${OURS[0]}" > /dev/null) \
    || die "BENCH_OURS command '${OURS[0]}' not found from $OURS_DIR" \
           "(run from the repository root, or set BENCH_OURS_DIR)"
fi

OUT=$(realpath -m "$1")
BASE=${OUT%.jsonl}
LOGS="$BASE.logs"
mkdir -p "$(dirname "$OUT")" "$LOGS" || die "cannot create $LOGS"
: > "$OUT" || die "cannot write $OUT"

export BENCH_THREADS=$THREADS OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS
POLICY=${OMP_WAIT_POLICY:-default}

# ---- the SameDiff peer, built in a scratch copy; afterwards it runs as plain `java` (no Maven inside
# W5's timed start-up). Its sources are replaced, not merged, so no stale class survives a change.
PEER="$WORK/samediff"
mkdir -p "$PEER" || die "cannot create $PEER"
rm -rf "$PEER/src" "$PEER/.mvn"
cp -r "$BENCH/peers/samediff/pom.xml" "$BENCH/peers/samediff/.mvn" "$BENCH/peers/samediff/src" "$PEER/"
echo "building the SameDiff peer in $PEER ..." >&2
if ! (cd "$PEER" && mvn -B -q package) > "$LOGS/mvn.log" 2>&1; then
  tail -20 "$LOGS/mvn.log" >&2
  die "the SameDiff peer did not build; the whole log is $LOGS/mvn.log"
fi
CLASSPATH_FILE="$PEER/target/classpath.txt"
SAMEDIFF=(java -Xms1g -Xmx6g -Dorg.bytedeco.javacpp.maxbytes=10G -Dorg.bytedeco.javacpp.maxphysicalbytes=16G
          -cp "$PEER/target/classes:$(cat "$CLASSPATH_FILE")" peers.SameDiffPeer)

# ---- torch's BLAS. Debian's torch calls whatever libblas.so.3 the loader finds first: netlib's reference
# BLAS (~2 GFLOP/s) unless told otherwise. The fair peer gets the OpenBLAS that ND4J bundles, taken from
# ND4J's own jar and offered under the sonames torch asks for, so both sides run the same BLAS.
OPENBLAS_JAR=$(tr ':' '\n' < "$CLASSPATH_FILE" | grep -E '/openblas-[0-9.]+-[0-9.]+-linux-x86_64\.jar$' | head -1)
[ -n "$OPENBLAS_JAR" ] || die "no linux-x86_64 OpenBLAS jar on the SameDiff peer's classpath ($CLASSPATH_FILE)"
BLAS_DIR="$WORK/openblas"
if [ ! -e "$BLAS_DIR/libopenblas.so.0" ]; then
  mkdir -p "$BLAS_DIR"
  unzip -o -q -j "$OPENBLAS_JAR" 'org/bytedeco/openblas/linux-x86_64/libopenblas.so.0' -d "$BLAS_DIR" \
    || die "could not extract libopenblas.so.0 from $OPENBLAS_JAR"
  ln -sf libopenblas.so.0 "$BLAS_DIR/libblas.so.3"
  ln -sf libopenblas.so.0 "$BLAS_DIR/liblapack.so.3"
fi
TORCH_ENV=(env "LD_LIBRARY_PATH=$BLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
TORCH=("${TORCH_ENV[@]}" "$PY" "$BENCH/peers/torch_bench.py")
TORCH_NETLIB=("$PY" "$BENCH/peers/torch_bench.py")

# measure TAG RUN CMD...: runs CMD once, appends its tagged JSON lines to $OUT, keeps its output in $LOGS
measure() {
  local tag=$1 run=$2
  shift 2
  local load start rc extra
  load=$(cut -d' ' -f1 /proc/loadavg)
  extra="\"run\": $run, \"threads\": $THREADS, \"omp_wait_policy\": \"$POLICY\", \"load1\": $load"
  start=$(date +%s%3N)
  BENCH_LAUNCH_MS=$start "$@" > "$LOGS/$tag.run$run.out" 2> "$LOGS/$tag.run$run.err"
  rc=$?
  # a result line is a JSON object on a line of its own; splice the extra fields in before its last brace
  grep '^{' "$LOGS/$tag.run$run.out" | sed "s/}[[:space:]]*\$/, $extra}/" >> "$OUT"
  if [ $rc -ne 0 ]; then
    echo "{\"impl\": \"${tag%%.*}\", \"workload\": \"${tag#*.}\", \"metric\": \"exit_code\", \"value\": $rc," \
         "\"unit\": \"see $LOGS/$tag.run$run.err\", $extra}" >> "$OUT"
  fi
  printf 'run %s %-26s rc=%s %6.1f s  (load1 at start %s)\n' "$run" "$tag" "$rc" \
    "$(( $(date +%s%3N) - start ))e-3" "$load" >&2
}

# W7, the whole job as a user times it: a script run as a user runs it, timed from outside (bench/w7/)
W7_DATA="$BENCH/../examples/src/main/resources/datasets/digits.csv.gz"
W7_OUT="$WORK/w7-out"
mkdir -p "$W7_OUT" || die "cannot create $W7_OUT"
W7_TIMED=("$PY" "$BENCH/w7/timed.py")

# one IMPL WORKLOAD RUN: a single process of one implementation on one workload (W5: its own mode)
one() {
  local impl=$1 w=$2 run=$3 args
  if [ "$w" = W5 ]; then args=(--w5); else args=(--workloads "$w" "${QUICK[@]}"); fi
  case $impl/$w in
    fit/W7 | handloop/W7) ;;   # a whole-job script exists for torch and Descent only
    torch/W7) measure "torch.W7" "$run" "${W7_TIMED[@]}" torch "${TORCH_ENV[@]}" "$PY" "$BENCH/w7/digits_job.py" \
                "$W7_DATA" "$W7_OUT" ;;
    ours/W7)
      measure "ours.W7" "$run" "${W7_TIMED[@]}" ours env -C "$OURS_DIR" "${OURS[0]}" run "$BENCH/w7/DigitsJob.java" \
        "$W7_DATA" "$W7_OUT"
      measure "ours-kts.W7" "$run" "${W7_TIMED[@]}" ours-kts env -C "$OURS_DIR" "${OURS[0]}" run \
        "$BENCH/w7/digits_job.kts" "$W7_DATA" "$W7_OUT" ;;
    handloop/BW | ours/BW) ;;   # copy bandwidth does not depend on the training loop: measured once, by fit
    torch/*) measure "torch.$w" "$run" "${TORCH[@]}" "${args[@]}" ;;
    fit/*) measure "samediff-fit.$w" "$run" "${SAMEDIFF[@]}" --impl fit "${args[@]}" ;;
    handloop/*) measure "samediff-handloop.$w" "$run" "${SAMEDIFF[@]}" --impl handloop "${args[@]}" ;;
    ours/*) measure "ours.$w" "$run" env -C "$OURS_DIR" "${OURS[@]}" "${args[@]}" ;;
  esac
}

read -r -a IMPLS <<< "${BENCH_PEERS:-torch fit handloop}"
for impl in "${IMPLS[@]}"; do
  case $impl in torch | fit | handloop) ;; *) die "unknown peer '$impl' in BENCH_PEERS (known: torch fit handloop)" ;; esac
done
[[ " ${IMPLS[*]} " == *" torch "* ]] || die "BENCH_PEERS must include torch: every ratio is taken against it"
[ ${#OURS[@]} -gt 0 ] && IMPLS+=(ours)
for run in $(seq 1 "$RUNS"); do
  position=0
  for w in $WORKLOADS; do
    # the starting implementation rotates with the run and the workload, so a drift in the machine's
    # load does not always favour the same one
    for k in "${!IMPLS[@]}"; do
      one "${IMPLS[$(( (k + run + position) % ${#IMPLS[@]} ))]}" "$w" "$run"
    done
    if [ "$NETLIB" = 1 ]; then
      case $w in
        W2) measure "torch-netlib.W2" "$run" "${TORCH_NETLIB[@]}" --workloads W2 "${QUICK[@]}" ;;
        # 3,840 samples keep the reference-BLAS epoch short; samples/s stays comparable
        W3) measure "torch-netlib.W3" "$run" "${TORCH_NETLIB[@]}" --workloads W3 --w3-samples 3840 "${QUICK[@]}" ;;
      esac
    fi
    position=$((position + 1))
  done
done

"$PY" "$BENCH/summarize.py" "$OUT" > "$BASE.md" || die "summarize.py failed on $OUT"
echo "results: $OUT   table: $BASE.md   logs: $LOGS/" >&2
cat "$BASE.md"
