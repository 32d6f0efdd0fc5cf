#!/usr/bin/env bash
# Runs every test: installs the toolchains of the test plugins (Rust for wasm, wabt, clang-14 and
# wasi-libc, Node.js, Go 1.24) when they are missing, then runs `./mvnw verify` over all modules on
# the newest JDK installed (JAVA_HOME wins; see scripts/newest-jdk.sh), which builds the Rust
# sample plugins and the PDK plugins before the tests. Then, when a JDK 17 is installed and the
# first run was on a newer one, runs the library's tests again with JDK 17 (the oldest Java
# Plinth supports: it is compiled with --release 17). PLINTH_SKIP_JDK17=1 skips that second run.
# Maven itself is not needed: the wrapper downloads the version in .mvn/wrapper/maven-wrapper.properties.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/newest-jdk.sh test.sh
bash scripts/ensure-toolchain.sh
command -v javac >/dev/null || { echo "test.sh: javac is missing (a JRE is not enough): apt-get install -y openjdk-17-jdk-headless" >&2; exit 1; }

./mvnw -B --no-transfer-progress verify "$@"

if [[ -n "$PLINTH_JDK17" && "$(plinth_jdk_version "${JAVA_HOME:-}")" != "17" && -z "${PLINTH_SKIP_JDK17:-}" ]]; then
    echo "test.sh: the library's tests again on JDK 17 ($PLINTH_JDK17)"
    # Same build (up to date, nothing recompiled), tests forked on JDK 17's java; the demo and the
    # benchmarks are applications and run on the newest JDK only.
    ./mvnw -B --no-transfer-progress verify -Dplinth.plugins.skip -Djvm="$PLINTH_JDK17/bin/java" \
        -pl plugin-host,hot-reload,spring-starter,plugin-cli -am "$@"
fi
