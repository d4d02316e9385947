#!/usr/bin/env python3
"""Reference crops for the species-classifier parity tests, made the way Pytorch-Wildlife makes
them, with tools independent of our code: Pillow and torchvision (Debian's python3-pil,
python3-torchvision), no code of this project.

What it does, for the yolov5n-coco reference detections of the fixture images
(../shared/fixtures/reference/yolov5n/all.json):
  * picks the detections the app classifies: COCO classes mapped to "animal" in
    tests/models/fixtures.json, confidence >= 0.1, at most 20 per image, most confident first;
  * opens the image with PIL, turns it upright (ImageOps.exif_transpose), converts to RGB,
    crops the box with Image.crop (PW's DetectionCrops), and applies PW's classification
    transform: Resize((224, 224)), ToTensor(), Normalize(ImageNet mean, std);
  * writes each crop's float tensor to OUT_DIR/<n>.npy for logits.mjs (not committed), and
    crops.json here (boxes, detections; logits.mjs adds the classifier's top 5);
  * keeps 12 of the uint8 224 x 224 crops (Pillow's resize, before ToTensor) as PNGs in crops/
    for the pixel check of tests/unit/preprocess_pw_crop_parity_test.cpp;
  * keeps the region PIL cut (before the resize) as crops/raw_<n>.png for crops up to 200 x 200 pixels;
  * writes resize/: a synthetic 97 x 61 PNG and Pillow's BILINEAR resizes of it to several
    sizes, for the bit-exact check of tests/unit/preprocess_resize_pil_test.cpp.

Usage: /usr/bin/python3 tests/reference/classifier/make_reference.py OUT_DIR
       node tests/reference/classifier/logits.mjs OUT_DIR
"""
import hashlib
import json
import os
import sys

import numpy as np
import PIL
import torch
import torchvision
from PIL import Image, ImageOps
from torchvision import transforms

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
FIXTURES = os.path.join(ROOT, "..", "shared", "fixtures")
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
PNG_CROPS = 12
RAW_CROP_AREA = 200 * 200


def animal_classes():
    models = json.load(open(os.path.join(ROOT, "tests", "models", "fixtures.json")))["models"]
    entry = next(m for m in models if m["id"] == "yolov5n-coco")
    return {i for i, c in enumerate(entry["md_category"]) if c == "animal"}


def resize_vectors():
    out = os.path.join(HERE, "resize")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(11)
    h, w = 61, 97
    yy, xx = np.mgrid[0:h, 0:w]
    base = np.stack([xx * 255 // (w - 1), yy * 255 // (h - 1), (xx + yy) % 256], axis=-1).astype(np.int32)
    noise = rng.integers(-60, 60, size=(h, w, 3))
    src = Image.fromarray(np.clip(base + noise, 0, 255).astype(np.uint8), "RGB")
    src.save(os.path.join(out, "source.png"))
    sizes = [(224, 224), (31, 17), (150, 40), (97, 30), (20, 61), (8, 8), (300, 200)]
    for sw, sh in sizes:
        src.resize((sw, sh), Image.BILINEAR).save(os.path.join(out, f"bilinear_{sw}x{sh}.png"))
    # PW's crop then resize, on fractional boxes (Pillow rounds half to even) and one that
    # reaches past the image (black there).
    boxes = [[10.5, 3.5, 77.2, 50.5], [-12.25, 40.5, 60.0, 80.75]]
    for k, box in enumerate(boxes):
        src.crop(tuple(box)).resize((64, 48), Image.BILINEAR).save(os.path.join(out, f"crop_{k}_64x48.png"))
    return [list(s) for s in sizes], boxes


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    os.makedirs(os.path.join(HERE, "crops"), exist_ok=True)
    reference = json.load(open(os.path.join(FIXTURES, "reference", "yolov5n", "all.json")))
    animals = animal_classes()
    transform = transforms.Compose([transforms.Resize((224, 224)), transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
    crops, pngs, images_with_png = [], 0, set()
    for record in reference["images"]:
        if record.get("status") != "ok":
            continue
        dets = [d for d in record["detections"] if d["category"] in animals and d["conf"] >= 0.1]
        dets = sorted(dets, key=lambda d: -d["conf"])[:20]
        if not dets:
            continue
        with Image.open(os.path.join(FIXTURES, "images", record["file"])) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGB")
        assert image.size == (record["width"], record["height"]), record["file"]
        for d in dets:
            crop = image.crop(tuple(d["xyxy_px"]))
            if min(crop.size) < 8:
                continue  # the app skips crops under 8 pixels
            tensor = transform(crop).numpy().astype(np.float32)
            n = len(crops)
            np.save(os.path.join(out_dir, f"{n}.npy"), tensor)
            entry = {"index": n, "image": record["file"], "xyxy": d["xyxy_px"], "category": d["category"],
                     "label": d["label"], "conf": d["conf"], "crop_size": list(crop.size),
                     "tensor_sha256": hashlib.sha256(tensor.tobytes()).hexdigest()}
            # The region PIL cut, before the resize, for crops up to 200 x 200 pixels: the parity test
            # feeds it to our pipeline so that the two JPEG decoders' difference (which this
            # int8 model is very sensitive to) is left out and the crop, resize, tensor and
            # scores are compared alone.
            if crop.size[0] * crop.size[1] <= RAW_CROP_AREA:
                entry["raw_png"] = f"raw_{n}.png"
                crop.save(os.path.join(HERE, "crops", entry["raw_png"]))
            if pngs < PNG_CROPS and record["file"] not in images_with_png:
                name = f"crop_{n}.png"
                crop.resize((224, 224), Image.BILINEAR).save(os.path.join(HERE, "crops", name))
                entry["png"] = name
                pngs += 1
                images_with_png.add(record["file"])
            crops.append(entry)
    meta = {"generator": "tests/reference/classifier/make_reference.py", "pillow": PIL.__version__,
            "torch": torch.__version__, "torchvision": torchvision.__version__,
            "transform": "PIL Image.crop(xyxy_px) of the upright image; Resize((224, 224)), ToTensor(), Normalize(ImageNet)",
            "selection": "yolov5n-coco animal classes, conf >= 0.1, at most 20 per image, most confident first, crops >= 8 px",
            }
    meta["resize_sizes"], meta["crop_boxes"] = resize_vectors()
    json.dump({"meta": meta, "crops": crops}, open(os.path.join(HERE, "crops.json"), "w"), indent=1)
    print(f"{len(crops)} crops from {len({c['image'] for c in crops})} images, {pngs} PNGs")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/wl-classifier-reference")
