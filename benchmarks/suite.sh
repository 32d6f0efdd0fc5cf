#!/usr/bin/env bash
# Runs the whole benchmark suite in bounded time and writes benchmarks/RESULTS.md and
# benchmarks/results-chart.svg. See benchmarks/SUITE.md.
#
# Each step runs its JMH benchmarks once per round; where Plinth and Extism are compared the jars
# alternate (Plinth, Extism, Plinth, Extism, ...) so both are measured in the same session. JMH's
# JSON goes to benchmarks/target/results/<step>-<side>-<round>.json and its output next to it
# (.log); runs.tsv and suite.properties there record what ran, how and where, for the report.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly PLINTH_JAR="benchmarks/target/benchmarks.jar"
readonly EXTISM_JAR="benchmarks-extism/target/benchmarks-extism.jar"
# Where the results go: this folder for one JDK, a jdk-<version> folder in it for each of several.
readonly RESULTS_ROOT="benchmarks/target/results"
RESULTS="${RESULTS_ROOT}"
readonly BUILD_COMMAND="mvn -B -q -DskipTests -pl benchmarks,benchmarks-extism -am package"
readonly REPORT_CLASS="dev.plinth.benchmarks.report.ResultsReport"
# The newest JDK installed unless JAVA_HOME says otherwise (scripts/newest-jdk.sh prints which);
# --jdk runs the suite on others, one after the other.
source "$ROOT/scripts/newest-jdk.sh" suite.sh
readonly DEFAULT_JAVA="${JAVA_HOME:+${JAVA_HOME}/bin/}java"
JAVA="${DEFAULT_JAVA}"

# The estimate's allowances: seconds for JMH to start and list its benchmarks, once per run, and
# for a forked JVM to start and load its plugin before the first iteration, per benchmark,
# parameter combination and fork.
readonly LAUNCH_SECONDS=1
readonly FORK_OVERHEAD_SECONDS=3
# The warm-restart step's first fork fills the compile cache in a JVM of its own: a full compile
# of the 2 MB module (about 8 s on a quiet machine), once per JDK.
readonly CACHE_FILL_SECONDS=10

# step;timing;patterns in the Plinth jar;patterns in the Extism jar (empty: Plinth alone);seconds per shot
# Timing "timed" runs iterations of fixed length, "shots" single-shot iterations, "restarts" one
# shot in each of the profile's restart forks (every sample a new JVM), "aot-restarts" the same in
# JVMs started with the JDK's AOT cache (JDK 25 and newer; trained first); the seconds per shot only
# feed the estimate. Patterns are JMH include regexes, found anywhere in the full
# benchmark name; the leading "\." keeps SmallCallBenchmark from matching JavaSmallCallBenchmark.
readonly STEPS=(
    'small-call;timed;\.SmallCallBenchmark\. \.JavaSmallCallBenchmark\.;\.ExtismSmallCallBenchmark\.;0'
    'compute;timed;\.ComputeBenchmark\. \.JavaComputeBenchmark\.;\.ExtismComputeBenchmark\.;0'
    'cold-start;shots;\.ColdStartBenchmark\.coldLoad$;\.ExtismColdStartBenchmark\.buildAndFirstCall$;2'
    'instances;timed;\.ColdStartBenchmark\.(cacheHitLoad|warmInstance)$;;0'
    'concurrency;timed;\.ConcurrencyBenchmark\.;;0'
    'reload;shots;\.ReloadBenchmark\.;;1'
    'fuel;timed;\.FuelBenchmark\.;;0'
    'deadline;shots;\.DeadlineBenchmark\.;;0.2'
    'pdk-shapes;timed;\.PdkShapeBenchmark\.;\.ExtismPdkShapeBenchmark\.;0'
    'memory-growth;shots;\.MemoryGrowthBenchmark\.;\.ExtismMemoryGrowthBenchmark\.;1'
    'component-records;timed;\.ComponentRecordsBenchmark\.;;0'
    'warm-restart;restarts;\.WarmRestartBenchmark\.;;2'
    'warm-restart-aot;aot-restarts;\.WarmRestartBenchmark\.;;2'
)

usage() {
    cat <<'EOF'
usage: benchmarks/suite.sh [--quick|--full] [--build] [--report-only] [--jdk JDK]... [--both-jdks]
                          [--only STEPS]

  --quick        (default) short runs, about 10 minutes on 2 cores: shows that the suite works and
                 roughly where things stand, not figures to quote
  --full         the figures to quote, about 55 minutes; run it on a quiet machine
  --build        build the two benchmark jars first
  --report-only  write RESULTS.md and the chart again from the last results, running nothing
  --jdk JDK      run the suite on this JDK: a JDK's home folder, 17 (the JDK 17 installed) or
                 newest (the newest installed, the default); given several times, the whole suite
                 runs on each in turn and RESULTS.md shows each JDK's figures
  --both-jdks    the same as --jdk 17 --jdk newest
  --only STEPS   run only these steps, comma-separated (e.g. small-call,pdk-shapes); the others
                 read as not measured
EOF
}

fail() {
    echo "suite: $*" >&2
    exit 1
}

# Sets the profile's rounds (per side where the jars alternate, and where Plinth runs alone) and,
# per round and benchmark, forks, warm-up and measurement iterations and their seconds (timed
# steps) or warm-up and measured shots (single-shot steps).
set_profile() {
    case "$1" in
        quick)
            ROUNDS=2 PLINTH_ONLY_ROUNDS=1 FORKS=1 RESTARTS=3
            WARMUPS=2 WARMUP_SECONDS=1 ITERATIONS=3 ITERATION_SECONDS=1 WARMUP_SHOTS=1 SHOTS=3 ;;
        full)
            ROUNDS=3 PLINTH_ONLY_ROUNDS=3 FORKS=1 RESTARTS=10
            WARMUPS=5 WARMUP_SECONDS=2 ITERATIONS=5 ITERATION_SECONDS=2 WARMUP_SHOTS=5 SHOTS=20 ;;
    esac
    PROFILE_SETTINGS="${ROUNDS} rounds per side where Plinth and Extism alternate, ${PLINTH_ONLY_ROUNDS} where"
    PROFILE_SETTINGS+=" Plinth runs alone; per round and benchmark ${FORKS} fork of ${WARMUPS} × ${WARMUP_SECONDS} s"
    PROFILE_SETTINGS+=" warm-up and ${ITERATIONS} × ${ITERATION_SECONDS} s measurement, or of ${WARMUP_SHOTS} warm-up"
    PROFILE_SETTINGS+=" and ${SHOTS} measured single shots; a warm restart is one shot in each of ${RESTARTS} new JVMs"
    TIMED_OPTIONS=(-f "${FORKS}" -wi "${WARMUPS}" -w "${WARMUP_SECONDS}s" -i "${ITERATIONS}" -r "${ITERATION_SECONDS}s")
    SHOT_OPTIONS=(-f "${FORKS}" -wi "${WARMUP_SHOTS}" -i "${SHOTS}")
    RESTART_OPTIONS=(-f "${RESTARTS}" -wi 0 -i 1)
}

# Rounds a step runs, given its Extism patterns: all where the jars alternate, else fewer.
rounds_of() {
    if [[ -n "$1" ]]; then echo "${ROUNDS}"; else echo "${PLINTH_ONLY_ROUNDS}"; fi
}

jar_of() {
    case "$1" in
        plinth) echo "${PLINTH_JAR}" ;;
        extism) echo "${EXTISM_JAR}" ;;
    esac
}

# Shell-quotes an argument only when it needs it, so recorded commands stay readable.
quote() {
    if [[ "$1" =~ ^[A-Za-z0-9_./=:,+-]+$ ]]; then
        printf '%s' "$1"
    else
        printf "'%s'" "${1//\'/\'\\\'\'}"
    fi
}

command_line() {
    local words=() word
    for word in "$@"; do
        words+=("$(quote "${word}")")
    done
    echo "${words[*]}"
}

# A line of suite.properties; backslashes doubled, as java.util.Properties reads them.
property() {
    printf '%s=%s\n' "$1" "${2//\\/\\\\}"
}

minutes() {
    printf '%d min %d s' $(($1 / 60)) $(($1 % 60))
}

# ---- the jars ----------------------------------------------------------------------------------

build_jars() {
    local modules=benchmarks
    [[ -f benchmarks-extism/pom.xml ]] && modules=benchmarks,benchmarks-extism
    echo "suite: building the benchmark jars: ./mvnw -B -q -DskipTests -pl ${modules} -am package"
    ./mvnw -B -q -DskipTests -pl "${modules}" -am package
}

check_jars() {
    [[ -f "${PLINTH_JAR}" ]] || fail "${PLINTH_JAR} is missing; build it with
    ${BUILD_COMMAND}
or run this script with --build"
    if [[ ! -f "${EXTISM_JAR}" ]]; then
        echo "suite: ${EXTISM_JAR} is missing: the Extism comparisons will show as not measured." >&2
        echo "       Build both jars with ${BUILD_COMMAND} (or pass --build)." >&2
    fi
}

# Lists a jar's benchmarks with how many parameter combinations each has: "name<TAB>combinations".
list_benchmarks() {
    "${JAVA}" -jar "$1" -lp | awk '
        /^Benchmarks:/ { next }
        /^ +param / { combinations *= gsub(/,/, ",") + 1; next }
        NF { if (name != "") print name "\t" combinations; name = $1; combinations = 1 }
        END { if (name != "") print name "\t" combinations }'
}

# Parameter combinations a step's patterns select in a side's jar (0 when the jar is missing).
# The patterns reach awk through the environment, which keeps their backslashes as they are.
combinations() {
    local listing="${RESULTS}/${1}.benchmarks"
    [[ -n "$2" && -f "${listing}" ]] || { echo 0; return; }
    PATTERNS="$2" awk -F'\t' '
        BEGIN { count = split(ENVIRON["PATTERNS"], patterns, " ") }
        { for (i = 1; i <= count; i++) if ($1 ~ patterns[i]) { sum += $2; break } }
        END { print sum + 0 }' "${listing}"
}

# Seconds the suite should take: per run JMH's start, per combination and fork the JVM's start
# and the iterations (or the shots, at the step's assumed seconds per shot).
estimate_seconds() {
    local total=0 step name timing plinth_patterns extism_patterns shot_seconds side patterns count per_fork forks
    for step in "${STEPS[@]}"; do
        IFS=';' read -r name timing plinth_patterns extism_patterns shot_seconds <<<"${step}"
        selected "${name}" || continue
        forks="${FORKS}"
        if [[ "${timing}" == timed ]]; then
            per_fork=$((FORK_OVERHEAD_SECONDS + WARMUPS * WARMUP_SECONDS + ITERATIONS * ITERATION_SECONDS))
        elif [[ "${timing}" == restarts || "${timing}" == aot-restarts ]]; then
            forks="${RESTARTS}"
            per_fork="$(awk -v overhead="${FORK_OVERHEAD_SECONDS}" -v seconds="${shot_seconds}" \
                'BEGIN { printf "%d", overhead + seconds + 0.5 }')"
            total=$((total + CACHE_FILL_SECONDS))
        else
            per_fork="$(awk -v overhead="${FORK_OVERHEAD_SECONDS}" -v shots=$((WARMUP_SHOTS + SHOTS)) \
                -v seconds="${shot_seconds}" 'BEGIN { printf "%d", overhead + shots * seconds + 0.5 }')"
        fi
        for side in plinth extism; do
            patterns="${plinth_patterns}"
            [[ "${side}" == extism ]] && patterns="${extism_patterns}"
            count="$(combinations "${side}" "${patterns}")"
            ((count > 0)) || continue
            total=$((total + $(rounds_of "${extism_patterns}") * (LAUNCH_SECONDS + forks * count * per_fork)))
        done
    done
    echo "${total}"
}

# ---- the session -------------------------------------------------------------------------------

cpu_model() {
    local model
    model="$(grep -m1 -E '^(model name|Hardware|cpu model)' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
    echo "${model:-$(uname -m)}"
}

memory() {
    awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo unknown
}

load_average() {
    cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown
}

os_name() {
    local name=unknown
    [[ -r /etc/os-release ]] && name="$(. /etc/os-release && echo "${PRETTY_NAME:-${NAME:-unknown}}")"
    echo "${name}, $(uname -sr)"
}

git_dirty() {
    if git diff --quiet HEAD -- 2>/dev/null; then echo false; else echo true; fi
}

record_session() {
    {
        property suite.command "$(command_line benchmarks/suite.sh "$@")"
        property profile "${PROFILE}"
        property profile.settings "${PROFILE_SETTINGS}"
        property started "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        property estimated.seconds "${ESTIMATE}"
        property git.commit "$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
        property git.dirty "$(git_dirty)"
        property machine.cpu "$(cpu_model)"
        property machine.cores "$(nproc 2>/dev/null || echo unknown)"
        property machine.memory "$(memory)"
        property machine.load "$(load_average)"
        property os "$(os_name)"
        property jar.plinth "${PLINTH_JAR}"
        property jar.extism "${EXTISM_JAR}"
        property jdk.home "$(dirname "$(dirname "$(command -v "${JAVA}" || echo "${JAVA}")")")"
        property jdk.version "$("${JAVA}" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
    } >"${RESULTS}/suite.properties"
    printf 'step\tside\tround\tjar\tstatus\tpatterns\tjson\tlog\tcommand\n' >"${RESULTS}/runs.tsv"
}

record_run() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"${RESULTS}/runs.tsv"
}

# ---- the runs ----------------------------------------------------------------------------------

# Records a run that did not happen, and says so.
skip() {
    local name="$1" side="$2" round="$3" jar="$4" patterns="$5" reason="$6"
    record_run "${name}" "${side}" "${round}" "${jar}" "skipped: ${reason}" "${patterns}" "" "" ""
    echo "skipped: ${reason}"
}

# Runs one step's benchmarks in one jar for one round, or records why it did not. JMH goes on
# after a benchmark throws and exits 0; its "<failure>" lines mark such a run as partly failed.
run() {
    local name="$1" timing="$2" side="$3" round="$4" rounds="$5" patterns="$6"
    local jar json log status started options=() pattern_args=()
    jar="$(jar_of "${side}")"
    json="${RESULTS}/${name}-${side}-${round}.json"
    log="${json%.json}.log"
    printf 'suite: %-11s %-6s round %d/%d: ' "${name}" "${side}" "${round}" "${rounds}"
    if [[ ! -f "${jar}" ]]; then
        skip "${name}" "${side}" "${round}" "${jar}" "${patterns}" "${jar} not built"
        return
    fi
    if (($(combinations "${side}" "${patterns}") == 0)); then
        skip "${name}" "${side}" "${round}" "${jar}" "${patterns}" "no benchmark in ${jar} matches"
        return
    fi
    case "${timing}" in
        timed) options=("${TIMED_OPTIONS[@]}") ;;
        restarts) options=("${RESTART_OPTIONS[@]}") ;;
        aot-restarts)
            local aot reason
            if ! reason="$(aot_cache_supported)"; then
                skip "${name}" "${side}" "${round}" "${jar}" "${patterns}" "${reason}"
                return
            fi
            aot="$(trained_aot_cache)" || {
                skip "${name}" "${side}" "${round}" "${jar}" "${patterns}" "training the AOT cache failed, see ${aot}.log"
                return
            }
            options=("${RESTART_OPTIONS[@]}" -p jvmCache=aot \
                -jvmArgsAppend "-XX:-DontCompileHugeMethods -XX:AOTCache=${aot} -XX:AOTMode=on") ;;
        *) options=("${SHOT_OPTIONS[@]}") ;;
    esac
    read -r -a pattern_args <<<"${patterns}"
    local command=("${JAVA}" -jar "${jar}" "${options[@]}" -rf json -rff "${json}" "${pattern_args[@]}")
    started="${SECONDS}"
    if "${command[@]}" >"${log}" 2>&1; then
        status=ok
        grep -q '<failure>' "${log}" && status="partly failed"
    else
        status="failed (exit $?)"
    fi
    echo "${status} in $((SECONDS - started)) s"
    [[ "${status}" == ok ]] || echo "    see ${log}" >&2
    record_run "${name}" "${side}" "${round}" "${jar}" "${status}" "${patterns}" "${json}" "${log}" \
        "$(command_line "${command[@]}")"
}

# Succeeds (printing nothing) when ${JAVA} can train and start from an AOT cache in one run each (JDK 25 and newer, JEPs 483 and 514);
# otherwise prints why not and fails.
aot_cache_supported() {
    local feature
    feature="$(java_feature_version "${JAVA}")"
    if ((feature < 25)); then
        echo "training the JDK's AOT cache in one run (-XX:AOTCacheOutput) needs JDK 25 or newer; this is JDK ${feature}"
        return 1
    fi
}

# Prints the AOT cache for ${JAVA} and the Plinth jar, training it first when there is none or the
# jar is newer: one WarmRestartProbe run (the same load a fork measures, which also fills the compile
# cache if it is empty) with -XX:AOTCacheOutput. Fails when training does.
trained_aot_cache() {
    local version dir aot
    version="$(java_property "${JAVA}" java.version)"
    dir="benchmarks/target/generated"
    aot="${dir}/warm-restart-aot/jdk-${version}.aot"
    echo "${aot}"
    [[ ! -f "${aot}" || "${PLINTH_JAR}" -nt "${aot}" ]] || return 0
    mkdir -p "$(dirname "${aot}")"
    rm -f "${aot}"
    "${JAVA}" -XX:AOTCacheOutput="${aot}" -XX:-DontCompileHugeMethods -cp "${PLINTH_JAR}" \
        dev.plinth.benchmarks.WarmRestartProbe cache "${dir}/warm-restart-cache/jdk-${version}" >"${aot}.log" 2>&1 \
        && [[ -f "${aot}" ]]
}

# Whether --only (if given) names the step.
selected() {
    [[ -z "${ONLY}" || "${ONLY}" == *",$1,"* ]]
}

run_steps() {
    local step name timing plinth_patterns extism_patterns rounds round
    for step in "${STEPS[@]}"; do
        IFS=';' read -r name timing plinth_patterns extism_patterns _ <<<"${step}"
        selected "${name}" || continue
        rounds="$(rounds_of "${extism_patterns}")"
        for round in $(seq 1 "${rounds}"); do
            run "${name}" "${timing}" plinth "${round}" "${rounds}" "${plinth_patterns}"
            if [[ -n "${extism_patterns}" ]]; then
                run "${name}" "${timing}" extism "${round}" "${rounds}" "${extism_patterns}"
            fi
        done
    done
}

write_report() {
    local report=("${DEFAULT_JAVA}" -cp "${PLINTH_JAR}" "${REPORT_CLASS}" "${RESULTS_ROOT}" benchmarks) properties
    for properties in "${RESULTS_ROOT}/suite.properties" "${RESULTS_ROOT}"/jdk-*/suite.properties; do
        if [[ -f "${properties}" ]] && ! grep -q '^report.command=' "${properties}"; then
            property report.command "$(command_line "${report[@]}")" >>"${properties}"
        fi
    done
    "${report[@]}"
}

# The java launcher of a --jdk value: a JDK's home, 17 or newest.
java_of() {
    case "$1" in
        newest) echo "${DEFAULT_JAVA}" ;;
        17)
            [[ -n "${PLINTH_JDK17:-}" ]] || fail "--jdk 17: no JDK 17 found in /usr/lib/jvm; give its home folder"
            echo "${PLINTH_JDK17}/bin/java" ;;
        *)
            [[ -x "$1/bin/java" ]] || fail "--jdk $1: no bin/java there; give a JDK's home folder, 17 or newest"
            echo "$1/bin/java" ;;
    esac
}

# The feature version of the JDK whose launcher is $1, e.g. 17.
java_feature_version() {
    java_property "$1" java.specification.version
}

# The system property $2 of the JDK whose launcher is $1, e.g. java.version.
java_property() {
    "$1" -XshowSettings:properties -version 2>&1 | sed -n "s/^ *$2 = //p"
}

main() {
    local build=false report_only=false jdks=() javas=() java arguments=("$@")
    PROFILE=quick ONLY=""
    while (($# > 0)); do
        case "$1" in
            --quick) PROFILE=quick ;;
            --full) PROFILE=full ;;
            --build) build=true ;;
            --report-only) report_only=true ;;
            --jdk)
                (($# > 1)) || fail "--jdk needs a JDK: a home folder, 17 or newest"
                jdks+=("$2")
                shift ;;
            --both-jdks) jdks+=(17 newest) ;;
            --only)
                (($# > 1)) || fail "--only needs step names, e.g. --only small-call,pdk-shapes"
                ONLY=",$2,"
                shift ;;
            -h | --help) usage; exit 0 ;;
            *) usage >&2; fail "unknown option $1" ;;
        esac
        shift
    done
    cd "${ROOT}"
    set_profile "${PROFILE}"
    [[ "${build}" == false ]] || build_jars
    if [[ "${report_only}" == true ]]; then
        [[ -f "${PLINTH_JAR}" && -d "${RESULTS_ROOT}" ]] || fail "no results in ${RESULTS_ROOT} or no ${PLINTH_JAR}; run the suite first"
        write_report
        return
    fi
    check_jars
    for java in "${jdks[@]}"; do
        javas+=("$(java_of "${java}")")
    done

    rm -rf "${RESULTS_ROOT}"
    if ((${#javas[@]} <= 1)); then
        JAVA="${javas[0]:-${DEFAULT_JAVA}}"
        run_suite "${arguments[@]}"
    else
        for java in "${javas[@]}"; do
            JAVA="${java}"
            RESULTS="${RESULTS_ROOT}/jdk-$(java_feature_version "${java}")"
            [[ ! -d "${RESULTS}" ]] || fail "two of the --jdk values are JDK $(java_feature_version "${java}")"
            echo "suite: on JDK $(java_feature_version "${java}") (${java}), results in ${RESULTS}"
            run_suite "${arguments[@]}"
        done
    fi
    write_report
}

# The whole suite on ${JAVA}, into ${RESULTS}.
run_suite() {
    mkdir -p "${RESULTS}"
    local side
    for side in plinth extism; do
        [[ ! -f "$(jar_of "${side}")" ]] || list_benchmarks "$(jar_of "${side}")" >"${RESULTS}/${side}.benchmarks"
    done
    ESTIMATE="$(estimate_seconds)"
    echo "suite: ${PROFILE} profile: ${PROFILE_SETTINGS}."
    echo "suite: estimated $(minutes "${ESTIMATE}") (allowing ${FORK_OVERHEAD_SECONDS} s per fork to start, ${LAUNCH_SECONDS} s per JMH run)."
    echo "suite: load average now $(load_average); the figures are only as quiet as the machine."
    record_session "$@"

    local start="${SECONDS}" elapsed
    run_steps
    elapsed=$((SECONDS - start))
    {
        property finished "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        property elapsed.seconds "${elapsed}"
    } >>"${RESULTS}/suite.properties"
    echo "suite: finished in $(minutes "${elapsed}") (estimated $(minutes "${ESTIMATE}"))."
}

main "$@"
