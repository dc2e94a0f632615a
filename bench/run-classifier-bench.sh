#!/usr/bin/env bash
# Measures the triage classifier and the batch `triage` verb, and writes
# bench/results/classifier-speed.md. Not part of the test run: .ci/run does not call it.
#
#   bash bench/run-classifier-bench.sh
#
# Environment:
#   ROWS=100000       rows in the generated batch CSV
#   REPS=3            triage repetitions (the median is quoted)
#   BENCH_ARGS=...    extra BenchmarkDotNet arguments, e.g. "--job short" for a quick look
#
# The BenchmarkDotNet run is pinned to one core with `taskset -c 0` (the affinity is inherited
# by the job process BenchmarkDotNet starts). The benchmark is single-threaded anyway; the pin
# stops the scheduler moving the measured thread between cores and makes "per core" literal
# (the runtime's JIT and GC threads share that core, as in a one-core container). The smoke
# check and the triage timing are not pinned. Large files and BenchmarkDotNet's artifacts go to
# bench/results/raw/, which git ignores.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
rows="${ROWS:-100000}"
reps="${REPS:-3}"
results="$repo/bench/results"
raw="$results/raw"
artifacts="$raw/BenchmarkDotNet.Artifacts"
worker_dll="$repo/src/Adapter.Worker/bin/Release/net10.0/Adapter.Worker.dll"
bench_dll="$repo/bench/Adapter.Benchmarks/bin/Release/net10.0/Adapter.Benchmarks.dll"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

step() { printf '\n== %s\n' "$*"; }

if [[ ! -x /usr/bin/time ]]; then
  step "installing GNU time (Debian package 'time')"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time
fi
command -v taskset >/dev/null || { echo "taskset (util-linux) is missing" >&2; exit 1; }
mkdir -p "$raw"

step "building Release: bench/Adapter.Benchmarks and src/Adapter.Worker (not the whole solution)"
dotnet build -c Release --nologo -v q bench/Adapter.Benchmarks/Adapter.Benchmarks.csproj
dotnet build -c Release --nologo -v q src/Adapter.Worker/Adapter.Worker.csproj

# Not pinned: on one CPU the runtime delays tier-up tenfold, longer than the smoke's warm-up.
step "smoke check (in-process, not pinned)"
dotnet "$bench_dll" --smoke | tee "$raw/smoke.txt"

step "BenchmarkDotNet, pinned: taskset -c 0 (log: $raw/benchmarkdotnet.log)"
rm -rf "$artifacts"
# CPU counters around the run show whether anything else competed for the machine.
head -1 /proc/stat > "$raw/cpu-before.txt"
# shellcheck disable=SC2086 # BENCH_ARGS is a list of arguments on purpose
taskset -c 0 dotnet run -c Release --no-build --project bench/Adapter.Benchmarks -- \
  --filter '*' --exporters json --artifacts "$artifacts" ${BENCH_ARGS:-} \
  > "$raw/benchmarkdotnet.log" 2>&1 || { tail -50 "$raw/benchmarkdotnet.log"; exit 1; }
head -1 /proc/stat > "$raw/cpu-after.txt"
sed -n '/^\/\/ \* Summary \*/,/^\/\/ \* Legends \*/p' "$raw/benchmarkdotnet.log"

step "generating $rows-row batch CSV"
python3 bench/make-large-csv.py "$raw/big.csv" --rows "$rows"

step "timing triage of $rows rows, $reps repetitions"
times=()
for ((i = 1; i <= reps; i++)); do
  rm -f "$raw/out.csv"
  /usr/bin/time -v -o "$raw/triage-time-$i.txt" \
    dotnet "$worker_dll" triage --input "$raw/big.csv" --output "$raw/out.csv" \
    > "$raw/triage-$i.log" 2>&1 || { cat "$raw/triage-$i.log" "$raw/triage-time-$i.txt"; exit 1; }
  written=$(($(wc -l < "$raw/out.csv") - 1))
  if [[ "$written" -ne "$rows" ]]; then
    echo "triage wrote $written decision rows, expected $rows" >&2
    exit 1
  fi
  grep -E 'Elapsed \(wall clock\)|Maximum resident set size' "$raw/triage-time-$i.txt" | sed "s/^\s*/  run $i: /"
  times+=("$raw/triage-time-$i.txt")
done

step "writing bench/results/classifier-speed.md"
python3 bench/classifier-speed-report.py \
  --artifacts "$artifacts" --smoke "$raw/smoke.txt" --cpu "$raw/cpu-before.txt" "$raw/cpu-after.txt" \
  --rows "$rows" --input-bytes "$(stat -c %s "$raw/big.csv")" \
  --time "${times[@]}" --bdn-args "${BENCH_ARGS:-}" --output "$results/classifier-speed.md"
