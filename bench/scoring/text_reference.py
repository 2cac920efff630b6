#!/usr/bin/python3
"""Reference runs for the chrF and CIDEr-D timings: sacrebleu 2.x's corpus chrF and
pycocoevalcap's CiderD, re-stated in plain Python + numpy in tests/scoring/text_references.py
(neither package is in Debian; both are pure Python, so the work is the same).
Usage: text_reference.py chrf|chrf++|cider_d TRUTH PRED"""
import csv
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../tests/scoring"))
import text_references  # noqa: E402

metric, truth_path, pred_path = sys.argv[1:4]
with open(truth_path, encoding="utf-8") as f:
    rows = list(csv.reader(f))[1:]
refs = {r[0]: [c for c in r[1:] if c] for r in rows}
with open(pred_path, encoding="utf-8") as f:
    hyps = {r[0]: r[1] for r in list(csv.reader(f))[1:]}
ids = list(refs)
h, r = [hyps[i] for i in ids], [refs[i] for i in ids]
if metric == "cider_d":
    print(text_references.cider_d(h, r))
else:
    print(text_references.corpus_chrf(h, r, word_order=2 if metric == "chrf++" else 0))
