#!/usr/bin/python3
"""Context for the BLEU timing: NLTK's corpus_bleu on whitespace tokens (not sacrebleu's
13a tokenization, so its number differs; the work is comparable). Usage: nltk_bleu.py TRUTH PRED"""
import csv
import sys
from nltk.translate.bleu_score import corpus_bleu

truth = {r["id"]: [r["ref1"].split(), r["ref2"].split()] for r in csv.DictReader(open(sys.argv[1]))}
pred = {r["id"]: r["text"].split() for r in csv.DictReader(open(sys.argv[2]))}
ids = list(truth)
print(100 * corpus_bleu([truth[i] for i in ids], [pred[i] for i in ids]))
