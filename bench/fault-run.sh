#!/usr/bin/env bash
# Bounded fault run for the PostgreSQL scale-out path: 10,000 incidents in the ServiceNow sandbox
# with 20% of table calls failing, three worker replicas on one PostgreSQL database, one of them
# killed with SIGKILL and restarted every 4 seconds. Writes bench/results/fault-run.md with the
# number of incidents lost and written twice (both must be 0) and exits non-zero otherwise.
# Everything stays on 127.0.0.1 and stops by itself (TIME_LIMIT, default one hour).
#
#   bash bench/fault-run.sh                       # the machine's PostgreSQL in a temporary folder
#   ADAPTER_FAULT_RUN_POSTGRES="Host=...;Username=..." bash bench/fault-run.sh   # a server you run
#
# Tunables (environment): TICKETS=10000 FAULT_RATE=0.2 WORKERS=3 KILL_EVERY=4 TIME_LIMIT=3600
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

source .ci/postgres.sh
trap pg_stop EXIT
server="${ADAPTER_FAULT_RUN_POSTGRES:-}"
if [ -z "$server" ]; then
  pg_start
  server="$ADAPTER_TEST_POSTGRES"
fi

dotnet build src/Adapter.Worker -c Release -v quiet -nologo
dotnet build bench/FaultRun -c Release -v quiet -nologo
mkdir -p bench/results/raw

dotnet bench/FaultRun/bin/Release/net10.0/FaultRun.dll \
  --repo "$PWD" \
  --postgres "$server" \
  --worker "$PWD/src/Adapter.Worker/bin/Release/net10.0/Adapter.Worker.dll" \
  --out bench/results/fault-run.md \
  --logs "$PWD/bench/results/raw" \
  --tickets "${TICKETS:-10000}" \
  --fault-rate "${FAULT_RATE:-0.2}" \
  --workers "${WORKERS:-3}" \
  --kill-every "${KILL_EVERY:-4}" \
  --time-limit "${TIME_LIMIT:-3600}"
