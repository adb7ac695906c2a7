#!/usr/bin/env bash
# Installs the Debian packages Collegium needs: Pango for PDF rendering, fonts with Cyrillic,
# gettext for the catalogues, Chromium for the browser journeys. As root it installs them;
# otherwise it prints the exact command and stops.
set -euo pipefail
packages=(python3-venv gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 chromium poppler-utils wrk)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Collegium needs these Debian packages. Run, then try again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
