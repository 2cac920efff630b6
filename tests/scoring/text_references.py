"""sacrebleu 2.x's corpus chrF and pycocoevalcap's CiderD, re-stated step for step in plain
Python + numpy (neither package is in Debian). Used as the oracle for the engine's chrF and
CIDEr-D in tests/scoring/oracle_references.py, and as the reference runs in bench/scoring.
"""
from collections import Counter, defaultdict

import numpy as np

PUNCTS = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _char_ngrams(line, order, whitespace):
    if not whitespace:
        line = "".join(line.split())
    return [Counter([line[i:i + n] for i in range(len(line) - n + 1)]) for n in range(1, order + 1)]


def _word_ngrams(tokens, n):
    return Counter([" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)])


def _remove_punctuation(sent):
    out = []
    for w in sent.split():
        if len(w) == 1:
            out.append(w)
        elif w[-1] in PUNCTS:
            out += [w[:-1], w[-1]]
        elif w[0] in PUNCTS:
            out += [w[0], w[1:]]
        else:
            out.append(w)
    return out


def _all_ngrams(text, char_order, word_order, whitespace):
    grams = _char_ngrams(text, char_order, whitespace)
    if word_order > 0:
        words = _remove_punctuation(text)
        grams.extend(_word_ngrams(words, n) for n in range(1, word_order + 1))
    return grams


def _match(h, r):
    match, hyp = 0, 0
    for ng, count in h.items():
        hyp += count
        if ng in r:
            match += min(count, r[ng])
    return [hyp if r else 0, sum(r.values()), match]


def _f_score(stats, order, beta, eps_smoothing):
    eps, score, effective, factor = 1e-16, 0.0, 0, beta ** 2
    avg_p, avg_r = 0.0, 0.0
    for i in range(order):
        n_hyp, n_ref, n_match = stats[3 * i: 3 * i + 3]
        p = n_match / n_hyp if n_hyp > 0 else eps
        r = n_match / n_ref if n_ref > 0 else eps
        denom = factor * p + r
        score += ((1 + factor) * p * r / denom) if denom > 0 else eps
        if n_hyp > 0 and n_ref > 0:
            avg_p += p
            avg_r += r
            effective += 1
    if eps_smoothing:
        return 100 * score / order
    if effective == 0:
        avg_p = avg_r = 0.0
    else:
        avg_p /= effective
        avg_r /= effective
    if avg_p + avg_r:
        score = (1 + factor) * avg_p * avg_r
        score /= (factor * avg_p) + avg_r
        return 100 * score
    return 0.0


def corpus_chrf(hyps, refs, char_order=6, word_order=0, beta=2, lowercase=False, whitespace=False, eps_smoothing=False):
    """refs[i] is the list of row i's references."""
    order = char_order + word_order
    total = [0] * (3 * order)
    for hyp, rs in zip(hyps, refs):
        prep = (lambda s: s.lower()) if lowercase else (lambda s: s)
        hyp_grams = _all_ngrams(prep(hyp), char_order, word_order, whitespace)
        best, best_f = [], -1.0
        for ref in rs:
            ref_grams = _all_ngrams(prep(ref), char_order, word_order, whitespace)
            stats = []
            for h, r in zip(hyp_grams, ref_grams):
                stats.extend(_match(h, r))
            f = _f_score(stats, order, beta, eps_smoothing)
            if f > best_f:
                best_f, best = f, stats
        total = [a + b for a, b in zip(total, best)]
    return _f_score(total, order, beta, eps_smoothing)


def _precook(s, n=4):
    words = s.split()
    counts = defaultdict(int)
    for k in range(1, n + 1):
        for i in range(len(words) - k + 1):
            counts[tuple(words[i:i + k])] += 1
    return counts


def cider_d(hyps, refs, n=4, sigma=6.0):
    crefs = [[_precook(r, n) for r in rs] for rs in refs]
    ctest = [_precook(h, n) for h in hyps]
    df = defaultdict(float)
    for rs in crefs:
        for ngram in set(ng for ref in rs for ng in ref):
            df[ngram] += 1
    ref_len = np.log(float(len(crefs)))

    def counts2vec(cnts):
        vec = [defaultdict(float) for _ in range(n)]
        length, norm = 0, [0.0 for _ in range(n)]
        for ngram, tf in cnts.items():
            d = np.log(max(1.0, df[ngram]))
            k = len(ngram) - 1
            vec[k][ngram] = float(tf) * (ref_len - d)
            norm[k] += pow(vec[k][ngram], 2)
            if k == 1:
                length += tf
        return vec, [np.sqrt(x) for x in norm], length

    def sim(vh, vr, nh, nr, lh, lr):
        delta = float(lh - lr)
        val = np.array([0.0 for _ in range(n)])
        for k in range(n):
            for ngram in vh[k]:
                val[k] += min(vh[k][ngram], vr[k][ngram]) * vr[k][ngram]
            if nh[k] != 0 and nr[k] != 0:
                val[k] /= nh[k] * nr[k]
            val[k] *= np.e ** (-(delta ** 2) / (2 * sigma ** 2))
        return val

    scores = []
    for test, rs in zip(ctest, crefs):
        vec, norm, length = counts2vec(test)
        score = np.array([0.0 for _ in range(n)])
        for ref in rs:
            vr, nr, lr = counts2vec(ref)
            score += sim(vec, vr, norm, nr, length, lr)
        avg = np.mean(score)
        avg /= len(rs)
        avg *= 10.0
        scores.append(avg)
    return float(np.mean(np.array(scores)))
