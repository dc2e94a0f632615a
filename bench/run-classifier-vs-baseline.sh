#!/usr/bin/env bash
# Our rules classifier against the baseline a data team would train instead (scikit-learn TF-IDF +
# linear model, 5-fold cross-validation) on samples/tickets.csv: accuracy, severity, severity-1
# recall, classifications/s on one core, peak memory. Writes bench/results/classifier.md.
# Not part of the test run.
#
#   bash bench/run-classifier-vs-baseline.sh            # ~1 minute
#   bash bench/run-classifier-vs-baseline.sh --smoke    # one model, short timings; report in results/raw/
#
# Installs Debian's python3-sklearn if missing (root, as here). It belongs to /usr/bin/python3,
# which is called by its full path: another Python earlier on the PATH does not have it.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
smoke=0
[[ "${1:-}" == "--smoke" ]] && smoke=1
samples="$repo/samples/tickets.csv"
raw="$repo/bench/results/raw/classifier"
out="$repo/bench/results/classifier.md"
[[ $smoke -eq 1 ]] && out="$raw/classifier-smoke.md"
worker_dll="$repo/src/Adapter.Worker/bin/Release/net10.0/Adapter.Worker.dll"
bench_dll="$repo/bench/Adapter.Benchmarks/bin/Release/net10.0/Adapter.Benchmarks.dll"
mkdir -p "$raw"

step() { printf '\n== %s\n' "$*"; }

if ! /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
  step "installing Debian's python3-sklearn (for /usr/bin/python3)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sklearn
fi
if [[ ! -x /usr/bin/time ]]; then
  step "installing GNU time (Debian package 'time')"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time
fi
command -v taskset >/dev/null || { echo "taskset (util-linux) is missing" >&2; exit 1; }

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  step "building Release: src/Adapter.Worker and bench/Adapter.Benchmarks (not the whole solution)"
  dotnet build -c Release --nologo -v q src/Adapter.Worker/Adapter.Worker.csproj
  dotnet build -c Release --nologo -v q bench/Adapter.Benchmarks/Adapter.Benchmarks.csproj
fi

step "baseline: 5-fold cross-validation and predict throughput, pinned (taskset -c 0)"
baseline_args=()
[[ $smoke -eq 1 ]] && baseline_args+=(--smoke)
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 taskset -c 0 /usr/bin/python3 bench/baseline/baseline.py "$samples" "$raw/baseline.json" "${baseline_args[@]}"

step "ours: triage of the whole labeled file (the union of the folds' test rows)"
/usr/bin/time -f '%M' -o "$raw/ours-triage-rss-kb.txt" \
  dotnet "$worker_dll" triage --input "$samples" --output "$raw/ours-decisions.csv" > "$raw/ours-triage.txt"
tail -n 3 "$raw/ours-triage.txt" || true

step "ours: classifications/s on the same tickets, pinned (taskset -c 0)"
taskset -c 0 dotnet "$bench_dll" --samples-throughput "$samples" | tee "$raw/ours-throughput.json"

python3 bench/baseline/classifier_report.py "$raw" "$samples" "$out"
step "report: $out"
sed -n '/^| |/,/^$/p' "$out"
