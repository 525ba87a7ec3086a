#!/bin/sh
# Install everything the handouts need, on Debian or Ubuntu: the system packages listed in
# system-packages.txt that are not installed yet, then the exact versions in requirements.lock
# (the dependencies and the test tools), then this project itself, editable.
# Safe to run again: it installs only what is missing or at another version.
set -eu
cd "$(dirname "$0")"
packages=$(sed 's/#.*//' system-packages.txt | awk 'NF { print $1 }')
if command -v dpkg-query >/dev/null 2>&1; then
  missing=""
  for package in $packages; do
    dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
      missing="$missing $package"
  done
  if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing system packages:$missing"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
  fi
else
  echo "not Debian or Ubuntu: install the equivalents of these yourself:" $packages
fi
python -m pip install -q -r requirements.lock
# The lock already holds every dependency: --no-deps keeps pip from resolving them again.
python -m pip install -q --no-deps -e .
