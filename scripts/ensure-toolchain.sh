#!/usr/bin/env bash
# Makes sure the toolchains for Plinth's test plugins are present:
#   Debian's rustc/cargo (1.63, /usr/bin), the wasm32 standard libraries
#   (wasm32-unknown-unknown and wasm32-wasi), lld (rustc links wasm with rust-lld,
#   Debian's link to lld-14), and wabt (wat2wasm, wasm-objdump; the Java tests
#   assemble WAT with it);
#   for the Extism PDK plugins in pdk-plugins/: Debian's clang-14 (C for wasm32, linked by
#   lld-14's wasm-ld), wasi-libc and libclang-rt-14-dev-wasm32 (the C library and compiler
#   runtime for wasm32-wasi), Node.js 18+ and npm (the AssemblyScript compiler, from npm); and
#   Go 1.24+ for wasip1 through scripts/go-toolchain.sh (Debian 12 has none: see there);
#   and Debian's chromium and chromium-driver for the Spring starter's dashboard browser tests;
#   and Debian's postgresql for the JDBC key-value store's tests (a cluster they start themselves).
#
# Quiet and quick when everything is there. Otherwise, as root with apt-get, it
# installs the packages (one apt-get update, then apt-get install); without root
# it lists what is missing, prints the command to run and exits 1.
#
# rustup's rustc/cargo (first on PATH on some machines) cannot build these plugins
# here: its wasm targets cannot be downloaded. The build uses /usr/bin/cargo and
# /usr/bin/rustc by path; see DESIGN.md, "Building Rust plugins here".
set -euo pipefail

# The Debian packages it may install: rustc cargo libstd-rust-dev-wasm32 lld-14 wabt clang-14 wasi-libc libclang-rt-14-dev-wasm32 nodejs npm chromium chromium-driver postgresql.

# Prints the packages whose files are missing, one per line.
missing_packages() {
    local -a missing=()
    [[ -x /usr/bin/rustc ]] || missing+=(rustc)
    [[ -x /usr/bin/cargo ]] || missing+=(cargo)
    local target
    for target in wasm32-unknown-unknown wasm32-wasi; do
        if ! compgen -G "/usr/lib/rustlib/${target}/lib/libstd-*.rlib" >/dev/null; then
            missing+=(libstd-rust-dev-wasm32)
        fi
    done
    [[ -x /usr/bin/lld-14 ]] || missing+=(lld-14)
    if ! command -v wat2wasm >/dev/null 2>&1 || ! command -v wasm-objdump >/dev/null 2>&1; then
        missing+=(wabt)
    fi
    [[ -x /usr/bin/clang-14 ]] || missing+=(clang-14)
    [[ -f /usr/lib/wasm32-wasi/libc.a && -f /usr/include/wasm32-wasi/stdio.h ]] || missing+=(wasi-libc)
    compgen -G "/usr/lib/llvm-14/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a" >/dev/null ||
        missing+=(libclang-rt-14-dev-wasm32)
    # Debian's Chromium and its WebDriver, for the starter's dashboard browser tests (Selenium).
    [[ -x /usr/bin/chromium ]] || missing+=(chromium)
    [[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
    # Debian's PostgreSQL server binaries (initdb, pg_ctl, postgres): the JDBC key-value store's
    # tests start a throwaway cluster of their own (test-support's PostgresServer).
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
    # Any Node.js 18+ will do (the machine's own, or Debian's nodejs and npm).
    if ! node_usable; then
        missing+=(nodejs npm)
    fi
    if ((${#missing[@]} > 0)); then
        printf '%s\n' "${missing[@]}" | sort -u
    fi
}

node_usable() {
    command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
        node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' 2>/dev/null
}

# Go 1.24+ for the Go PDK plugins: found or fetched by go-toolchain.sh, which says what it tried.
ensure_go() {
    "${SCRIPT_DIR}/go-toolchain.sh" >/dev/null
}

readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

missing="$(missing_packages)"
if [[ -z "${missing}" ]]; then
    ensure_go
    exit 0
fi

# Only what is missing: a machine's own Node.js (say, a newer one than Debian's) stays as it is.
read -r -d '' -a to_install <<<"${missing}" || true
install_command="apt-get install -y --no-install-recommends ${to_install[*]}"

if [[ "${EUID}" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-toolchain: installing missing packages: $(echo ${missing})" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${to_install[@]}" >&2
    missing="$(missing_packages)"
    if [[ -n "${missing}" ]]; then
        echo "ensure-toolchain: still missing after apt-get install: $(echo ${missing})" >&2
        exit 1
    fi
    ensure_go
    exit 0
fi

{
    echo "ensure-toolchain: missing Debian packages: $(echo ${missing})"
    echo "Install the toolchain (as root) with:"
    echo "    apt-get update && ${install_command}"
} >&2
exit 1
