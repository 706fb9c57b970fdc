#!/usr/bin/env bash
# The Debian tools the tests look with (and the services they start themselves): installed with
# apt-get when this runs as root, else named for the user to install. Run by scripts/test.sh (npm test)
# and by .ci/run before the Node 22/24 smoke sets.
set -uo pipefail

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
# a TrueType face with composite glyphs, for the subsetter's test (test/render/truetype-subset.test.ts)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || ls /usr/share/tesseract-ocr/*/tessdata/chi_sim.traineddata >/dev/null 2>&1 || missing+=(tesseract-ocr-chi-sim)
if [ ${#missing[@]} -gt 0 ]; then
  pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test-tools: installing $pkgs" >&2
    # Debian starts the services it installs (the system sshd on port 22, a redis-server) unless
    # policy-rc.d forbids it (Docker images ship one): forbid it for this install only.
    policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      policy=/usr/sbin/policy-rc.d
      printf '#!/bin/sh\nexit 101\n' >$policy && chmod +x $policy && trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs) >/tmp/siprint-apt.log 2>&1 \
      || { echo "test-tools: apt-get install failed (see /tmp/siprint-apt.log); install: $pkgs" >&2; exit 1; }
    if [ -n "$policy" ]; then rm -f $policy; trap - EXIT; fi
  else
    echo "test-tools: please install: $pkgs" >&2; exit 1
  fi
fi
