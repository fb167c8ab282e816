"""The statistical fallback: one character n-gram classifier per question, trained on the
training split of the answer corpus (never the held-out split).

scikit-learn comes with Rasa, so nothing is downloaded. Character n-grams (1 to 4, within
word boundaries) work for English and Chinese alike and survive typos; digits are folded
into one symbol so "62" and "58" look alike. Probabilities are calibrated (sigmoid,
3-fold) where every label has enough examples, so a confidence means roughly what it says.

The models are built by `make model` into models/understanding.pkl (keyed by a hash of the
training file, so a changed corpus is retrained), or in memory on first use.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import re
import threading
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np

from bot.understanding.corpus import CORPUS_DIR, TRAIN, load
from bot.understanding.parsing import normalize

log = logging.getLogger(__name__)

MODEL_FILE = Path(__file__).resolve().parents[2] / "models" / "understanding.pkl"
VALUE = "value"  # the label of any number for the numeric questions
NUMERIC = ("age", "tumour_count", "largest_tumour_cm", "viral_load", "contact_name", "contact_phone")
_lock = threading.Lock()
_models: Optional[Dict[str, object]] = None


SEPARATOR = " \x01 "
UNREAD = object()  # "the caller has not read the rules yet": rule_tokens reads them itself


def features(question: str, text: str, reading: object = UNREAD) -> str:
    """The text (digits folded) and, after a separator, what the rules read in it, so the
    model learns per question how far to trust each rule reading. `reading` is the rule
    reading of a choice answer when the caller already has it (interpret.py), so it is not
    computed twice per message."""
    return fold_digits(text) + SEPARATOR + " ".join(rule_tokens(question, text, reading))


def fold_digits(text: str) -> str:
    """Normalized text with every number as "0": a number's value says nothing about what
    kind of message it is, and "62" and "58" should look alike."""
    return re.sub(r"\d+(?:\.\d+)?", "0", normalize(text))


def rule_tokens(question: str, text: str, reading: object = UNREAD) -> List[str]:
    from datetime import date

    from bot.trial import get_trial
    from bot.understanding import choice
    from bot.understanding.parsing import parse_answer, uncertainty

    trial = get_trial()
    t = normalize(text)
    tokens: List[str] = []
    criterion = trial.criterion(question) if question in trial.criterion_ids else choice.STEPS.get(question)
    if criterion is not None and criterion.answer_type == "choice":
        c = choice.read_choice(criterion, t, date.today()) if reading is UNREAD else reading
        if c is None:
            tokens.append("r_none")
        else:
            tokens += [f"r_{c.key}", f"r_{c.strength}_{c.key}"] + (["r_clarify", f"r_clarify_{c.key}"] if c.clarify else [])
    elif criterion is not None:
        parsed = parse_answer(criterion, text, date.today().year)
        tokens.append("n_ok" if parsed.ok and not parsed.check else ("n_check" if parsed.ok else f"n_{parsed.problem}"))
    unsure = uncertainty(t)
    if unsure:
        tokens.append(f"u_{unsure}")
    return tokens


def _text_part(s: str) -> str:
    return s.split(SEPARATOR)[0]


def char_grams(s: str) -> List[str]:
    """Character 1- to 4-grams of the text part, within word boundaries (space-padded)."""
    grams: List[str] = []
    for word in _text_part(s).split():
        w = f" {word} "
        for n in range(1, 5):
            grams += [w[i:i + n] for i in range(len(w) - n + 1)]
    return grams


def words(s: str) -> List[str]:
    """Words of the text part: jieba for Chinese (it comes with Rasa), spaces for the rest."""
    import jieba

    return [w for w in jieba.lcut(_text_part(s)) if w.strip()]


def word_pairs(s: str) -> List[str]:
    """Words and neighbouring word pairs: a question's topic often lies in two words together
    ("how long", "side effects", 多少 钱) more than in either alone."""
    w = words(s)
    return w + [f"{a}_{b}" for a, b in zip(w, w[1:], strict=False)]


def rule_part(s: str) -> List[str]:
    parts = s.split(SEPARATOR)
    return ["r_any"] + (parts[1].split() if len(parts) > 1 else [])


def text_features(rules: bool, rule_weight: float = 1.0, pairs: bool = False):
    """The features every model here uses: character n-grams and words of the text, and,
    with `rules`, the tokens after the separator (rule readings, cue words) as counts,
    weighted by `rule_weight` (cue words are hints, not answers: the question reader
    weighs them lower). `pairs` adds neighbouring word pairs (the question reader: chosen by
    cross-validation on the training split: +0.9 points of topic accuracy on 6,110
    questions, +0.4 on 7,322)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    parts = [("chars", TfidfVectorizer(analyzer=char_grams, sublinear_tf=True)),
             ("words", TfidfVectorizer(analyzer=word_pairs if pairs else words, sublinear_tf=True))]
    if rules:
        parts.append(("rules", TfidfVectorizer(analyzer=rule_part, use_idf=False, norm=None)))
    return FeatureUnion(parts, transformer_weights={"rules": rule_weight} if rules else None)


def training_label(question: str, label: str) -> str:
    """Numbers, names and phone numbers are one class ("value"): the classifier only says
    whether the person gave one, did not know, or needs asking back."""
    if label in ("not_sure", "prefer_not", "clarify"):
        return label
    if question.split("__")[0] in NUMERIC or ":" in label:
        return VALUE
    return label


FEATURES_VERSION = "9"  # change when features() or the model changes: older files are retrained


def corpus_hash() -> str:
    """What the models depend on: the training file, the lexicons (rule features) and the
    feature version."""
    digest = hashlib.sha256(FEATURES_VERSION.encode())
    from bot.understanding import questions

    files = ([CORPUS_DIR / "answers" / f"{TRAIN}.yml", CORPUS_DIR / "redflags" / f"{TRAIN}.yml"]
             + questions.corpus_files() + sorted((CORPUS_DIR.parent / "lexicons").glob("*.yml")))
    for path in files:
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def train(items: Optional[List[dict]] = None) -> Dict[str, object]:
    import jieba
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    jieba.setLogLevel(logging.WARNING)
    items = load("answers", TRAIN) if items is None else items
    by_question: Dict[str, List[Tuple[str, str]]] = {}
    for item in items:
        # A follow-up (viral_load__hbv) is read by its question's model (probabilities()).
        by_question.setdefault(item["q"].split("__")[0], []).append(
            (features(item["q"], item["text"]), training_label(item["q"], item["label"])))
    models: Dict[str, object] = {}
    for question, pairs in by_question.items():
        texts, labels = zip(*pairs, strict=True)
        counts = Counter(labels)
        if len(counts) < 2:
            continue
        vectorizer = text_features(rules=True)
        base = LogisticRegression(C=8.0, max_iter=3000, class_weight="balanced")
        if min(counts.values()) >= 6:
            model = make_pipeline(vectorizer, CalibratedClassifierCV(base, method="sigmoid", cv=3))
        else:
            model = make_pipeline(vectorizer, base)
        model.fit(list(texts), np.asarray(labels))  # an array: sklearn 1.1 compares y == class
        models[question] = model
    return models


REDFLAGS = "__redflags__"  # the emergency model's key among the models
REDFLAG_CATEGORIES = "__redflag_categories__"
QUESTIONS = "__questions__"  # topic of a question (bot/understanding/questions.py)
QUESTION_CRITERIA = "__question_criteria__"  # the criterion an eligibility question is about


def train_redflags(items: Optional[List[dict]] = None, answers: Optional[List[dict]] = None) -> Dict[str, object]:
    """Emergency or not, and which emergency, from the red-flag corpus's training split:
    a second opinion for wordings the reviewed word list does not hold yet."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    items = load("redflags", TRAIN) if items is None else items
    # Ordinary answers to the questions (answer corpus, training split) are what most
    # messages are: they teach the model what is not an emergency.
    ordinary = [{"text": i["text"], "label": "none"} for i in (load("answers", TRAIN) if answers is None else answers)]
    texts = [fold_digits(i["text"]) for i in items + ordinary]
    if not texts:
        return {}
    items = items + ordinary

    def model():
        return make_pipeline(text_features(rules=False), LogisticRegression(C=8.0, max_iter=3000, class_weight="balanced"))

    emergency = model().fit(texts, np.asarray([i["label"] == "emergency" for i in items]))
    pairs = [(t, i.get("category") or "reported") for t, i in zip(texts, items, strict=True) if i["label"] == "emergency"]
    categories = model().fit([t for t, _ in pairs], np.asarray([c for _, c in pairs]))
    return {REDFLAGS: emergency, REDFLAG_CATEGORIES: categories}


def emergency_probability(text: str) -> Tuple[float, Optional[str]]:
    """(probability that the message reports an emergency now, the likeliest category)."""
    models = _get()
    model, categories = models.get(REDFLAGS), models.get(REDFLAG_CATEGORIES)
    if model is None:
        return 0.0, None
    t = fold_digits(text)
    p = float(model.predict_proba([t])[0][list(model.classes_).index(True)])
    category = str(categories.predict([t])[0]) if categories is not None else None
    return p, category


def build(path: Path = MODEL_FILE) -> Path:
    """Train on the training split and write the models (make model)."""
    models = train_all()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        pickle.dump({"corpus": corpus_hash(), "models": models}, handle)
    tmp.replace(path)
    return path


def _get() -> Dict[str, object]:
    global _models
    if _models is not None:
        return _models
    with _lock:
        if _models is None:
            loaded = None
            if MODEL_FILE.exists():
                try:
                    with MODEL_FILE.open("rb") as handle:
                        data = pickle.load(handle)  # noqa: S301 - our own file, written by build()
                    if data.get("corpus") == corpus_hash():
                        loaded = data["models"]
                except Exception:  # noqa: BLE001 - a stale or broken file is rebuilt in memory
                    log.warning("understanding models could not be read; training in memory")
            _models = loaded if loaded is not None else train_all()
    return _models


def train_all() -> Dict[str, object]:
    from bot.understanding import questions

    return {**train(), **train_redflags(), **questions.train()}


def models() -> Dict[str, object]:
    """All models (loaded once per process)."""
    return _get()


def probabilities(question: str, text: str, reading: object = UNREAD) -> Dict[str, float]:
    """Label -> probability for this question; empty when there is no model for it. A
    follow-up question (viral_load__hcv) without its own model uses its question's model."""
    model = _get().get(question)
    if model is None and "__" in question and not question.endswith("__check"):
        model = _get().get(question.split("__")[0])
    if model is None:
        return {}
    probs = model.predict_proba([features(question, text, reading)])[0]
    return {label: float(p) for label, p in zip(model.classes_, probs, strict=True)}


def reset(models: Optional[Dict[str, object]] = None) -> None:
    """Forget the loaded models, or use these (tests, the report's cross-validation)."""
    global _models
    _models = models


if __name__ == "__main__":
    # Build through the module's own name, so the pickled models point at
    # bot.understanding.classifier (not __main__) and load in every process.
    from bot.understanding import classifier as _module

    print(f"wrote {_module.build()}")
