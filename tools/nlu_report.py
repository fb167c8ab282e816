"""Summarise `rasa test nlu --cross-validation` per language (make nlu-report).

One model serves English and Chinese; this shows whether it classifies both equally well.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import yaml

from bot.understanding.parsing import has_chinese

ROOT = Path(__file__).resolve().parent.parent


def examples():
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in block.get("examples", "").splitlines():
                text = line.strip()[2:].strip() if line.strip().startswith("- ") else ""
                if text:
                    yield block["intent"], text


def main(out_dir: str) -> int:
    out = Path(out_dir)
    errors_file = out / "intent_errors.json"
    errors = json.loads(errors_file.read_text()) if errors_file.exists() else []
    wrong = {e["text"] for e in errors}
    totals, misses = Counter(), Counter()
    for _, text in examples():
        lang = "zh" if has_chinese(text) else "en"
        totals[lang] += 1
        misses[lang] += text in wrong
    report = out / "intent_report.json"
    if report.exists():
        data = json.loads(report.read_text())
        print(f"overall (cross-validation test folds): accuracy {data.get('accuracy', 0):.3f}, "
              f"weighted F1 {data['weighted avg']['f1-score']:.3f}")
    for lang in ("en", "zh"):
        if totals[lang]:
            print(f"{lang}: {totals[lang]} examples, {misses[lang]} misclassified, "
                  f"accuracy {1 - misses[lang] / totals[lang]:.3f}")
    for e in errors[:20]:
        print(f"  {e['intent_prediction']['name']:>22} <- {e['text']!r} (should be {e['intent']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "results/nlu"))
