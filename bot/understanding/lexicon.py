"""The word lists of lexicons/*.yml, loaded once: medicines, conditions and procedures (each
mapped to what it means for a question) and the everyday answer words (yes, no, not sure,
hedges, "fine", "none of these")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

LEXICONS = Path(__file__).resolve().parent / "lexicons"
ENTRY_FILES = ("medicines.yml", "conditions.yml")
CLARIFY = "clarify"


@dataclass(frozen=True)
class Entry:
    """A medicine, disease or procedure, and what naming it means for each question."""

    id: str
    names: Tuple[str, ...]
    means: Dict[str, str]
    current_only: bool = False
    prednisone_factor: Optional[float] = None
    patterns: Tuple[str, ...] = ()  # regular expressions for wordings a list cannot hold (吐了一大口血)
    # On a scale question (daily activity): "can" says what the person can still do (an upper
    # bound on how limited they are), "limit" what they cannot (a lower bound), "line" that the
    # person sits on the line between two steps (read back, proposing the step it means).
    says: str = "can"
    # A vague wording ("I have allergies") asks back, unless the message also names the thing.
    vague: bool = False
    # Names who said it, not what ("the oncologist said…"): asked back whatever follows.
    hearsay: bool = False
    # Counts only with one of these words in the message (a drip for an infection, not any drip);
    # without them the reading is asked back ("what is the drip for?").
    requires: Tuple[str, ...] = ()
    # A past event that stays true (a transplanted kidney): "ten years ago" does not make it history.
    lasting: bool = False


@lru_cache(maxsize=1)
def entries() -> Tuple[Entry, ...]:
    result: List[Entry] = []
    for name in ENTRY_FILES:
        with (LEXICONS / name).open(encoding="utf-8") as handle:
            for raw in yaml.load(handle, Loader=yaml.BaseLoader) or []:  # every word stays a string ("no", "y")
                names = tuple(str(n).lower() for n in (raw.get("en") or []) + (raw.get("zh") or []))
                result.append(Entry(
                    id=raw["id"], names=names, means={k: str(v) for k, v in (raw.get("means") or {}).items()},
                    current_only=raw.get("current_only") == "true",
                    prednisone_factor=float(raw["prednisone_factor"]) if raw.get("prednisone_factor") else None,
                    patterns=tuple(raw.get("patterns") or ()),
                    says=raw.get("says") or "can",
                    vague=raw.get("vague") == "true",
                    hearsay=raw.get("hearsay") == "true",
                    requires=tuple(str(w).lower() for w in raw.get("requires") or ()),
                    lasting=raw.get("lasting") == "true",
                ))
    return tuple(result)


@lru_cache(maxsize=None)
def entries_for(criterion_id: str) -> Tuple[Tuple[Entry, re.Pattern], ...]:
    """The entries that mean something for this question, each with one pattern for all its names."""
    found = []
    for entry in entries():
        if criterion_id in entry.means:
            pattern = names_pattern(entry.names)
            if entry.patterns:
                pattern = re.compile(pattern.pattern + "|" + "|".join(f"(?:{p})" for p in entry.patterns))
            found.append((entry, pattern))
    return tuple(found)


@lru_cache(maxsize=1)
def answer_words() -> Dict[str, Tuple[str, ...]]:
    with (LEXICONS / "answers.yml").open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=yaml.BaseLoader)  # "yes", "no", "y", "n" stay words
    return {kind: tuple(str(w).lower() for lang in ("en", "zh") for w in (words.get(lang) or []))
            for kind, words in data.items()}


@lru_cache(maxsize=None)
def words_pattern(kind: str) -> re.Pattern:
    return names_pattern(answer_words()[kind])


@lru_cache(maxsize=None)
def tuple_pattern(names: Tuple[str, ...]) -> re.Pattern:
    """names_pattern for a fixed tuple of names (an entry's `requires`), compiled once."""
    return names_pattern(names)


def names_pattern(names) -> re.Pattern:
    """One regex for many names: ASCII names on word boundaries, Chinese anywhere; longest first."""
    parts = []
    for n in sorted(set(names), key=len, reverse=True):
        if not n:
            continue
        if n.isascii():
            left = r"(?<![a-z0-9])" if n[0].isalnum() else ""
            right = r"(?![a-z0-9])" if n[-1].isalnum() else ""
            parts.append(left + re.escape(n) + right)
        else:
            parts.append(re.escape(n))
    return re.compile("|".join(parts) if parts else r"(?!x)x")
