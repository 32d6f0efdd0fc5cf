#!/usr/bin/env bash
# Builds the plugins in pdk-plugins/, each written against an Extism PDK or the bare Extism ABI
# and none against Plinth's own SDK, and lays them out for the Java tests:
#
#   pdk-plugins/target/plugins/<name>/{plugin.toml,<entrypoint>}
#
#   as-pdk          AssemblyScript with @extism/as-pdk, compiled by asc (both pinned in
#                   pdk-plugins/assemblyscript/package-lock.json, installed with npm ci)
#   c-freestanding  C for wasm32 without a libc (clang-14 -nostdlib, wasm-ld --no-entry)
#   c-wasi-reactor  C with wasi-libc as a WASI reactor (clang-14 -mexec-model=reactor)
#   go-command      Go for wasip1 as a command module: its plugin function is _start
#   go-reactor      Go for wasip1 as a reactor with //go:wasmexport (-buildmode=c-shared)
#
# Each plugin is rebuilt only when its sources, its manifest or its compiler changed (a
# fingerprint per plugin under pdk-plugins/target/build). npm's cache lives in
# pdk-plugins/.npm-cache, Go's build cache in pdk-plugins/target/build/go-cache. Any failure
# stops the script with a non-zero status and a message.
set -euo pipefail

readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly ROOT="$(cd "${SCRIPT_DIR}/.." && pwd)"
readonly SOURCES="${ROOT}/pdk-plugins"
readonly BUILD="${SOURCES}/target/build"
readonly OUT="${SOURCES}/target/plugins"
readonly CLANG=/usr/bin/clang-14

fail() {
    echo "build-pdk-plugins: ERROR: $*" >&2
    exit 1
}

"${SCRIPT_DIR}/ensure-toolchain.sh" || fail "a toolchain is missing (see above)"
GOROOT_FOUND="$("${SCRIPT_DIR}/go-toolchain.sh")" || fail "no Go 1.24+ toolchain for wasip1 (see above)"
readonly GOROOT_FOUND

mkdir -p "${BUILD}" "${OUT}"

# A fingerprint of the files and words given: the names and contents of the files, then the words.
fingerprint() {
    local -a files=() words=()
    local arg
    for arg in "$@"; do
        if [[ -f "${arg}" ]]; then files+=("${arg}"); else words+=("${arg}"); fi
    done
    {
        local file
        for file in "${files[@]}"; do
            printf '%s\n' "${file#"${ROOT}/"}"
            sha256sum <"${file}"
        done
        printf '%s\n' "${words[@]}"
    } | sha256sum | cut -d' ' -f1
}

# True when the stamp $1 holds fingerprint $2 and the output $3 exists.
up_to_date() {
    [[ -f "$1" && -f "$3" && "$(cat "$1")" == "$2" ]]
}

# Reads `key = "value"` from the [plugin] table of a plugin.toml.
plugin_field() {
    awk -v key="$2" '
        /^[[:space:]]*\[/ { in_plugin = ($0 ~ /^[[:space:]]*\[plugin\][[:space:]]*(#.*)?$/); next }
        in_plugin && $0 ~ "^[[:space:]]*" key "[[:space:]]*=" {
            sub(/^[^=]*=[[:space:]]*"/, ""); sub(/".*$/, ""); print; exit
        }' "$1"
}

copy_if_changed() {
    if ! cmp -s "$1" "$2"; then
        cp "$1" "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2"
    fi
}

summary=()

# Puts the module $2 and the manifest $1 into target/plugins/<name>/, named as the manifest says.
lay_out() {
    local manifest="$1" wasm="$2" name entrypoint
    name="$(plugin_field "${manifest}" name)"
    entrypoint="$(plugin_field "${manifest}" entrypoint)"
    [[ -n "${name}" && -n "${entrypoint}" ]] || fail "${manifest}: [plugin] name or entrypoint is missing"
    [[ -f "${wasm}" ]] || fail "${name}: the build produced no ${wasm}"
    local dir="${OUT}/${name}"
    mkdir -p "${dir}"
    find "${dir}" -mindepth 1 -maxdepth 1 ! -name plugin.toml ! -name "${entrypoint}" -exec rm -rf {} +
    copy_if_changed "${manifest}" "${dir}/plugin.toml"
    copy_if_changed "${wasm}" "${dir}/${entrypoint}"
    summary+=("${name}/${entrypoint} ($(stat -c %s "${dir}/${entrypoint}") bytes)")
}

start=${SECONDS}

# ---- AssemblyScript: npm ci when the lockfile changed, asc when the sources changed ----------
build_assemblyscript() {
    local project="${SOURCES}/assemblyscript"
    local installed="${project}/node_modules/.package-lock.json"
    local lock_stamp="${BUILD}/assemblyscript.npm-ci"
    local lock_print
    lock_print="$(fingerprint "${project}/package.json" "${project}/package-lock.json" "$(node --version)")"
    if ! up_to_date "${lock_stamp}" "${lock_print}" "${installed}"; then
        (cd "${project}" && npm ci --no-audit --no-fund --loglevel=error --cache "${SOURCES}/.npm-cache") >&2 ||
            fail "npm ci in pdk-plugins/assemblyscript failed (see above)"
        echo "${lock_print}" >"${lock_stamp}"
    fi
    local wasm="${BUILD}/assemblyscript/as_pdk.wasm"
    local stamp="${BUILD}/assemblyscript.stamp"
    local print
    print="$(fingerprint "${lock_print}" "${project}/asconfig.json" $(find "${project}/assembly" -type f | sort))"
    if ! up_to_date "${stamp}" "${print}" "${wasm}"; then
        rm -f "${stamp}"
        # asc prints INFO notes on stderr for every build; only a failure matters.
        local log="${BUILD}/assemblyscript.log"
        if ! (cd "${project}" && node node_modules/assemblyscript/bin/asc.js assembly/index.ts --target release) \
            >"${log}" 2>&1; then
            cat "${log}" >&2
            fail "asc failed for pdk-plugins/assemblyscript (see above)"
        fi
        echo "${print}" >"${stamp}"
    fi
    lay_out "${project}/plugin.toml" "${wasm}"
}

# ---- C: clang-14 for wasm32, freestanding and with wasi-libc ---------------------------------
readonly C_FLAGS=(-O2 -std=c11 -Wall -Wextra -Werror -I "${SOURCES}/c/include")

# build_c <dir under pdk-plugins/c> <output name> <clang arguments...>
build_c() {
    local dir="${SOURCES}/c/$1" wasm="${BUILD}/c/$2"
    shift 2
    local stamp="${wasm}.stamp" print
    print="$(fingerprint "${dir}/plugin.c" "${SOURCES}/c/include/plinth-extism.h" \
        "$("${CLANG}" --version | head -1)" "$*")"
    if ! up_to_date "${stamp}" "${print}" "${wasm}"; then
        mkdir -p "$(dirname "${wasm}")"
        rm -f "${stamp}"
        "${CLANG}" "${C_FLAGS[@]}" "$@" -o "${wasm}" "${dir}/plugin.c" ||
            fail "clang-14 failed for pdk-plugins/c/${dir##*/} (see above)"
        echo "${print}" >"${stamp}"
    fi
    lay_out "${dir}/plugin.toml" "${wasm}"
}

# ---- Go: wasip1, a command module and a reactor ----------------------------------------------
# build_go <package dir under pdk-plugins/go> <output name> <go build arguments...>
build_go() {
    local project="${SOURCES}/go" package="$1" wasm="${BUILD}/go/$2"
    shift 2
    local stamp="${wasm}.stamp" print version
    version="$(GOTOOLCHAIN=local "${GOROOT_FOUND}/bin/go" version)"
    print="$(fingerprint "${project}/go.mod" $(find "${project}" -name '*.go' | sort) "${version}" "$*")"
    if ! up_to_date "${stamp}" "${print}" "${wasm}"; then
        mkdir -p "$(dirname "${wasm}")"
        rm -f "${stamp}"
        # No module proxy, no toolchain switching, no cgo: the build uses this repository alone.
        (cd "${project}" && env -u GOFLAGS -u GOPATH \
            GOROOT="${GOROOT_FOUND}" GOTOOLCHAIN=local GOPROXY=off GOSUMDB=off GOWORK=off \
            GOCACHE="${BUILD}/go-cache" GOPATH="${BUILD}/go-path" CGO_ENABLED=0 \
            GOOS=wasip1 GOARCH=wasm \
            "${GOROOT_FOUND}/bin/go" build -trimpath "$@" -o "${wasm}" "./${package}") ||
            fail "go build failed for pdk-plugins/go/${package} (see above)"
        echo "${print}" >"${stamp}"
    fi
    lay_out "${project}/${package}/plugin.toml" "${wasm}"
}

build_assemblyscript
build_c freestanding c_freestanding.wasm --target=wasm32 -nostdlib -ffreestanding \
    -Wl,--no-entry -Wl,--strip-all
build_c wasi-reactor c_wasi_reactor.wasm --target=wasm32-wasi --sysroot=/usr -mexec-model=reactor \
    -Wl,--strip-all
build_go command go_command.wasm
build_go reactor go_reactor.wasm -buildmode=c-shared

echo "build-pdk-plugins: ${#summary[@]} modules ready in pdk-plugins/target/plugins ($((SECONDS - start))s):"
printf '  %s\n' "${summary[@]}"
