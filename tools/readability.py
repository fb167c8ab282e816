"""Plain words, measured: every patient-facing text with its reading level.

    python -m tools.readability                 # every text, offenders first, summary last (make readability)
    python -m tools.readability --offenders     # offenders and the summary only
    python -m tools.readability --check         # exit 1 when a hard limit is broken

Why: the people this assistant talks to are older, often ill, and many read with difficulty
(in 2023 fewer than a third of Chinese residents met the national health-literacy standard;
see ../shared/reference/clinical-criteria.md, section 2.1). A sentence that reads well to the
team that wrote it can still lose a patient. So every text a patient can see is measured,
in both languages, from the same files the assistant speaks from:

- the trial definition (trials/*.yml, loaded and validated by bot/trial.py): the study's name
  and summary, consent, FAQ questions and answers, option labels, questions, why-texts,
  reasons, answer formats and the site-only checks listed in outcomes;
- the responses of domain.yml (English = the variation without a condition, Chinese = the
  one with ``language: zh``, as bot/responses.py picks them), with their button titles.

English: the Flesch-Kincaid grade (textstat 0.7.3, which works offline) after markup, links,
button payloads and {placeholders} are stripped. Texts of fewer than MIN_WORDS words (button
and option labels such as "Dialysis") are listed but not graded: the formula needs sentences,
and one long word would give a 3-word label a grade of 20.
Chinese: sentences split on 。！？；!? and line breaks; a sentence longer than 30 characters
with no break inside (，、：,) is flagged.
Both: the medical terms of bot/medical_terms.yml that appear in a text without being
explained in that same text (a bracket with words in it, 比如/就是/叫…, "such as"/"called"…,
or one of the term's listed explanation words).

Targets (issue 13): every English text at most grade 8, median at most grade 6; no long
Chinese sentence; no unexplained term. tests/unit/test_readability.py fails only on the hard
limits: an English text over grade 10, or an unexplained term.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import textstat
import yaml

from bot.trial import Text, TrialDefinition, load_trial

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_FILE = ROOT / "domain.yml"
TERMS_FILE = ROOT / "bot" / "medical_terms.yml"

TARGET_GRADE = 8.0  # every English text
TARGET_MEDIAN = 6.0
FAIL_GRADE = 10.0  # the unit test fails above this
MIN_WORDS = 4  # fewer words: a label, listed but not graded
RUNNING_WORDS = 10  # texts this long are "running text": their median is printed too
MAX_ZH_RUN = 30  # characters a Chinese sentence may run without a break

ZH_SENTENCE_END = re.compile(r"[。！？；!?\n]+")
ZH_BREAK = re.compile(r"[，、：,:]")
CJK = re.compile(r"[\u4e00-\u9fff]")

# Words that introduce an explanation next to a term (after it, or before it).
CUES_AFTER = {
    "en": ("such as", "like", "that is", "means", "meaning", "for example", "i.e.", "is a ", "is an ", "which is", "is when",
           "mean?"),
    "zh": ("比如", "例如", "就是", "也就是", "是指", "意思是", "是一种", "指的是", "是什么", "什么意思"),
}
CUES_BEFORE = {
    "en": ("called", "known as", "this is", "that is", "what is", "what does", "what are"),
    "zh": ("叫", "叫做", "称为", "也就是", "就是", "什么是"),
}
CUE_WINDOW = {"en": 30, "zh": 12}  # characters between a term and its cue
BRACKET_GAP = 3  # characters allowed between a term and its bracket (a closing quote, 治疗)


# ----------------------------------------------------------------------------------
# Collecting the texts
# ----------------------------------------------------------------------------------


@dataclass
class Item:
    """One patient-facing text in one language, and where it lives."""

    where: str
    lang: str
    text: str


def _text(where: str, value: Text) -> Iterator[Item]:
    yield Item(f"{where}.en", "en", value.en)
    yield Item(f"{where}.zh", "zh", value.zh)


def trial_items(trial: TrialDefinition) -> List[Item]:
    """Every patient-facing text of the trial definition (not the free-text `words`)."""
    items: List[Item] = []
    info = trial.trial
    for name, value in (("trial.name", info.name), ("trial.summary", info.summary), ("trial.site.name", info.site.name),
                        ("trial.site.city", info.site.city), ("trial.site_contact.name", info.site_contact.name)):
        items += _text(name, value)
    for i, step in enumerate(info.next_steps):
        items += _text(f"trial.next_steps.{i}", step)
    items += _text("consent.prescreen", trial.consent.prescreen.text)
    items += _text("consent.share", trial.consent.share.text)
    for topic in trial.faq:
        items += _text(f"faq.{topic.id}.question", topic.question)
        items += _text(f"faq.{topic.id}.answer", topic.answer)
    for kind, texts in (("not_sure", trial.common_options.not_sure), ("prefer_not", trial.common_options.prefer_not)):
        for key, value in texts.items():
            items += _text(f"common_options.{kind}.{key}", value)
    for key in ("meets", "unknown", "site_only"):
        items += _text(f"reasons.{key}", getattr(trial.reasons, key))
    for key, value in trial.formats.items():
        items += _text(f"formats.{key}", value)
    for c in trial.criteria:
        for part in ("label", "question", "why", "not_met"):
            if getattr(c, part) is not None:  # a step has no not_met text
                items += _text(f"criteria.{c.id}.{part}", getattr(c, part))
        if c.question_other is not None:  # measured as a relative reads it: "your father", 您父亲
            filled = {lang: getattr(c.question_other, lang).format(patient=who, Patient=who[:1].upper() + who[1:])
                      for lang, who in (("en", "your father"), ("zh", "您父亲"))}
            items += _text(f"criteria.{c.id}.question_other", type(c.question_other)(**filled))
        for option in c.options:
            items += _text(f"criteria.{c.id}.options.{option.key}", option.label)
            for extra in ("label_other", "about"):
                if getattr(option, extra) is not None:
                    items += _text(f"criteria.{c.id}.options.{option.key}.{extra}", getattr(option, extra))
    for check in trial.site_only_checks:
        items += _text(f"site_only_checks.{check.id}", check.label)
    return items


def _variation_lang(variation: Dict[str, Any]) -> Optional[str]:
    """The language of a response variation, by bot/responses.py's rule (None: another condition)."""
    conditions = variation.get("condition") or []
    if not conditions:
        return "en"
    languages = {c.get("value") for c in conditions if c.get("name") == "language"}
    return languages.pop() if len(languages) == 1 and len(conditions) == 1 else None


def domain_items(domain: Dict[str, Any]) -> List[Item]:
    """Every response text and button title of domain.yml, per language (payloads are not shown)."""
    items: List[Item] = []
    for name, variations in (domain.get("responses") or {}).items():
        for variation in variations:
            lang = _variation_lang(variation)
            if lang is None:
                continue
            if variation.get("text"):
                items.append(Item(f"domain.{name}.{lang}", lang, variation["text"]))
            for i, button in enumerate(variation.get("buttons") or []):
                items.append(Item(f"domain.{name}.buttons.{i}.{lang}", lang, button.get("title", "")))
    return items


def collect(trial: Optional[TrialDefinition] = None, domain_file: Path = DOMAIN_FILE) -> List[Item]:
    """All patient-facing texts, trial definition first; a text shown in several places is kept once per place."""
    trial = trial or load_trial()
    domain = yaml.safe_load(domain_file.read_text(encoding="utf-8"))
    return trial_items(trial) + domain_items(domain)


# ----------------------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------------------


def strip_markup(text: str) -> str:
    """The words a person reads: no links, markup, {placeholders}; line breaks end sentences."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [words](link) -> words
    text = re.sub(r"https?://\S+|www\.\S+", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\{[^{}]*\}", " ", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = re.sub(r"^/[a-z_]+\S*$", " ", text.strip())  # a bare /intent payload
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t]+", " ", line).strip(" -•")
        line = re.sub(r"\s+([,.;:!?，。；：！？])", r"\1", line)
        line = re.sub(r"^[,.;:!?，。；：！？\s]+", "", line)
        if line:
            lines.append(line)
    return "\n".join(lines)


def english_words(text: str) -> int:
    return len(re.findall(r"[A-Za-z][A-Za-z'’-]*|\d[\d.,/]*", text))


def fk_grade(text: str) -> Optional[float]:
    """Flesch-Kincaid grade of cleaned English text; None when it is too short to grade."""
    if english_words(text) < MIN_WORDS:
        return None
    # Each line is a sentence (lists and headings have no full stop).
    sentences = [line if re.search(r"[.!?:]$", line) else line + "." for line in text.split("\n")]
    return float(textstat.flesch_kincaid_grade(" ".join(sentences)))


def split_zh_sentences(text: str) -> List[str]:
    """Chinese sentences: split on 。！？；!? and line breaks, spaces removed, empty ones dropped."""
    return [s for s in (re.sub(r"\s+", "", part) for part in ZH_SENTENCE_END.split(text)) if s]


def long_zh_sentences(sentences: Sequence[str], limit: int = MAX_ZH_RUN) -> List[str]:
    """Sentences over `limit` characters without any break (，、：,) inside."""
    return [s for s in sentences if len(s) > limit and not ZH_BREAK.search(s)]


@dataclass
class Term:
    """A medical term, its names per language and the everyday words that explain it."""

    term: str
    names: Dict[str, List[str]]
    explained_by: Dict[str, List[str]]


@lru_cache(maxsize=None)
def _load_terms(path: str) -> Tuple[Term, ...]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return tuple(Term(t["term"], {k: list(v or []) for k, v in (t.get("names") or {}).items()},
                      {k: list(v or []) for k, v in (t.get("explained_by") or {}).items()}) for t in raw["terms"])


def load_terms(path: Path = TERMS_FILE) -> Tuple[Term, ...]:
    return _load_terms(str(path))


def _find(name: str, text: str) -> Optional[re.Match]:
    """The first place `name` appears: case-insensitive, whole words for Latin names."""
    pattern = re.escape(name)
    if re.match(r"[A-Za-z0-9]", name):
        pattern = r"(?<![A-Za-z0-9])" + pattern
    if re.search(r"[A-Za-z0-9]$", name):
        pattern += r"(?![A-Za-z0-9])"
    return re.search(pattern, text, re.I)


def _has_words(content: str, lang: str) -> bool:
    """Bracket content that explains: Chinese words, or English words beyond abbreviations."""
    return bool(CJK.search(content)) if lang == "zh" else bool(re.search(r"[a-z]{3,}", content))


def _inside_bracket(text: str, pos: int) -> bool:
    opened = max(text.rfind("(", 0, pos), text.rfind("（", 0, pos))
    closed = max(text.rfind(")", 0, pos), text.rfind("）", 0, pos))
    return opened > closed


def explained_at(text: str, start: int, end: int, term: Term, lang: str) -> bool:
    """Is the term at text[start:end] explained in this text? See the module docstring."""
    low = text.lower()
    if any(word.lower() in low for word in term.explained_by.get(lang, [])):
        return True
    after = text[end:end + BRACKET_GAP + 1]
    cue_from = end
    m = re.search(r"[(（]", after)
    if m:
        close = re.search(r"[)）]", text[end + m.end():])
        content = text[end + m.end(): end + m.end() + close.start()] if close else text[end + m.end():]
        if _has_words(content, lang):
            return True
        cue_from = end + m.end() + len(content) + 1  # "X (Y) means …": the cue after the bracket is about X
    if _inside_bracket(text, start):
        return True
    window = CUE_WINDOW[lang]
    sentence_after = re.split(r"[.!?。！？；\n]", text[cue_from:cue_from + window])[0].lower()
    sentence_before = re.split(r"[.!?。！？；\n]", text[max(0, start - window):start])[-1].lower()
    if any(cue in (" " + sentence_after) for cue in CUES_AFTER[lang]):
        return True
    return any(cue in sentence_before for cue in CUES_BEFORE[lang])


def unexplained_terms(text: str, lang: str, terms: Sequence[Term]) -> List[str]:
    """Terms used in the text whose first use is not explained in the same text."""
    found = []
    for term in terms:
        names = term.names.get(lang, [])
        hits = [m for m in (_find(n, text) for n in names) if m]
        if not hits:
            continue
        first = min(hits, key=lambda m: m.start())
        if not explained_at(text, first.start(), first.end(), term, lang):
            found.append(term.term)
    return found


@dataclass
class Measured:
    item: Item
    clean: str
    grade: Optional[float] = None  # English only
    sentences: List[str] = field(default_factory=list)  # Chinese only
    long_sentences: List[str] = field(default_factory=list)
    unexplained: List[str] = field(default_factory=list)


def measure(items: Sequence[Item], terms: Optional[Sequence[Term]] = None) -> List[Measured]:
    terms = load_terms() if terms is None else terms
    results = []
    for item in items:
        clean = strip_markup(item.text)
        m = Measured(item, clean, unexplained=unexplained_terms(clean, item.lang, terms))
        if item.lang == "zh":
            m.sentences = split_zh_sentences(clean)
            m.long_sentences = long_zh_sentences(m.sentences)
        elif not CJK.search(clean):  # "中文" on the English language button is not English
            m.grade = fk_grade(clean)
        results.append(m)
    return results


@dataclass
class Summary:
    en_texts: int
    en_graded: int
    median: Optional[float]
    median_running: Optional[float]  # texts of RUNNING_WORDS words or more, without the short ones
    max_grade: Optional[float]
    over_target: int
    over_fail: int
    zh_texts: int
    zh_sentences: int
    zh_long: int
    unexplained_en: int
    unexplained_zh: int


def summarise(results: Sequence[Measured]) -> Summary:
    en = [r for r in results if r.item.lang == "en"]
    grades = [r.grade for r in en if r.grade is not None]
    running = [r.grade for r in en if r.grade is not None and english_words(r.clean) >= RUNNING_WORDS]
    zh = [r for r in results if r.item.lang == "zh"]
    return Summary(
        en_texts=len(en), en_graded=len(grades),
        median=statistics.median(grades) if grades else None,
        median_running=statistics.median(running) if running else None, max_grade=max(grades) if grades else None,
        over_target=sum(g > TARGET_GRADE for g in grades), over_fail=sum(g > FAIL_GRADE for g in grades),
        zh_texts=len(zh), zh_sentences=sum(len(r.sentences) for r in zh), zh_long=sum(len(r.long_sentences) for r in zh),
        unexplained_en=sum(len(r.unexplained) for r in en), unexplained_zh=sum(len(r.unexplained) for r in zh),
    )


# ----------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------


def _one_line(text: str, width: int = 110) -> str:
    flat = " / ".join(text.split("\n"))
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def report(results: Sequence[Measured], offenders_only: bool = False) -> str:
    out: List[str] = []
    en = [r for r in results if r.item.lang == "en"]
    zh = [r for r in results if r.item.lang == "zh"]
    hard = sorted((r for r in en if r.grade is not None and r.grade > TARGET_GRADE), key=lambda r: -(r.grade or 0))
    out.append(f"== Offenders: English texts over grade {TARGET_GRADE:g} (the test fails over {FAIL_GRADE:g}) ==")
    out += [f"  {r.grade:5.1f}  {r.item.where}: {_one_line(r.clean)}" for r in hard] or ["  none"]
    out.append(f"== Offenders: Chinese sentences over {MAX_ZH_RUN} characters without a break ==")
    out += [f"  {len(s):3d}  {r.item.where}: {s}" for r in zh for s in r.long_sentences] or ["  none"]
    out.append("== Offenders: medical terms not explained in the same text (the test fails on any) ==")
    out += [f"  {', '.join(r.unexplained)}  {r.item.where}: {_one_line(r.clean)}" for r in results if r.unexplained] or ["  none"]
    if not offenders_only:
        out.append("== English texts (Flesch-Kincaid grade; '-' = a label too short to grade) ==")
        for r in en:
            grade = "  -  " if r.grade is None else f"{r.grade:5.1f}"
            out.append(f"  {grade}  {r.item.where}: {_one_line(r.clean)}")
        out.append("== Chinese texts (sentences, longest sentence in characters) ==")
        for r in zh:
            longest = max((len(s) for s in r.sentences), default=0)
            out.append(f"  {len(r.sentences):2d} {longest:3d}  {r.item.where}: {_one_line(r.clean)}")
    s = summarise(results)
    median = "-" if s.median is None else f"{s.median:.1f}"
    running = "-" if s.median_running is None else f"{s.median_running:.1f}"
    top = "-" if s.max_grade is None else f"{s.max_grade:.1f}"
    out.append("== Summary ==")
    out.append(f"  English: {s.en_texts} texts ({s.en_graded} graded, {s.en_texts - s.en_graded} labels too short to grade); "
               f"median grade {median} (target ≤ {TARGET_MEDIAN:g}; {running} for texts of {RUNNING_WORDS}+ words), max {top}; "
               f"over grade {TARGET_GRADE:g}: {s.over_target}, over {FAIL_GRADE:g}: {s.over_fail}")
    out.append(f"  Chinese: {s.zh_texts} texts, {s.zh_sentences} sentences; "
               f"over {MAX_ZH_RUN} characters without a break: {s.zh_long}")
    out.append(f"  Unexplained medical terms: {s.unexplained_en + s.unexplained_zh} "
               f"(English {s.unexplained_en}, Chinese {s.unexplained_zh})")
    return "\n".join(out)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--offenders", action="store_true", help="print only the offenders and the summary")
    parser.add_argument("--check", action="store_true", help=f"exit 1 over grade {FAIL_GRADE:g} or on an unexplained term")
    args = parser.parse_args(argv)
    results = measure(collect())
    print(report(results, offenders_only=args.offenders))
    s = summarise(results)
    return 1 if args.check and (s.over_fail or s.unexplained_en or s.unexplained_zh) else 0


if __name__ == "__main__":
    sys.exit(main())
