#!/usr/bin/python3
"""Differential oracle for the metrics whose references are Python scripts, on the inputs
those scripts treat oddly: SQuAD v1.1's normalize_answer (Python's str.lower, re's \\b with
every Unicode numeral a word character, str.split on every Unicode space), CMRC 2018's
mixed_segmentation (nltk.word_tokenize, punkt and all, on the non-Chinese runs), the AI Challenger
2017 keypoint score (keypoint_eval.py: float32 box areas, best match per truth person),
chrF++ and CIDEr-D on words that hold the \x01 byte (text_references.py), and COCO boxes
and keypoints on ids and results that pycocotools reads its own way (coco_reference.py).
The reference code is re-stated here from the official scripts, step for step, and run on
Debian's /usr/bin/python3 with its numpy and nltk. Seeded: the same arguments give the
same files and numbers.
Usage: oracle_references.py OUT_DIR CASES   -> writes OUT_DIR/manifest.json
"""
import csv
import json
import os
import random
import re
import string
import sys
from collections import Counter

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle import split_point  # noqa: E402
import coco_reference  # noqa: E402
import text_references  # noqa: E402
from punkt_reference import word_tokenize  # noqa: E402

# --- SQuAD v1.1 (evaluate-v1.1.py) ---


def normalize_answer(s):
    s = s.lower()
    s = "".join(ch for ch in s if ch not in set(string.punctuation))
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


def squad_f1(prediction, truth):
    p, t = normalize_answer(prediction).split(), normalize_answer(truth).split()
    same = sum((Counter(p) & Counter(t)).values())
    if same == 0:
        return 0
    precision, recall = 1.0 * same / len(p), 1.0 * same / len(t)
    return (2 * precision * recall) / (precision + recall)


def squad_em(prediction, truth):
    return normalize_answer(prediction) == normalize_answer(truth)


# --- CMRC 2018 (cmrc2018_evaluate.py), with NLTK's word tokenizer on the non-Chinese runs ---
SP_CHAR = ["-", ":", "_", "*", "^", "/", "\\", "~", "`", "+", "=", "，", "。", "：", "？", "！", "“", "”", "；", "’", "《",
           "》", "……", "·", "、", "「", "」", "（", "）", "－", "～", "『", "』"]


def mixed_segmentation(in_str, rm_punc=False):
    in_str = in_str.lower().strip()
    out, temp = [], ""
    for char in in_str:
        if rm_punc and char in SP_CHAR:
            continue
        if re.search(r"[\u4e00-\u9fa5]", char) or char in SP_CHAR:
            if temp != "":
                out.extend(word_tokenize(temp))
                temp = ""
            out.append(char)
        else:
            temp += char
    if temp != "":
        out.extend(word_tokenize(temp))
    return out


def remove_punctuation(in_str):
    return "".join(c for c in in_str.lower().strip() if c not in SP_CHAR)


def find_lcs(s1, s2):
    m = [[0 for _ in range(len(s2) + 1)] for _ in range(len(s1) + 1)]
    mmax = 0
    for i in range(len(s1)):
        for j in range(len(s2)):
            if s1[i] == s2[j]:
                m[i + 1][j + 1] = m[i][j] + 1
                mmax = max(mmax, m[i + 1][j + 1])
    return mmax


def cmrc_f1(answers, prediction):
    scores = []
    for ans in answers:
        a, p = mixed_segmentation(ans, rm_punc=True), mixed_segmentation(prediction, rm_punc=True)
        lcs = find_lcs(a, p)
        if lcs == 0:
            scores.append(0)
            continue
        precision, recall = 1.0 * lcs / len(p), 1.0 * lcs / len(a)
        scores.append((2 * precision * recall) / (precision + recall))
    return max(scores)


def cmrc_em(answers, prediction):
    return 1 if any(remove_punctuation(a) == remove_punctuation(prediction) for a in answers) else 0


# --- generators of awkward answers ---
EN_PIECES = ["the", "The", "THE", "a", "A", "an", "An", "cat", "sat", "mat", "x", "½", "²", "Ⅷ", "①", "٣", "_", "İ",
             "ΣΑΣ", "ὈΔΥΣΣΕΎΣ", "straße", "ǅ", "é", "3", "1,000", "3.5", "u.s.", "don't", "(", ")", "-", ",", ".", "!",
             "'", '"', "“", "”", "—", "·", "…", "猫", "the½", "①an", "a²", "the_", "an٣"]
SPACES = [" ", " ", " ", "  ", "\t", "\n", "\u3000", "\u00a0", "\u2028", "\u1680", "\u202f", "\x1c", "\x85", "\u200b", ""]
ZH_PIECES = ["北京", "大学", "的", "是", "3.5万", "1,000米", "u.s", "U.S.", "don't", "can't", "a|b", ".5", "，", "。", "：", "“",
             "”", "《", "》", "……", "…", "·", "、", "（", "）", "-", ":", "_", "*", "/", "~", "`", "+", "=", "'", "'s", "?",
             "!", "abc", "ABC", "x.", "e.g.", "cannot", "gonna", "1:2", "a,b", "(1)", "[x]", "--", "...", "\"q\"", "«r»",
             " ", " ", "\u3000", "\u00a0", "Ⅷ", "①", "ǅ", "İ", "Σ", "𠀀", "㐀",
             # sentence ends inside a non-Chinese run, which punkt splits (nltk.word_tokenize)
             "end. next", "dr. smith", "u.s. army", "he left. she", "j. bach", "3. the", "x. y. z", "no. 5", "ok? yes",
             "wow! then", "(a.) b", "\"c.\" d", "vs. them", "etc. and"]


def phrase(rng, pieces, spaces, lo=0, hi=7):
    return "".join(rng.choice(pieces) + rng.choice(spaces) for _ in range(rng.randint(lo, hi)))


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        for r in rows:
            w.writerow(r)


class Cases:
    def __init__(self, out):
        self.out, self.cases = out, []

    def path(self, ext):
        return os.path.join(self.out, f"{len(self.cases):04d}_%s.{ext}")

    def add(self, metric, params, truth_path, pred_path, ids, fn, rng):
        case = {"metric": metric, "params": params, "truth": truth_path, "pred": pred_path,
                "expected": fn(list(range(len(ids))))}
        if rng.random() < 0.5:
            fraction, seed = rng.choice([0.3, 0.5, 0.8]), rng.randrange(1 << 32)
            pub = [i for i, x in enumerate(ids) if split_point(x, seed) < fraction]
            priv = [i for i, x in enumerate(ids) if split_point(x, seed) >= fraction]
            case.update({"public_fraction": fraction, "split_seed": seed,
                         "expected_public": fn(pub) if pub else None, "expected_private": fn(priv) if priv else None})
        self.cases.append(case)


def text_case(cases, rng, zh):
    n = rng.randint(1, 30)
    ids = [f"q{i}" for i in range(n)]
    pieces, spaces = (ZH_PIECES, ["", "", " "]) if zh else (EN_PIECES, SPACES)
    refs = [[phrase(rng, pieces, spaces, 1) for _ in range(rng.randint(1, 3))] for _ in range(n)]
    refs = [[r if r.strip() else "x" for r in rs] for rs in refs]  # an empty cell means "no reference"
    preds = []
    for rs in refs:
        roll = rng.random()
        preds.append(rs[0] if roll < 0.2 else (rs[0].upper() + rng.choice(spaces)) if roll < 0.35
                     else phrase(rng, pieces, spaces))
    k = max(len(r) for r in refs)
    tpath, ppath = cases.path("csv") % "truth", cases.path("csv") % "pred"
    write_csv(tpath, [["id"] + [f"answer{j + 1}" for j in range(k)]] + [[i] + r + [""] * (k - len(r)) for i, r in zip(ids, refs)])
    write_csv(ppath, [["id", "text"]] + [[i, p] for i, p in zip(ids, preds)])
    params = {"lang": "zh" if zh else "en"}
    if zh:
        f1 = lambda idx: 100.0 * sum(cmrc_f1(refs[i], preds[i]) for i in idx) / len(idx)
        em = lambda idx: 100.0 * sum(cmrc_em(refs[i], preds[i]) for i in idx) / len(idx)
    else:
        f1 = lambda idx: 100.0 * sum(max(squad_f1(preds[i], r) for r in refs[i]) for i in idx) / len(idx)
        em = lambda idx: 100.0 * sum(max(squad_em(preds[i], r) for r in refs[i]) for i in idx) / len(idx)
    cases.add("squad_f1", params, tpath, ppath, ids, f1, rng)
    cases.add("squad_em", params, tpath, ppath, ids, em, rng)


# --- chrF / chrF++ (sacrebleu 2.x) and CIDEr-D (pycocoevalcap), whose n-grams must not be
# confused by a separator byte inside a word ---
WORDS = ["a", "b", "x\x01y", "x", "y\x01z", "y", "z", "\x01", "the", "cat", "(hi)", "end.", "!!", "猫", "狗", "é", "ΑΣ", "Σ",
         "3.5", "don't", "x\x01", "\x01y"]


def ngram_case(cases, rng):
    n = rng.randint(1, 25)
    ids = [f"s{i}" for i in range(n)]
    spaces = [" ", " ", " ", "  ", "\u3000", "\t"]
    sent = lambda lo: "".join(rng.choice(WORDS) + rng.choice(spaces) for _ in range(rng.randint(lo, 10))).strip()
    refs = [[sent(1) or "a" for _ in range(rng.randint(1, 3))] for _ in range(n)]
    hyps = [sent(0) for _ in range(n)]
    k = max(len(r) for r in refs)
    tpath, ppath = cases.path("csv") % "truth", cases.path("csv") % "pred"
    write_csv(tpath, [["id"] + [f"ref{j + 1}" for j in range(k)]] + [[i] + r + [""] * (k - len(r)) for i, r in zip(ids, refs)])
    write_csv(ppath, [["id", "text"]] + [[i, h] for i, h in zip(ids, hyps)])
    pick = lambda idx: ([hyps[i] for i in idx], [refs[i] for i in idx])
    settings = rng.choice([{}, {"word_order": 2}, {"word_order": 3, "char_order": 4}, {"lowercase": True, "word_order": 2},
                           {"whitespace": True}, {"eps_smoothing": True, "word_order": 1}])
    params = {k: str(v).lower() for k, v in settings.items()}
    cases.add("chrf", params, tpath, ppath, ids, lambda idx: text_references.corpus_chrf(*pick(idx), **settings), rng)
    cases.add("cider_d", {}, tpath, ppath, ids, lambda idx: text_references.cider_d(*pick(idx)), rng)
    cases.cases[-1]["tolerance"] = 1e-12  # numpy's log differs from libm's in the last bit on AVX-512 machines


# --- COCO boxes and keypoints (pycocotools' loadRes + COCOeval, coco_reference.py), on ids
# that sort differently as strings, ids past 2^53, tied scores, crowds, keypoint results
# with and without boxes ---
def coco_case(cases, rng):
    keypoints = rng.random() < 0.4
    n = rng.randint(1, 7)
    raw = rng.sample(range(1, 30), n) if rng.random() < 0.8 else [2 ** 53 + i for i in range(n)]
    ids = [str(i) for i in raw] if rng.random() < 0.4 else raw
    cats = [1, 2] if rng.random() < 0.5 else [1, 2, 3]
    anns, results, aid = [], [], 0
    for img in ids:
        for _ in range(rng.randint(0, 4)):
            aid += 1
            w, h = rng.choice([rng.uniform(4, 30), rng.uniform(30, 95), rng.uniform(95, 200)]), rng.uniform(4, 150)
            x, y = rng.uniform(0, 300), rng.uniform(0, 300)
            ann = {"id": aid, "image_id": img, "category_id": rng.choice(cats), "bbox": [x, y, w, h], "area": w * h,
                   "iscrowd": 1 if rng.random() < 0.1 else 0}
            if keypoints:
                kp = []
                for _ in range(17):
                    kp += [x + rng.uniform(0, w), y + rng.uniform(0, h), rng.choice([0, 1, 2, 2])]
                ann["keypoints"], ann["num_keypoints"] = kp, sum(1 for v in kp[2::3] if v > 0)
            anns.append(ann)
            for _ in range(rng.choice([0, 1, 1, 2])):
                j = rng.choice([0.5, 3, 10])
                det = {"image_id": img, "category_id": ann["category_id"] if rng.random() < 0.9 else rng.choice(cats),
                       "score": rng.choice([0.9, 0.8, 0.5, 0.5, 0.3, rng.random()])}
                det["bbox"] = [x + rng.gauss(0, j), y + rng.gauss(0, j), w * rng.uniform(0.8, 1.2), h * rng.uniform(0.8, 1.2)]
                if keypoints:
                    det["keypoints"] = [v + (rng.gauss(0, j) if i % 3 < 2 else 0) for i, v in enumerate(ann["keypoints"])]
                results.append(det)
        for _ in range(rng.randint(0, 2)):
            det = {"image_id": img, "category_id": rng.choice(cats), "score": rng.choice([0.5, 0.3, rng.random()]),
                   "bbox": [rng.uniform(0, 300), rng.uniform(0, 300), rng.uniform(4, 100), rng.uniform(4, 100)]}
            if keypoints:
                det["keypoints"] = sum([[rng.uniform(0, 400), rng.uniform(0, 400), 1] for _ in range(17)], [])
            results.append(det)
    if not results:
        results.append({"image_id": ids[0], "category_id": cats[0], "score": 0.5, "bbox": [1, 1, 10, 10]})
        if keypoints:
            results[0]["keypoints"] = [5, 5, 1] * 17
    if keypoints and rng.random() < 0.5:
        for r in results:
            del r["bbox"]  # areas then span the keypoints
    rng.shuffle(results)
    truth = {"images": [{"id": i} for i in ids], "categories": [{"id": c} for c in cats], "annotations": anns}
    tpath, ppath = cases.path("json") % "truth", cases.path("json") % "pred"
    with open(tpath, "w") as f:
        json.dump(truth, f)
    with open(ppath, "w") as f:
        json.dump(results, f)
    metric = "coco_keypoints_map" if keypoints else "coco_bbox_map"
    cases.add(metric, {}, tpath, ppath, [str(i) for i in ids],
              lambda idx: coco_reference.coco_eval(truth, results, keypoints, img_ids=[ids[i] for i in idx]), rng)
    if keypoints:
        cases.cases[-1]["tolerance"] = 1e-12  # numpy's exp is not the C library's on every machine


# --- AI Challenger 2017 keypoint_eval.py ---
DELTA = 2 * np.array([0.01388152, 0.01515228, 0.01057665, 0.01417709, 0.01497891, 0.01402144, 0.03909642,
                      0.03686941, 0.01981803, 0.03843971, 0.03412318, 0.02415081, 0.01291456, 0.01236173])


def aic_oks(anno, predict):
    oks = np.zeros((len(anno["keypoint_annotations"]), len(predict)))
    if len(predict) == 0:
        return oks.T
    for i, key in enumerate(anno["keypoint_annotations"]):
        kp = np.reshape(anno["keypoint_annotations"][key], (14, 3))
        visible = kp[:, 2] == 1
        bbox = anno["human_annotations"][key]
        scale = np.float32((bbox[3] - bbox[1]) * (bbox[2] - bbox[0]))
        if np.sum(visible) == 0:
            continue
        for j, pkey in enumerate(predict):
            pk = np.reshape(predict[pkey], (14, 3))
            dis = np.sum((kp[visible, :2] - pk[visible, :2]) ** 2, axis=1)
            oks[i, j] = np.mean(np.exp(-dis / 2 / DELTA[visible] ** 2 / (scale + 1)))
    return oks


def aic_score(truth, preds, idx):
    by_id = {}
    for p in preds:
        by_id[p["image_id"]] = p["keypoint_annotations"]
    oks_all, oks_num = np.zeros((0)), 0
    for i in idx:
        anno = truth[i]
        if anno["image_id"] in by_id:
            oks = aic_oks(anno, by_id[anno["image_id"]])
            oks_all = np.concatenate((oks_all, np.max(oks, axis=1)), axis=0)
            oks_num += np.max(oks.shape)
        else:
            gt_n = len(anno["human_annotations"])
            oks_all = np.concatenate((oks_all, np.zeros((gt_n))), axis=0)
            oks_num += gt_n
    ap = [np.sum(oks_all > t) / np.float32(oks_num) for t in np.linspace(0.5, 0.95, 10)]
    return float(np.mean(ap))


def aic_case(cases, rng):
    n = rng.randint(1, 12)
    truth, preds = [], []
    for i in range(n):
        people = rng.randint(1, 4)
        boxes, poses = {}, {}
        for h in range(people):
            x1, y1 = rng.uniform(0, 500), rng.uniform(0, 500)
            w, h_ = rng.choice([rng.uniform(1, 300), rng.randint(1, 300), 0.0]), rng.uniform(1, 300)
            box = [x1, y1, x1 + w, y1 + h_]
            if rng.random() < 0.3:
                box = [round(v) for v in box]
            pose = []
            for _ in range(14):
                pose += [rng.uniform(box[0], box[2] + 1), rng.uniform(box[1], box[3] + 1), rng.choice([1, 1, 1, 2, 3, 0])]
            boxes[f"human{h + 1}"] = box
            poses[f"human{h + 1}"] = pose
        truth.append({"image_id": f"img{i:03d}", "human_annotations": boxes, "keypoint_annotations": poses})
        if rng.random() < 0.15:
            continue  # missing from the submission
        guesses = {}
        for h, key in enumerate(list(poses)[: rng.randint(0, people + 1)] + ["extra"] * rng.randint(0, 1)):
            base = poses.get(key) or poses["human1"]
            noise = rng.choice([0.5, 2, 5, 15, 40])
            guess = []
            for k in range(14):
                guess += [base[3 * k] + rng.gauss(0, noise), base[3 * k + 1] + rng.gauss(0, noise), 1]
            guesses[f"p{h}"] = guess
        name = f"img{i:03d}" + (".jpg" if rng.random() < 0.2 else "")
        preds.append({"image_id": name, "keypoint_annotations": guesses})
    rng.shuffle(preds)
    tpath, ppath = cases.path("json") % "truth", cases.path("json") % "pred"
    with open(tpath, "w") as f:
        json.dump(truth, f)
    with open(ppath, "w") as f:
        json.dump(preds, f)
    # keypoint_eval.py files predictions under the id cut at its first '.'
    cut = [dict(p, image_id=p["image_id"].split(".")[0]) for p in preds]
    cases.add("aic_keypoints", {}, tpath, ppath, [t["image_id"] for t in truth],
              lambda idx: aic_score(truth, cut, idx), rng)


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    cases = Cases(out)
    for seed in range(count):
        rng = random.Random(seed)
        kind = seed % 5
        if kind == 4:
            coco_case(cases, rng)
        elif kind == 3:
            ngram_case(cases, rng)
        elif kind == 2:
            aic_case(cases, rng)
        else:
            text_case(cases, rng, zh=kind == 1)
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(cases.cases, f)
    print(f"{len(cases.cases)} cases")


if __name__ == "__main__":
    main()
