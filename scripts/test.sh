#!/usr/bin/env bash
# `npm test`: sets up what the tests need (Debian tools, a Redis), builds, runs every jest test,
# and ends with the plain line "N passed, N failed" taken from jest's own JSON results. Arguments go
# to jest (`npm test -- test/domain`).
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/test-tools.sh || exit 1

# A Redis for the queue tests: REDIS_URL, else 127.0.0.1:6379, else start one on a free port
# (redis-server is installed above: the restart test runs a private one whatever REDIS_URL says).
redis_ok() { node -e "const R=require('ioredis');const r=new R(process.argv[1],{lazyConnect:true,maxRetriesPerRequest:0,retryStrategy:()=>null});r.connect().then(()=>r.ping()).then(()=>{r.disconnect();process.exit(0)},()=>process.exit(1))" "$1" 2>/dev/null; }
if [ -z "${REDIS_URL:-}" ]; then
  if redis_ok redis://127.0.0.1:6379; then
    export REDIS_URL=redis://127.0.0.1:6379
  else
    port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --maxmemory-policy noeviction \
      --pidfile "/tmp/siprint-test-redis-$port.pid" --logfile "/tmp/siprint-test-redis-$port.log" >/dev/null
    for _ in $(seq 50); do redis_ok "redis://127.0.0.1:$port" && break; sleep 0.1; done
    export REDIS_URL="redis://127.0.0.1:$port"
    trap 'kill "$(cat /tmp/siprint-test-redis-'"$port"'.pid)" 2>/dev/null' EXIT
  fi
fi
redis_ok "$REDIS_URL" || { echo "test: Redis at $REDIS_URL does not answer; start it or set REDIS_URL" >&2; exit 1; }

npm run -s build || exit 1
results=.jest-results.json
rm -f "$results"
npx jest --ci --json --outputFile="$results" "$@"
status=$?
# SIPRINT_MORE_JEST_RESULTS (colon-separated jest --json files of earlier runs: .ci/run's Node 22/24
# smoke sets) are folded into the count; a file that is missing (its run never got that far) is one failure.
node -e "
let passed = 0, failed = 0, skipped = 0;
for (const file of process.argv.slice(1)) {
  let r;
  try { r = JSON.parse(require('fs').readFileSync(file, 'utf8')); } catch { failed += 1; continue; }
  passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; skipped += r.numPendingTests;
}
console.log(passed + ' passed, ' + failed + ' failed' + (skipped ? ', ' + skipped + ' skipped' : ''));
process.exitCode = failed ? 1 : 0;
" "$results" $(tr ':' ' ' <<<"${SIPRINT_MORE_JEST_RESULTS:-}")
counted=$?
[ $status -ne 0 ] && exit $status
exit $counted
