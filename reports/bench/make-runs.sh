#!/usr/bin/env bash
# Generates a simulated team history of Sputnik runs for the results-database benchmark:
# 200 complete run directories, 592,000 samples, made with the replay engine (no model needed).
#
# Usage: reports/bench/make-runs.sh [OUT_DIR]          (default OUT_DIR: /tmp/sputnik-bench-runs)
#   Env: JOBS (runs at once, default 2), SPUTNIK_LIB (copy of dist/target/lib, default /tmp/bench-lib;
#        copied from the checkout's dist/target/lib when absent), SPUTNIK_DATA (datasets dir, default
#        ../shared/datasets beside the checkout), RESPONSES_DIR (default OUT_DIR.responses).
#   Re-runnable: a run dir whose summary.json says complete is skipped; an unfinished one is resumed by
#   sputnik itself (running the same command again finishes it). Exits 1 if any run is not complete.
#
# Layout: 10 simulated models x 5 commits x {aime2024 x64 seed 1, aime2025 x64 seed 1, math500 x8 seed 1,
# math500 x8 seed 2} = 200 runs, each OUT_DIR/<suite>-<model>-<commit8>-s<seed>. The responses come from
# make-responses.py (beside this script): per model skill, per-problem difficulty and a small per-commit
# drift, deterministic. run.json records the model as "replay:<model>" (the replay engine names a plain
# file's model after the file).
#
# The commit label: the runs are all made with the same (current) build, but each one's run.json
# records one of the checkout's 5 most recent commits, set with -Dsputnik.git=<commit> (the property the
# ./sputnik launcher sets from `git describe`). This only simulates a history of runs made at those commits.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
OUT=$(mkdir -p "${1:-/tmp/sputnik-bench-runs}" && cd "${1:-/tmp/sputnik-bench-runs}" && pwd)
RESP=${RESPONSES_DIR:-$OUT.responses}
LIB=${SPUTNIK_LIB:-/tmp/bench-lib}
DATA=${SPUTNIK_DATA:-$repo/../shared/datasets}
JOBS=${JOBS:-2}

# A private copy of the built jars, so a rebuild of the checkout meanwhile does not change them under us.
if [ ! -d "$LIB" ]; then
  if [ ! -d "$repo/dist/target/lib" ]; then
    echo "make-runs: $repo/dist/target/lib does not exist: build Sputnik first (./mvnw -DskipTests package)" >&2
    exit 1
  fi
  cp -r "$repo/dist/target/lib" "$LIB"
fi
# JDK 25, found as ./sputnik finds it (sets JAVA_HOME).
. "$repo/.mvn/find-jdk.sh"
JAVA="$JAVA_HOME/bin/java"

# The 5 most recent commits, oldest first (the order of the simulated history).
mapfile -t commits < <(git -C "$repo" log --format=%H -5 | tac)
[ "${#commits[@]}" -eq 5 ] || { echo "make-runs: need 5 commits in $repo, found ${#commits[@]}" >&2; exit 1; }
PLANS=(aime2024:64:1 aime2025:64:1 math500:8:1 math500:8:2)
mapfile -t models < <(python3 "$here/make-responses.py" --list-models | tr ' ' '\n')

start=$(date +%s)
plan_args=()
for p in "${PLANS[@]}"; do plan_args+=(--plan "$p"); done
python3 "$here/make-responses.py" --data "$DATA" --out "$RESP" --commits "$(IFS=,; echo "${commits[*]}")" "${plan_args[@]}"
mkdir -p "$RESP/logs"

# complete DIR SAMPLES_EXPECTED: true when DIR's summary.json says the run is complete with that many samples.
complete() {
  [ -f "$1/summary.json" ] && python3 - "$1/summary.json" "$2" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))["counts"]
sys.exit(0 if c.get("complete") and c.get("samples_done") == int(sys.argv[2]) else 1)
EOF
}

# run_one SUITE SAMPLES SEED MODEL COMMIT
run_one() {
  local suite=$1 samples=$2 seed=$3 model=$4 commit=$5
  local name="$suite-$model-${commit:0:8}-s$seed" problems=30
  [ "$suite" = math500 ] && problems=500
  local dir="$OUT/$name" log="$RESP/logs/$name.log"
  if complete "$dir" $((problems * samples)); then echo "skip $name (complete)"; return 0; fi
  if "$JAVA" --add-modules=jdk.incubator.vector -Dsputnik.git="$commit" -cp "$LIB/*" sputnik.harness.cli.Main \
      run --suite "$suite" --engine replay --responses "$RESP/${commit:0:8}/$suite-s$seed/$model" \
      --samples "$samples" --seed "$seed" --data-dir "$DATA" --offline --out "$dir" >"$log" 2>&1 \
      && complete "$dir" $((problems * samples)); then
    echo "done $name"
  else
    echo "FAILED $name (exit $?), log: $log" >&2
    tail -n 5 "$log" >&2
    return 1
  fi
}
export -f run_one complete
export OUT RESP LIB DATA JAVA

jobs_file="$RESP/jobs.txt"
: >"$jobs_file"
for commit in "${commits[@]}"; do
  for model in "${models[@]}"; do
    for p in "${PLANS[@]}"; do
      IFS=: read -r suite samples seed <<<"$p"
      echo "$suite $samples $seed $model $commit" >>"$jobs_file"
    done
  done
done

status=0
xargs -P "$JOBS" -L 1 bash -c 'run_one "$@"' _ <"$jobs_file" || status=1

# Check every planned run, then count.
total_runs=0 complete_runs=0
while read -r suite samples seed model commit; do
  total_runs=$((total_runs + 1))
  problems=30; [ "$suite" = math500 ] && problems=500
  if complete "$OUT/$suite-$model-${commit:0:8}-s$seed" $((problems * samples)); then
    complete_runs=$((complete_runs + 1))
  else
    echo "make-runs: NOT complete: $OUT/$suite-$model-${commit:0:8}-s$seed" >&2; status=1
  fi
done <"$jobs_file"
samples_total=$(cat "$OUT"/*/samples.jsonl | wc -l)
echo "make-runs: $complete_runs/$total_runs runs complete, $samples_total samples in $OUT ($(du -sh "$OUT" | cut -f1)), $(( $(date +%s) - start )) s"
exit $status
