#!/usr/bin/env bash
# Debian packages toolassess needs beside Python: pdftotext/pdftoppm (tests read and look at PDFs),
# HarfBuzz subsetting (WeasyPrint otherwise falls back to slow fontTools subsetting), fonts with French accents, and
# SCRAM (an Open-PSA fault-tree engine: tests/test_openpsa.py checks the cut sets against it).
set -euo pipefail
packages=(poppler-utils graphviz scram libharfbuzz-subset0 fonts-dejavu-core fonts-dejavu-extra libpango-1.0-0 libpangoft2-1.0-0)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "toolassess: please install these Debian packages: ${missing[*]}" >&2
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
