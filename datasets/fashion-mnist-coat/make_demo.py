#!/usr/bin/env python3
"""Regenerates the Parity demo: a binary "is it a coat?" classifier on Fashion-MNIST.

Needs Debian's python3-torch, python3-onnx, python3-numpy and dataset-fashion-mnist:
    apt-get install -y --no-install-recommends python3-torch python3-onnx python3-numpy dataset-fashion-mnist
    /usr/bin/python3 datasets/fashion-mnist-coat/make_demo.py

Writes next to this script: model.pth (state dict), model.pt (TorchScript, traced), model.onnx (FP32,
opset 17, dynamic batch), test_images.npy / test_labels.npy (the full 10,000-image test split),
calib_images.npy (1,000 images from the *training* split, for INT8 calibration), reference_metrics.json and
metadata.csv (each test image's id and original Fashion-MNIST class, for slices).
    make_demo.py --metadata-only   rewrites metadata.csv alone (no training)
    make_demo.py --png DIR         also writes the test images as PNG files in DIR/<coat|other>/<id>.png and
                                   DIR/listing.csv (path, label, id): the image-folder form of the same dataset
Training is seeded; torch's CPU kernels are not bit-reproducible across machines, so a rerun gives a model of
the same quality, not the same bytes.
"""
import argparse, csv, gzip, json, os, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = "/usr/share/datasets/fashion-mnist"
POSITIVE_CLASS = 4  # "Coat": often confused with Pullover (2) and Shirt (6), so scores near the threshold are common
MEAN, STD = 0.2860, 0.3530  # Fashion-MNIST pixel statistics after scaling to [0, 1]; declared again in the eval spec
SEED = 20261122
EPOCHS = 3
CALIB_SIZE = 1000


def read_idx(name):
    with gzip.open(os.path.join(SRC, name), "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


class Block(nn.Module):
    """Two 3x3 convolutions with batch-norm and a residual add; optional stride-2 projection on the way in."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.proj = None
        if stride != 1 or cin != cout:
            self.proj = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        skip = x if self.proj is None else self.proj(x)
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + skip)


class CoatNet(nn.Module):
    """Small ResNet-style CNN: 28x28x1 -> one positive-class logit. About 26 MFLOP per sample."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 24, 3, 1, 1, bias=False), nn.BatchNorm2d(24), nn.ReLU())
        self.stage1 = Block(24, 24, 1)   # 28x28
        self.stage2 = Block(24, 48, 2)   # 14x14
        self.stage3 = Block(48, 64, 2)   # 7x7
        self.head = nn.Linear(64, 1)

    def forward(self, x):
        x = self.stage3(self.stage2(self.stage1(self.stem(x))))
        x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
        return self.head(x)


def conv_flops(model):
    """Multiply-adds x 2 of every Conv2d and Linear for one 1x28x28 sample."""
    total = 0
    hooks = []

    def hook(mod, inp, out):
        nonlocal total
        if isinstance(mod, nn.Conv2d):
            k = mod.kernel_size[0] * mod.kernel_size[1] * (mod.in_channels // mod.groups)
            total += 2 * out.numel() * k
        elif isinstance(mod, nn.Linear):
            total += 2 * out.numel() * mod.in_features

    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            hooks.append(m.register_forward_hook(hook))
    with torch.no_grad():
        model(torch.zeros(1, 1, 28, 28))
    for h in hooks:
        h.remove()
    return total


def preprocess(images_u8):
    x = torch.from_numpy(images_u8.astype(np.float32)).unsqueeze(1) / 255.0
    return (x - MEAN) / STD


def metrics_at_precision(scores, labels, target):
    """Threshold (positive iff score >= t) with the highest recall among those reaching the target precision."""
    order = np.argsort(-scores, kind="stable")
    s, y = scores[order], labels[order]
    tp = np.cumsum(y)
    fp = np.cumsum(1 - y)
    best = None
    for i in range(len(s)):
        if i + 1 < len(s) and s[i + 1] == s[i]:
            continue  # a threshold admits every sample with an equal score
        prec = tp[i] / (i + 1)
        rec = tp[i] / y.sum()
        if prec >= target and (best is None or rec > best[2]):
            best = (float(s[i]), float(prec), float(rec))
    return best


CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot"]  # Fashion-MNIST's label order (Xiao et al., 2017)


def write_metadata(test_y):
    """metadata.csv: one row per test image, in the order of test_images.npy."""
    with open(os.path.join(HERE, "metadata.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "class"])
        for i, c in enumerate(test_y):
            w.writerow([f"test-{i:05d}", CLASS_NAMES[int(c)]])


def write_png(test_x, test_y, out):
    """The test split as an image folder (8-bit gray PNG, lossless) and as a CSV listing of the same files."""
    from PIL import Image
    rows = []
    for i, (img, c) in enumerate(zip(test_x, test_y)):
        folder = "coat" if int(c) == POSITIVE_CLASS else "other"
        os.makedirs(os.path.join(out, folder), exist_ok=True)
        rel = f"{folder}/test-{i:05d}.png"
        Image.fromarray(img, mode="L").save(os.path.join(out, rel))
        rows.append([rel, int(int(c) == POSITIVE_CLASS), f"test-{i:05d}"])
    with open(os.path.join(out, "listing.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["path", "label", "id"])
        w.writerows(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--metadata-only", action="store_true")
    ap.add_argument("--png", metavar="DIR")
    args = ap.parse_args()
    test_x, test_y = read_idx("t10k-images-idx3-ubyte.gz"), read_idx("t10k-labels-idx1-ubyte.gz")
    write_metadata(test_y)
    if args.png:
        write_png(test_x, test_y, args.png)
    if args.metadata_only:
        return
    train_model()


def fit(model, xs, ys, loss_fn, epochs=EPOCHS):
    """Adam with a one-cycle schedule, batches of 128 in a fresh random order each epoch (the multi-class demo too)."""
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    steps = epochs * ((len(xs) + 127) // 128)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=steps)
    for epoch in range(epochs):
        model.train()
        t0 = time.time()
        order = torch.randperm(len(xs))
        for b in range(0, len(xs), 128):
            idx = order[b:b + 128]
            loss = loss_fn(model(xs[idx]), ys[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        print(f"epoch {epoch + 1}/{epochs}: last loss {loss.item():.4f} ({time.time() - t0:.0f}s)")
    model.eval()


def predict(model, x):
    """The model's outputs on preprocessed inputs, in batches of 500, as a numpy array."""
    with torch.no_grad():
        return torch.cat([model(x[i:i + 500]) for i in range(0, len(x), 500)]).numpy()


def train_model():
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.set_num_threads(max(1, os.cpu_count() or 1))

    train_x, train_y = read_idx("train-images-idx3-ubyte.gz"), read_idx("train-labels-idx1-ubyte.gz")
    test_x, test_y = read_idx("t10k-images-idx3-ubyte.gz"), read_idx("t10k-labels-idx1-ubyte.gz")

    rng = np.random.default_rng(SEED)
    perm = rng.permutation(len(train_x))
    calib_idx = np.sort(perm[:CALIB_SIZE])     # held out of training as well, so INT8 calibration sees unseen data
    fit_idx = perm[CALIB_SIZE:]

    model = CoatNet()
    print(f"FLOPs per sample: {conv_flops(model) / 1e6:.2f} M; parameters: {sum(p.numel() for p in model.parameters())}")
    ys = torch.from_numpy((train_y[fit_idx] == POSITIVE_CLASS).astype(np.float32)).unsqueeze(1)
    fit(model, preprocess(train_x[fit_idx]), ys, F.binary_cross_entropy_with_logits)
    logits = predict(model, preprocess(test_x)).squeeze(1)
    labels = (test_y == POSITIVE_CLASS).astype(np.int64)
    thr, prec, rec = metrics_at_precision(logits, labels, 0.9)
    acc = float(((logits >= 0).astype(np.int64) == labels).mean())
    print(f"test: accuracy@logit0 {acc:.4f}; at precision>=0.9: threshold {thr:.4f} precision {prec:.4f} recall {rec:.4f}")

    torch.save(model.state_dict(), os.path.join(HERE, "model.pth"))
    example = preprocess(test_x[:8])
    torch.jit.trace(model, example).save(os.path.join(HERE, "model.pt"))
    torch.onnx.export(model, example, os.path.join(HERE, "model.onnx"), opset_version=17,
                      input_names=["image"], output_names=["logit"],
                      dynamic_axes={"image": {0: "batch"}, "logit": {0: "batch"}})
    np.save(os.path.join(HERE, "test_images.npy"), np.ascontiguousarray(test_x))
    np.save(os.path.join(HERE, "test_labels.npy"), labels.astype(np.uint8))
    np.save(os.path.join(HERE, "calib_images.npy"), np.ascontiguousarray(train_x[calib_idx]))
    with open(os.path.join(HERE, "reference_metrics.json"), "w") as f:
        json.dump({"torch_version": torch.__version__, "flops_per_sample": conv_flops(model),
                   "accuracy_at_logit_0": acc, "threshold_at_precision_0.9": thr,
                   "precision": prec, "recall": rec, "positives": int(labels.sum()),
                   "test_samples": int(len(labels)), "calibration_train_indices_first": calib_idx[:5].tolist()},
                  f, indent=2)


if __name__ == "__main__":
    main()
