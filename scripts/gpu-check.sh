#!/usr/bin/env bash
# The GPU check: on a machine with an NVIDIA GPU and driver, builds Parity with ONNX Runtime's CUDA provider and the
# TensorRT natives, runs the GPU-gated tests, evaluates the demo with a CUDA ONNX Runtime variant and the TensorRT
# FP16 and INT8 engines, benchmarks them at batch 1 and 64, and writes every figure and failure to one summary file.
# Without a GPU it prints "no NVIDIA GPU" and exits 0. Needs Java 17, Maven with access to Maven Central.
#   scripts/gpu-check.sh [OUT_DIR]        (default runs/gpu-check; summary in OUT_DIR/gpu-check.txt)
# Each step has its own time limit so the whole check ends within about 8 minutes once Maven's cache holds the
# natives (the first download of onnxruntime_gpu, TensorRT and CUDA, about 1.6 GB, takes longer on a slow link).
# It has not yet run on a GPU machine: if a step fails, its log (OUT_DIR/STEP.log) says why; please report it.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HERE"

if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1 \
    || [[ ! -e /proc/driver/nvidia/version ]]; then
  echo "no NVIDIA GPU (nvidia-smi or the driver is missing); nothing to check here"
  exit 0
fi

OUT="${1:-runs/gpu-check}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
SUMMARY="$OUT/gpu-check.txt"
DEADLINE=$(( $(date +%s) + ${GPU_CHECK_SECONDS:-480} ))
FAILED=0
{
  echo "Parity GPU check, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | sed 's/^/gpu: /'
  java -version 2>&1 | head -1 | sed 's/^/java: /'
  mvn -v 2>&1 | head -1 | sed 's/^/maven: /'
  echo
} > "$SUMMARY"

# step NAME SECONDS COMMAND...: runs within its limit (and the overall deadline), logs to OUT/NAME.log
step() {
  local name=$1 limit=$2; shift 2
  local left=$(( DEADLINE - $(date +%s) ))
  (( left < limit )) && limit=$left
  if (( limit <= 0 )); then
    echo "$name: SKIPPED (the check's time is up)" | tee -a "$SUMMARY"; FAILED=1; return 1
  fi
  local t0=$(date +%s)
  if timeout "$limit" "$@" > "$OUT/$name.log" 2>&1; then
    echo "$name: ok ($(( $(date +%s) - t0 )) s)" | tee -a "$SUMMARY"
  else
    local rc=$?
    echo "$name: FAILED (exit $rc after $(( $(date +%s) - t0 )) s; $( ((rc == 124)) && echo "time limit $limit s; " )see $OUT/$name.log)" \
      | tee -a "$SUMMARY"
    tail -5 "$OUT/$name.log" | sed 's/^/    /' >> "$SUMMARY"
    FAILED=1; return 1
  fi
}

step build 300 mvn -B -q -Pgpu -Ptensorrt -DskipTests install
# ./parity rebuilds (without the GPU profiles) when sources look newer than its marker: they are not
touch benchmarks/target/.parity-built 2>/dev/null || true

step gpu-tests 180 mvn -B -Pgpu -Ptensorrt -Dparity.gpu=true -Dparity.speedProbeMs=200 \
  -Dtest='GpuRunnerTest,TensorRtEngineBuilderTest' -Dsurefire.failIfNoSpecifiedTests=false test

# the demo spec plus ONNX FP32 on the CUDA execution provider; its TensorRT variants are made here
SPEC="$HERE/datasets/fashion-mnist-coat/gpu-check.yaml"
trap 'rm -f "$SPEC"' EXIT
sed 's/^name: fashion-mnist-coat$/name: fashion-mnist-coat-gpu/' datasets/fashion-mnist-coat/eval.yaml > "$SPEC"
cat >> "$SPEC" <<'YAML'
  - {name: onnx-fp32-cuda, runtime: onnxruntime, artifact: model.onnx, device: cuda}
YAML

step eval 180 ./parity eval "$SPEC" --out "$OUT/eval"
step bench 240 ./parity bench "$SPEC" --out "$OUT/eval" --batch-sizes 1,64 --variant onnx-fp32 \
  --variant onnx-fp32-cuda --variant tensorrt-fp16 --variant tensorrt-int8

{
  echo
  echo "== evaluation (from $OUT/eval.log)"
  sed -n '/^variant /,/^(\*/p' "$OUT/eval.log" 2>/dev/null
  grep -E "unavailable|PASSED|FAILED|NOTHING|REGRESSED" "$OUT/eval.log" 2>/dev/null
  echo
  echo "== benchmark (from $OUT/bench.log)"
  grep -vE "^\[parity\]|^#|^$" "$OUT/bench.log" 2>/dev/null | tail -20
} >> "$SUMMARY"
echo
echo "Summary: $SUMMARY"
[[ $FAILED == 0 ]] && echo "every step passed" || echo "some steps failed (see the summary)"
exit $FAILED
