#!/usr/bin/python3
"""Synthetic inputs for the COCO and BLEU timings, seeded.
coco_truth.json / coco_pred.json: IMAGES images, 10 categories, 3-12 objects an image (5% crowd),
  60 detections an image (jittered true boxes and random false positives).
bleu_truth.csv / bleu_pred.csv: PAIRS sentence pairs of 8-30 words, two references each."""
import json
import random
import sys

out, images, pairs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(2017)
imgs, anns, dets = [], [], []
aid = 0
for i in range(1, images + 1):
    imgs.append({"id": i, "width": 640, "height": 480})
    for _ in range(rng.randint(3, 12)):
        aid += 1
        w, h = rng.uniform(8, 300), rng.uniform(8, 300)
        x, y = rng.uniform(0, 640 - w), rng.uniform(0, 480 - h)
        c = rng.randint(1, 10)
        anns.append({"id": aid, "image_id": i, "category_id": c, "bbox": [x, y, w, h], "area": w * h,
                     "iscrowd": 1 if rng.random() < 0.05 else 0})
        if rng.random() < 0.8:
            dets.append({"image_id": i, "category_id": c, "score": rng.random(),
                         "bbox": [x + rng.gauss(0, 4), y + rng.gauss(0, 4), w * rng.uniform(0.85, 1.15), h * rng.uniform(0.85, 1.15)]})
    while len(dets) < i * 60:
        w, h = rng.uniform(8, 200), rng.uniform(8, 200)
        dets.append({"image_id": i, "category_id": rng.randint(1, 10), "score": rng.random() * 0.7,
                     "bbox": [rng.uniform(0, 600), rng.uniform(0, 440), w, h]})
with open(f"{out}/coco_truth.json", "w") as f:
    json.dump({"images": imgs, "annotations": anns, "categories": [{"id": c, "name": f"c{c}"} for c in range(1, 11)]}, f)
with open(f"{out}/coco_pred.json", "w") as f:
    json.dump(dets, f)

vocab = [w.strip() for w in "the of and to in a is that for it as was with be by on not he I this are or his from at which but have an they you were her she there one all we their been has more when will would who so no if its out up what about into than them can only other new some time could these two may then first any".split()]
vocab += ["model", "data", "learning", "network", "AI", "2024", "3.5", "results,", "(see", "table)", "e.g.", "don't", "state-of-the-art"]
with open(f"{out}/bleu_truth.csv", "w") as t, open(f"{out}/bleu_pred.csv", "w") as p:
    t.write("id,ref1,ref2\n")
    p.write("id,text\n")
    for k in range(pairs):
        ref = [rng.choice(vocab) for _ in range(rng.randint(8, 30))]
        ref2 = [w if rng.random() < 0.7 else rng.choice(vocab) for w in ref]
        hyp = [w if rng.random() < 0.6 else rng.choice(vocab) for w in ref if rng.random() < 0.95]
        q = lambda ws: '"' + " ".join(ws).replace('"', '""') + '."'
        t.write(f"s{k},{q(ref)},{q(ref2)}\n")
        p.write(f"s{k},{q(hyp)}\n")

# cider_truth.csv / cider_pred.csv: IMAGES images, five lower-case captions each and one
# generated caption (COCO caption style: 8-16 words from a small vocabulary).
words = "a an the man woman dog cat two people sitting standing on in of with at near table street field ball red blue " \
        "white black green large small young old riding holding playing eating looking next to front group bus train " \
        "plate pizza kite surfboard wave beach snow skis bike horse grass water room kitchen bed".split()
with open(f"{out}/cider_truth.csv", "w") as t, open(f"{out}/cider_pred.csv", "w") as p:
    t.write("id," + ",".join(f"caption{j}" for j in range(1, 6)) + "\n")
    p.write("id,caption\n")
    for i in range(images):
        base = [rng.choice(words) for _ in range(rng.randint(8, 16))]
        caps = [" ".join(w if rng.random() < 0.7 else rng.choice(words) for w in base) for _ in range(5)]
        hyp = " ".join(w if rng.random() < 0.6 else rng.choice(words) for w in base)
        t.write(f"img{i}," + ",".join(caps) + "\n")
        p.write(f"img{i},{hyp}\n")
