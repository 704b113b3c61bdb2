#!/usr/bin/env bash
# Start lag of 500 collectors due on the same second, scheduled by Hangfire on a private PostgreSQL started by the
# benchmark; the earlier scheduling settings are the baseline, run first in the same process.
# Usage: bench/scheduling.sh [collectors] [minutes] [extra settings, e.g. --Ioc:Scheduling:WorkerCount=32]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Ioc.Bench -c Release 2>&1 | grep -E " error |rror\(s\)" || true
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet bench/Ioc.Bench/bin/Release/net10.0/Ioc.Bench.dll scheduling "${1:-500}" "${2:-3}" "${@:3}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
