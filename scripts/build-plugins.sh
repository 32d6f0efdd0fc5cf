#!/usr/bin/env bash
# Builds the Rust sample plugins and test fixtures in sample-plugins/ with Debian's
# Rust 1.63 and lays them out for the Java side:
#
#   sample-plugins/target/plugins/<name>/{plugin.toml,<entrypoint>}    samples
#   sample-plugins/target/fixtures/<name>/{plugin.toml,<entrypoint>}   test fixtures
#   sample-plugins/target/hostile/<name>/{plugin.toml,<entrypoint>}    hostile plugins (security tests)
#   sample-plugins/target/bench/<name>/{plugin.toml,<entrypoint>}      benchmark plugins
#   sample-plugins/target/components/<name>/{plugin.toml,<entrypoint>} plugins that are components
#
# A component plugin is built in two steps: cargo builds a core module with plinth-sdk's
# `component` feature, then scripts/wit-component.mjs embeds its world (of wit/plinth.wit, or of
# the WIT file COMPONENT_WORLDS names) and
# wraps it into a component with the Bytecode Alliance's jco (npm, pinned in
# component/src/test/jco/package-lock.json, installed into sample-plugins/target/jco by
# scripts/install-jco.sh). A JavaScript component is built by jco's componentize
# (componentize-js, the same lockfile) from <dir>/<entrypoint without .wasm>.js.
#
# <name> and <entrypoint> come from each crate's plugin.toml. Cargo's own output
# goes to sample-plugins/target/cargo. Nothing is rebuilt or copied when nothing
# changed. Any failure stops the script with a non-zero status and a message.
set -euo pipefail

readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly ROOT="$(cd "${SCRIPT_DIR}/.." && pwd)"
readonly WORKSPACE="${ROOT}/sample-plugins"
readonly CARGO_OUT="${WORKSPACE}/target/cargo"

# crate directory (relative to sample-plugins) : rustc target : output kind
readonly CRATES=(
    "text-transformer:wasm32-unknown-unknown:plugins"
    "data-validator:wasm32-unknown-unknown:plugins"
    "log-enricher:wasm32-unknown-unknown:plugins"
    "lifecycle-demo:wasm32-unknown-unknown:plugins"
    "guestbook:wasm32-wasi:plugins"
    "fixtures/abi-fixtures:wasm32-unknown-unknown:fixtures"
    "fixtures/wasi-fixture:wasm32-wasi:fixtures"
    "hostile/net-escape:wasm32-unknown-unknown:hostile"
    "hostile/fs-attacker:wasm32-wasi:hostile"
    "hostile/resource-hog:wasm32-unknown-unknown:hostile"
    "hostile/noise:wasm32-wasi:hostile"
    "hostile/wasi-hog:wasm32-wasi:hostile"
    "hostile/hoarder:wasm32-unknown-unknown:hostile"
    "bench/checksum:wasm32-unknown-unknown:bench"
    "bench/orders-component:wasm32-unknown-unknown:bench"
    "bench/orders-json:wasm32-unknown-unknown:bench"
    "text-component:wasm32-unknown-unknown:components"
    "notes-component:wasm32-unknown-unknown:components"
)

# Crates above that are components: their WIT world (crate directory : world [: WIT file relative
# to the repository root, wit/plinth.wit when left out]).
readonly COMPONENT_WORLDS=(
    "text-component:plugin"
    "notes-component:full-plugin-with-event-handler"
    "bench/orders-component:orders:sample-plugins/bench/orders-component/orders.wit"
)

# The `world[:wit file]` a crate's core module is wrapped into, empty for Extism-ABI plugins.
component_world() {
    local dir="$1" entry
    for entry in "${COMPONENT_WORLDS[@]}"; do
        [[ "${entry%%:*}" == "${dir}" ]] && echo "${entry#*:}" && return 0
    done
    return 0
}

# JavaScript components (directory relative to sample-plugins : world of wit/plinth.wit).
readonly JS_COMPONENTS=(
    "js-component:plugin"
)

# Plugins written in WebAssembly text (directory relative to sample-plugins : output kind): each
# directory holds a plugin.toml and <entrypoint without .wasm>.wat, assembled with wabt's wat2wasm.
readonly WAT_PLUGINS=(
    "bench/pdk-echo:bench"
    "bench/pdk-count-vowels:bench"
)

fail() {
    echo "build-plugins: ERROR: $*" >&2
    exit 1
}

"${SCRIPT_DIR}/ensure-toolchain.sh" || fail "the Rust/wasm toolchain is missing (see above)"

# Debian's toolchain, by path; keep rustup and stray cargo settings out of it.
unset RUSTUP_TOOLCHAIN CARGO_BUILD_TARGET CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR \
    CARGO_BUILD_RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_RUSTC \
    RUSTC_WRAPPER RUSTC_WORKSPACE_WRAPPER CARGO_BUILD_RUSTC_WRAPPER \
    CARGO_PROFILE_RELEASE_STRIP CARGO_PROFILE_RELEASE_DEBUG
export RUSTC=/usr/bin/rustc
export RUSTDOC=/usr/bin/rustdoc
readonly CARGO=/usr/bin/cargo
# Reproducible output: no checkout-specific paths in panic locations.
export RUSTFLAGS="--remap-path-prefix=${ROOT}=/plinth"

# Reads `key = "value"` from the [plugin] table of a plugin.toml.
plugin_field() {
    local file="$1" key="$2"
    awk -v key="${key}" '
        /^[[:space:]]*\[/ { in_plugin = ($0 ~ /^[[:space:]]*\[plugin\][[:space:]]*(#.*)?$/); next }
        in_plugin && $0 ~ "^[[:space:]]*" key "[[:space:]]*=" {
            sub(/^[^=]*=[[:space:]]*"/, ""); sub(/".*$/, ""); print; exit
        }' "${file}"
}

# Copies $1 to $2 only if the content differs (keeps mtimes stable for watchers).
copy_if_changed() {
    if ! cmp -s "$1" "$2"; then
        cp "$1" "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2"
    fi
}

start=${SECONDS}

# Group the crates by rustc target; one cargo invocation per target. Component crates get their
# own invocation: cargo unifies a dependency's features across the packages of one build, and
# plinth-sdk's `component` feature must not reach the Extism-ABI plugins.
declare -A packages_by_group=()
for entry in "${CRATES[@]}"; do
    IFS=: read -r dir target kind <<<"${entry}"
    package="$(basename "${dir}")"
    if [[ -n "$(component_world "${dir}")" ]]; then
        packages_by_group["${target}+components"]+=" -p ${package}"
    else
        packages_by_group["${target}"]+=" -p ${package}"
    fi
done

for group in wasm32-unknown-unknown wasm32-wasi wasm32-unknown-unknown+components; do
    [[ -n "${packages_by_group[${group}]:-}" ]] || continue
    target="${group%+components}"
    # shellcheck disable=SC2086 # the -p list is meant to split
    if ! "${CARGO}" build --quiet --release --offline --locked \
        --manifest-path "${WORKSPACE}/Cargo.toml" \
        --target "${target}" --target-dir "${CARGO_OUT}" \
        ${packages_by_group[${group}]}; then
        fail "cargo build for ${group} failed (see the compiler output above)"
    fi
done

# Lays out a plugin: its manifest and module into sample-plugins/target/<kind>/<name>/.
install_plugin() {
    local manifest="$1" wasm="$2" kind="$3" name="$4" entrypoint="$5"
    local out="${WORKSPACE}/target/${kind}/${name}"
    mkdir -p "${out}"
    # Drop files left from an older layout (e.g. a renamed entrypoint).
    find "${out}" -mindepth 1 -maxdepth 1 ! -name plugin.toml ! -name "${entrypoint}" -exec rm -rf {} +
    copy_if_changed "${manifest}" "${out}/plugin.toml"
    copy_if_changed "${wasm}" "${out}/${entrypoint}"
    summary+=("${kind}/${name}/${entrypoint} ($(stat -c %s "${out}/${entrypoint}") bytes)")
}

readonly WIT="${ROOT}/wit/plinth.wit"
readonly JCO_DIR="${WORKSPACE}/target/jco"
jco_ready=""
ensure_jco() {
    if [[ -z "${jco_ready}" ]]; then
        "${SCRIPT_DIR}/install-jco.sh" "${ROOT}/component/src/test/jco" "${JCO_DIR}" ||
            fail "jco (npm) could not be installed (see above)"
        jco_ready=yes
    fi
}

# Wraps a core module into a component of a world of a WIT file, unless it is up to date.
wrap_component() {
    local core="$1" world="$2" wit="$3" out="$4"
    if [[ -f "${out}" && "${out}" -nt "${core}" && "${out}" -nt "${wit}" ]]; then
        return 0
    fi
    ensure_jco
    node "${SCRIPT_DIR}/wit-component.mjs" "${JCO_DIR}" "${core}" "${wit}" "${world}" "${out}.tmp.$$" ||
        fail "${core}: wrapping into a component of world '${world}' failed (see above)"
    mv -f "${out}.tmp.$$" "${out}"
}

summary=()
mkdir -p "${WORKSPACE}/target/wrapped"
for entry in "${CRATES[@]}"; do
    IFS=: read -r dir target kind <<<"${entry}"
    manifest="${WORKSPACE}/${dir}/plugin.toml"
    [[ -f "${manifest}" ]] || fail "${dir}: plugin.toml is missing"
    name="$(plugin_field "${manifest}" name)"
    entrypoint="$(plugin_field "${manifest}" entrypoint)"
    [[ -n "${name}" ]] || fail "${manifest}: [plugin] name is missing"
    [[ -n "${entrypoint}" ]] || fail "${manifest}: [plugin] entrypoint is missing"
    wasm_name="$(basename "${dir}" | tr '-' '_').wasm"
    [[ "${entrypoint}" == "${wasm_name}" ]] ||
        fail "${manifest}: entrypoint is '${entrypoint}' but the crate builds '${wasm_name}'"
    wasm="${CARGO_OUT}/${target}/release/${wasm_name}"
    [[ -f "${wasm}" ]] || fail "${dir}: cargo produced no ${wasm}"
    world="$(component_world "${dir}")"
    if [[ -n "${world}" ]]; then
        wit="${WIT}"
        if [[ "${world}" == *:* ]]; then
            wit="${ROOT}/${world#*:}"
            world="${world%%:*}"
        fi
        wrapped="${WORKSPACE}/target/wrapped/${wasm_name}"
        wrap_component "${wasm}" "${world}" "${wit}" "${wrapped}"
        wasm="${wrapped}"
    fi

    install_plugin "${manifest}" "${wasm}" "${kind}" "${name}" "${entrypoint}"
done

mkdir -p "${WORKSPACE}/target/wat"
for entry in "${WAT_PLUGINS[@]}"; do
    IFS=: read -r dir kind <<<"${entry}"
    manifest="${WORKSPACE}/${dir}/plugin.toml"
    [[ -f "${manifest}" ]] || fail "${dir}: plugin.toml is missing"
    name="$(plugin_field "${manifest}" name)"
    entrypoint="$(plugin_field "${manifest}" entrypoint)"
    [[ -n "${name}" && -n "${entrypoint}" ]] || fail "${manifest}: [plugin] name or entrypoint is missing"
    source_file="${WORKSPACE}/${dir}/${entrypoint%.wasm}.wat"
    [[ -f "${source_file}" ]] || fail "${dir}: ${entrypoint%.wasm}.wat is missing"
    wasm="${WORKSPACE}/target/wat/${entrypoint}"
    wat2wasm --debug-names "${source_file}" -o "${wasm}" || fail "${dir}: wat2wasm failed (see above)"
    install_plugin "${manifest}" "${wasm}" "${kind}" "${name}" "${entrypoint}"
done

for entry in "${JS_COMPONENTS[@]}"; do
    IFS=: read -r dir world <<<"${entry}"
    manifest="${WORKSPACE}/${dir}/plugin.toml"
    [[ -f "${manifest}" ]] || fail "${dir}: plugin.toml is missing"
    name="$(plugin_field "${manifest}" name)"
    entrypoint="$(plugin_field "${manifest}" entrypoint)"
    [[ -n "${name}" && -n "${entrypoint}" ]] || fail "${manifest}: [plugin] name or entrypoint is missing"
    source_file="${WORKSPACE}/${dir}/${entrypoint%.wasm}.js"
    [[ -f "${source_file}" ]] || fail "${dir}: ${entrypoint%.wasm}.js is missing"
    wasm="${WORKSPACE}/target/wrapped/${entrypoint}"
    if ! [[ -f "${wasm}" && "${wasm}" -nt "${source_file}" && "${wasm}" -nt "${WIT}" ]]; then
        ensure_jco
        # -d all: no WASI imports (no clocks, random, stdio, http); the world's imports only.
        "${JCO_DIR}/node_modules/.bin/jco" componentize "${source_file}" --wit "${WIT}" -n "${world}" \
            -d all -o "${wasm}.tmp.$$" >/dev/null || fail "${dir}: jco componentize failed (see above)"
        mv -f "${wasm}.tmp.$$" "${wasm}"
    fi
    install_plugin "${manifest}" "${wasm}" components "${name}" "${entrypoint}"
done

echo "build-plugins: ${#summary[@]} modules ready in sample-plugins/target ($((SECONDS - start))s):"
printf '  %s\n' "${summary[@]}"
