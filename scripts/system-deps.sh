#!/usr/bin/env bash
# Make sure the Debian packages the project builds or tests against are present.
# usage: scripts/system-deps.sh build|browser
#   build    pkg-config + libicu-dev (PyICU compiles against them)
#   browser  chromium (driven by Playwright in the browser tests; no browser download)
set -euo pipefail
case "${1:-build}" in
  build)   packages=(pkg-config libicu-dev); probe() { command -v pkg-config >/dev/null && pkg-config --exists icu-uc icu-i18n; } ;;
  browser) packages=(chromium); probe() { command -v chromium >/dev/null; } ;;
  *) echo "usage: $0 build|browser" >&2; exit 2 ;;
esac
probe && exit 0
echo "Installing Debian packages: ${packages[*]}" >&2
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
  sudo apt-get update -qq >/dev/null
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
else
  echo "Missing system packages: ${packages[*]}. Install them (Debian: apt-get install ${packages[*]}) and run make again." >&2
  exit 1
fi
probe || { echo "Installed ${packages[*]} but the check still fails." >&2; exit 1; }
