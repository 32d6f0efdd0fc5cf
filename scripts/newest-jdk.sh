# Sourced, not run: picks the JDK that builds and runs Plinth and exports JAVA_HOME.
#   JAVA_HOME set (and holding bin/java): that one wins.
#   Else the newest JDK under /usr/lib/jvm (by the JAVA_VERSION of its `release` file), because
#   Chicory's compiled code runs 2-3x faster on JDK 25 than on 17 (see the README); the library
#   itself is still compiled for Java 17 (--release 17).
#   Else the `java` on PATH.
# Also sets PLINTH_JDK17 to a JDK 17 home when one is installed (for the test command's JDK-17 run),
# and prints which JDK it chose, as the first line of the calling script's output.
# Usage: source scripts/newest-jdk.sh <caller-name>

plinth_jdk_version() { # the major version of the JDK at $1, or nothing
    local release="$1/release" version
    [[ -f "$release" ]] || return 0
    version="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$release")"
    printf '%s' "$version"
}

plinth_pick_jdk() {
    local caller="$1" best="" best_version=0 home version
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
        best="$JAVA_HOME"
        best_version="$(plinth_jdk_version "$JAVA_HOME")"
        echo "$caller: JDK ${best_version:-?} from JAVA_HOME ($best)"
    else
        for home in /usr/lib/jvm/*; do
            [[ -x "$home/bin/java" && -x "$home/bin/javac" && ! -L "$home" ]] || continue
            version="$(plinth_jdk_version "$home")"
            if [[ -n "$version" && "$version" -gt "$best_version" ]]; then
                best="$home"
                best_version="$version"
            fi
        done
        if [[ -n "$best" ]]; then
            export JAVA_HOME="$best"
            echo "$caller: JDK $best_version, the newest in /usr/lib/jvm ($best; set JAVA_HOME to choose another)"
        elif command -v java >/dev/null; then
            echo "$caller: JDK from PATH ($(command -v java)); none found in /usr/lib/jvm"
        else
            echo "$caller: no JDK found: install one (apt-get install -y openjdk-17-jdk-headless) or set JAVA_HOME" >&2
            return 1
        fi
    fi
    if [[ -n "${JAVA_HOME:-}" ]]; then
        export PATH="$JAVA_HOME/bin:$PATH"
    fi
    PLINTH_JDK17=""
    for home in /usr/lib/jvm/*; do
        [[ -x "$home/bin/java" && ! -L "$home" ]] || continue
        if [[ "$(plinth_jdk_version "$home")" == "17" ]]; then
            PLINTH_JDK17="$home"
            break
        fi
    done
    export PLINTH_JDK17
}

plinth_pick_jdk "${1:-plinth}"
