#!/usr/bin/env bash
# Everything to verify on a machine with an NVIDIA GPU, in a few minutes: the CUDA build, the backend
# in use, every golden replayed on it (which takes the portable path there), and a training smoke test.
# Needs a JDK 17, Maven, an NVIDIA driver and CUDA 11.6's runtime libraries (see the README, "Backends").
# Prints PASS or the first failure; exit status 0 only when everything passed.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "gpu-check: FAILED: $*" >&2; exit 1; }

echo "== GPU"
nvidia-smi --query-gpu=name,driver_version,compute_cap --format=csv || echo "(nvidia-smi not available)"

echo "== build with the CUDA backend (-Pcuda)"
mvn -B -q -Pcuda -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dassembly.skipAssembly=true install

echo "== ./descent info"
DESCENT_BACKEND=cuda ./descent info | tee /tmp/gpu-info.txt
grep -q 'JCublasBackend' /tmp/gpu-info.txt || fail "the CUDA backend is not the one loaded"
grep -q '^execution path *portable' /tmp/gpu-info.txt || fail "a CUDA backend must take the portable path"

echo "== parity of every golden file the command line replays"
DESCENT_BACKEND=cuda ./descent parity golden/torch-sgd.json | tee /tmp/gpu-parity.txt
tail -1 /tmp/gpu-parity.txt | grep -q ', 0 failed' || fail "torch-sgd.json on CUDA"
DESCENT_BACKEND=cuda ./descent parity golden/torch-optim.json | tee /tmp/gpu-parity-optim.txt
tail -1 /tmp/gpu-parity-optim.txt | grep -q ', 0 failed' || fail "torch-optim.json on CUDA"

echo "== golden, path and training tests on CUDA (loss/activation goldens, backend identity, trainer)"
mvn -B -Pcuda test -pl core,dsl -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='Golden*Test,ExecutionPathTest,PortablePathTest,TrainerTest,SgdSemanticsTest,BatchGathererTest,AdaptiveRulesTest,OptimizerSpecsTest'

echo "== training smoke test: the seed steps and the demo"
DESCENT_BACKEND=cuda ./descent run examples/scripts/Seeds.java | tee /tmp/gpu-seeds.txt
grep -q '99.8020' /tmp/gpu-seeds.txt && grep -q '92.3770' /tmp/gpu-seeds.txt || fail "seed steps on CUDA"
DESCENT_BACKEND=cuda ./descent demo --out /tmp/gpu-demo
echo "gpu-check: PASS"
