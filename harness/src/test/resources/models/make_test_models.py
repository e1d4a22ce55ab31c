#!/usr/bin/env python3
"""Regenerates the tiny test models (a few KB each) used by Parity's harness tests.

    /usr/bin/python3 harness/src/test/resources/models/make_test_models.py

tiny.onnx / tiny.pt: a 1->2 channel 3x3 convolution, global mean, linear head; input "image" [N,1,28,28],
output "logit" [N,1]. nan.onnx: the same signature, but every output is NaN (sqrt of a negative number), to
test how Parity treats a broken reference.
"""
import os
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3, padding=1)
        self.head = nn.Linear(2, 1)

    def forward(self, x):
        return self.head(torch.relu(self.conv(x)).mean(dim=(2, 3)))


class NaNModel(nn.Module):
    def forward(self, x):
        return torch.sqrt(-(x * x).mean(dim=(1, 2, 3)) - 1.0).unsqueeze(1)


def export(model, name):
    example = torch.randn(4, 1, 28, 28)
    torch.onnx.export(model, example, os.path.join(HERE, name + ".onnx"), opset_version=17,
                      input_names=["image"], output_names=["logit"],
                      dynamic_axes={"image": {0: "batch"}, "logit": {0: "batch"}})
    return example


torch.manual_seed(1)
tiny = Tiny().eval()
ex = export(tiny, "tiny")
torch.jit.trace(tiny, ex).save(os.path.join(HERE, "tiny.pt"))
export(NaNModel().eval(), "nan")
