#!/usr/bin/env bash
# Drives the real worker (a separate process) against the ServiceNow and Jira sandboxes on loopback
# at rising load, polling and webhooks, and writes bench/results/pipeline.md. Not part of the test run.
#
#   bash bench/run-pipeline-bench.sh               # the real run: 3 repetitions, ~13 minutes a platform
#   bash bench/run-pipeline-bench.sh --smoke       # tiny load, a few seconds; report in results/raw/
#   bash bench/run-pipeline-bench.sh --platforms jira --reps 1 --rates 100,400 --seconds 5   # a quicker look
#
# Arguments go to Adapter.PipelineBench (see bench/README.md). ADAPTER_BENCH_POSTGRES=<connection
# string> adds a ServiceNow run on PostgreSQL (Adapter:Store=postgres, a fresh database per run;
# `source .ci/postgres.sh && pg_start` gives one in ADAPTER_TEST_POSTGRES); when the worker refuses
# it, the report says PostgreSQL was not measured and why. The real run profiles the worker at the knee with
# dotnet-counters and dotnet-trace (dotnet global tools, installed here from NuGet if missing).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
raw="$repo/bench/results/raw/pipeline"
mkdir -p "$raw"

step() { printf '\n== %s\n' "$*"; }

smoke=0
for arg in "$@"; do [[ "$arg" == "--smoke" ]] && smoke=1; done

step "building Release: src/Adapter.Worker and bench/Adapter.PipelineBench (not the whole solution)"
dotnet build -c Release --nologo -v q src/Adapter.Worker/Adapter.Worker.csproj
dotnet build -c Release --nologo -v q bench/Adapter.PipelineBench/Adapter.PipelineBench.csproj

extra=()
if [[ $smoke -eq 0 ]]; then
  tools="$HOME/.dotnet/tools"
  for tool in dotnet-counters dotnet-trace; do
    if [[ ! -x "$tools/$tool" ]]; then
      step "installing $tool (dotnet global tool, NuGet)"
      dotnet tool install -g "$tool" || echo "could not install $tool: the knee is not profiled" >&2
    fi
  done
  extra+=(--profile)
fi

step "pipeline bench (worker logs and profiles: $raw)"
dotnet bench/Adapter.PipelineBench/bin/Release/net10.0/Adapter.PipelineBench.dll "${extra[@]}" "$@"
