"""How well the assistant understands what people write, measured on the labelled corpora.

    python -m tools.understand_report            # answers and red flags (make understand-report)
    python -m tools.understand_report redflags   # red flags only (make redflag-report)
    python -m tools.understand_report questions  # questions people ask (make nlu-report)

For every answer in the corpus (bot/understanding/corpus/answers) the question's reading is
compared with the label a careful nurse gave it:
- right at the first try: recorded the labelled value, or asked back where the label is
  "clarify";
- clarified: asked back (read back or asked again) where a value could have been recorded;
- wrong: recorded something else;
- wrong exclusion: recorded an answer that excludes the person (or an age, viral load, size
  or count that makes it more likely) where the label does not. These are listed first.
Figures are printed per question, language and split; the held-out split is the one that
counts (rules and models are built from the training split only). Training-split figures
are cross-validated (5 folds) so they are not flattered by the classifier having seen them. Results also go to
results/understanding/report.json.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from bot.rules import DOES_NOT_MEET, age_verdict, viral_load_verdict
from bot.trial import get_trial
from bot.understanding import classifier, interpret, redflags
from bot.understanding.corpus import HELDOUT, TRAIN, load
from bot.understanding.parsing import bounds, national_number

TODAY = date(2026, 11, 25)  # the date the corpus was written against ("two years ago", ages)
OUT = Path("results/understanding")


# ----------------------------------------------------------------------------------
# Answers
# ----------------------------------------------------------------------------------


def label_bounds(label: str) -> Optional[Tuple[float, float, Optional[str]]]:
    """'5' -> (5, 5, None); '~5' -> approx; '<3' -> (0, 3, lt); '2-3' -> range; '>10' -> gt."""
    m = re.fullmatch(r"\s*([~<>])?\s*(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?\s*", label)
    if not m:
        return None
    sign, a, b = m.group(1), float(m.group(2)), m.group(3)
    if b is not None:
        return a, float(b), "range"
    return {None: (a, a, None), "~": (a, a, "approx"), "<": (0.0, a, "lt"), ">": (a, float("inf"), "gt")}[sign]


def same_number(value: Any, label: str) -> bool:
    lb = label_bounds(label)
    if lb is None:
        return False
    low, high, qualifier = lb
    if isinstance(value, dict) and "low" in value and "high" in value and "value" not in value:  # age
        return (value["low"], value["high"]) == (low, high)
    if isinstance(value, dict):
        q = value.get("qualifier")
        number = value.get("value")
        if qualifier == "range":
            return q == "range" and (value.get("low"), value.get("high")) == (low, high)
        if qualifier in ("approx", "lt", "gt"):
            return q == qualifier and abs(float(number) - (high if qualifier == "lt" else low)) < 1e-6
        # "about 2 cm" labelled 2: the reading keeps the "about" the label left out; same value.
        return qualifier is None and q == "approx" and number is not None and abs(float(number) - low) < 1e-6
    if qualifier is not None:
        return False
    return isinstance(value, (int, float)) and abs(float(value) - low) < 1e-6


def viral_value(label: str) -> Optional[dict]:
    if label == "below_detection":
        return {"below_detection": True}
    m = re.fullmatch(r"\s*([~<>])?\s*(\d+(?:\.\d+)?)\s+(IU/mL|copies/mL)\s*", label)
    if not m:
        return None
    sign, number, unit = m.group(1), float(m.group(2)), m.group(3)
    q = {None: None, "~": "approx", "<": "lt", ">": "gt"}[sign]
    return {"value": number, "unit": unit, **({"qualifier": q} if q else {})}


def same_viral(value: Any, label: str) -> bool:
    expected = viral_value(label)
    if expected is None or not isinstance(value, dict):
        return False
    if expected.get("below_detection"):
        return value.get("below_detection") is True
    return (value.get("unit") == expected["unit"] and isinstance(value.get("value"), (int, float))
            and abs(float(value["value"]) - expected["value"]) < 1e-6 * max(1.0, expected["value"])
            and value.get("qualifier") == expected.get("qualifier"))


def judge(question: str, label: str, reading: interpret.Reading) -> Tuple[str, bool]:
    """('right' | 'clarified' | 'wrong', wrong_exclusion)."""
    trial = get_trial()
    asked_back = reading.kind in (interpret.CHECK, interpret.UNCLEAR)
    if label == "clarify":
        if asked_back:
            return "right", False
        return "wrong", _excludes(question, reading.value, label)
    if asked_back:
        return "clarified", False
    value = reading.value
    if label in ("not_sure", "prefer_not"):
        ok = value == label or (label == "prefer_not" and value == "not_sure" and question not in trial.criterion_ids)
        return ("right" if ok else "wrong"), (not ok and _excludes(question, value, label))
    if question in trial.criterion_ids:
        c = trial.criterion(question)
        if c.answer_type == "choice":
            ok = value == label
        elif c.answer_type == "viral_load":
            ok = same_viral(value, label)
        else:
            ok = same_number(value, label)
    elif question in ("consent_prescreen", "consent_share", "confirm_answers"):
        ok = value == label
    elif question == "contact_name":
        ok = isinstance(value, str) and label.startswith("name:") and value.strip().lower() == label[5:].strip().lower()
    elif question == "contact_phone":
        # +86 13812345678, 0086 13812345678 and 13812345678 are one number
        ok = (isinstance(value, str) and label.startswith("phone:")
              and national_number(value) == national_number(label[6:].strip()))
    elif question == "contact_time":
        ok = value == label or (label == "free" and value not in ("morning", "afternoon", "evening", "any_time"))
    else:
        ok = value == label
    return ("right" if ok else "wrong"), (not ok and _excludes(question, value, label))


def _excludes(question: str, value: Any, label: str) -> bool:
    """Would the recorded value exclude (or push towards excluding) where the label does not?"""
    trial = get_trial()
    if question in ("consent_prescreen", "consent_share"):
        return value == "no" and label != "no"
    if question not in trial.criterion_ids:
        return False
    c = trial.criterion(question)
    if c.answer_type == "choice":
        option = c.option(value) if isinstance(value, str) else None
        wanted = c.option(label)  # None for clarify / not sure: nothing there excludes
        return bool(option and option.verdict == DOES_NOT_MEET and value != label
                    and (wanted is None or wanted.verdict != DOES_NOT_MEET))
    if c.answer_type == "age":
        expected = label_bounds(label)
        if not isinstance(value, dict) or age_verdict(value, c.rule) != DOES_NOT_MEET:
            return False
        return expected is None or age_verdict({"low": expected[0], "high": expected[1]}, c.rule) != DOES_NOT_MEET
    if c.answer_type == "viral_load":
        virus = c.virus or "hbv"  # viral_load__hcv has only the HCV limit
        got = viral_load_verdict(virus, value, c.rule) if isinstance(value, dict) else None
        expected = viral_value(label)
        want = viral_load_verdict(virus, expected, c.rule) if expected else None
        return got == DOES_NOT_MEET and want != DOES_NOT_MEET
    # Size and count: a smaller number than the truth moves the up-to-seven sum towards "within".
    got, expected = bounds(value), label_bounds(label)
    if got is None:
        return False
    if expected is None:
        # Labelled "ask back": a reading that keeps the person's own uncertainty (a range, "about",
        # "under 2 cm") has not guessed, and the verdict uses both ends (unknown where they
        # straddle the limit); an exact number has guessed.
        return not (isinstance(value, dict) and value.get("qualifier") in ("range", "approx", "lt", "gt"))
    return got[0] < expected[0] - 1e-6


FOLDS = 5


def read_item(item: dict, today: date = TODAY) -> interpret.Reading:
    """An answer-corpus item read as the form reads it: a criterion's answer, or a step's."""
    trial = get_trial()
    if item["q"] in trial.criterion_ids:
        return interpret.read(trial.criterion(item["q"]), item["text"], today)
    return interpret.read_step(item["q"], item["text"])


def _evaluation_sets(splits) -> List[Tuple[str, List[dict], Optional[Dict[str, object]]]]:
    """(split, items, models): the training split is read in 5 folds, each with models trained
    on the other four (cross-validation: no item is read by a model that learnt it); the
    held-out split with the models trained on the whole training split."""
    sets: List[Tuple[str, List[dict], Optional[Dict[str, object]]]] = []
    for split in splits:
        items = load("answers", split)
        if split != TRAIN:
            sets.append((split, items, None))
            continue
        for k in range(FOLDS):
            test = [i for n, i in enumerate(items) if n % FOLDS == k]
            learn = [i for n, i in enumerate(items) if n % FOLDS != k]
            sets.append((split, test, classifier.train(learn)))
    return sets


def answers_report(splits=(TRAIN, HELDOUT)) -> Dict[str, Any]:
    rows: Dict[Tuple[str, str, str], Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    exclusions: List[dict] = []
    wrong_examples: Dict[str, List[dict]] = defaultdict(list)
    timings: List[float] = []
    for split, items, models in _evaluation_sets(splits):
        classifier.reset(models)
        for item in items:
            q, label = item["q"], str(item["label"])
            start = time.perf_counter()
            reading = read_item(item)
            timings.append(time.perf_counter() - start)
            verdict, excl = judge(q, label, reading)
            row = rows[(q, item["lang"], split)]
            row["n"] += 1
            row[verdict] += 1
            if excl:
                row["wrong_exclusion"] += 1
                exclusions.append({"split": split, "q": q, "lang": item["lang"], "text": item["text"], "label": label,
                                   "read": reading.value, "why": reading.why})
            if verdict != "right" and split == TRAIN:
                wrong_examples[q].append({"text": item["text"], "label": label, "read": reading.value,
                                          "kind": reading.kind, "why": reading.why})
    classifier.reset()
    timings.sort()
    return {"rows": rows, "exclusions": exclusions, "wrong": wrong_examples,
            "p95_ms": 1000 * timings[int(0.95 * (len(timings) - 1))] if timings else 0.0}


def print_answers(result: Dict[str, Any], verbose: bool = False) -> None:
    rows = result["rows"]
    held_exclusions = [e for e in result["exclusions"] if e["split"] == HELDOUT]
    print("Answers read as an exclusion whose label is not one (held-out split first; held-out texts are")
    print(f"written to {OUT / 'wrong-exclusions.txt'} for the study team, not printed: rules are never")
    print("written from the held-out split, so its answers are not shown to the people writing them):")
    listing = []
    for e in sorted(result["exclusions"], key=lambda e: e["split"] != HELDOUT):
        full = f"  [{e['split']}] {e['q']} ({e['lang']}): {e['text']!r} labelled {e['label']!r}, read {e['read']!r} ({e['why']})"
        listing.append(full)
        print(full if e["split"] != HELDOUT else
              f"  [{e['split']}] {e['q']} ({e['lang']}): labelled {e['label']!r}, read {e['read']!r}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "wrong-exclusions.txt").write_text("\n".join(listing) + "\n", encoding="utf-8")
    if not result["exclusions"]:
        print("  none")
    print()
    header = f"{'question':32} {'lang':4} {'split':8} {'n':>5} {'right':>7} {'clarified':>9} {'wrong':>6} {'wrong excl':>10}"
    print(header)
    print("-" * len(header))
    totals: Dict[Tuple[str, str], Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (q, lang, split), row in sorted(rows.items()):
        n = row["n"]
        print(f"{q:32} {lang:4} {split:8} {n:5d} {100 * row['right'] / n:6.1f}% {100 * row['clarified'] / n:8.1f}% "
              f"{row['wrong']:6d} {row['wrong_exclusion']:10d}")
        for key in ("n", "right", "clarified", "wrong", "wrong_exclusion"):
            totals[(split, lang)][key] += row[key]
            totals[(split, "all")][key] += row[key]
    print()
    print("Totals")
    for (split, lang), row in sorted(totals.items()):
        n = row["n"]
        print(f"  {split:8} {lang:4} n={n:5d}  right at first try {100 * row['right'] / n:5.1f}%  "
              f"clarified {100 * row['clarified'] / n:4.1f}%  wrong {row['wrong']:4d}  wrong exclusions {row['wrong_exclusion']}")
    print(f"  reading time per answer, p95: {result['p95_ms']:.2f} ms")
    print(f"  held-out wrong exclusions: {len(held_exclusions)}")
    if verbose:
        for q, items in sorted(result["wrong"].items()):
            print(f"\n{q} (training split, cross-validated: not right at the first try):")
            for w in items:
                print(f"  {w['label']:12} {w['kind']:7} {str(w['read']):14} {w['why'][:45]:45} | {w['text']}")


# ----------------------------------------------------------------------------------
# Red flags
# ----------------------------------------------------------------------------------


def redflag_report(splits=(TRAIN, HELDOUT)) -> Dict[str, Any]:
    by: Dict[Tuple[str, str, str], Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses: List[dict] = []
    for split in splits:
        for item in load("redflags", split):
            flag = redflags.detect(item["text"])
            emergency = bool(flag and flag.is_emergency)
            if item["label"] == "emergency":
                row = by[(item.get("category", "?"), item["lang"], split)]
                row["emergencies"] += 1
                row["caught"] += emergency
                if not emergency:
                    misses.append({"split": split, **item})
            else:
                row = by[(f"not: {item.get('kind') or 'question'}", item["lang"], split)]
                row["lookalikes"] += 1
                row["false_alarms"] += emergency
                if emergency:
                    misses.append({"split": split, **item, "false_alarm": True})
    # Ordinary answers to the questions are the commonest messages: an alarm there stops a screening.
    for split in splits:
        for item in load("answers", split):
            flag = redflags.detect(item["text"])
            row = by[("not: an ordinary answer", item["lang"], split)]
            row["lookalikes"] += 1
            row["false_alarms"] += bool(flag and flag.is_emergency)
    return {"rows": by, "misses": misses}


def print_redflags(result: Dict[str, Any], show_training_misses: bool = False) -> None:
    rows = result["rows"]
    print(f"{'category or kind':26} {'lang':4} {'split':8} {'n':>4} {'recall':>8} {'false alarms':>12}")
    totals: Dict[Tuple[str, str], Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (cat, lang, split), row in sorted(rows.items()):
        if row["emergencies"]:
            print(f"{cat:26} {lang:4} {split:8} {row['emergencies']:4d} {100 * row['caught'] / row['emergencies']:7.1f}%")
        else:
            print(f"{cat:26} {lang:4} {split:8} {row['lookalikes']:4d} {'':8} {100 * row['false_alarms'] / row['lookalikes']:11.1f}%")  # noqa: E501
        for key, value in row.items():
            totals[(split, lang)][key] += value
            totals[(split, "all")][key] += value
    print()
    for (split, lang), row in sorted(totals.items()):
        recall = 100 * row["caught"] / row["emergencies"] if row["emergencies"] else 0.0
        answers = rows.get(("not: an ordinary answer", lang, split)) if lang != "all" else {
            "lookalikes": sum(r["lookalikes"] for (c, _, sp), r in rows.items() if c == "not: an ordinary answer" and sp == split),  # noqa: E501
            "false_alarms": sum(r["false_alarms"] for (c, _, sp), r in rows.items() if c == "not: an ordinary answer" and sp == split)}  # noqa: E501
        answers = answers or {"lookalikes": 0, "false_alarms": 0}
        looks = row["lookalikes"] - answers["lookalikes"]
        fa = 100 * (row["false_alarms"] - answers["false_alarms"]) / looks if looks else 0.0
        fa_answers = 100 * answers["false_alarms"] / answers["lookalikes"] if answers["lookalikes"] else 0.0
        print(f"  {split:8} {lang:4} emergencies {row['emergencies']:4d} recall {recall:5.1f}%   "
              f"look-alikes {looks:4d} false alarms {fa:4.1f}%   ordinary answers {answers['lookalikes']:5d} "
              f"false alarms {fa_answers:4.1f}%")
    if show_training_misses:
        for m in result["misses"]:
            if m["split"] == TRAIN:
                print(f"  {'FALSE ALARM' if m.get('false_alarm') else 'MISSED'} [{m['lang']}] {m['text']!r}")


QUESTION_FOLDS = 5


def question_report(splits=(TRAIN, HELDOUT)) -> Dict[str, Any]:
    """Topic accuracy per topic, language and split (training split cross-validated), the
    criterion named by eligibility questions, and ordinary answers taken for questions."""
    from bot.understanding import questions

    by: Dict[Tuple[str, str, str], Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    confusions: Dict[Tuple[str, str], int] = defaultdict(int)
    misses: List[dict] = []
    seed = load("questions", questions.SEED)
    train_items = load("questions", TRAIN)
    answers_train = load("answers", TRAIN)

    def score(item: dict, split: str, reading) -> None:
        row = by[(item["label"], item["lang"], split)]
        row["n"] += 1
        got = reading.topic or "(not understood)"
        row["right"] += got == item["label"]
        row["offered"] += reading.topic is None and item["label"] in reading.guesses  # one tap away
        if got != item["label"]:
            confusions[(item["label"], got)] += 1
            misses.append({"split": split, "got": got, **item})
        if item["label"] == "eligibility" and item.get("criterion"):
            crit = by[("eligibility: criterion", item["lang"], split)]
            crit["n"] += 1
            want = None if item["criterion"] == questions.NONE else item["criterion"]
            crit["right"] += questions.about_criterion(item["text"]) == want

    saved = classifier.models()
    try:
        if TRAIN in splits:  # cross-validated: each fold is read by models that never saw it
            for fold in range(QUESTION_FOLDS):
                held = [i for n, i in enumerate(train_items) if n % QUESTION_FOLDS == fold]
                rest = [i for n, i in enumerate(train_items) if n % QUESTION_FOLDS != fold]
                classifier.reset({**saved, **questions.train(rest + seed, answers_train)})
                for item in held:
                    score(item, TRAIN, questions.read(item["text"]))
        classifier.reset(saved)
        if HELDOUT in splits:
            for item in load("questions", HELDOUT):
                score(item, HELDOUT, questions.read(item["text"]))
            for item in load("answers", HELDOUT):  # answers are not questions
                row = by[("not a question: an answer", item["lang"], HELDOUT)]
                row["n"] += 1
                row["right"] += questions.read(item["text"]).topic is None
    finally:
        classifier.reset(saved)
    return {"rows": by, "confusions": confusions, "misses": misses}


def print_questions(result: Dict[str, Any], show_training_misses: bool = False) -> None:
    rows = result["rows"]
    print(f"{'topic':28} {'lang':4} {'split':8} {'n':>4} {'right':>7} {'offered':>8}")
    totals: Dict[Tuple[str, str], Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (topic, lang, split), row in sorted(rows.items()):
        print(f"{topic:28} {lang:4} {split:8} {row['n']:4d} {100 * row['right'] / row['n']:6.1f}% "
              f"{100 * row['offered'] / row['n']:7.1f}%")
        if ":" not in topic:
            for key in ("n", "right", "offered"):
                totals[(split, lang)][key] += row[key]
    print()
    print("  right: answered with the labelled topic; offered: not filed, but the labelled topic was one")
    print("  of the buttons of \"Just to check: is your question about one of these?\"")
    for (split, lang), row in sorted(totals.items()):
        print(f"  {split:8} {lang:4} questions {row['n']:4d} topic right {100 * row['right'] / row['n']:5.1f}%  "
              f"offered {100 * row['offered'] / row['n']:4.1f}%  right or one tap away "
              f"{100 * (row['right'] + row['offered']) / row['n']:5.1f}%")
    top = sorted(result["confusions"].items(), key=lambda kv: -kv[1])[:12]
    print("  most frequent confusions (label -> read as): " + ", ".join(f"{a}->{b} {n}" for (a, b), n in top))
    if show_training_misses:
        for m in result["misses"]:
            if m["split"] == TRAIN:
                print(f"  MISSED [{m['lang']}] {m['label']} -> {m['got']}: {m['text']!r}")


def command_report() -> Dict[str, Any]:
    """Commands (start over, pause, change, why, language) read right per label, language and
    split (the word list is built from the training split: its figure is not cross-validated),
    look-alikes taken for a command, and held-out answers taken for one that would lose them."""
    from bot.understanding import commands

    by: Dict[Tuple[str, str, str], Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for split in (TRAIN, HELDOUT):
        for item in load("commands", split):
            row = by[(item["label"], item["lang"], split)]
            row["n"] += 1
            row["right"] += (commands.read(item["text"]) or "none") == item["label"]
        for item in load("answers", split):
            if item["q"] in ("confirm_answers", "consent_prescreen", "consent_share", "sample_consent") \
                    or str(item["label"]) in ("not_sure", "prefer_not", "clarify"):
                continue
            row = by[("not a command: an answer", item["lang"], split)]
            row["n"] += 1
            row["right"] += commands.read(item["text"]) in (None, commands.WHY)
    return {"rows": by}


def print_commands(result: Dict[str, Any]) -> None:
    rows = result["rows"]
    print(f"{'command':28} {'lang':4} {'split':8} {'n':>5} {'right':>7}")
    totals: Dict[Tuple[str, str], Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (label, lang, split), row in sorted(rows.items()):
        print(f"{label:28} {lang:4} {split:8} {row['n']:5d} {100 * row['right'] / row['n']:6.1f}%")
        if ":" not in label:
            for key in ("n", "right"):
                totals[(split, lang)][key] += row[key]
    print()
    print("  'none': a look-alike (an answer or a question with the same words) left alone; 'not a command:")
    print("  an answer': an answer that says something, never taken for a command that would lose it")
    for (split, lang), row in sorted(totals.items()):
        print(f"  {split:8} {lang:4} commands and look-alikes {row['n']:4d} read right {100 * row['right'] / row['n']:5.1f}%")


def main(argv: Optional[List[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    verbose = "-v" in args
    OUT.mkdir(parents=True, exist_ok=True)
    summary: Dict[str, Any] = {}
    if "questions" in args:
        print("== Questions ==")
        qs = question_report()
        print_questions(qs, verbose)
        summary["questions"] = {"|".join(k): dict(v) for k, v in qs["rows"].items()}
        print()
        print("== Commands ==")
        cm = command_report()
        print_commands(cm)
        summary["commands"] = {"|".join(k): dict(v) for k, v in cm["rows"].items()}
        (OUT / "questions.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
        return 0
    print("== Red flags ==")
    rf = redflag_report()
    print_redflags(rf, verbose)
    summary["redflags"] = {"|".join(k): dict(v) for k, v in rf["rows"].items()}
    if "redflags" not in args:
        print("\n== Answers ==")
        ans = answers_report()
        print_answers(ans, verbose)
        summary["answers"] = {"|".join(k): dict(v) for k, v in ans["rows"].items()}
        summary["answers_p95_ms"] = ans["p95_ms"]
        summary["wrong_exclusions"] = ans["exclusions"]
    (OUT / "report.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
