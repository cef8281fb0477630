#!/usr/bin/env bash
# Installs what the tests need from Debian's packages, when it is missing: a Java 17+ runtime
# (DynamoDB Local), Chromium (the board page's browser test) and curl (the README walkthrough test).
# Run by `npm test` (pretest) and by .ci/run. Needs root or passwordless sudo to install; otherwise it
# says exactly what to install.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }

packages=()
if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ]; then packages+=(openjdk-17-jre-headless); fi
if [ ! -x /usr/bin/chromium ]; then packages+=(chromium); fi
if ! command -v curl >/dev/null 2>&1; then packages+=(curl); fi
[ "${#packages[@]}" -eq 0 ] && exit 0

echo "Installing from Debian: ${packages[*]}"
if ! as_root true 2>/dev/null; then
  echo "Cannot install without root. Please run: sudo apt-get install -y ${packages[*]}" >&2
  exit 1
fi
as_root apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
