#!/usr/bin/env bash
# Prints the GOROOT of a Go toolchain, 1.24 or newer, that builds wasip1 modules with
# //go:wasmexport (the Go plugins in pdk-plugins/go need both), fetching one when there is none.
#
# Where it looks, in order:
#   1. $PLINTH_GOROOT, if set (used as it is; an error if it is not Go 1.24+);
#   2. Debian's /usr/lib/go-1.NN (NN >= 24), installed by apt;
#   3. the cache: ${PLINTH_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/plinth}/go-1.24;
#   4. otherwise it fills the cache from Debian's own packages: Debian 12 (bookworm) has Go 1.19
#      (GOOS=js only) and bookworm-backports Go 1.23 (wasip1, but no //go:wasmexport), so it takes
#      golang-1.24-go and golang-1.24-src from Debian 13 (trixie), from the Debian mirror that the
#      machine's apt sources name, with `apt-get download`, checked
#      against Debian's archive key like any apt download, and unpacks them into the cache with
#      dpkg-deb -x. Nothing is installed into the system and the system's apt sources are not
#      changed: the trixie package lists live in the cache too. Go's toolchain is statically
#      linked, so trixie's build runs on bookworm.
#
# Messages go to stderr; stdout is the GOROOT alone. Exits 1, saying what was tried, when no
# toolchain can be had.
set -euo pipefail

readonly WANT_MINOR=24
readonly CACHE="${PLINTH_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/plinth}"
readonly CACHED_ROOT="${CACHE}/go-1.${WANT_MINOR}"
readonly DEBIAN_SUITE=trixie
readonly DEBIAN_PACKAGES=("golang-1.${WANT_MINOR}-go" "golang-1.${WANT_MINOR}-src")

say() {
    echo "go-toolchain: $*" >&2
}

# The minor version of the Go at GOROOT $1 (24 for go1.24.4), or nothing.
go_minor() {
    local version
    version="$(GOTOOLCHAIN=local "$1/bin/go" env GOVERSION 2>/dev/null)" || return 0
    [[ "${version}" =~ ^go1\.([0-9]+) ]] && echo "${BASH_REMATCH[1]}"
}

# The URI of the Debian archive this machine's apt already uses (its main archive, not the
# security one), from deb822 .sources files or one-line .list files.
debian_mirror() {
    local file
    for file in /etc/apt/sources.list.d/*.sources; do
        [[ -f "${file}" ]] || continue
        awk '
            /^[[:space:]]*$/ { if (uri != "" && suites ~ /(^| )(bookworm|trixie)( |$)/) { print uri; exit } uri = ""; suites = ""; next }
            /^URIs:/ { uri = $2 }
            /^Suites:/ { $1 = ""; suites = $0 " " }
            END { if (uri != "" && suites ~ /(^| )(bookworm|trixie)( |$)/) print uri }
        ' "${file}" | head -1
    done | head -1
    if [[ -f /etc/apt/sources.list ]]; then
        awk '$1 == "deb" && $0 !~ /security/ {
                for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit }
            }' /etc/apt/sources.list
    fi | head -1
}

usable() {
    local root="$1" minor
    [[ -x "${root}/bin/go" ]] || return 1
    minor="$(go_minor "${root}")"
    [[ -n "${minor}" ]] && ((minor >= WANT_MINOR))
}

if [[ -n "${PLINTH_GOROOT:-}" ]]; then
    usable "${PLINTH_GOROOT}" || { say "PLINTH_GOROOT=${PLINTH_GOROOT} is not a Go 1.${WANT_MINOR}+ toolchain"; exit 1; }
    echo "${PLINTH_GOROOT}"
    exit 0
fi

for root in $(ls -d /usr/lib/go-1.* 2>/dev/null | sort -t. -k2 -n -r); do
    if usable "${root}"; then
        echo "${root}"
        exit 0
    fi
done

# The unpacked package keeps its layout: usr/lib/go-1.24 with links into usr/share/go-1.24.
if usable "${CACHED_ROOT}/usr/lib/go-1.${WANT_MINOR}"; then
    echo "${CACHED_ROOT}/usr/lib/go-1.${WANT_MINOR}"
    exit 0
fi

command -v apt-get >/dev/null 2>&1 || { say "no Go 1.${WANT_MINOR}+ found and no apt-get to fetch Debian's"; exit 1; }
command -v dpkg-deb >/dev/null 2>&1 || { say "no Go 1.${WANT_MINOR}+ found and no dpkg-deb to unpack Debian's"; exit 1; }

say "fetching ${DEBIAN_PACKAGES[*]} from Debian ${DEBIAN_SUITE} into ${CACHED_ROOT}"
work="${CACHE}/go-1.${WANT_MINOR}.partial"
rm -rf "${work}"
mkdir -p "${work}/lists/partial" "${work}/archives/partial" "${work}/debs"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -f "${keyring}" ]] || { say "${keyring} is missing (package debian-archive-keyring)"; exit 1; }
mirror="$(debian_mirror)"
[[ -n "${mirror}" ]] || { say "found no Debian mirror in /etc/apt/sources.list{,.d/*} to fetch Go from"; exit 1; }
echo "deb [signed-by=${keyring}] ${mirror} ${DEBIAN_SUITE} main" >"${work}/sources.list"
apt_options=(
    -o "Dir::Etc::SourceList=${work}/sources.list"
    -o "Dir::Etc::SourceParts=/nonexistent"
    -o "Dir::State::Lists=${work}/lists"
    -o "Dir::Cache::Archives=${work}/archives"
    -o "Dir::Cache::pkgcache="
    -o "Dir::Cache::srcpkgcache="
    -o "APT::Sandbox::User=root"
)
if ! apt-get "${apt_options[@]}" -qq update >&2; then
    say "apt-get update of Debian ${DEBIAN_SUITE} failed (see above): no Go 1.${WANT_MINOR}+ toolchain"
    exit 1
fi
if ! (cd "${work}/debs" && apt-get "${apt_options[@]}" -qq download "${DEBIAN_PACKAGES[@]}" >&2); then
    say "apt-get download ${DEBIAN_PACKAGES[*]} from Debian ${DEBIAN_SUITE} failed (see above)"
    exit 1
fi
mkdir -p "${work}/root"
for deb in "${work}"/debs/*.deb; do
    dpkg-deb -x "${deb}" "${work}/root"
done
usable "${work}/root/usr/lib/go-1.${WANT_MINOR}" ||
    { say "the unpacked packages hold no working Go 1.${WANT_MINOR} (${work}/root)"; exit 1; }
rm -rf "${CACHED_ROOT}"
mv "${work}/root" "${CACHED_ROOT}"
rm -rf "${work}"
say "$(GOTOOLCHAIN=local "${CACHED_ROOT}/usr/lib/go-1.${WANT_MINOR}/bin/go" version) ready"
echo "${CACHED_ROOT}/usr/lib/go-1.${WANT_MINOR}"
