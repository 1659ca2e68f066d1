#!/usr/bin/env bash
# `make bundle`: the one-folder bundle of showdesk and showdesk-app, built with PyInstaller from
# the project's venv into packaging/dist/showdesk/ (and packaging/dist/showdesk-VERSION-SYSTEM.tar.gz).
# It needs a Python built with a shared libpython (python3 from Debian is; pyenv's needs
# PYTHON_CONFIGURE_OPTS=--enable-shared when it is built): PyInstaller copies that library in.
set -euo pipefail
cd "$(dirname "$0")/.."
python=.venv/bin/python
[ -x .venv/Scripts/python.exe ] && python=.venv/Scripts/python.exe  # Windows
shared="$($python -c 'import sysconfig; print(sysconfig.get_config_var("Py_ENABLE_SHARED") or 0)')"
if [ "$shared" != 1 ] && [ "$(uname -s)" = Linux ]; then
  echo "bundle.sh: $($python -c 'import sys; print(sys.executable)') has no shared libpython;" \
       "PyInstaller needs one (docs/install.md, 'Building the bundle')" >&2
  exit 1
fi
$python -m pip install --quiet 'pyinstaller==6.22.3'
$python -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath packaging/dist --workpath packaging/build packaging/showdesk.spec
version="$($python -c 'import showdesk; print(showdesk.__version__)')"
case "$(uname -s)" in
  Darwin)
    (cd packaging/dist && ditto -c -k --keepParent showdesk.app "showdesk-$version-macos.zip") ;;
  MINGW*|MSYS*|CYGWIN*)
    powershell -NoProfile -Command "Compress-Archive -Force -Path packaging/dist/showdesk \
      -DestinationPath packaging/dist/showdesk-$version-windows.zip" ;;
esac
if [ "$(uname -s)" = Linux ]; then
  # The desktop entry, the icons and the MIME type travel with the bundle; install.sh puts them.
  mkdir -p packaging/dist/showdesk/share
  cp packaging/linux/showdesk.desktop packaging/linux/showdesk-mime.xml \
     packaging/linux/install.sh packaging/dist/showdesk/share/
  cp packaging/icons/showdesk.svg packaging/icons/showdesk-*.png packaging/dist/showdesk/share/
  tar -C packaging/dist -czf "packaging/dist/showdesk-$version-linux-$(uname -m).tar.gz" showdesk
fi
du -sh packaging/dist/showdesk
