#!/usr/bin/env python3
"""Regenerates Parity's tabular example: a small MLP that tells malignant from benign tumours (Breast Cancer
Wisconsin, Diagnostic, as shipped by scikit-learn), exported as TorchScript and ONNX, with its held-out rows.

Needs Debian's python3-torch, python3-onnx, python3-numpy and python3-sklearn:
    /usr/bin/python3 datasets/breast-cancer-mlp/make_tabular.py            # the shipped files, next to this script
    /usr/bin/python3 datasets/breast-cancer-mlp/make_tabular.py --rows 1000000 --out /tmp/tab-1m
                                                                          # a large resampled copy, for benchmarks

Writes: model.pt (TorchScript, traced), model.onnx (FP32, opset 17, dynamic batch), test_x.npy / test_y.npy (the
171 held-out rows, float32 [171, 30] and uint8 [171]), calib_x.npy (100 training rows, for INT8 calibration),
test.csv (the same held-out rows as a table: id, the 30 features by name, label), preprocessing.json (the
training rows' per-feature mean and std, which the spec's preprocessing applies) and eval.yaml.
With --rows N, only x.npy / y.npy (N rows resampled from the held-out rows with Gaussian noise of 5% of each
feature's spread, labels carried over) and an eval.yaml pointing at this folder's model files.
"""
import argparse, json, os
import numpy as np
import torch
import torch.nn as nn
from sklearn.datasets import load_breast_cancer

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261201
HELD_OUT = 171


class TumourMlp(nn.Module):
    """30 standardised features -> one logit for 'malignant'."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(30, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, x):
        return self.net(x)


def split():
    data = load_breast_cancer()
    x = data.data.astype(np.float32)
    y = (data.target == 0).astype(np.uint8)  # sklearn: 0 = malignant; Parity's positive class is malignant
    rng = np.random.default_rng(SEED)
    perm = rng.permutation(len(x))
    test, train = perm[:HELD_OUT], perm[HELD_OUT:]
    return data, x, y, np.sort(test), train


def spec(name, inputs, labels, model_dir, calib, mean, std):
    rel = lambda p: os.path.relpath(p, os.path.dirname(inputs))
    return f"""# Parity tabular example: {name}. Regenerate with datasets/breast-cancer-mlp/make_tabular.py.
name: {name}
dataset:
  inputs: {os.path.basename(inputs)}
  labels: {os.path.basename(labels)}
  preprocessing:
    mean: {json.dumps([round(float(v), 6) for v in mean])}
    std: {json.dumps([round(float(v), 6) for v in std])}
    shape: [30]
{('  calibration: ' + rel(calib)) if calib else ''}
model:
  input: features
  output: logit
target_precision: 0.9
batch_size: 256
reference: pytorch
variants:
  - {{name: pytorch, runtime: torchscript, artifact: {rel(os.path.join(model_dir, 'model.pt'))}}}
  - {{name: onnx-fp32, runtime: onnxruntime, artifact: {rel(os.path.join(model_dir, 'model.onnx'))}}}
  - {{name: onnx-fp16, runtime: onnxruntime, from: onnx-fp32, convert: {{precision: fp16}}}}
  - {{name: onnx-int8, runtime: onnxruntime, from: onnx-fp32, convert: {{precision: int8}}}}
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=0, help="write a resampled copy of this many rows instead")
    ap.add_argument("--out", default=HERE)
    a = ap.parse_args()
    torch.manual_seed(SEED)
    data, x, y, test, train = split()
    mean, std = x[train].mean(axis=0), x[train].std(axis=0)
    os.makedirs(a.out, exist_ok=True)
    if a.rows:
        rng = np.random.default_rng(SEED + a.rows)
        pick = rng.integers(0, len(test), size=a.rows)
        big = x[test][pick] + rng.normal(0, 0.05, size=(a.rows, 30)).astype(np.float32) * std
        np.save(os.path.join(a.out, "x.npy"), big.astype(np.float32))
        np.save(os.path.join(a.out, "y.npy"), y[test][pick])
        with open(os.path.join(a.out, "eval.yaml"), "w") as f:
            f.write(spec(f"breast-cancer-{a.rows}", os.path.join(a.out, "x.npy"), os.path.join(a.out, "y.npy"),
                         HERE, os.path.join(HERE, "calib_x.npy"), mean, std))
        print(f"wrote {a.rows} rows to {a.out}")
        return
    model = TumourMlp()
    xs = torch.from_numpy((x[train] - mean) / std)
    ys = torch.from_numpy(y[train].astype(np.float32)).unsqueeze(1)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2, weight_decay=1e-4)
    for epoch in range(300):
        loss = nn.functional.binary_cross_entropy_with_logits(model(xs), ys)
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        t = torch.from_numpy((x[test] - mean) / std)
        acc = float(((model(t) >= 0).squeeze(1).numpy() == y[test].astype(bool)).mean())
    example = torch.zeros(4, 30)
    torch.jit.trace(model, example).save(os.path.join(a.out, "model.pt"))
    torch.onnx.export(model, example, os.path.join(a.out, "model.onnx"), opset_version=17, input_names=["features"],
                      output_names=["logit"], dynamic_axes={"features": {0: "batch"}, "logit": {0: "batch"}})
    np.save(os.path.join(a.out, "test_x.npy"), x[test])
    np.save(os.path.join(a.out, "test_y.npy"), y[test])
    np.save(os.path.join(a.out, "calib_x.npy"), x[train][:100])
    names = [n.replace(" ", "_") for n in data.feature_names]
    with open(os.path.join(a.out, "test.csv"), "w") as f:
        f.write("id," + ",".join(names) + ",label\n")
        for i, row in zip(test, x[test]):
            f.write(f"tumour-{i}," + ",".join(repr(float(v)) for v in row) + f",{int(y[i])}\n")
    with open(os.path.join(a.out, "preprocessing.json"), "w") as f:
        json.dump({"mean": mean.tolist(), "std": std.tolist(), "held_out_accuracy_at_logit_0": acc}, f, indent=2)
    with open(os.path.join(a.out, "eval.yaml"), "w") as f:
        f.write(spec("breast-cancer-mlp", os.path.join(a.out, "test_x.npy"), os.path.join(a.out, "test_y.npy"),
                     a.out, os.path.join(a.out, "calib_x.npy"), mean, std))
    print(f"held-out accuracy at logit 0: {acc:.4f}; wrote {a.out}")


if __name__ == "__main__":
    main()
