#!/usr/bin/env bash
# Installs Debian's chromium for the browser journeys (e2e/), if it is not there yet. Idempotent.
# playwright-core drives this browser; no browser is ever downloaded by Playwright itself.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "install-chromium: $CHROMIUM is missing and this user is not root (no sudo either)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update
  "${SUDO[@]}" apt-get install -y --no-install-recommends chromium
fi

"$CHROMIUM" --version
