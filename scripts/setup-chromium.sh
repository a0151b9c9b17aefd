#!/usr/bin/env bash
# Debian `chromium` for the browser test (tests/browser/www.test.mjs, driven by
# playwright-core): installed with apt-get when /usr/bin/chromium is absent.
# No browser is ever downloaded any other way (never `npx playwright install`).
# scripts/test.sh calls this before the browser stage.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "setup-chromium: not root and no sudo; install Debian chromium by hand" >&2; exit 1; }
  sudo=sudo
fi
echo "setup-chromium: installing Debian chromium (apt-get)"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium
[ -x /usr/bin/chromium ] || { echo "setup-chromium: /usr/bin/chromium is still missing after apt-get" >&2; exit 1; }
/usr/bin/chromium --version || true
