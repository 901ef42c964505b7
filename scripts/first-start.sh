#!/bin/bash
# Measures a newcomer's first start (docs/benchmarks.md): fresh clone → npm ci → npm start
# until the sign-in page answers 200. Usage: scripts/first-start.sh [repository] (default: this
# checkout). Needs port 3000 free; works in a temporary directory that it removes afterwards.
set -u
repo="${1:-$(git rev-parse --show-toplevel)}"
dir=$(mktemp -d)
# Run as root, the embedded Postgres drops to an unprivileged user, who must reach the clone.
chmod 755 "$dir"
pid=""
# Whatever happens, the portal it started stops and the clone goes.
trap '[ -n "$pid" ] && kill -TERM $pid 2>/dev/null && wait $pid; rm -rf "$dir"' EXIT
git clone -q "$repo" "$dir/threadline" && cd "$dir/threadline" || exit 1
t0=$(date +%s)
npm ci > "$dir/install.log" 2>&1 || { echo "npm ci failed:"; tail -20 "$dir/install.log"; exit 1; }
t1=$(date +%s)
PORT=3000 npm start > "$dir/start.log" 2>&1 &
pid=$!
until curl -s -o /dev/null -w '%{http_code}' http://localhost:3000/sign-in | grep -q 200; do
  sleep 1
  if ! kill -0 $pid 2>/dev/null || [ $(($(date +%s) - t1)) -gt 900 ]; then echo "npm start did not serve the sign-in page:"; tail -20 "$dir/start.log"; exit 1; fi
done
t2=$(date +%s)
echo "install $((t1 - t0)) s, start to first page $((t2 - t1)) s, total $((t2 - t0)) s"
# (SIGTERM in the trap: a background job of a non-interactive shell ignores SIGINT.)
