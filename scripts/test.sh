#!/usr/bin/env bash
# Runs every test: installs the Rust wasm toolchain and wabt from Debian's packages when they are
# missing, builds the Rust sample plugins, then runs `mvn verify` over all modules.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-toolchain.sh
command -v java >/dev/null || { echo "test.sh: java (JDK 17+) is missing: apt-get install -y openjdk-17-jdk-headless" >&2; exit 1; }
command -v mvn >/dev/null || { echo "test.sh: mvn is missing: apt-get install -y maven" >&2; exit 1; }

exec mvn -B --no-transfer-progress verify "$@"
