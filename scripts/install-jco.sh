#!/usr/bin/env bash
# Installs the Bytecode Alliance's jco (pinned in <project>/package-lock.json) into <dir>/node_modules
# with npm ci, for tests that assemble component-model WAT (`jco parse x.wat -o x.wasm`). jco is
# JavaScript and WebAssembly only: no crates, no native build. Reinstalls only when the lockfile or
# node changed (a stamp in <dir>); npm's cache lives in <dir>/../npm-cache.
#
#   scripts/install-jco.sh <project dir with package.json + package-lock.json> <install dir>
set -euo pipefail

readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

fail() {
    echo "install-jco: ERROR: $*" >&2
    exit 1
}

[[ $# -eq 2 ]] || fail "usage: install-jco.sh <project dir> <install dir>"
readonly PROJECT="$1" DIR="$2"
[[ -f "${PROJECT}/package.json" && -f "${PROJECT}/package-lock.json" ]] ||
    fail "${PROJECT} has no package.json and package-lock.json"

"${SCRIPT_DIR}/ensure-toolchain.sh" || fail "a toolchain is missing (see above)"

mkdir -p "${DIR}"
readonly STAMP="${DIR}/installed.stamp"
print="$(cat "${PROJECT}/package.json" "${PROJECT}/package-lock.json" | sha256sum | cut -d' ' -f1) $(node --version)"
if [[ -f "${STAMP}" && -x "${DIR}/node_modules/.bin/jco" && "$(cat "${STAMP}")" == "${print}" ]]; then
    exit 0
fi
rm -f "${STAMP}"
cp "${PROJECT}/package.json" "${PROJECT}/package-lock.json" "${DIR}/"
(cd "${DIR}" && npm ci --no-audit --no-fund --loglevel=error --cache "${DIR}/../npm-cache") >&2 ||
    fail "npm ci of jco in ${DIR} failed (see above)"
[[ -x "${DIR}/node_modules/.bin/jco" ]] || fail "npm ci left no ${DIR}/node_modules/.bin/jco"
echo "${print}" >"${STAMP}"
