#!/usr/bin/env bash
# Makes sure the toolchain for Plinth's Rust plugins is present:
#   Debian's rustc/cargo (1.63, /usr/bin), the wasm32 standard libraries
#   (wasm32-unknown-unknown and wasm32-wasi), lld (rustc links wasm with rust-lld,
#   Debian's link to lld-14), and wabt (wat2wasm, wasm-objdump; the Java tests
#   assemble WAT with it).
#
# Quiet and quick when everything is there. Otherwise, as root with apt-get, it
# installs the packages (one apt-get update, then apt-get install); without root
# it lists what is missing, prints the command to run and exits 1.
#
# rustup's rustc/cargo (first on PATH on some machines) cannot build these plugins
# here: its wasm targets cannot be downloaded. The build uses /usr/bin/cargo and
# /usr/bin/rustc by path; see DESIGN.md, "Building Rust plugins here".
set -euo pipefail

readonly PACKAGES=(rustc cargo libstd-rust-dev-wasm32 lld-14 wabt)

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
    if ((${#missing[@]} > 0)); then
        printf '%s\n' "${missing[@]}" | sort -u
    fi
}

missing="$(missing_packages)"
if [[ -z "${missing}" ]]; then
    exit 0
fi

install_command="apt-get install -y --no-install-recommends ${PACKAGES[*]}"

if [[ "${EUID}" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-toolchain: installing missing packages: $(echo ${missing})" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${PACKAGES[@]}" >&2
    missing="$(missing_packages)"
    if [[ -n "${missing}" ]]; then
        echo "ensure-toolchain: still missing after apt-get install: $(echo ${missing})" >&2
        exit 1
    fi
    exit 0
fi

{
    echo "ensure-toolchain: missing Debian packages: $(echo ${missing})"
    echo "Install the toolchain (as root) with:"
    echo "    apt-get update && ${install_command}"
} >&2
exit 1
