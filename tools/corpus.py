"""Put labelled items into the understanding corpora, each on its fixed side of the split.

    python -m tools.corpus add answers FILE...    # patient answers (q, lang, text, label)
    python -m tools.corpus add redflags FILE...   # emergency / look-alike messages
    python -m tools.corpus add questions FILE...  # questions people ask (lang, text, label = topic, criterion)
    python -m tools.corpus add commands FILE...   # start over, pause, change, why, language, or none (lang, text, label, step)
    python -m tools.corpus stats

Every item goes to the training or the held-out file of its corpus by a hash of its text
and a fixed seed (about 35% held out), so the split never depends on who adds what when,
and nobody chooses which side an item lands on. Items that are near-copies of each other
(one template with a word or number swapped) are kept on one side, so the held-out figure is
not inflated by copies of training items. Exact repeats of an item already present are
skipped.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from typing import Dict, List, Tuple

import yaml

from bot.understanding.corpus import CORPUS_DIR, HELDOUT, SPLIT_SEED, TRAIN, load

HELDOUT_PERCENT = 35
# The question brief names criterion areas in plain words; the corpus keeps criterion ids.
QUESTION_AREAS = {"tumour_size_or_count": "largest_tumour_cm", "diabetes": "diabetes_control",
                  "kidney_or_dialysis": "dialysis", "other_cancer": "other_cancer_5y",
                  "pregnancy_or_contraception": "pregnant_or_breastfeeding"}
CORPORA = ("answers", "redflags", "questions", "commands")
SIMILAR = 0.8  # char-trigram Jaccard similarity above which two texts are one "template"


def key_of(item: dict) -> str:
    text = re.sub(r"\s+", " ", str(item.get("text", ""))).strip().lower()
    return f"{item.get('q', '')}|{item.get('lang', '')}|{text}"


def _grams(text: str) -> set:
    t = re.sub(r"\d+(?:\.\d+)?", "#", re.sub(r"\s+", " ", text.lower()))
    return {t[i:i + 3] for i in range(max(len(t) - 2, 1))}


def _side(anchor: str) -> str:
    digest = hashlib.sha256(f"{SPLIT_SEED}:{anchor}".encode("utf-8")).hexdigest()
    return HELDOUT if int(digest[:8], 16) % 100 < HELDOUT_PERCENT else TRAIN


def assign(existing: Dict[str, List[dict]], new: List[dict]) -> Tuple[Dict[str, List[dict]], int]:
    """Add new items to the existing {train, heldout} lists; returns the lists and how many
    were added. An item like one already placed (same question and language, similar text)
    joins that item's side; otherwise its own text's hash decides."""
    seen = {key_of(i) for side in existing.values() for i in side}
    placed: List[Tuple[str, str, set, str]] = []  # (q|lang, text, grams, side)
    for side, items in existing.items():
        for i in items:
            placed.append((f"{i.get('q', '')}|{i['lang']}", i["text"], _grams(i["text"]), side))
    added = 0
    for item in new:
        k = key_of(item)
        if k in seen:
            continue
        seen.add(k)
        group = f"{item.get('q', '')}|{item['lang']}"
        grams = _grams(item["text"])
        side = None
        for other_group, _, other_grams, other_side in placed:
            if other_group == group and grams and len(grams & other_grams) / len(grams | other_grams) >= SIMILAR:
                side = other_side
                break
        side = side or _side(k)
        existing[side].append(item)
        placed.append((group, item["text"], grams, side))
        added += 1
    return existing, added


def write(corpus: str, lists: Dict[str, List[dict]]) -> None:
    from bot.understanding.corpus import _load

    folder = CORPUS_DIR / corpus
    folder.mkdir(parents=True, exist_ok=True)
    def order(i: dict) -> tuple:
        return i.get("q", ""), i["lang"], str(i.get("label")), i["text"]

    for side, items in lists.items():
        header = (f"# {corpus} corpus, {side} split ({'rules and models are built from this file' if side == TRAIN else 'HELD OUT: never edit by hand, never read to write rules; measured by the reports'}).\n"  # noqa: E501
                  "# Written by tools/corpus.py: add items with `python -m tools.corpus add`.\n")
        body = yaml.safe_dump(sorted(items, key=order), allow_unicode=True, sort_keys=False, width=200)
        (folder / f"{side}.yml").write_text(header + body, encoding="utf-8")
    _load.cache_clear()


def add(corpus: str, files: List[str]) -> int:
    lists = {TRAIN: load(corpus, TRAIN), HELDOUT: load(corpus, HELDOUT)}
    new: List[dict] = []
    for name in files:
        with open(name, encoding="utf-8") as handle:
            items = yaml.safe_load(handle) or []
        for item in items:
            if not isinstance(item, dict) or not item.get("text") or item.get("lang") not in ("en", "zh"):
                print(f"skipped (no text or language): {item!r}", file=sys.stderr)
                continue
            item["text"] = str(item["text"])
            item["label"] = str(item.get("label"))
            if corpus == "questions" and item.get("criterion"):
                item["criterion"] = QUESTION_AREAS.get(str(item["criterion"]), str(item["criterion"]))
            new.append(item)
    lists, added = assign(lists, new)
    write(corpus, lists)
    return added


def stats() -> None:
    for corpus in CORPORA:
        train, held = load(corpus, TRAIN), load(corpus, HELDOUT)
        total = len(train) + len(held)
        share = 100 * len(held) / total if total else 0
        print(f"{corpus}: {len(train)} training, {len(held)} held out ({share:.0f}%)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_add = sub.add_parser("add")
    p_add.add_argument("corpus", choices=CORPORA)
    p_add.add_argument("files", nargs="+")
    sub.add_parser("stats")
    args = parser.parse_args(argv)
    if args.command == "add":
        print(f"added {add(args.corpus, args.files)} items")
    stats()
    return 0


if __name__ == "__main__":
    sys.exit(main())
