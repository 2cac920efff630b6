"""pycocotools' loadRes and COCOeval (evaluate, accumulate, summarize) for boxes and
keypoints, re-stated step for step in plain Python + numpy (pycocotools is not in Debian):
the oracle for the engine's coco_bbox_map and coco_keypoints_map in oracle_references.py.
Only what the two metrics use: boxes (maskUtils.iou's bbIou) and OKS, no segmentation.
"""
import copy

import numpy as np

COCO_SIGMAS = np.array([.26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89]) / 10.0


def load_res(results, keypoints):
    anns = copy.deepcopy(results)
    if "bbox" in anns[0] and not anns[0]["bbox"] == []:
        for i, ann in enumerate(anns):
            bb = ann["bbox"]
            ann["area"] = bb[2] * bb[3]
            ann["id"] = i + 1
            ann["iscrowd"] = 0
    elif keypoints:
        for i, ann in enumerate(anns):
            s = ann["keypoints"]
            x, y = s[0::3], s[1::3]
            x0, x1, y0, y1 = np.min(x), np.max(x), np.min(y), np.max(y)
            ann["area"] = (x1 - x0) * (y1 - y0)
            ann["id"] = i + 1
            ann["bbox"] = [x0, y0, x1 - x0, y1 - y0]
    return anns


def bb_iou(dts, gts, crowd):
    out = np.zeros((len(dts), len(gts)))
    for g, G in enumerate(gts):
        ga = G[2] * G[3]
        for d, D in enumerate(dts):
            da = D[2] * D[3]
            w = min(D[2] + D[0], G[2] + G[0]) - max(D[0], G[0])
            if w <= 0:
                continue
            h = min(D[3] + D[1], G[3] + G[1]) - max(D[1], G[1])
            if h <= 0:
                continue
            i = w * h
            u = da if crowd[g] else da + ga - i
            out[d, g] = i / u
    return out


def coco_eval(gt, results, keypoints, sigmas=COCO_SIGMAS, img_ids=None):
    """AP@[.5:.95] as COCOeval.summarize() prints it first; img_ids: the images evaluated."""
    dts_all = load_res(results, keypoints) if results else []
    img_ids = sorted({im["id"] for im in gt["images"]}) if img_ids is None else sorted(img_ids)
    cat_ids = sorted({c["id"] for c in gt["categories"]})
    iou_thrs = np.linspace(.5, 0.95, int(np.round((0.95 - .5) / .05)) + 1, endpoint=True)
    rec_thrs = np.linspace(.0, 1.00, int(np.round((1.00 - .0) / .01)) + 1, endpoint=True)
    max_dets = [20] if keypoints else [1, 10, 100]
    area_rngs = [[0, 1e5 ** 2], [32 ** 2, 96 ** 2], [96 ** 2, 1e5 ** 2]] if keypoints else \
        [[0, 1e5 ** 2], [0, 32 ** 2], [32 ** 2, 96 ** 2], [96 ** 2, 1e5 ** 2]]
    gts, dts = {}, {}
    images, cats = set(img_ids), set(cat_ids)
    for g in copy.deepcopy(gt["annotations"]):
        if g["image_id"] in images and g["category_id"] in cats:
            g["ignore"] = g.get("ignore", 0)
            g["ignore"] = "iscrowd" in g and g["iscrowd"]
            if keypoints:
                g["ignore"] = (g["num_keypoints"] == 0) or g["ignore"]
            gts.setdefault((g["image_id"], g["category_id"]), []).append(g)
    for d in dts_all:
        if d["image_id"] in images and d["category_id"] in cats:
            dts.setdefault((d["image_id"], d["category_id"]), []).append(d)

    def compute(img, cat):
        gt_, dt = gts.get((img, cat), []), dts.get((img, cat), [])
        if keypoints:
            inds = np.argsort([-d["score"] for d in dt], kind="mergesort")
            dt = [dt[i] for i in inds][:max_dets[-1]]
            if len(gt_) == 0 or len(dt) == 0:
                return []
            ious = np.zeros((len(dt), len(gt_)))
            var = (sigmas * 2) ** 2
            k = len(sigmas)
            for j, g in enumerate(gt_):
                ga = np.array(g["keypoints"])
                xg, yg, vg = ga[0::3], ga[1::3], ga[2::3]
                k1 = np.count_nonzero(vg > 0)
                bb = g["bbox"]
                x0, x1, y0, y1 = bb[0] - bb[2], bb[0] + bb[2] * 2, bb[1] - bb[3], bb[1] + bb[3] * 2
                for i, d in enumerate(dt):
                    da = np.array(d["keypoints"])
                    xd, yd = da[0::3], da[1::3]
                    if k1 > 0:
                        dx, dy = xd - xg, yd - yg
                    else:
                        z = np.zeros((k))
                        dx = np.max((z, x0 - xd), axis=0) + np.max((z, xd - x1), axis=0)
                        dy = np.max((z, y0 - yd), axis=0) + np.max((z, yd - y1), axis=0)
                    e = (dx ** 2 + dy ** 2) / var / (g["area"] + np.spacing(1)) / 2
                    if k1 > 0:
                        e = e[vg > 0]
                    ious[i, j] = np.sum(np.exp(-e)) / e.shape[0]
            return ious
        if len(gt_) == 0 and len(dt) == 0:
            return []
        inds = np.argsort([-d["score"] for d in dt], kind="mergesort")
        dt = [dt[i] for i in inds][:max_dets[-1]]
        return bb_iou([d["bbox"] for d in dt], [g["bbox"] for g in gt_], [int(o["iscrowd"]) for o in gt_])

    ious = {(i, c): compute(i, c) for i in img_ids for c in cat_ids}

    def evaluate_img(img, cat, a_rng, max_det):
        gt_, dt = gts.get((img, cat), []), dts.get((img, cat), [])
        if len(gt_) == 0 and len(dt) == 0:
            return None
        for g in gt_:
            g["_ignore"] = 1 if g["ignore"] or (g["area"] < a_rng[0] or g["area"] > a_rng[1]) else 0
        gtind = np.argsort([g["_ignore"] for g in gt_], kind="mergesort")
        gt_ = [gt_[i] for i in gtind]
        dtind = np.argsort([-d["score"] for d in dt], kind="mergesort")
        dt = [dt[i] for i in dtind[0:max_det]]
        iscrowd = [int(o["iscrowd"]) for o in gt_]
        io = ious[img, cat][:, gtind] if len(ious[img, cat]) > 0 else ious[img, cat]
        T, G, D = len(iou_thrs), len(gt_), len(dt)
        gtm, dtm = np.zeros((T, G)), np.zeros((T, D))
        gt_ig = np.array([g["_ignore"] for g in gt_])
        dt_ig = np.zeros((T, D))
        if not len(io) == 0:
            for tind, t in enumerate(iou_thrs):
                for dind, d in enumerate(dt):
                    iou, m = min([t, 1 - 1e-10]), -1
                    for gind, g in enumerate(gt_):
                        if gtm[tind, gind] > 0 and not iscrowd[gind]:
                            continue
                        if m > -1 and gt_ig[m] == 0 and gt_ig[gind] == 1:
                            break
                        if io[dind, gind] < iou:
                            continue
                        iou, m = io[dind, gind], gind
                    if m == -1:
                        continue
                    dt_ig[tind, dind] = gt_ig[m]
                    dtm[tind, dind] = gt_[m]["id"]
                    gtm[tind, m] = d["id"]
        a = np.array([d["area"] < a_rng[0] or d["area"] > a_rng[1] for d in dt]).reshape((1, len(dt)))
        dt_ig = np.logical_or(dt_ig, np.logical_and(dtm == 0, np.repeat(a, T, 0)))
        return {"dtMatches": dtm, "dtScores": [d["score"] for d in dt], "gtIgnore": gt_ig, "dtIgnore": dt_ig}

    evals = [evaluate_img(i, c, a, max_dets[-1]) for c in cat_ids for a in area_rngs for i in img_ids]
    T, R, K, A, M = len(iou_thrs), len(rec_thrs), len(cat_ids), len(area_rngs), len(max_dets)
    precision = -np.ones((T, R, K, A, M))
    recall = -np.ones((T, K, A, M))
    I0, A0 = len(img_ids), len(area_rngs)
    for k in range(K):
        for a in range(A):
            for m, max_det in enumerate(max_dets):
                E = [evals[k * A0 * I0 + a * I0 + i] for i in range(I0)]
                E = [e for e in E if e is not None]
                if len(E) == 0:
                    continue
                scores = np.concatenate([e["dtScores"][0:max_det] for e in E])
                inds = np.argsort(-scores, kind="mergesort")
                dtm = np.concatenate([e["dtMatches"][:, 0:max_det] for e in E], axis=1)[:, inds]
                dt_ig = np.concatenate([e["dtIgnore"][:, 0:max_det] for e in E], axis=1)[:, inds]
                gt_ig = np.concatenate([e["gtIgnore"] for e in E])
                npig = np.count_nonzero(gt_ig == 0)
                if npig == 0:
                    continue
                tps = np.logical_and(dtm, np.logical_not(dt_ig))
                fps = np.logical_and(np.logical_not(dtm), np.logical_not(dt_ig))
                tp_sum = np.cumsum(tps, axis=1).astype(dtype=float)
                fp_sum = np.cumsum(fps, axis=1).astype(dtype=float)
                for t, (tp, fp) in enumerate(zip(tp_sum, fp_sum)):
                    tp, fp = np.array(tp), np.array(fp)
                    nd = len(tp)
                    rc = tp / npig
                    pr = tp / (fp + tp + np.spacing(1))
                    q = np.zeros((R,)).tolist()
                    recall[t, k, a, m] = rc[-1] if nd else 0
                    pr = pr.tolist()
                    for i in range(nd - 1, 0, -1):
                        if pr[i] > pr[i - 1]:
                            pr[i - 1] = pr[i]
                    found = np.searchsorted(rc, rec_thrs, side="left")
                    try:
                        for ri, pi in enumerate(found):
                            q[ri] = pr[pi]
                    except IndexError:
                        pass
                    precision[t, :, k, a, m] = np.array(q)
    s = precision[:, :, :, 0, len(max_dets) - 1]
    return -1.0 if len(s[s > -1]) == 0 else float(np.mean(s[s > -1]))
