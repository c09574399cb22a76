#!/usr/bin/env bash
# Installs the Debian packages itda needs, only those that are missing:
#   gettext (translations), chromium (end-to-end tests), postgresql (the suite's second database),
#   fonts-nanum and pango (Korean text in PDF certificates via WeasyPrint).
# Usage: scripts/system-deps.sh [demo|test]
set -euo pipefail
mode="${1:-test}"
want=(gettext fonts-nanum libpango-1.0-0 libpangoft2-1.0-0)
if [[ "$mode" == "test" ]]; then
  want+=(chromium postgresql)
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "Need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's postgresql package creates a default cluster and starts it; the suite uses its
# own throwaway cluster instead, so the packaged one is left alone.
