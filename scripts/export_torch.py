#!/usr/bin/env python3
"""parity export-torch: from a model class and a state dict to TorchScript, ONNX FP32 and a starter Parity spec.

    python3 scripts/export_torch.py --model-class package.module:ClassName --weights model.pth \
        --input-shape 1,28,28 --out DIR [--path DIR] [--model-args JSON] [--input-name input] \
        [--output-name output] [--opset 17] [--script] [--inputs X.npy --labels Y.npy] \
        [--divide-by 255 --mean 0.286 --std 0.353] [--calibration C.npy] [--name NAME]
        [--inputs TABLE.csv [--label COL] [--id COL] [--features A,B,...] [--positive-label V]]

(`./parity export-torch ...` runs this with the same arguments.) Torch is the user's dependency, not Parity's.
The state dict is loaded with torch.load(weights_only=True) where torch supports it, else with an unpickler that
accepts tensors and plain containers only: never arbitrary pickle. TorchScript and ONNX are run on random inputs
and (with --inputs) on real ones, and the export is refused when they differ by more than --tolerance (1e-4).
A CSV table as --inputs follows eval's column rules: the label column is --label or one named label, target or y;
the id column --id or one named id; the features --features or every other numeric column.
Exit codes: 0 written; 1 the two exports disagree; 2 bad input or any other failure (a message naming what is wrong
and where; never a traceback).
"""
import argparse
import collections
import csv
import importlib
import io
import json
import os
import pickle
import sys
import zipfile


def fail(message, code=2):
    print("export-torch: error: " + message, file=sys.stderr)
    sys.exit(code)


def parse_args(argv):
    p = argparse.ArgumentParser(prog="parity export-torch", description=__doc__.split("\n")[0])
    p.add_argument("--model-class", required=True, help="package.module:ClassName, imported from PYTHONPATH or --path")
    p.add_argument("--weights", required=True, help="the state dict (.pth)")
    p.add_argument("--input-shape", required=True, help="per-sample shape, e.g. 1,28,28 (the batch is dynamic)")
    p.add_argument("--out", required=True, help="folder to write model.pt, model.onnx and eval.yaml into")
    p.add_argument("--path", action="append", default=[], help="a folder to import the class from (repeatable)")
    p.add_argument("--model-args", default="{}", help="JSON object of keyword arguments for the class")
    p.add_argument("--input-name", default="input")
    p.add_argument("--output-name", default="output")
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("--script", action="store_true", help="torch.jit.script instead of trace")
    p.add_argument("--tolerance", type=float, default=1e-4)
    p.add_argument("--inputs", help="NPY of real samples, or a CSV table (checked, and named in the spec)")
    p.add_argument("--labels", help="NPY of labels, named in the spec")
    p.add_argument("--label", help="a CSV table's label column (default: label, target or y)")
    p.add_argument("--id", help="a CSV table's id column (default: id, when there is one)")
    p.add_argument("--features", help="a CSV table's input columns, comma-separated (default: the other numeric ones)")
    p.add_argument("--positive-label", help="the label value that is the positive class, named in the spec")
    p.add_argument("--calibration", help="NPY of calibration samples: the spec gains an INT8 variant")
    p.add_argument("--divide-by", type=float)
    p.add_argument("--mean", help="comma-separated, one per channel or one")
    p.add_argument("--std", help="comma-separated, one per channel or one")
    p.add_argument("--name", help="the spec's name (default: the class name, lower case)")
    return p.parse_args(argv)


class _TensorsOnly(pickle.Unpickler):
    """Unpickles a state dict without running arbitrary code: tensors, storages and plain containers only."""
    ALLOWED = {
        ("collections", "OrderedDict"), ("torch._utils", "_rebuild_tensor_v2"), ("torch._utils", "_rebuild_parameter"),
        ("torch", "FloatStorage"), ("torch", "DoubleStorage"), ("torch", "HalfStorage"), ("torch", "LongStorage"),
        ("torch", "IntStorage"), ("torch", "ShortStorage"), ("torch", "CharStorage"), ("torch", "ByteStorage"),
        ("torch", "BoolStorage"), ("torch", "BFloat16Storage"), ("torch.storage", "_load_from_bytes"),
        ("torch", "Size"), ("builtins", "set"), ("builtins", "frozenset"),
    }

    def __init__(self, file, archive, prefix):
        super().__init__(file)
        self.archive, self.prefix = archive, prefix

    def find_class(self, module, name):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a state dict (tensors and containers only)")
        return getattr(importlib.import_module(module), name)

    def persistent_load(self, pid):
        import torch
        _, storage_type, key, _location, numel = pid
        data = self.archive.read(f"{self.prefix}/data/{key}")
        dtype = storage_type(0).dtype if callable(storage_type) else storage_type.dtype
        return torch.frombuffer(bytearray(data), dtype=dtype, count=numel).storage() if numel else \
            torch.empty(0, dtype=dtype).storage()


def load_state_dict(path):
    import torch
    if not os.path.isfile(path):
        fail(f"{path}: file not found")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            if any(n.endswith("constants.pkl") for n in names):
                fail(f"{path}: is a TorchScript module, not a state dict; give the .pth that torch.save(model.state_dict()) wrote")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except TypeError:  # torch without weights_only
        if not zipfile.is_zipfile(path):
            fail(f"{path}: legacy (non-zip) checkpoint; this torch cannot load it safely (no weights_only)")
        with zipfile.ZipFile(path) as z:
            pkl = [n for n in z.namelist() if n.endswith("data.pkl")][0]
            state = _TensorsOnly(io.BytesIO(z.read(pkl)), z, pkl[: -len("/data.pkl")]).load()
    except Exception as e:  # noqa: BLE001 - torch raises many kinds here; all mean "not a safe state dict"
        fail(f"{path}: cannot be loaded as a state dict with weights_only=True: {e}")
    if isinstance(state, dict) and "state_dict" in state and isinstance(state["state_dict"], dict):
        state = state["state_dict"]  # a training checkpoint that wraps the state dict
    if not isinstance(state, (dict, collections.OrderedDict)):
        fail(f"{path}: holds a {type(state).__name__}, not a state dict (a mapping of parameter names to tensors)")
    return state


def build_model(args):
    import torch
    for p in args.path:
        sys.path.insert(0, os.path.abspath(p))
    if ":" not in args.model_class:
        fail(f"--model-class {args.model_class}: expected package.module:ClassName")
    module_name, class_name = args.model_class.split(":", 1)
    try:
        module = importlib.import_module(module_name)
    except Exception as e:  # noqa: BLE001
        fail(f"--model-class {args.model_class}: cannot import {module_name} ({e}); add its folder with --path")
    cls = getattr(module, class_name, None)
    if cls is None:
        fail(f"--model-class {args.model_class}: {module_name} has no {class_name}")
    try:
        kwargs = json.loads(args.model_args)
    except json.JSONDecodeError as e:
        fail(f"--model-args: not JSON ({e})")
    if not isinstance(kwargs, dict):
        fail(f"--model-args {args.model_args}: expected a JSON object of keyword arguments, e.g. '{{\"hidden\": 64}}'")
    try:
        model = cls(**kwargs)
    except TypeError as e:
        fail(f"--model-args {args.model_args}: {class_name} does not take them: {e}")
    except Exception as e:  # noqa: BLE001 - the user's constructor may raise anything
        fail(f"--model-class {args.model_class}: {class_name}(**{kwargs}) raised {type(e).__name__}: {e}")
    state = load_state_dict(args.weights)
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        fail(f"{args.weights}: does not fit {args.model_class}: missing {list(missing)[:5]}, unexpected {list(unexpected)[:5]}")
    model.eval()
    return model, torch


SAMPLE_ROWS = 200  # rows looked at to tell numeric columns from others, as Parity's CsvFormat does


def _number(cell):
    try:
        float(cell)
        return True
    except ValueError:
        return cell.strip().lower() in ("nan", "inf", "+inf", "-inf", "infinity", "-infinity")


class Table:
    """A CSV table's columns chosen by eval's rules, and its first rows' features as float32."""

    def __init__(self, path, args):
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
        if not rows:
            fail(f"{path}: the file is empty; expected a header row")
        header = [c.strip() for c in rows[0]]
        body = [[c.strip() for c in r] for r in rows[1:]]
        if not body:
            fail(f"{path}: the table has a header ({len(header)} column(s)) but no rows")
        for opt, col in (("--label", args.label), ("--id", args.id)):
            if col is not None and col not in header:
                fail(f"{opt} {col}: {path} has no such column; its columns: {header}")
        self.label = args.label or next((c for c in ("label", "target", "y") if c in header), None)
        self.id = args.id or ("id" if "id" in header else None)
        if args.features:
            self.features = [c.strip() for c in args.features.split(",")]
            for c in self.features:
                if c not in header:
                    fail(f"--features: {path} has no column '{c}'; its columns: {header}")
        else:
            self.features = []
            for i, c in enumerate(header):
                if c in (self.label, self.id):
                    continue
                seen = [r[i] for r in body[:SAMPLE_ROWS] if i < len(r) and r[i]]
                if seen and sum(_number(v) for v in seen) >= 0.9 * len(seen):
                    self.features.append(c)
        if not self.features:
            fail(f"{path}: no numeric feature column (columns: {header}); name them with --features")
        self.path, self.header, self.explicit_features = path, header, bool(args.features)
        self.rows = body

    def first(self, n):
        import numpy as np
        index = [self.header.index(c) for c in self.features]
        out = np.zeros((min(n, len(self.rows)), len(index)), dtype=np.float32)
        for r, row in enumerate(self.rows[: len(out)]):
            for k, i in enumerate(index):
                cell = row[i] if i < len(row) else ""
                try:
                    out[r, k] = float(cell)
                except ValueError:
                    fail(f"{self.path}: line {r + 2}, column '{self.features[k]}': expected a number, found '{cell}'")
        return out


def load_inputs(path):
    """The first rows of an NPY array; anything else is named, not raised."""
    import numpy as np
    if not os.path.isfile(path):
        fail(f"--inputs {path}: file not found")
    try:
        return np.load(path, mmap_mode="r", allow_pickle=False)
    except ValueError as e:
        fail(f"--inputs {path}: not an NPY array ({e}); give an .npy file or a .csv table")


def preprocess(x, args):
    import numpy as np
    x = x.astype(np.float32)
    if args.divide_by:
        x = x / np.float32(args.divide_by)
    if args.mean or args.std:
        mean = np.array([float(v) for v in (args.mean or "0").split(",")], dtype=np.float32)
        std = np.array([float(v) for v in (args.std or "1").split(",")], dtype=np.float32)
        shape = (1, -1) + (1,) * (x.ndim - 2)
        x = (x - mean.reshape(shape)) / std.reshape(shape)
    return x


def compare(torchscript, onnx_path, batch, args, what, check_dir, tag):
    """TorchScript against ONNX on one batch; the batch and TorchScript's answer are also kept in check_dir, so that
    parity export-torch checks the ONNX model with Parity's own ONNX Runtime where Python has none."""
    import numpy as np
    import torch
    with torch.no_grad():
        ts = torchscript(torch.from_numpy(batch)).numpy()
    np.save(os.path.join(check_dir, f"{tag}_inputs.npy"), batch)
    np.save(os.path.join(check_dir, f"{tag}_outputs.npy"), ts.astype(np.float32))
    onnx_out = run_onnx(onnx_path, batch, args)
    if onnx_out is None:
        return None
    if ts.shape != onnx_out.shape:
        fail(f"{what}: TorchScript gives shape {ts.shape}, ONNX {onnx_out.shape}", 1)
    diff = np.abs(ts.astype(np.float64) - onnx_out.astype(np.float64))
    worst = float(diff.max()) if diff.size else 0.0
    if not np.isfinite(worst) or worst > args.tolerance:
        at = np.unravel_index(int(np.nanargmax(diff)), diff.shape)
        fail(f"{what}: TorchScript and ONNX differ by {worst:.3g} at output index {tuple(int(i) for i in at)} "
             f"(TorchScript {ts[at]:.7g}, ONNX {onnx_out[at]:.7g}); more than --tolerance {args.tolerance}", 1)
    return worst


def run_onnx(path, batch, args):
    """ONNX Runtime when Python has it; else torch's ONNX reference is not available, so Parity's Java side checks."""
    try:
        import onnxruntime as ort
    except ImportError:
        return None
    s = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    return s.run([args.output_name], {args.input_name: batch})[0]


def write_facts(args, out, shape, calibration, score, table=None):
    """What the spec needs to say, for parity export-torch (Java) to write eval.yaml from: one writer of specs."""
    rel = lambda p: os.path.relpath(os.path.abspath(p), out)  # noqa: E731
    floats = lambda v: [float(x) for x in v.split(",")] if v else None  # noqa: E731
    facts = {
        "name": args.name or args.model_class.split(":")[1].lower(),
        "model_class": args.model_class,
        "weights": os.path.basename(args.weights),
        "inputs": rel(args.inputs) if args.inputs else None,
        "labels": rel(args.labels) if args.labels and table is None else None,
        "positive_label": args.positive_label,
        "calibration": rel(calibration) if calibration else None,
        "table": None if table is None else {"label": table.label, "id": table.id,
                                             "features": table.features if table.explicit_features else None},
        "divide_by": args.divide_by, "mean": floats(args.mean), "std": floats(args.std), "shape": shape,
        "input": args.input_name, "output": args.output_name,
        "score": {"index": score[0], "transform": score[1], "why": score[2]},
    }
    path = os.path.join(out, "export.json")
    with open(path + ".tmp", "w") as f:
        json.dump(facts, f, indent=1)
    os.replace(path + ".tmp", path)
    return os.path.join(out, "eval.yaml")


STAGE = ["reading the arguments"]


def main(argv):
    args = parse_args(argv)
    try:
        return export(args)
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001 - whatever torch or the user's code raises, said as a message
        fail(f"{STAGE[0]}: {type(e).__name__}: {e}")


def export(args):
    try:
        shape = [int(d) for d in args.input_shape.split(",")]
    except ValueError:
        fail(f"--input-shape {args.input_shape}: expected whole numbers separated by commas, e.g. 1,28,28")
    if not shape or min(shape) < 1:
        fail(f"--input-shape {args.input_shape}: every dimension must be >= 1")
    import numpy as np
    table = None
    if args.inputs and args.inputs.lower().endswith(".csv"):
        STAGE[0] = f"reading {args.inputs}"
        if not os.path.isfile(args.inputs):
            fail(f"--inputs {args.inputs}: file not found")
        table = Table(args.inputs, args)
        if shape != [len(table.features)]:
            fail(f"--input-shape {args.input_shape}: {args.inputs} has {len(table.features)} feature column(s) "
                 f"{table.features}, so each sample is [{len(table.features)}]")
    elif args.label or args.id or args.features:
        fail("--label, --id and --features name a CSV table's columns; --inputs is not a .csv")
    STAGE[0] = f"building {args.model_class}"
    model, torch = build_model(args)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    example = torch.randn([2] + shape)
    STAGE[0] = "tracing the model"
    with torch.no_grad():
        try:
            module = torch.jit.script(model) if args.script else torch.jit.trace(model, example)
        except Exception as e:  # noqa: BLE001
            fail(f"{args.model_class}: torch.jit.{'script' if args.script else 'trace'} failed: {e}")
        y = module(example)
    if not isinstance(y, torch.Tensor):
        fail(f"{args.model_class}: returns {type(y).__name__}; Parity needs one output tensor")
    STAGE[0] = "writing TorchScript and exporting to ONNX (torch.onnx.export)"
    pt, onnx_path = os.path.join(out, "model.pt"), os.path.join(out, "model.onnx")
    module.save(pt + ".tmp")
    os.replace(pt + ".tmp", pt)
    torch.onnx.export(model, example, onnx_path + ".tmp", opset_version=args.opset, input_names=[args.input_name],
                      output_names=[args.output_name],
                      dynamic_axes={args.input_name: {0: "batch"}, args.output_name: {0: "batch"}})
    os.replace(onnx_path + ".tmp", onnx_path)
    loaded = torch.jit.load(pt)
    check_dir = os.path.join(out, ".export-check")
    os.makedirs(check_dir, exist_ok=True)
    checks = {"random inputs": compare(loaded, onnx_path, np.random.default_rng(0).standard_normal(
        [8] + shape).astype(np.float32), args, "random inputs", check_dir, "random")}
    STAGE[0] = "checking TorchScript against ONNX"
    if args.inputs:
        x = table.first(64) if table is not None else load_inputs(args.inputs)
        first = np.asarray(x[:64])
        if first.size % int(np.prod(shape)) != 0 or first.size == 0:
            fail(f"--inputs {args.inputs}: samples of shape {list(first.shape[1:])} do not fit --input-shape "
                 f"{args.input_shape}")
        real = np.ascontiguousarray(preprocess(first, args).reshape([-1] + shape))
        checks["real inputs"] = compare(loaded, onnx_path, real, args, f"{args.inputs} (first {len(real)})",
                                        check_dir, "real")
    outputs = int(np.prod(y.shape[1:])) if y.dim() > 1 else 1
    score = (0, "none", "one output: the positive-class logit") if outputs == 1 else \
        (1, "softmax", f"{outputs} outputs: index 1 taken as the positive class, softmax over them; check it")
    STAGE[0] = "writing what the spec says"
    spec = write_facts(args, out, shape, args.calibration, score, table)
    for what, worst in checks.items():
        print(f"export-torch: {what}: " + (f"TorchScript and ONNX agree within {worst:.3g}" if worst is not None else
                                            "no onnxruntime in Python; checked by parity export-torch"))
    print(f"export-torch: wrote {pt}, {onnx_path} and {spec}")
    print(f"export-torch: score guess: index {score[0]}, transform {score[1]} ({score[2]})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
