#!/usr/bin/env bash
# Live fan-out to N wall screens against a bare SignalR hub in the same run (docs/PERFORMANCE.md, "Live fan-out").
# Usage: bench/fanout.sh [cluster] [screens,…] [pairs] [seconds] [--compact] [Ioc settings, e.g. --Ioc:Live:…=…]
# With "cluster" first: two Ioc nodes on one Redis against one node with and without it ("Two nodes against one");
# it starts its own redis-server, PostgreSQL and influxd.
# Each connection is a file descriptor in the load process and one in the server: 10,000 screens need a limit
# above 10,000 for both, raised here for this shell and the processes it starts.
set -euo pipefail
cd "$(dirname "$0")/.."
command=fanout
sizes=1000,5000,10000
if [ "${1:-}" = cluster ]; then
  command=fanout-cluster
  sizes=1000,5000
  shift
fi
ulimit -n "$(ulimit -Hn)" || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 12000 ]; then
  echo "warning: open-file limit $(ulimit -n); 10,000 screens need more (raise the hard limit, e.g. in /etc/security/limits.conf)" >&2
fi
dotnet build -c Release src/Ioc.Server 2>&1 | grep -E " error |rror\(s\)" || true
dotnet build -c Release bench/Ioc.Bench 2>&1 | grep -E " error |rror\(s\)" || true
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet bench/Ioc.Bench/bin/Release/net10.0/Ioc.Bench.dll "$command" "${1:-$sizes}" "${2:-3}" "${3:-20}" "${@:4}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
