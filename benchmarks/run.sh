#!/usr/bin/env bash
# Builds the benchmarks and runs a short configuration sized for a 2-core machine (about 10 minutes),
# then writes benchmarks/target/report.md from the JSON results.
#
#   benchmarks/run.sh                      # everything, with the java on PATH (or $JAVA_HOME)
#   benchmarks/run.sh --jdk /usr/lib/jvm/temurin-25-jdk-amd64
#   benchmarks/run.sh --only handshake     # handshake | bulk | socket | primitives | heap (repeatable)
#   benchmarks/run.sh --quick              # one short iteration each: checks that everything runs
#   benchmarks/run.sh --moderate           # 3 warmup + 5 measurement iterations (about 13 minutes)
#   benchmarks/run.sh --no-build --jmh "-p provider=Keel,SunJSSE"   # extra JMH options
#
# Results: benchmarks/target/results/jdk<N>/{*.json,retained-heap.tsv,failures/,report.md}; the latest
# report is also copied to benchmarks/target/report.md.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
jdk="${JAVA_HOME:-}"
only=()
quick=0
build=1
extra=""

while [[ $# -gt 0 ]]; do
    case "$1" in
        --jdk) jdk="$2"; shift 2 ;;
        --only) only+=("$2"); shift 2 ;;
        --quick) quick=1; shift ;;
        --moderate) quick=2; shift ;;
        --no-build) build=0; shift ;;
        --jmh) extra="$2"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
    esac
done

java="java"
if [[ -n "$jdk" ]]; then
    java="$jdk/bin/java"
fi
if ! "$java" -version >/dev/null 2>&1; then
    echo "no working java at '$java'" >&2
    exit 2
fi
major="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
label="jdk${major}"

if [[ $build -eq 1 ]]; then
    echo "== building (mvn -q -B -pl benchmarks -am package -DskipTests)"
    (cd "$root" && mvn -q -B -pl benchmarks -am package -DskipTests)
fi
jar="$here/target/benchmarks.jar"
[[ -f "$jar" ]] || { echo "missing $jar: build first" >&2; exit 2; }

out="$here/target/results/$label"
if [[ ${#only[@]} -eq 0 ]]; then
    rm -rf "$out"     # a full run starts clean; --only replaces just its groups' results
fi
mkdir -p "$out/failures"
# SetupFailures writes a file here when a provider cannot run a benchmark; the report reads them.
export KEEL_BENCH_FAILURES="$out/failures"

if [[ $quick -eq 1 ]]; then
    timing=(-f 1 -wi 1 -w 500ms -i 1 -r 500ms)
    heap_connections=200
    heap_rounds=1
elif [[ $quick -eq 2 ]]; then
    timing=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
    heap_connections=2000
    heap_rounds=5
else
    timing=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
    heap_connections=2000
    heap_rounds=3
fi

wanted() {
    [[ ${#only[@]} -eq 0 ]] && return 0
    local x
    for x in "${only[@]}"; do [[ "$x" == "$1" ]] && return 0; done
    return 1
}

# Forgets earlier results of one benchmark class (its JSON files and recorded setup failures).
forget() {
    local class="$1"; shift
    local name
    for name in "$@"; do rm -f "$out/$name.json" "$out/$name.log"; done
    rm -f "$out/failures/dev.keel.tls.bench.$class".*
}

jmh() {
    local name="$1"; shift
    echo "== $name ($label)"
    # -foe false: a provider that fails its setup (Keel, until the engine lands) must not stop the run.
    # shellcheck disable=SC2086
    "$java" -jar "$jar" "$@" "${timing[@]}" -foe false -rf json -rff "$out/$name.json" $extra \
        > "$out/$name.log" 2>&1 || echo "   (JMH exited with $?; see $out/$name.log)"
    grep -E '^(Benchmark|[A-Za-z]+Bench\.)' "$out/$name.log" | grep -v ':gc\.' || true
}

start=$(date +%s)
if wanted handshake; then
    forget HandshakeBench handshake
    jmh handshake 'HandshakeBench' -prof gc
fi
if wanted bulk; then
    forget BulkBench bulk-tls13 bulk-tls12
    jmh bulk-tls13 'BulkBench' -prof gc \
        -p suite=TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256 \
        -p size=16384,1024,64
    # TLS 1.2 suites at 16 KiB only: covers the AES-256 and ChaCha20 rows Conscrypt cannot do in TLS 1.3.
    jmh bulk-tls12 'BulkBench' -prof gc \
        -p suite=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 \
        -p size=16384
fi
if wanted socket; then
    forget SocketBench socket
    jmh socket 'SocketBench'
fi
if wanted primitives; then
    forget PrimitivesBench primitives
    jmh primitives 'PrimitivesBench'
fi
if wanted heap; then
    echo "== retained heap ($label, $heap_connections connections x $heap_rounds rounds)"
    rm -f "$out/retained-heap.tsv" "$out/retained-heap.log"
    for provider in Keel SunJSSE BCJSSE Conscrypt; do
        "$java" -Xms1g -Xmx1g -Djdk.tls.namedGroups=x25519,secp256r1 --enable-native-access=ALL-UNNAMED \
            -cp "$jar" dev.keel.tls.bench.RetainedHeap "$provider" "$heap_connections" "$heap_rounds" \
            "$out/retained-heap.tsv" 2>>"$out/retained-heap.log" \
            || echo "   (RetainedHeap $provider exited with $?; see $out/retained-heap.log)"
    done
fi

echo "== report"
# Missing files (groups not run) are skipped by the report; this order is the report's order.
"$java" -cp "$jar" dev.keel.tls.bench.Report --out "$out/report.md" --failures "$out/failures" \
    --heap "$out/retained-heap.tsv" "$out/handshake.json" "$out/bulk-tls13.json" "$out/bulk-tls12.json" \
    "$out/socket.json" "$out/primitives.json"
cp "$out/report.md" "$here/target/report.md"
echo "done in $(( $(date +%s) - start )) s: $here/target/report.md"
