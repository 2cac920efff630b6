#!/usr/bin/python3
"""Differential oracle for the scoring engine.

Generates seeded random cases (scikit-learn's metrics; NLTK's corpus BLEU) (including degenerate ones: one class, absent classes, all
ties, empty public split), writes each case's truth and prediction CSV files, and records
what scikit-learn 1.2 computes for them, on all rows and on the public and private splits.
Usage: oracle.py OUT_DIR CASES   -> writes OUT_DIR/manifest.json
Deterministic: the same arguments give the same files and numbers.
"""
import json
import math
import os
import random
import sys
import warnings

import numpy as np
from nltk.translate.bleu_score import corpus_bleu
from sklearn import metrics as skm

warnings.filterwarnings("ignore")
MASK = (1 << 64) - 1


def split_point(ident: str, seed: int) -> float:
    """Same as scoring::split_point: FNV-1a of the id, mixed with the seed by SplitMix64."""
    h = 1469598103934665603
    for b in ident.encode("utf-8"):
        h = ((h ^ b) * 1099511628211) & MASK
    z = h ^ ((seed + 0x9E3779B97F4A7C15) & MASK)
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    z ^= z >> 31
    return (z >> 11) * 2.0 ** -53


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")


def evaluate(fn, idx):
    if len(idx) == 0:
        return None
    try:
        v = float(fn(idx))
        return "nan" if math.isnan(v) else v
    except ValueError as e:
        return {"error": str(e)}


class Cases:
    def __init__(self, out):
        self.out = out
        self.cases = []

    def add(self, metric, params, truth_rows, pred_rows, truth_header, pred_header, ids, fn, rng):
        n = len(self.cases)
        tpath = os.path.join(self.out, f"{n:04d}_truth.csv")
        ppath = os.path.join(self.out, f"{n:04d}_pred.csv")
        order = list(range(len(pred_rows)))
        if rng.random() < 0.5:
            rng.shuffle(order)  # predictions may come in any order
        write_csv(tpath, truth_header, truth_rows)
        write_csv(ppath, pred_header, [pred_rows[i] for i in order])
        case = {"metric": metric, "params": params, "truth": tpath, "pred": ppath,
                "expected": evaluate(fn, list(range(len(ids))))}
        if rng.random() < 0.6:
            fraction = rng.choice([0.0, 0.3, 0.5, 0.8, 1.0])
            seed = rng.randrange(1 << 32)
            pub = [i for i, x in enumerate(ids) if split_point(x, seed) < fraction]
            priv = [i for i, x in enumerate(ids) if split_point(x, seed) >= fraction]
            case.update({"public_fraction": fraction, "split_seed": seed,
                         "expected_public": evaluate(fn, pub), "expected_private": evaluate(fn, priv)})
        self.cases.append(case)


def label_cases(cases, rng):
    n = rng.randint(1, 120)
    k = rng.randint(1, 6)
    numeric = rng.random() < 0.6
    names = [str(i) for i in range(k)] if numeric else rng.sample(["cat", "dog", "bird", "Fish", "ant", "猫", "z-9"], k)
    ids = [f"r{i}" for i in range(n)]
    y_true = [rng.choice(names) for _ in range(n)]
    truth_names = sorted(set(y_true))
    mode = rng.random()
    if mode < 0.3:
        y_pred = list(y_true)
    elif mode < 0.5:
        y_pred = [rng.choice(truth_names[:1]) for _ in range(n)]  # one class predicted
    else:
        y_pred = [t if rng.random() < 0.6 else rng.choice(truth_names) for t in y_true]
    conv = (lambda v: [int(x) for x in v]) if numeric else (lambda v: v)
    yt, yp = np.array(conv(y_true), dtype=object if not numeric else None), np.array(conv(y_pred), dtype=object if not numeric else None)
    truth_rows = [[i, t] for i, t in zip(ids, y_true)]
    pred_rows = [[i, p] for i, p in zip(ids, y_pred)]

    def add(metric, params, f):
        cases.add(metric, params, truth_rows, pred_rows, ["id", "label"], ["id", "label"], ids,
                  lambda idx: f(yt[idx], yp[idx]), rng)

    add("accuracy", {}, skm.accuracy_score)
    for avg in ["macro", "micro", "weighted"]:
        add("f1", {"average": avg}, lambda a, b, avg=avg: skm.f1_score(a, b, average=avg))
        add("precision", {"average": avg}, lambda a, b, avg=avg: skm.precision_score(a, b, average=avg))
        add("recall", {"average": avg}, lambda a, b, avg=avg: skm.recall_score(a, b, average=avg))
    if numeric and k <= 2:
        add("f1", {"average": "binary"}, lambda a, b: skm.f1_score(a, b, average="binary"))
    add("mcc", {}, skm.matthews_corrcoef)
    add("balanced_accuracy", {}, skm.balanced_accuracy_score)
    for w in ["none", "linear", "quadratic"]:
        add("cohen_kappa", {"weights": w}, lambda a, b, w=w: skm.cohen_kappa_score(a, b, weights=None if w == "none" else w))


def score_cases(cases, rng):
    n = rng.randint(2, 150)
    k = rng.randint(2, 6)
    names = [str(i) for i in range(k)]
    ids = [f"q{i:05d}" for i in range(n)]
    y_true = [rng.choice(names) for _ in range(n)]
    ties = rng.random() < 0.3
    probs = []
    for _ in range(n):
        if ties:
            w = [rng.randint(0, 3) for _ in range(k)]  # few distinct values: many ties
            if sum(w) == 0:
                w[0] = 1
        else:
            w = [rng.random() + 1e-3 for _ in range(k)]
        s = sum(w)
        probs.append([x / s for x in w])
    # Written in full (17 digits), or with a few decimals as most submissions are (the engine
    # then keeps them as fixed-point integers), or full but for the first row (it starts
    # with integers and must fall back to doubles). sklearn scores the numbers as written.
    spelling = rng.choice(["full", "full", "decimals", "decimals", "mixed"])
    decimals = rng.choice([1, 2, 3, 6, 9])
    text = [[repr(float(x)) for x in row] for row in probs]
    if spelling != "full":
        for r in range(n if spelling == "decimals" else 1):
            text[r] = [f"{x:.{decimals}f}" for x in probs[r]]
    P = np.array([[float(x) for x in row] for row in text])
    yt = np.array([int(x) for x in y_true])
    truth_rows = [[i, t] for i, t in zip(ids, y_true)]
    pred_rows = [[i] + row for i, row in zip(ids, text)]
    header = ["id"] + names
    labels = list(range(k))

    def add(metric, params, f):
        cases.add(metric, params, truth_rows, pred_rows, ["id", "label"], header, ids, lambda idx: f(yt[idx], P[idx]), rng)

    if k == 2:
        add("roc_auc", {}, lambda a, p: skm.roc_auc_score(a, p[:, 1]))
    else:
        add("roc_auc", {}, lambda a, p: skm.roc_auc_score(a, p, multi_class="ovr", average="macro"))
    add("log_loss", {}, lambda a, p: skm.log_loss(a, p, labels=labels))
    kk = rng.randint(1, k)
    if k == 2:  # scikit-learn takes a binary problem's scores as the positive class's column
        add("top_k_accuracy", {"k": str(kk)}, lambda a, p: skm.top_k_accuracy_score(a, p[:, 1], k=kk, labels=labels))
    else:
        add("top_k_accuracy", {"k": str(kk)}, lambda a, p: skm.top_k_accuracy_score(a, p, k=kk, labels=labels))


def value_cases(cases, rng):
    n = rng.randint(1, 150)
    ids = [f"v{i}" for i in range(n)]
    constant = rng.random() < 0.15
    negative = rng.random() < 0.2
    lo = -50.0 if negative else 0.0
    y_true = [7.25 if constant else rng.uniform(lo, 100.0) for _ in range(n)]
    y_pred = [t + rng.gauss(0, 5) if rng.random() < 0.8 else rng.uniform(lo, 100.0) for t in y_true]
    if rng.random() < 0.1:
        y_pred = list(y_true)
    if not negative:
        y_pred = [abs(x) for x in y_pred]
    yt, yp = np.array(y_true), np.array(y_pred)
    truth_rows = [[i, repr(t)] for i, t in zip(ids, y_true)]
    pred_rows = [[i, repr(p)] for i, p in zip(ids, y_pred)]

    def add(metric, f):
        cases.add(metric, {}, truth_rows, pred_rows, ["id", "value"], ["id", "value"], ids, lambda idx: f(yt[idx], yp[idx]), rng)

    add("rmse", lambda a, b: skm.mean_squared_error(a, b, squared=False))
    add("mae", skm.mean_absolute_error)
    add("r2", skm.r2_score)
    add("rmsle", lambda a, b: skm.mean_squared_log_error(a, b, squared=False))
    add("mape", skm.mean_absolute_percentage_error)


def text_cases(cases, rng):
    """Corpus BLEU on whitespace tokens without smoothing, where NLTK and sacrebleu agree:
    hypotheses of at least 4 tokens (NLTK counts a shorter one's missing n-grams as 1 in the
    precision's denominator, sacrebleu as 0)."""
    n = rng.randint(1, 40)
    vocab = ["the", "cat", "sat", "on", "mat", "a", "dog", "ran", "fast", "slow", "red", "blue", "猫", "狗"]
    ids = [f"t{i}" for i in range(n)]
    k = rng.randint(1, 3)
    refs = [[[rng.choice(vocab) for _ in range(rng.randint(1, 12))] for _ in range(k)] for _ in range(n)]
    hyps = []
    for r in refs:
        base = r[0]
        hyp = [w if rng.random() < 0.7 else rng.choice(vocab) for w in base if rng.random() < 0.9]
        hyps.append(hyp + [rng.choice(vocab) for _ in range(max(0, 4 - len(hyp)))])
    truth_rows = [[i] + [" ".join(x) for x in r] for i, r in zip(ids, refs)]
    pred_rows = [[i, " ".join(h)] for i, h in zip(ids, hyps)]

    def bleu(idx):
        return 100 * corpus_bleu([refs[i] for i in idx], [hyps[i] for i in idx])

    cases.add("bleu", {"tokenize": "none", "smooth_method": "none"}, truth_rows, pred_rows,
              ["id"] + [f"ref{j + 1}" for j in range(k)], ["id", "text"], ids, bleu, rng)


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    cases = Cases(out)
    for seed in range(count):
        rng = random.Random(seed)
        [label_cases, score_cases, value_cases, text_cases][seed % 4](cases, rng)
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(cases.cases, f)
    print(f"{len(cases.cases)} cases")


if __name__ == "__main__":
    main()
