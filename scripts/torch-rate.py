#!/usr/bin/env python3
"""Times libtorch on a TorchScript file from Python, the way Parity's TorchScript runner is meant to compare:
torch.jit.load, eval, no_grad, batches of real-shaped random input, after a warm-up. Prints one JSON line.

    /usr/bin/python3 scripts/torch-rate.py MODEL.pt --shape 1,28,28 [--batch 64] [--threads 1] [--seconds 3]

Needs torch (Debian's python3-torch); exits 3 with a message where it is not installed.
"""
import argparse, json, sys, time

try:
    import torch
except ImportError:
    print("torch-rate: python3-torch is not installed here", file=sys.stderr)
    sys.exit(3)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--shape", required=True, help="per-sample shape, e.g. 1,28,28 or 30")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=3.0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(a.threads)
    m = torch.jit.load(a.model).eval()
    shape = [a.batch] + [int(d) for d in a.shape.split(",")]
    x = torch.randn(*shape)
    with torch.no_grad():
        end = time.perf_counter() + min(1.0, a.seconds / 3)
        while time.perf_counter() < end:
            m(x)
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < a.seconds:
            m(x)
            n += a.batch
        dt = time.perf_counter() - t0
    print(json.dumps({"torch": torch.__version__, "model": a.model, "batch": a.batch, "threads": a.threads,
                      "samples_per_second": n / dt}))


if __name__ == "__main__":
    main()
