#!/usr/bin/env bash
# The main job: builds Plinth, the sample plugins and the demo application, copies the samples
# into demo/plugins/, and starts the demo on http://localhost:8080. Options below (--help).
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: scripts/run.sh [--port N] [--plugins DIR] [--no-build] [--help]

Builds Plinth and the sample plugins, then starts the demo Spring Boot application.

  --port N       listen on port N, 1-65535 (default: $PORT, else 8080)
  --plugins DIR  the plugins folder the demo loads and watches, used as it is
                 (default: demo/plugins, with the sample plugins copied in)
  --no-build     skip the build and start the demo jar built before (demo/target/plinth-demo.jar)
  -h, --help     show this text
USAGE
}

fail() { # a usage error: the problem, the hint, exit status 2
    echo "run.sh: $1" >&2
    echo "Try 'scripts/run.sh --help' for the options." >&2
    exit 2
}

port="${PORT:-8080}"
plugins=""
build=true
while [[ $# -gt 0 ]]; do
    case "$1" in
        --port) [[ $# -ge 2 ]] || fail "--port needs a value, e.g. --port 9090"; port="$2"; shift 2 ;;
        --port=*) port="${1#--port=}"; shift ;;
        --plugins) [[ $# -ge 2 ]] || fail "--plugins needs a directory, e.g. --plugins ./my-plugins"; plugins="$2"; shift 2 ;;
        --plugins=*) plugins="${1#--plugins=}"; shift ;;
        --no-build) build=false; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) fail "unknown option '$1' (the options are --port, --plugins, --no-build and --help)" ;;
        *) fail "unexpected argument '$1': run.sh takes only options (--port, --plugins, --no-build, --help)" ;;
    esac
done
if ! [[ "$port" =~ ^[0-9]{1,5}$ ]] || (( 10#$port < 1 || 10#$port > 65535 )); then
    fail "'$port' is not a port: give a number from 1 to 65535 (--port or PORT=)"
fi
port=$((10#$port))
if [[ -n "$plugins" ]]; then
    [[ -d "$plugins" ]] || fail "--plugins '$plugins' is not a directory"
    plugins="$(cd "$plugins" && pwd)"   # the demo starts in demo/, so pass it an absolute path
fi

cd "$(dirname "$0")/.."
source scripts/newest-jdk.sh run.sh

if $build; then
    bash scripts/ensure-toolchain.sh
    command -v javac >/dev/null || { echo "run.sh: javac is missing (a JRE is not enough): apt-get install -y openjdk-17-jdk-headless" >&2; exit 1; }
    echo "run.sh: building (the first build downloads Maven itself and the dependencies)..."
    ./mvnw -B -q --no-transfer-progress -DskipTests -pl demo,plugin-cli -am package
elif [[ ! -f demo/target/plinth-demo.jar ]]; then
    echo "run.sh: --no-build, but demo/target/plinth-demo.jar has not been built: run scripts/run.sh once without --no-build" >&2
    exit 1
fi

if [[ -z "$plugins" ]]; then
    plugins="$PWD/demo/plugins"
    mkdir -p "$plugins"
    if [[ -d sample-plugins/target/plugins ]]; then
        cp -r sample-plugins/target/plugins/. "$plugins/"
    else
        echo "run.sh: warning: sample-plugins/target/plugins is missing (not built yet), so no sample plugins were copied" >&2
    fi
fi

cat <<INFO

Plinth demo starting on http://localhost:${port} with the plugins in ${plugins}:
$(ls "$plugins" | sed 's/^/  - /')

Try, from another terminal:
  curl -s -X POST localhost:${port}/api/text/shout -d 'hello plinth'
  curl -s -X POST localhost:${port}/api/validate -H 'Content-Type: application/json' \\
       --data-binary '[{"id":1,"email":"ada@example.com"},{"email":"nope"}]'
  curl -s -X POST localhost:${port}/api/plugins/text-transformer/functions/count_vowels \\
       --data-binary 'The quick brown fox'
  curl -s -X POST localhost:${port}/api/plugins/guestbook/functions/sign -H 'Content-Type: application/json' \\
       -d '{"name":"Ada","message":"Hello"}'
  curl -s localhost:${port}/api/events; curl -s localhost:${port}/api/store/guestbook   # or open /guestbook.html
  curl -s localhost:${port}/actuator/plugins
  curl -s localhost:${port}/actuator/health
Copy a plugin folder (or a bare .wasm) into ${plugins} and it is callable a moment later; a new
version of a plugin that is serving starts as a canary with 10% of the calls:
  curl -s -X POST localhost:${port}/actuator/plugins/text-transformer -H 'Content-Type: application/json' \\
       -d '{"action":"canary","weight":50}'      # or {"action":"promote"}, {"action":"rollback"}
Stop with Ctrl-C.

INFO
cd demo
# Chicory compiles each wasm function to one method; let HotSpot compile the big ones too.
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -XX:-DontCompileHugeMethods -jar target/plinth-demo.jar \
    --server.port="${port}" --plinth.plugins.dir="${plugins}"
