#!/bin/sh
# Runs the chat page's JavaScript unit tests (src/test/js/*.test.mjs) with `node --test`; the
# server module's build calls it in the test phase (exec-maven-plugin, skipped with -DskipTests).
# Without node the tests cannot run: under CI=true that fails the build (a broken CI image must not
# pass silently), elsewhere they are skipped with a loud warning, as the browser tests skip
# without Chromium.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then
    echo "[ERROR] CI=true and node is not on the PATH: the chat page's JavaScript tests ($dir) cannot run." >&2
    exit 1
  fi
  echo "[WARNING] ******************************************************************************"
  echo "[WARNING] node is not on the PATH: SKIPPING the chat page's JavaScript tests ($dir)."
  echo "[WARNING] Install Node.js 20+ to run them; under CI=true this is an error."
  echo "[WARNING] ******************************************************************************"
  exit 0
fi
exec node --test "$dir"/*.test.mjs
