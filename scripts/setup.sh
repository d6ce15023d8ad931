#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for alphaflow, and nothing twice:
#   Debian packages (redis-server for the online store, unzip for the wheel),
#   npm dependencies (from package-lock.json), and LightGBM's shared library taken from the
#   official `lightgbm` wheel on PyPI into .native/lightgbm/ (skipped when
#   LIGHTGBM_LIB points at a library already).
set -euo pipefail
cd "$(dirname "$0")/.."

LIGHTGBM_VERSION=4.6.0
say() { printf '[setup] %s\n' "$*" >&2; }

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
ldconfig -p 2>/dev/null | grep -q 'libgomp.so.1' || missing+=(libgomp1)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >&2
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  # `npm install`, not `npm ci`: this npm writes lock files without other
  # platforms' optional packages, and `npm ci` then refuses the lock as out of
  # sync. `npm install` still takes every version from the lock.
  npm install --no-audit --no-fund --loglevel=error >&2
fi

lib_dir=.native/lightgbm
if [ -z "${LIGHTGBM_LIB:-}" ] && [ ! -f "$lib_dir/lib_lightgbm.so" ]; then
  say "fetching LightGBM $LIGHTGBM_VERSION shared library from the lightgbm wheel"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  py=python3; command -v "$py" >/dev/null 2>&1 || py=python
  "$py" -m pip download --quiet --no-deps --only-binary=:all: "lightgbm==$LIGHTGBM_VERSION" -d "$tmp" >&2
  mkdir -p "$lib_dir"
  unzip -q -j -o "$tmp"/lightgbm-*.whl 'lightgbm/lib/lib_lightgbm.so' -d "$tmp/x"
  mv "$tmp/x/lib_lightgbm.so" "$lib_dir/lib_lightgbm.so.partial"
  mv "$lib_dir/lib_lightgbm.so.partial" "$lib_dir/lib_lightgbm.so"
fi
say "ready"
