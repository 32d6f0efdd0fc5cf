#!/usr/bin/env bash
# Runs every test: installs the Rust wasm toolchain and wabt from Debian's packages when they are
# missing, builds the Rust sample plugins, then runs `./mvnw verify` over all modules. Maven itself
# is not needed: the wrapper downloads the version in .mvn/wrapper/maven-wrapper.properties.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-toolchain.sh
command -v java >/dev/null || { echo "test.sh: java (JDK 17+) is missing: apt-get install -y openjdk-17-jdk-headless" >&2; exit 1; }
command -v javac >/dev/null || { echo "test.sh: javac is missing (a JRE is not enough): apt-get install -y openjdk-17-jdk-headless" >&2; exit 1; }

exec ./mvnw -B --no-transfer-progress verify "$@"
