#!/usr/bin/env bash
# After `mvn -B install`: what a user of the installed artifacts and of the distribution gets.
#  1. every Descent jar in the local repository has its sources and Javadoc jars and an Automatic-Module-Name;
#  2. samples/maven-consumer (its own build, importing the BOM) builds and trains against the snapshot;
#  3. with the CUDA choice its dependency tree holds ND4J's CUDA backend and no CPU backend;
#  4. the command-line distribution, unpacked alone, runs info, parity, run, demo and inspect.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION=0.1.0-SNAPSHOT
# the local repository `mvn install` wrote to (Maven's default; set M2_REPO for another)
REPO="${M2_REPO:-$HOME/.m2/repository}"
fail() { echo "check-install: FAILED: $*" >&2; exit 1; }

echo "== 1. installed jars: sources, javadoc, Automatic-Module-Name"
for a in core dsl kotlin spark examples; do
  dir="$REPO/dev/descent/descent-$a/$VERSION"
  for kind in "" -sources -javadoc; do
    [ -f "$dir/descent-$a-$VERSION$kind.jar" ] || fail "descent-$a-$VERSION$kind.jar is not installed in $dir"
  done
  name="$(unzip -p "$dir/descent-$a-$VERSION.jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Automatic-Module-Name: //p')"
  [ "$name" = "dev.descent.$a" ] || fail "descent-$a has Automatic-Module-Name '$name', expected dev.descent.$a"
  echo "descent-$a: jar, sources, javadoc; module $name"
done
for a in bom cpu cuda; do
  [ -f "$REPO/dev/descent/descent-$a/$VERSION/descent-$a-$VERSION.pom" ] || fail "descent-$a is not installed"
done

echo "== 2. samples/maven-consumer against the installed snapshot"
cd "$ROOT/samples/maven-consumer"
out="$(mvn -B -q clean package exec:exec 2>&1)" || { echo "$out"; fail "the consumer sample did not build or run"; }
echo "$out"
grep -qx 'OK' <<< "$out" || fail "the consumer sample did not fit its line"

echo "== 3. the backend is the consumer's choice"
cpu_tree="$(mvn -B dependency:tree)"
grep -q 'org.nd4j:nd4j-native-platform:jar' <<< "$cpu_tree" || fail "the CPU choice lacks nd4j-native-platform"
grep -q 'nd4j-cuda' <<< "$cpu_tree" && fail "the CPU choice brings a CUDA artifact"
cuda_tree="$(mvn -B -Pcuda dependency:tree)"
grep -q 'org.nd4j:nd4j-cuda-11.6-platform:jar' <<< "$cuda_tree" || fail "the CUDA choice lacks nd4j-cuda-11.6-platform"
if grep -E 'org\.nd4j:nd4j-native(-platform)?:jar' <<< "$cuda_tree"; then
  fail "the CUDA choice's dependency tree holds ND4J's CPU backend"
fi
echo "CPU choice: nd4j-native-platform; CUDA choice: nd4j-cuda-11.6-platform and no nd4j-native"

echo "== 4. the distribution, unpacked alone"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$ROOT/examples/target/descent-$VERSION-dist.tar.gz" -C "$tmp"
d="$tmp/descent-$VERSION"
cd "$tmp"
"$d/bin/descent" info | tee "$tmp/info.txt"
grep -q 'CpuBackend' "$tmp/info.txt" || fail "info does not name the CPU backend"
"$d/bin/descent" parity "$d/golden/torch-sgd.json" | tail -1 | grep -q '11 passed, 0 failed' || fail "parity from the distribution"
"$d/bin/descent" parity --portable "$d/golden/torch-sgd.json" | tail -1 | grep -q '11 passed, 0 failed' || fail "portable parity from the distribution"
"$d/bin/descent" run "$d/scripts/Seeds.java" | tee "$tmp/seeds.txt"
grep -q '99.8020' "$tmp/seeds.txt" && grep -q '92.3770' "$tmp/seeds.txt" || fail "the seed steps from the distribution"
DESCENT_JAVA_OPTS="-XX:+UseSerialGC -Xmn32m -Ddescent.kts.cache=$tmp/kts" "$d/bin/descent" run "$d/scripts/seeds.kts" | tee "$tmp/seeds-kts.txt"
grep -q '99.8020' "$tmp/seeds-kts.txt" && grep -q '92.3770' "$tmp/seeds-kts.txt" || fail "the Kotlin seed script from the distribution"
"$d/bin/descent" demo --out "$tmp/demo" > "$tmp/demo.txt" || { cat "$tmp/demo.txt"; fail "the demo from the distribution"; }
grep -q '99.8020' "$tmp/demo.txt" || fail "the demo's seed step"
grep -q '"kind":"surface"' "$tmp/demo/report.html" && grep -q 'Apache ECharts' "$tmp/demo/report.html" \
  || fail "the demo's report.html (ECharts inlined from the dsl jar)"
"$d/bin/descent" inspect "$tmp/demo/digits-mlp.descent" | tee "$tmp/inspect.txt"
[ -s "$tmp/inspect.txt" ] || fail "inspect printed nothing"
echo "distribution: info, parity (both paths), run (.java and .kts), demo, inspect: ok"
