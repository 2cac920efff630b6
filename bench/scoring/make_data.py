#!/usr/bin/python3
"""Writes the scoring benchmark's inputs: N rows, 10 classes, seeded.
labels_truth.csv / labels_pred.csv: id,label        (f1 macro)
probs_pred.csv: id,c0..c9 probabilities summing to 1 (roc_auc ovr, log_loss)
*_ordered.csv: the same predictions in the truth's order (how sample submissions come);
the others are shuffled, so the join by id is real work."""
import sys
import numpy as np

out, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(2017)
ids = np.array([f"id{i:08d}" for i in range(n)])
y = rng.integers(0, 10, n)
pred = np.where(rng.random(n) < 0.7, y, rng.integers(0, 10, n))
p = rng.random((n, 10)) + np.eye(10)[y] * 2.0
p /= p.sum(axis=1, keepdims=True)
order = rng.permutation(n)
with open(f"{out}/labels_truth.csv", "w") as f:
    f.write("id,label\n")
    f.writelines(f"{i},{c}\n" for i, c in zip(ids, y))
for suffix, rows in (("", order), ("_ordered", range(n))):
    with open(f"{out}/labels_pred{suffix}.csv", "w") as f:
        f.write("id,label\n")
        f.writelines(f"{ids[j]},{pred[j]}\n" for j in rows)
    with open(f"{out}/probs_pred{suffix}.csv", "w") as f:
        f.write("id," + ",".join(str(c) for c in range(10)) + "\n")
        for j in rows:
            f.write(ids[j] + "," + ",".join(f"{v:.6f}" for v in p[j]) + "\n")

# int_*: the same rows with random integer ids (distinct, below 10^12), the truth itself in
# shuffled order and the predictions in another: how most competitions number their rows.
int_ids = rng.choice(10**12, size=n, replace=False)
truth_order, pred_order = rng.permutation(n), rng.permutation(n)
with open(f"{out}/int_labels_truth.csv", "w") as f:
    f.write("id,label\n")
    f.writelines(f"{int_ids[j]},{y[j]}\n" for j in truth_order)
with open(f"{out}/int_labels_pred.csv", "w") as f:
    f.write("id,label\n")
    f.writelines(f"{int_ids[j]},{pred[j]}\n" for j in pred_order)
with open(f"{out}/int_probs_pred.csv", "w") as f:
    f.write("id," + ",".join(str(c) for c in range(10)) + "\n")
    for j in pred_order:
        f.write(f"{int_ids[j]}," + ",".join(f"{v:.6f}" for v in p[j]) + "\n")
