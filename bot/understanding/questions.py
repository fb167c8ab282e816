"""Questions people ask, in their own words: which topic of the trial definition's `faq`
they are about, and, for "can someone with X join?", which criterion X is.

A message is read here after the red-flag check. The topic model is trained on the question
corpus's training split (plus a small developer-written seed, never measured) with ordinary
answers to the screening questions as the "not a question about the study" class, so an
answer typed at a question is not taken for a question. The criterion model learns each
criterion's words from the eligibility questions and from the answer corpus (people name
their illnesses and medicines the same way when they ask as when they answer).

Why a model and not a keyword list: people ask the same thing a hundred ways ("is it free",
"do we pay", 要自费吗, 医保能报吗) and a keyword list only knows the lines it was written from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

import numpy as np
import yaml

from bot.understanding.corpus import CORPUS_DIR, TRAIN, load
from bot.understanding.parsing import normalize

LEXICONS = CORPUS_DIR.parent / "lexicons"
NONE = "none"  # not a question about the study: an answer, a greeting, a command
SEED = "seed"  # developer-written examples: training only, never measured
TOPIC_CONFIDENT = 0.4  # below this the message is not filed under a topic
CRITERION_CONFIDENT = 0.35  # below this an eligibility question names no particular criterion
QUESTION_WINS = 0.5  # a clear question this sure of its topic is answered even if it reads as an answer
CUE_WEIGHT = 0.2  # the cue words (lexicons/questions.yml) against the text's own n-grams
GUESSES = 2  # an unsure question put as one: this many likely topics are offered as buttons
GUESS_MIN = 0.12  # a topic less likely than this is not offered

_QUESTION_WORDS_EN = re.compile(
    r"^(what|whats|what's|how|why|when|where|who|whom|which|can|could|is|are|am|do|does|did|will|would|"
    r"should|may|shall|has|have|any)\b")
# Requests that ask as a question does ("tell me about the drug", 想了解一下, 把地址发我).
_ASKING_EN = re.compile(r"^(tell me|please tell|pls tell|need to know|want to know|wanna know|would like to know|"
                        r"i'd like to know|wondering|i wonder|just wondering|explain|info on|information on|information about|"
                        r"details on|"
                        r"need (the|some|more) (info|information|details|address|number)|curious about|any info)\b")
_ASKING_ZH = re.compile(r"想了解|想知道|了解一下|说一下|讲一下|介绍一下|解释一下|告诉我|发我|发给我|给我说说|说说看|求问|请教")
_QUESTION_MARKS_ZH = re.compile(
    r"(吗|呢|么|嘛|吧)[啊呀哦呀~～。.!！]*$|什么|啥|怎么|怎样|为什么|为何|为啥|多少|哪里|哪儿|哪个|哪些|哪家|几次|几天|几个月|几年|"
    r"多久|多长|多大|能不能|可不可以|可以不|是不是|要不要|会不会|有没有|用不用|需不需要|咋|干嘛|干吗|请问|想问|咨询")


@dataclass(frozen=True)
class Question:
    """What the reader made of a message: the topic (a faq id, or None when it is not a
    question about the study or the reader is unsure), how sure, the criterion an
    eligibility question is about, and whether the message is put as a question."""

    topic: Optional[str]
    confidence: float
    criterion: Optional[str] = None
    asked: bool = False
    guesses: Tuple[str, ...] = ()  # unsure, but put as a question: the likeliest topics, to offer


def looks_like_question(text: str) -> bool:
    """Put as a question: a question mark, 吗/呢 at the end, a question word, or a request
    that asks ("tell me about…", 想了解一下). Used to let a clear question win over an answer
    reading of the same message, and to offer topics when the reader is unsure."""
    t = normalize(text)
    if not t:
        return False
    if t.rstrip(" .!~").endswith("?"):  # "Bleeding? None." is an answer that echoes the question
        return True
    if _QUESTION_WORDS_EN.search(t) or _ASKING_EN.search(t):
        return True
    return bool(_QUESTION_MARKS_ZH.search(t) or _ASKING_ZH.search(t))


@lru_cache(maxsize=1)
def _cues() -> Dict[str, List[Tuple[str, "re.Pattern[str]"]]]:
    """The topic cue words (lexicons/questions.yml), compiled: English on word starts,
    Chinese anywhere."""
    with (LEXICONS / "questions.yml").open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=yaml.BaseLoader) or {}
    cues: Dict[str, List[Tuple[str, re.Pattern]]] = {}
    for topic, by_lang in data.items():
        for word in [w for lang in ("en", "zh") for w in (by_lang or {}).get(lang, [])]:
            w = normalize(word)
            pattern = re.escape(w) if not w.isascii() else r"(?<![a-z0-9])" + re.escape(w)
            cues.setdefault(topic, []).append((w, re.compile(pattern)))
    return cues


def cue_tokens(text: str) -> List[str]:
    """One token per topic whose cue words the message holds (and how many), and whether
    it is put as a question."""
    t = normalize(text)
    tokens = []
    for topic, patterns in _cues().items():
        hits = sum(1 for _, p in patterns if p.search(t))
        if hits:
            tokens += [f"c_{topic}"] + ([f"c2_{topic}"] if hits > 1 else [])
    if looks_like_question(text):
        tokens.append("c_asked")
    return tokens


def _prepare(text: str) -> str:
    """Digits folded (a number's value says nothing about the topic), then the cues."""
    from bot.understanding.classifier import SEPARATOR, fold_digits

    return fold_digits(text) + SEPARATOR + " ".join(cue_tokens(text))


def read(text: str, only_if_asked: bool = False) -> Question:
    """The topic of a typed message, or Question(None, …) when it is not a question about the
    study (or the reader is not sure enough to answer it). `only_if_asked`: a message not put
    as a question is not read at all (inside the form, where only such messages are answered
    as questions, this spares the model on every plain answer)."""
    from bot.understanding import classifier

    if not text or not text.strip() or text.lstrip().startswith("/"):
        return Question(None, 0.0)
    if only_if_asked and not looks_like_question(text):
        return Question(None, 0.0)
    models = classifier.models()
    topic_model = models.get(classifier.QUESTIONS)
    if topic_model is None:
        return Question(None, 0.0)
    probs = topic_model.predict_proba([_prepare(text)])[0]
    best = int(np.argmax(probs))
    topic, p = str(topic_model.classes_[best]), float(probs[best])
    asked = looks_like_question(text)
    if topic == NONE or p < TOPIC_CONFIDENT:
        # Clarify, never guess: a question the reader cannot file offers its likeliest topics.
        ranked = sorted(((float(q), str(c)) for c, q in zip(topic_model.classes_, probs, strict=True) if c != NONE),
                        reverse=True)
        guesses = tuple(c for q, c in ranked[:GUESSES] if q >= GUESS_MIN) if asked else ()
        return Question(None, p, asked=asked, guesses=guesses)
    criterion = None
    if topic == "eligibility":
        criterion = about_criterion(text)
    return Question(topic, p, criterion, asked)


def about_criterion(text: str, min_p: float = CRITERION_CONFIDENT) -> Optional[str]:
    """The criterion an eligibility question is about ("she had TACE last year" → the
    earlier-treatment criterion), or None when no criterion stands out."""
    from bot.understanding import classifier

    model = classifier.models().get(classifier.QUESTION_CRITERIA)
    if model is None:
        return None
    probs = model.predict_proba([_prepare(text)])[0]
    best = int(np.argmax(probs))
    label, p = str(model.classes_[best]), float(probs[best])
    return None if label == NONE or p < min_p else label


# -- training ------------------------------------------------------------------------------

def training_items() -> List[dict]:
    """The question corpus's training split and the seed (the held-out split is never used)."""
    return load("questions", TRAIN) + load("questions", SEED)


ANSWER_SAMPLE = 10  # every 10th answer: enough to learn what an answer looks like, not so many that questions drown


def _ordinary_answers(answers: List[dict]) -> List[str]:
    """Answers to the screening questions: what most messages during a screening are."""
    return [i["text"] for i in answers[::ANSWER_SAMPLE]]


def train(items: Optional[List[dict]] = None, answers: Optional[List[dict]] = None) -> Dict[str, object]:
    """The topic model and the criterion model (see the module docstring)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    from bot.understanding import classifier

    items = training_items() if items is None else items
    answers = load("answers", TRAIN) if answers is None else answers
    if not items:
        return {}

    def pipeline():
        # The head, C, word pairs, the cue words' weight and the answer sample were chosen by
        # cross-validation on the training split, never on the held-out split (cue weight
        # 1 -> 0.2: topic right 80.5% -> 83.5%, 4,481 questions; a linear SVM with sigmoid
        # calibration instead of logistic regression: as accurate, 15 times faster to train;
        # word pairs: +0.9 points on 6,110 questions, +0.4 on 7,322).
        head = CalibratedClassifierCV(LinearSVC(C=2.0, class_weight="balanced"), method="sigmoid", cv=3)
        return make_pipeline(classifier.text_features(rules=True, rule_weight=CUE_WEIGHT, pairs=True), head)

    pairs: List[Tuple[str, str]] = [(_prepare(i["text"]), i["label"]) for i in items]
    pairs += [(_prepare(t), NONE) for t in _ordinary_answers(answers)]
    texts, labels = zip(*pairs, strict=True)
    topics = pipeline().fit(list(texts), np.asarray(labels))

    from bot.trial import get_trial

    criteria = set(get_trial().criterion_ids)
    crit_pairs = [(_prepare(i["text"]), i["criterion"]) for i in items
                  if i["label"] == "eligibility" and i.get("criterion") in criteria]
    crit_pairs += [(_prepare(i["text"]), NONE) for i in items
                   if i["label"] == "eligibility" and i.get("criterion") == NONE]
    # A follow-up (viral_load__hbv) is about its question (viral_load).
    crit_pairs += [(_prepare(i["text"]), i["q"].split("__")[0]) for i in answers
                   if i.get("q") in criteria and _says_something(i["text"])]
    models: Dict[str, object] = {classifier.QUESTIONS: topics}
    if len({c for _, c in crit_pairs}) >= 2:
        ct, cl = zip(*crit_pairs, strict=True)
        models[classifier.QUESTION_CRITERIA] = pipeline().fit(list(ct), np.asarray(cl))
    return models


def _says_something(text: str) -> bool:
    """An answer that names its subject ("I take warfarin"), not a bare "no" or "不知道"."""
    t = normalize(text)
    return len(t.split()) >= 3 or len(re.findall(r"[\u4e00-\u9fff]", t)) >= 5


def corpus_files() -> List:
    return [CORPUS_DIR / "questions" / f"{TRAIN}.yml", CORPUS_DIR / "questions" / f"{SEED}.yml"]
