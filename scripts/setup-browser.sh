#!/usr/bin/env bash
# Debian's chromium for the browser tests (tests/web) and bench/web.py, driven by Playwright for
# Python (pinned in pyproject's dev extra). Idempotent; never runs `playwright install` (that
# downloads a browser build, which this network refuses).
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
