#!/usr/bin/env bash
# Installs the Debian packages the test suite talks to (real peers, not mocks):
#   jackd2       a JACK server with the dummy driver, for real MIDI ports
#   liblo-tools  oscdump / oscsend, an independent OSC receiver and sender
#   xvfb         a virtual screen, for screenshots of the desktop app
#   poppler-utils  pdftotext / pdfinfo / pdftoppm, to read back the PDF show report
#   fontconfig   fc-list, and through fontconfig-config a font (DejaVu) for Qt to set the PDF in
#   dbus-daemon, polkitd, rtkit, python3.11  an ordinary user's engine asking rtkit for real-time
#                (tests/e2e/test_rtkit.py; packaging/packages-test.txt says why each)
#   iproute2     ss, to see which sockets the engine listens on (remote control)
# As root it installs what is missing; otherwise it prints the command and fails.
set -euo pipefail
declare -A provides=([jackd2]=jackd [liblo-tools]=oscdump [xvfb]=Xvfb [poppler-utils]=pdftotext [fontconfig]=fc-list
  [dbus-daemon]=dbus-daemon [polkitd]=/usr/lib/polkit-1/polkitd [rtkit]=/usr/libexec/rtkit-daemon
  [python3.11]=/usr/bin/python3.11 [iproute2]=ss)
missing=()
for pkg in "${!provides[@]}"; do
  command -v "${provides[$pkg]}" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "The tests need these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
