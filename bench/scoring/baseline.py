#!/usr/bin/python3
"""How a host scores today: pandas read_csv, merge on id, scikit-learn metric.
Usage: baseline.py f1|roc_auc TRUTH PRED"""
import sys
import pandas as pd
from sklearn import metrics

metric, truth_path, pred_path = sys.argv[1:4]
truth = pd.read_csv(truth_path)
pred = pd.read_csv(pred_path)
merged = truth.merge(pred, on="id", suffixes=("_true", "_pred"))
if metric == "f1":
    print(metrics.f1_score(merged["label_true"], merged["label_pred"], average="macro"))
else:
    cols = [c for c in pred.columns if c != "id"]
    print(metrics.roc_auc_score(merged["label"], merged[cols].to_numpy(), multi_class="ovr", average="macro"))
