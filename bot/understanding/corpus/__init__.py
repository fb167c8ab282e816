"""The labelled corpora that understanding is built from and measured on.

`answers/` holds what patients and families typed in answer to each question (q, lang,
text, label); `redflags/` holds emergencies and look-alikes (lang, text, label, category or
kind, step); `questions/` holds questions people ask (lang, text, topic, criterion);
`commands/` holds what people type to steer the conversation (start over, pause, change an
answer, why, language) and look-alikes that are not commands (lang, text, label, step). Each
has a training file (rules and the classifier are built from it) and a held-out file (only
the reports read it). `tools/corpus.py` adds items and keeps the split.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import List

import yaml

CORPUS_DIR = Path(__file__).resolve().parent
TRAIN, HELDOUT = "train", "heldout"
SPLIT_SEED = 20261125  # fixed: changing it would move items between the splits


def load(corpus: str, split: str) -> List[dict]:
    return [dict(item) for item in _load(corpus, split)]


@lru_cache(maxsize=None)
def _load(corpus: str, split: str) -> tuple:
    path = CORPUS_DIR / corpus / f"{split}.yml"
    if not path.exists():
        return ()
    with path.open(encoding="utf-8") as handle:
        return tuple(yaml.safe_load(handle) or ())
