#!/usr/bin/env bash
# Runs every test: installs the toolchains of the test plugins (Rust for wasm, wabt, clang-14 and
# wasi-libc, Node.js, Go 1.24) when they are missing, then runs `./mvnw verify` over all modules,
# which builds the Rust sample plugins and the PDK plugins before the tests. Maven itself is not
# needed: the wrapper downloads the version in .mvn/wrapper/maven-wrapper.properties.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-toolchain.sh
command -v java >/dev/null || { echo "test.sh: java (JDK 17+) is missing: apt-get install -y openjdk-17-jdk-headless" >&2; exit 1; }
command -v javac >/dev/null || { echo "test.sh: javac is missing (a JRE is not enough): apt-get install -y openjdk-17-jdk-headless" >&2; exit 1; }

exec ./mvnw -B --no-transfer-progress verify "$@"
