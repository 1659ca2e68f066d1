#!/usr/bin/env bash
# The README's two commands on a fresh Debian 12, as root and as a user. Takes many minutes.
#
#   sudo packaging/fresh-check.sh [WORKDIR]      (default WORKDIR: /var/tmp/showdesk-fresh)
#
# 1. mmdebstrap builds a bare bookworm (--variant=apt with python3, python3-venv, make, git and
#    ca-certificates, nothing else) and this repository's committed HEAD is cloned into two
#    copies of it.
# 2. As root in the first: `make run` opens the window (on a virtual screen from this machine's
#    Xvfb; a screenshot is saved), then `make test` must pass the whole suite.
# 3. As a user in the second: `make test` must stop and print a line to run as root; that line,
#    run as root exactly as printed, must be enough for both `make test` (which then passes) and
#    `make run` (the window again, a second screenshot).
# Everything it prints goes to WORKDIR/*.log too; the screenshots are WORKDIR/*.png.
# Needs root (chroot, mounts), and mmdebstrap and xvfb on this machine (installed if missing).
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "fresh-check.sh: run it as root (it uses chroot)" >&2; exit 2; }
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/var/tmp/showdesk-fresh}"
suite="${SUITE:-bookworm}"
mkdir -p "$work"
say() { echo "== $(date +%T) $*" | tee -a "$work/fresh-check.log"; }

need() {  # installs a Debian package on this machine, waiting out another apt's lock
  dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null | grep -qx installed && return 0
  for try in 1 2 3 4 5; do
    apt-get -qq -o DPkg::Lock::Timeout=300 update &&
      DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=300 install -y \
        --no-install-recommends "$1" >/dev/null && return 0
    sleep 15
  done
  echo "fresh-check.sh: could not install $1" >&2
  exit 1
}
need mmdebstrap
need xvfb

: > "$work/fresh-check.log"
say "bare $suite root in $work/base"
rm -rf "$work/base" "$work/root" "$work/user"
mmdebstrap --variant=apt --include=python3,python3-venv,make,git,ca-certificates \
  "$suite" "$work/base" 2>&1 | tail -n 3 | tee -a "$work/fresh-check.log"
cp /etc/resolv.conf "$work/base/etc/resolv.conf"
# This machine's own certificate authorities (a TLS-inspecting proxy's, say), so that pip in the
# chroot reaches PyPI where this machine does. Nothing else of this machine goes in.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$work/base/usr/local/share/ca-certificates/"
  chroot "$work/base" update-ca-certificates >/dev/null 2>&1
fi
cp -a "$work/base" "$work/root"
cp -a "$work/base" "$work/user"

xvfb_pid=""
cleanup() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  for dir in "$work/root" "$work/user"; do
    for mnt in dev/shm dev/pts dev sys proc; do
      mountpoint -q "$dir/$mnt" 2>/dev/null && umount -l "$dir/$mnt" || true
    done
  done
}
trap cleanup EXIT
for dir in "$work/root" "$work/user"; do
  mount -t proc proc "$dir/proc"
  mount --bind /sys "$dir/sys"
  mount --bind /dev "$dir/dev"
  mount --bind /dev/pts "$dir/dev/pts"
  mount -t tmpfs shm "$dir/dev/shm"  # jackd keeps its shared memory here
done

# A virtual screen for `make run`: its socket is abstract (@/tmp/.X11-unix/XN), so a chroot on
# the same network namespace reaches it without the file.
number=90
while [ -e "/tmp/.X$number-lock" ] || [ -e "/tmp/.X11-unix/X$number" ]; do number=$((number + 1)); done
display=":$number"
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 2
kill -0 "$xvfb_pid" || { echo "fresh-check.sh: Xvfb $display did not start" >&2; exit 1; }
say "virtual screen $display"

# A clean environment: nothing of this machine's leaks into the chroot but where to find the
# certificate authorities (pip carries its own list otherwise).
tls=()
for var in PIP_CERT SSL_CERT_FILE REQUESTS_CA_BUNDLE; do
  [ -n "${!var:-}" ] && tls+=("$var=/etc/ssl/certs/ca-certificates.crt")
done
in_root() {  # DIR USER COMMAND...
  local dir=$1 user=$2
  shift 2
  local home=/root
  [ "$user" = root ] || home="/home/$user"
  chroot "$dir" /usr/bin/env -i HOME="$home" USER="$user" LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin DISPLAY="$display" \
    XDG_CONFIG_HOME="$home/.config" "${tls[@]}" \
    /usr/sbin/runuser -u "$user" -- bash -c "$*"
}

in_pgrep() {  # DIR PATTERN: the first process matching PATTERN that runs inside the chroot DIR
  local pid
  for pid in $(pgrep -f "$2" || true); do
    [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$1" ] && { echo "$pid"; return 0; }
  done
  return 0
}

clone() {  # DEST: this repository's committed HEAD
  git clone -q "$repo" "$1"
  git -C "$1" checkout -q "$(git -C "$repo" rev-parse HEAD)"
}

window() {  # DIR USER CHECKOUT PNG: `make run` until its window is up, a screenshot, then quit
  local dir=$1 user=$2 checkout=$3 png=$4 log="$work/$(basename "$4" .png).log"
  in_root "$dir" "$user" "cd $checkout && make run" > "$log" 2>&1 &
  local make_pid=$! engine=""
  for _ in $(seq 1 600); do
    engine="$(in_pgrep "$dir" "showdesk run .*demo.showdesk")"
    [ -n "$engine" ] && break
    kill -0 "$make_pid" 2>/dev/null || break
    sleep 1
  done
  if [ -z "$engine" ]; then
    say "make run as $user did not open the window:"
    tail -n 20 "$log" | tee -a "$work/fresh-check.log"
    return 1
  fi
  sleep 4  # the window is shown right after the engine starts; let it draw
  in_root "$dir" "$user" "$checkout/.venv/bin/python -c '
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
sys.exit(0 if app.primaryScreen().grabWindow(0).save(\"/tmp/screen.png\") else 1)'"
  cp "$dir/tmp/screen.png" "$png"
  local app
  app="$(in_pgrep "$dir" "showdesk-app --demo")"
  [ -n "$app" ] && kill "$app"
  wait "$make_pid" || true
  say "make run as $user opened the window: $png"
}

say "as root: git clone, then make run"
clone "$work/root/root/showdesk"
window "$work/root" root /root/showdesk "$work/root-make-run.png"
say "as root: make test"
if in_root "$work/root" root "cd /root/showdesk && make test" > "$work/root-make-test.log" 2>&1; then
  say "as root: make test passed: $(grep -E '^=+ .*(passed|failed)' "$work/root-make-test.log")"
else
  say "as root: make test FAILED"; tail -n 30 "$work/root-make-test.log"; exit 1
fi

say "as a user: make test, which should stop and print the line to run as root"
chroot "$work/user" useradd -m showdesk
clone "$work/user/home/showdesk/showdesk"
chroot "$work/user" chown -R showdesk:showdesk /home/showdesk/showdesk
if in_root "$work/user" showdesk "cd ~/showdesk && make test" > "$work/user-first.log" 2>&1; then
  say "as a user: make test did not stop for the system packages"; exit 1
fi
tee -a "$work/fresh-check.log" < "$work/user-first.log"
line="$(grep -E '^  su root -c ' "$work/user-first.log" | sed 's/^  //')"
[ -n "$line" ] || { say "no line to run as root was printed"; exit 1; }
say "as root, the printed line: $line"
in_root "$work/user" root "$line" > "$work/user-install.log" 2>&1
say "as a user: make test"
if in_root "$work/user" showdesk "cd ~/showdesk && make test" > "$work/user-make-test.log" 2>&1; then
  say "as a user: make test passed: $(grep -E '^=+ .*(passed|failed)' "$work/user-make-test.log")"
else
  say "as a user: make test FAILED"; tail -n 30 "$work/user-make-test.log"; exit 1
fi
window "$work/user" showdesk /home/showdesk/showdesk "$work/user-make-run.png"
say "all done"
