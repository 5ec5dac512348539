#!/usr/bin/env bash
# Debian's poppler-utils (pdftotext, pdftoppm) for the disclosure tests (tests/api/disclosure): they read
# and render the Crown PDF with a second, independent PDF engine. Idempotent.
set -euo pipefail
if [[ -x /usr/bin/pdftoppm && -x /usr/bin/pdftotext ]]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
/usr/bin/pdftotext -v 2>&1 | head -1
