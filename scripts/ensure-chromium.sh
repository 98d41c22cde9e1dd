#!/usr/bin/env bash
# Makes sure a Chromium the browser tests can drive is on this machine.
# Playwright cannot download its own browser here (no network beyond package registries),
# so the tests use Debian's chromium package at /usr/bin/chromium (or $IKM_SIM_CHROMIUM).
set -euo pipefail
browser="${IKM_SIM_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
cat >&2 <<MSG
The browser tests need Chromium at $browser, and it is not installed.
Install it as root with:   sudo apt-get install chromium
or point IKM_SIM_CHROMIUM at another Chromium/Chrome binary, then run 'make test' again.
MSG
exit 1
