#!/usr/bin/env bash
# The main job: builds Plinth, the sample plugins and the demo application, copies the samples
# into demo/plugins/, and starts the demo on http://localhost:8080 (PORT=... to change it).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/newest-jdk.sh run.sh
bash scripts/ensure-toolchain.sh
command -v javac >/dev/null || { echo "run.sh: javac is missing (a JRE is not enough): apt-get install -y openjdk-17-jdk-headless" >&2; exit 1; }

echo "run.sh: building (the first build downloads Maven itself and the dependencies)..."
./mvnw -B -q --no-transfer-progress -DskipTests -pl demo,plugin-cli -am package

mkdir -p demo/plugins
cp -r sample-plugins/target/plugins/. demo/plugins/

port="${PORT:-8080}"
cat <<INFO

Plinth demo starting on http://localhost:${port} with the plugins in demo/plugins/:
$(ls demo/plugins | sed 's/^/  - /')

Try, from another terminal:
  curl -s -X POST localhost:${port}/api/text/shout -H 'Content-Type: text/plain' --data-binary 'hello plinth'
  curl -s -X POST localhost:${port}/api/validate -H 'Content-Type: application/json' \\
       --data-binary '[{"id":1,"email":"ada@example.com"},{"email":"nope"}]'
  curl -s -X POST localhost:${port}/api/plugins/text-transformer/functions/count_vowels -H 'Content-Type: text/plain' \\
       --data-binary 'The quick brown fox'
  curl -s localhost:${port}/actuator/plugins
  curl -s localhost:${port}/actuator/health
Copy a plugin folder (or a bare .wasm) into demo/plugins/ and it is callable a moment later.
Stop with Ctrl-C.

INFO
cd demo
# Chicory compiles each wasm function to one method; let HotSpot compile the big ones too.
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -XX:-DontCompileHugeMethods -jar target/plinth-demo.jar --server.port="${port}"
