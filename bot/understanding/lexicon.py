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
    # It counts when it happened within this many months (TB not treated: the past year); said
    # to be longer ago, it is asked back rather than dropped (untreated TB may still be there).
    window_months: Optional[float] = None
    source: str = ""  # the file it comes from: "medicines" or "conditions"
    # Entries whose mention settles this one's question ("a heart attack, then a stent": the stent
    # is not asked about).
    answered_by: Tuple[str, ...] = ()


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
                    window_months=float(raw["window_months"]) if raw.get("window_months") else None,
                    source=name.split(".")[0],
                    answered_by=tuple(raw.get("answered_by") or ()),
                ))
    return tuple(result)


@lru_cache(maxsize=None)
def entries_for(criterion_id: str) -> Tuple[Tuple[Entry, re.Pattern], ...]:
    """The entries that mean something for this question, each with one pattern for all its names."""
    found = []
    for entry in entries():
        if criterion_id in entry.means:
            pattern = names_pattern(entry.names, word_forms=True)
            if entry.patterns:  # patterns first: at one place the longer reading wins ("mixed type, HCC and…")
                pattern = re.compile("|".join(f"(?:{p})" for p in entry.patterns) + "|" + pattern.pattern)
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


def _english_forms(name: str) -> str:
    """The regex for an English name with the forms people write of its last word: plurals
    ("lymph nodes", "varices"), -y/-ies ("biopsies"), -is/-es ("metastases"). Short words (ct,
    pet, mi) stay as they are: their plurals are other words."""
    last = re.search(r"[a-z]{4,}$", name)
    if not last:
        return re.escape(name)
    stem = re.escape(name)
    if name.endswith("is"):
        return stem[:-2] + "(?:is|es)"
    if name.endswith("s") and not name.endswith("ss"):
        return stem[:-1] + "s?"  # "palpitations" said of one: "the odd palpitation"
    if name.endswith("y") and name[-2] not in "aeiou":
        return stem[:-1] + "(?:y|ies)"
    return stem + "(?:s|es)?"


def names_pattern(names, word_forms: bool = False) -> re.Pattern:
    """One regex for many names: ASCII names on word boundaries, Chinese anywhere; longest first.
    With word_forms (the lexicons of things people name), English names also match their
    plural forms."""
    parts = []
    for n in sorted(set(names), key=len, reverse=True):
        if not n:
            continue
        if n.isascii():
            left = r"(?<![a-z0-9])" if n[0].isalnum() else ""
            right = r"(?![a-z0-9])" if n[-1].isalnum() else ""
            parts.append(left + (_english_forms(n) if word_forms else re.escape(n)) + right)
        else:
            parts.append(re.escape(n))
    return re.compile("|".join(parts) if parts else r"(?!x)x")


# -- Misspelt names ------------------------------------------------------------------------
# People type brand names as they hear them ("warafin", "tuberclosis", 华法琳, 拜瑞托). A name
# one letter off is read as the name; two letters off (long English names only) is read back.
# Only medicines, and long English condition names, are matched this way: a short Chinese
# disease name one character off is often another disease (肺结核 / 肺结节).
TYPO_MIN_EN = 6  # one edit
TYPO_TWO_EDITS_MIN_EN = 7
TYPO_MIN_EN_CONDITION = 9
TYPO_MIN_ZH = 3  # one character replaced, medicines only


@dataclass(frozen=True)
class Typo:
    entry: Entry
    start: int
    end: int
    name: str
    edits: int


# Words of grammar are not in medicine names: 住过院 is not a misspelt 住着院.
_ZH_GRAMMAR = re.compile(r"[过了着的在不没是有吃打用和就还也都]")


def _two_edits(name: str, entry: Entry) -> bool:
    return entry.source == "medicines" and len(name) >= TYPO_TWO_EDITS_MIN_EN


def _deletes(word: str, depth: int) -> set:
    found, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance (a swap of two letters is one edit)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def edit_distance(a: str, b: str) -> int:
    """How many letters apart two words are (a swap counts once): for other readers' typos."""
    return _edits(a, b)


@lru_cache(maxsize=None)
def _typo_index(criterion_id: str):
    """(English delete-keys -> names, Chinese one-wildcard keys -> names, name -> entry, every
    name of the question's entries), built once per question."""
    en: Dict[str, set] = {}
    zh: Dict[str, set] = {}
    owner: Dict[str, Entry] = {}
    for entry, _ in entries_for(criterion_id):
        for name in entry.names:
            if name.isascii():
                if not re.fullmatch(r"[a-z]+", name):
                    continue
                shortest = TYPO_MIN_EN if entry.source == "medicines" else TYPO_MIN_EN_CONDITION
                if len(name) < shortest:
                    continue
                owner.setdefault(name, entry)
                for key in _deletes(name, 2 if _two_edits(name, entry) else 1):
                    en.setdefault(key, set()).add(name)
            elif entry.source == "medicines" and len(name) >= TYPO_MIN_ZH and re.fullmatch(r"[\u4e00-\u9fff]+", name) \
                    and not _ZH_GRAMMAR.search(name):
                owner.setdefault(name, entry)
                for i in range(1, len(name)):  # the first character as written: 完盐水 is not 挂盐水
                    zh.setdefault(name[:i] + "?" + name[i + 1:], set()).add(name)
    known = frozenset(n for e, _ in entries_for(criterion_id) for n in e.names)
    return en, zh, owner, known


def typos(criterion_id: str, text: str, taken: List[Tuple[int, int]]) -> List[Typo]:
    """Names of this question's entries written one (or two) letters off, outside the spans
    already read (`taken`)."""
    en, zh, owner, known = _typo_index(criterion_id)
    if not owner:
        return []

    def free(a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in taken)

    found: List[Typo] = []
    for m in re.finditer(r"[a-z]{%d,}" % (TYPO_MIN_EN - 1), text):
        word = m.group()
        if word in known or not free(m.start(), m.end()):
            continue
        best = None
        for key in _deletes(word, 2 if len(word) >= TYPO_TWO_EDITS_MIN_EN - 1 else 1):
            for name in en.get(key, ()):
                n = _edits(word, name)
                limit = 2 if _two_edits(name, owner[name]) else 1
                if 0 < n <= limit and (best is None or n < best[1]):
                    best = (name, n)
        if best:
            found.append(Typo(owner[best[0]], m.start(), m.end(), best[0], best[1]))
    if zh:
        for run in re.finditer(r"[\u4e00-\u9fff]{%d,}" % TYPO_MIN_ZH, text):
            for size in sorted({len(k) for k in zh}, reverse=True):
                for i in range(run.start(), run.end() - size + 1):
                    window = text[i:i + size]
                    if window in known or not free(i, i + size) or _ZH_GRAMMAR.search(window):
                        continue
                    names = {n for j in range(1, size) for n in zh.get(window[:j] + "?" + window[j + 1:], ())}
                    if names and len({owner[n].id for n in names}) == 1:  # 华法琳: 华法林 or 华法令, one medicine
                        name = min(names)
                        found.append(Typo(owner[name], i, i + size, name, 1))
                        taken = taken + [(i, i + size)]
    return found
