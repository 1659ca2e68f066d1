#!/usr/bin/env bash
# Checks the Debian packages showdesk needs, by package (a library has no command to look for).
#
#   packaging/system-packages.sh run        what the app needs (make run)
#   packaging/system-packages.sh run test   that and what the test suite's peers need (make test)
#
# The lists are packaging/packages-LIST.txt: one package per line, '#' starts a comment.
# As root, what is missing is installed with --no-install-recommends after apt-get update, so
# root and everyone else end up with the same set. Otherwise it prints one line to run as root
# (with sudo, or with su where there is no sudo) and exits 1. On a system without dpkg it says
# where the list is and goes on: the names are Debian's.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -gt 0 ] || set -- run

wanted=()
for list in "$@"; do
  file="$here/packages-$list.txt"
  [ -f "$file" ] || { echo "system-packages.sh: no list $file" >&2; exit 2; }
  while read -r pkg; do
    [ -n "$pkg" ] && wanted+=("$pkg")
  done < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$file")
done

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "note: not a Debian-based system, so the system packages were not checked;" \
       "docs/install.md lists what to install on yours" >&2
  exit 0
fi

installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }
missing=()
for pkg in "${wanted[@]}"; do
  # Ubuntu 24.04 and Debian 13 renamed some libraries for 64-bit time (libasound2t64).
  installed "$pkg" || installed "${pkg}t64" && continue
  if apt-cache show --no-all-versions "${pkg}t64" >/dev/null 2>&1; then
    missing+=("${pkg}t64")
  else
    missing+=("$pkg")
  fi
done
# A package on both lists is asked for once.
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk 'NF && !seen[$0]++')
[ ${#missing[@]} -eq 0 ] && exit 0

install="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${#missing[@]} Debian package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Another apt or dpkg may hold the lock for a while (unattended upgrades, another build):
  # wait for it rather than fail.
  for try in 1 2 3 4 5 6; do
    apt-get -qq -o DPkg::Lock::Timeout=120 update && break
    [ "$try" -lt 6 ] || exit 1
    echo "apt-get update failed; trying again in 10 s" >&2
    sleep 10
  done
  apt-get -qq -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" \
    >/dev/null
  exit 0
fi

{
  echo "showdesk needs ${#missing[@]} Debian package(s) that are not installed: ${missing[*]}"
  echo "Install them with one of these lines, then run the same command again:"
  echo "  sudo sh -c 'apt-get update && $install'"
  echo "  su root -c 'apt-get update && $install'"
} >&2
exit 1
