#!/usr/bin/env bash
# Installs the unpacked showdesk bundle for this user (or, with --system as root, for everyone):
# the folder goes to ~/.local/opt/showdesk (/opt/showdesk), `showdesk` and `showdesk-app` to
# ~/.local/bin (/usr/local/bin), and the desktop entry, the icon and the .showdesk MIME type to
# where the desktop finds them, so that the app is in the menu and a double-clicked show opens in
# it. Run it from the bundle: showdesk/share/install.sh
set -euo pipefail
bundle="$(cd "$(dirname "$0")/.." && pwd)"
share="$bundle/share"
if [ "${1:-}" = --system ]; then
  prefix=/opt/showdesk bin=/usr/local/bin data=/usr/local/share
else
  prefix="$HOME/.local/opt/showdesk" bin="$HOME/.local/bin" data="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
if [ "$bundle" != "$prefix" ]; then
  rm -rf "$prefix"
  mkdir -p "$(dirname "$prefix")"
  cp -a "$bundle" "$prefix"
fi
mkdir -p "$bin" "$data/applications" "$data/mime/packages"
ln -sf "$prefix/showdesk" "$bin/showdesk"
ln -sf "$prefix/showdesk-app" "$bin/showdesk-app"
sed "s|^Exec=showdesk-app|Exec=$prefix/showdesk-app|; s|^TryExec=.*|TryExec=$prefix/showdesk-app|" \
  "$share/showdesk.desktop" > "$data/applications/showdesk.desktop"
cp "$share/showdesk-mime.xml" "$data/mime/packages/showdesk.xml"
for png in "$share"/showdesk-*.png; do
  size="$(basename "$png" .png)"; size="${size#showdesk-}"
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps" "$data/icons/hicolor/${size}x${size}/mimetypes"
  cp "$png" "$data/icons/hicolor/${size}x${size}/apps/showdesk.png"
  cp "$png" "$data/icons/hicolor/${size}x${size}/mimetypes/application-x-showdesk.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps"
cp "$share/showdesk.svg" "$data/icons/hicolor/scalable/apps/showdesk.svg"
# Refresh the desktop's caches where the tools are there (a bare system may lack them).
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
command -v xdg-mime >/dev/null && xdg-mime default showdesk.desktop application/x-showdesk || true
echo "installed showdesk in $prefix; run showdesk-app (is $bin on your PATH?) or find it in the menu"
