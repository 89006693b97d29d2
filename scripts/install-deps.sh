#!/usr/bin/env bash
# Installs the Debian packages that building and testing ctnn needs, if any are missing.
#
#   scripts/install-deps.sh [EXTRA-PACKAGE...]
#
# Extra package names given as arguments are checked and installed along with the default
# list. Does nothing at all (not even `apt-get update`) when every package is already
# installed. Runs apt-get directly as root, through sudo otherwise.
set -euo pipefail

packages=(
  cmake            # 3.25 on Debian 12: presets version 6, workflow presets
  ninja-build
  g++
  clang
  libclang-rt-dev  # clang's sanitizer runtimes (only "recommended" by clang, so not pulled in here)
  libboost-dev     # Boost.Hana (header-only)
  catch2           # Catch2 2.13, the unit tests
  libbenchmark-dev # Google Benchmark, the benchmarks
  "$@"
)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: nothing missing (${#packages[@]} packages checked)"
  exit 0
fi

if ((EUID == 0)); then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: error: missing packages: ${missing[*]}" >&2
  echo "install-deps: error: not root and sudo is not available; run as root or install them by hand" >&2
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
apt_opts=(-q -o DPkg::Lock::Timeout=300)
if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update >"$log" 2>&1 ||
   ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
       apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
  cat "$log" >&2
  echo "install-deps: error: apt-get failed installing: ${missing[*]}" >&2
  exit 1
fi
echo "install-deps: installed ${missing[*]}"
