#!/usr/bin/env python3
"""Regenerates Parity's multi-class demo: a 10-class Fashion-MNIST classifier.

Same data, split, preprocessing and network as the coat demo (../fashion-mnist-coat/make_demo.py, whose pieces it
imports), with a 10-logit head trained with cross-entropy. Needs Debian's python3-torch, python3-onnx,
python3-numpy and dataset-fashion-mnist:
    apt-get install -y --no-install-recommends python3-torch python3-onnx python3-numpy dataset-fashion-mnist
    /usr/bin/python3 datasets/fashion-mnist-10/make_demo.py

Writes next to this script: model.pt (TorchScript, traced), model.onnx (FP32, opset 17, dynamic batch),
test_labels.npy (the test split's class ids 0-9) and reference_metrics.json. The test and calibration images are
the coat demo's (test_images.npy, calib_images.npy there): the same 10,000 test images and the same 1,000 training
images held out of training.
"""
import json, os, sys
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "fashion-mnist-coat"))
import make_demo as coat  # noqa: E402  the data reader, the preprocessing, the residual block, the class names

class FashionNet(coat.CoatNet):
    """The coat demo's CNN with a head of 10 logits, one per Fashion-MNIST class."""

    def __init__(self):
        super().__init__()
        self.head = nn.Linear(64, 10)


def main():
    torch.manual_seed(coat.SEED)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    train_x, train_y = coat.read_idx("train-images-idx3-ubyte.gz"), coat.read_idx("train-labels-idx1-ubyte.gz")
    test_x, test_y = coat.read_idx("t10k-images-idx3-ubyte.gz"), coat.read_idx("t10k-labels-idx1-ubyte.gz")
    # the coat demo's split: its calibration images are held out of training here too
    perm = np.random.default_rng(coat.SEED).permutation(len(train_x))
    fit_idx = perm[coat.CALIB_SIZE:]

    model = FashionNet()
    coat.fit(model, coat.preprocess(train_x[fit_idx]), torch.from_numpy(train_y[fit_idx].astype(np.int64)),
             F.cross_entropy)
    logits = coat.predict(model, coat.preprocess(test_x))
    predicted = logits.argmax(axis=1)
    accuracy = float((predicted == test_y).mean())
    per_class = {coat.CLASS_NAMES[c]: float((predicted[test_y == c] == c).mean()) for c in range(10)}
    print(f"test accuracy {accuracy:.4f}; recall per class {per_class}")

    example = coat.preprocess(test_x[:8])
    torch.jit.trace(model, example).save(os.path.join(HERE, "model.pt"))
    torch.onnx.export(model, example, os.path.join(HERE, "model.onnx"), opset_version=17,
                      input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}})
    np.save(os.path.join(HERE, "test_labels.npy"), test_y.astype(np.uint8))
    with open(os.path.join(HERE, "reference_metrics.json"), "w") as f:
        json.dump({"torch_version": torch.__version__, "accuracy": accuracy, "recall_per_class": per_class,
                   "predicted_class_counts": np.bincount(predicted, minlength=10).tolist(),
                   "test_samples": int(len(test_y))}, f, indent=2)


if __name__ == "__main__":
    main()
