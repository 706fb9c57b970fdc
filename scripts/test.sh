#!/usr/bin/env bash
# `npm test`: sets up what the tests need (Debian tools, a Redis), builds, runs every jest test,
# and ends with the plain line "N passed, N failed" taken from jest's own JSON results.
set -uo pipefail
cd "$(dirname "$0")/.."

# command:package, or /absolute/path:package for tools outside a non-root PATH (sshd) or shadowed
# by a shell keyword (time); the SFTP tests start their own sshd on a free port.
need_tools=(pdftoppm:poppler-utils pdftotext:poppler-utils pdffonts:poppler-utils qpdf:qpdf
  tesseract:tesseract-ocr dmtxread:dmtx-utils zbarimg:zbar-tools gpg:gnupg unzip:unzip chromium:chromium
  redis-server:redis-server redis-cli:redis-tools /usr/sbin/sshd:openssh-server /usr/bin/time:time)
missing=()
for pair in "${need_tools[@]}"; do
  tool=${pair%%:*}
  case $tool in
    /*) [ -x "$tool" ] || missing+=("${pair#*:}") ;;
    *) command -v "$tool" >/dev/null 2>&1 || missing+=("${pair#*:}") ;;
  esac
done
[ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || ls /usr/share/tesseract-ocr/*/tessdata/chi_sim.traineddata >/dev/null 2>&1 || missing+=(tesseract-ocr-chi-sim)
if [ ${#missing[@]} -gt 0 ]; then
  pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test: installing $pkgs" >&2
    # Debian starts the services it installs (the system sshd on port 22, a redis-server) unless
    # policy-rc.d forbids it (Docker images ship one): forbid it for this install only.
    policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      policy=/usr/sbin/policy-rc.d
      printf '#!/bin/sh\nexit 101\n' >$policy && chmod +x $policy && trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs) >/tmp/siprint-apt.log 2>&1 \
      || { echo "test: apt-get install failed (see /tmp/siprint-apt.log); install: $pkgs" >&2; exit 1; }
    if [ -n "$policy" ]; then rm -f $policy; trap - EXIT; fi
  else
    echo "test: please install: $pkgs" >&2; exit 1
  fi
fi

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
if [ -f "$results" ]; then
  node -e "const r=require('./$results');console.log(r.numPassedTests+' passed, '+(r.numFailedTests+r.numRuntimeErrorTestSuites)+' failed'+(r.numPendingTests?', '+r.numPendingTests+' skipped':''))"
else
  echo "0 passed, 1 failed"
fi
exit $status
