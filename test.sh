#!/usr/bin/env bash
# Runs every test of the repository on a fresh Debian machine: installs what the tests need, then
# runs the whole solution's tests and prints one summary line.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
command -v influxd >/dev/null 2>&1 || need+=(influxdb)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
[ -x /usr/sbin/nginx ] || need+=(nginx)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} (Debian packages the tests need)"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Ioc.sln -c Release --nologo --logger "console;verbosity=minimal" 2>&1 | tee "$log" || status=$?

# One line over all test projects, in the form CI reads.
awk '/^(Passed|Failed)!/ {
       # Reads each count from a copy: assigning to a field past NF would add fields, and gawk would loop for ever.
       for (i = 1; i < NF; i++) { v = $(i+1); gsub(",", "", v); if ($i == "Failed:") f += v; if ($i == "Passed:") p += v; if ($i == "Skipped:") s += v }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
