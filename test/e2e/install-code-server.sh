#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100) into .cache/code-server, from the
# npm registry and Debian's packages only, as ../shared/notes/real-editor.md
# describes. Skips the work when the cache is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=.cache/code-server
if [ -x "$dest/node_modules/.bin/code-server" ] && [ -e "$dest/.installed" ]; then
  echo "code-server already installed in $dest"
  exit 0
fi
if ! command -v chromium >/dev/null || ! command -v rg >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium >/dev/null
fi
rm -rf "$dest"
mkdir -p "$dest"
cd "$dest"
npm init -y >/dev/null
# Its postinstall would download ripgrep from GitHub: do its steps by hand instead.
npm install --ignore-scripts --no-audit --no-fund code-server@4.100.3 >/dev/null
(
  cd node_modules/code-server/lib/vscode
  npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  npm_config_yes=true npm rebuild >/dev/null 2>&1
  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sf code-linux.sh code-server)
  (cd bin/helpers && ln -sf browser-linux.sh browser.sh)
  (cd extensions && npm install --omit=dev --no-audit --no-fund >/dev/null)
)
npm rebuild argon2 >/dev/null 2>&1
touch .installed
echo "code-server installed in $dest"
