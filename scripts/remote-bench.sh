#!/usr/bin/env bash
# Remote throughput on loopback, in one `parity bench` run: the demo's ONNX FP32 model served by the loopback
# KServe v2 servers of Parity's tests (HTTP and gRPC on 127.0.0.1, ONNX Runtime behind them, in their own JVM),
# scored through Parity's remote runners over HTTP with binary tensors and with JSON, and over gRPC with raw
# contents, each at 1 and 8 requests in flight (8 samples per request, batches of 64), beside the same model
# run locally. Writes runs/remote-bench/bench.json and prints the table.
#   scripts/remote-bench.sh [extra parity bench options, e.g. --iterations 5]
#   scripts/remote-bench.sh eval [extra parity eval options]   # served vs local scores on all 10,000 images

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
HTTP_PORT="${HTTP_PORT:-18000}"
GRPC_PORT="${GRPC_PORT:-18001}"
DEMO="$PWD/datasets/fashion-mnist-coat"
WORK="$(mktemp -d)"
trap 'kill "${SERVER_PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

mvn -B -q -DskipTests install >&2
mvn -B -q -pl runners exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.parity.runners.kserve.LoopbackServers \
  -Dexec.args="$DEMO/model.onnx $HTTP_PORT $GRPC_PORT" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  grep -q "serving" "$WORK/server.log" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 2; }
  sleep 0.5
done

served() { # name runtime url binary concurrency
  printf '  - name: %s\n    runtime: %s\n    server: {url: "%s", model: coat, binary: %s, concurrency: %s, request_batch: 8}\n' "$@"
}
{
  cat <<YAML
name: remote-bench
dataset:
  inputs: $DEMO/test_images.npy
  labels: $DEMO/test_labels.npy
  preprocessing: {divide_by: 255, mean: [0.2860], std: [0.3530], shape: [1, 28, 28]}
model: {input: image, output: logit}
target_precision: 0.9
batch_size: 64
reference: local
variants:
  - {name: local, runtime: onnxruntime, artifact: $DEMO/model.onnx}
YAML
  served http-binary-c1 kserve-http "http://127.0.0.1:$HTTP_PORT" true 1
  served http-binary-c8 kserve-http "http://127.0.0.1:$HTTP_PORT" true 8
  served http-json-c1 kserve-http "http://127.0.0.1:$HTTP_PORT" false 1
  served http-json-c8 kserve-http "http://127.0.0.1:$HTTP_PORT" false 8
  served grpc-raw-c1 kserve-grpc "grpc://127.0.0.1:$GRPC_PORT" true 1
  served grpc-raw-c8 kserve-grpc "grpc://127.0.0.1:$GRPC_PORT" true 8
} > "$WORK/remote-bench.yaml"

if [[ "${1:-}" == eval ]]; then
  shift
  ./parity eval "$WORK/remote-bench.yaml" --out runs/remote-eval "$@"
else
  ./parity bench "$WORK/remote-bench.yaml" --batch-sizes 64 --out runs/remote-bench "$@"
fi
