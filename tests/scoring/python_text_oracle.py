#!/usr/bin/python3
"""What Python 3.11 and NLTK 3.8 do with text, for tests/scoring/python_text_test.cpp:
  classes.bin  one byte per code point: 1 = re \\w, 2 = re \\d, 4 = str.isspace()
  lower.json   {code point: str.lower()} for every code point whose lower() differs
  strings.json seeded awkward strings with their str.lower() and NLTKWordTokenizer tokens
Usage: python_text_oracle.py OUT_DIR
"""
import json
import os
import random
import re
import sys

from nltk.tokenize import NLTKWordTokenizer

W, D = re.compile(r"\w"), re.compile(r"\d")
PIECES = ["don't", "can", "not", "cannot", "CANNOT", "'", "''", '"', "`", "``", ".", "..", "...", ",", ":", ";", "1", "3.5",
          "1,000", ",5", "u.s", "u.s.", "a|b", ".5", "(", ")", "[", "]", "{", "}", "<", ">", "--", "-", "?", "!", "*", "&",
          "$", "%", "#", "@", "«", "»", "“", "”", "‘", "’", "„", "tis", "'t", "'T", "is", "twas", "gonna", "wanna",
          "gimme", "lemme", "gotta", "d'ye", "more'n", "ſ", "K", "İ", "ı", "²", "½", "Ⅷ", "①", "x", "I", "S", "'s", "'S",
          "'m", "'d", "'ll", "'re", "'ve", "n't", "N'T", "O'Neil", "_", "Σ", "ΑΣ", "ς", "\u0345", "ᾈ", "\u00ad", "\u0301",
          "3:30", "a:b", "x,y", "猫", "𠀀", "é", "e\u0301"]
SPACES = ["", "", " ", " ", "  ", "\t", "\n", "\u3000", "\u00a0", "\u2028", "\x1c", "\x85", "\u200b"]


def main(out):
    os.makedirs(out, exist_ok=True)
    flags = bytearray(0x110000)
    lower = {}
    for c in range(0x110000):
        if 0xD800 <= c <= 0xDFFF:
            continue
        ch = chr(c)
        flags[c] = (1 if W.match(ch) else 0) | (2 if D.match(ch) else 0) | (4 if ch.isspace() else 0)
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


if __name__ == "__main__":
    main(sys.argv[1])
