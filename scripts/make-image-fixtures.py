#!/usr/bin/env python3
"""Regenerates the fixtures that hold Parity's image preprocessing to torchvision's semantics.

    /usr/bin/python3 scripts/make-image-fixtures.py

Needs Debian's python3-torchvision (0.14), python3-pil and python3-skimage (whose sample photographs are the inputs).
Writes harness/src/test/resources/preprocessing/: inputs/<name>.<png|jpg> (skimage's photographs, reduced with
PIL's LANCZOS so the fixtures stay small; these files ARE the test inputs, read by both sides), and per input and
pipeline <name>.<pipeline>.<step>.npy for the steps decoded (uint8 HxWxC), resized (uint8), cropped (uint8) and
tensor (float32 CxHxW after ToTensor and Normalize), computed by PIL and torchvision exactly as a training script
would: Image.open(f).convert(color) -> Resize(size, interpolation) -> CenterCrop(crop) -> ToTensor -> Normalize.
"""
import json, os
import numpy as np
from PIL import Image
import torchvision
import torchvision.transforms as T
from torchvision.transforms import InterpolationMode as IM

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "harness", "src", "test", "resources", "preprocessing")
SK = "/usr/lib/python3/dist-packages/skimage/data"
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]

# name, skimage file, saved as, longest side kept
INPUTS = [("astronaut", "astronaut.png", "png", 96), ("coffee", "coffee.png", "png", 90),
          ("chelsea", "chelsea.png", "jpg", 84), ("camera", "camera.png", "png", 80),
          ("rocket", "rocket.jpg", "jpg", 72), ("logo", "logo.png", "png", 64)]
# name, color, resize, interpolation, center crop
PIPELINES = [("rgb-bilinear", "RGB", 40, IM.BILINEAR, 32), ("rgb-nearest", "RGB", 40, IM.NEAREST, 32),
             ("gray-bilinear", "L", 36, IM.BILINEAR, 28), ("rgb-upscale", "RGB", 100, IM.BILINEAR, 64)]


def main():
    os.makedirs(os.path.join(OUT, "inputs"), exist_ok=True)
    index = {"torchvision": torchvision.__version__, "pil": Image.__version__, "mean": MEAN, "std": STD,
             "inputs": [], "pipelines": []}
    for name, src, kind, side in INPUTS:
        im = Image.open(os.path.join(SK, src))
        im.load()
        scale = side / max(im.size)
        small = im.resize((max(1, round(im.size[0] * scale)), max(1, round(im.size[1] * scale))), Image.LANCZOS)
        path = os.path.join(OUT, "inputs", f"{name}.{kind}")
        if kind == "jpg":
            small.convert("RGB" if small.mode not in ("L", "RGB") else small.mode).save(path, quality=90)
        else:
            small.save(path)
        index["inputs"].append({"name": name, "file": f"inputs/{name}.{kind}", "source": f"skimage/data/{src}",
                                "mode": Image.open(path).mode})
        for pname, color, size, interp, crop in PIPELINES:
            img = Image.open(path).convert(color)
            steps = {"decoded": np.asarray(img)}
            img = T.Resize(size, interpolation=interp)(img)
            steps["resized"] = np.asarray(img)
            img = T.CenterCrop(crop)(img)
            steps["cropped"] = np.asarray(img)
            mean, std = (MEAN, STD) if color == "RGB" else ([0.5], [0.25])
            steps["tensor"] = T.Normalize(mean, std)(T.ToTensor()(img)).numpy().astype(np.float32)
            for step, a in steps.items():
                if a.ndim == 2:
                    a = a[:, :, None] if step != "tensor" else a
                np.save(os.path.join(OUT, f"{name}.{pname}.{step}.npy"), np.ascontiguousarray(a))
    for pname, color, size, interp, crop in PIPELINES:
        mean, std = (MEAN, STD) if color == "RGB" else ([0.5], [0.25])
        index["pipelines"].append({"name": pname, "color": "rgb" if color == "RGB" else "gray", "resize": size,
                                   "interpolation": interp.value, "center_crop": crop, "mean": mean, "std": std})
    with open(os.path.join(OUT, "index.json"), "w") as f:
        json.dump(index, f, indent=2)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
