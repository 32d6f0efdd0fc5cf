#!/usr/bin/env bash
# The main job: builds Plinth and the sample plugins, then calls each sample plugin through the
# `plinth` command, the way an operator tries a plugin before deploying it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-toolchain.sh
mvn -B -q --no-transfer-progress -DskipTests -pl plugin-cli -am install

plugins=sample-plugins/target/plugins
run() {
    echo "\$ bin/plinth $*"
    bin/plinth "$@"
    echo
}
run call "$plugins/text-transformer" transform --input "hello from plinth" --config mode=title
run call "$plugins/text-transformer" count_vowels --input "The quick brown fox"
run call "$plugins/data-validator" validate --input '[{"id":1,"email":"ada@example.com"},{"email":"nope"}]'
run inspect "$plugins/log-enricher"
