"""Page texts from domain.yml (the `utter_page_*` responses), so that every word a patient
sees stays in the trial definition and the domain."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict

import yaml

DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"
PREFIX = "utter_page_"


@lru_cache(maxsize=None)
def page_texts(language: str) -> Dict[str, str]:
    """{'title': ..., 'send': ...} in the language (English is the default variation)."""
    responses = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"]
    texts: Dict[str, str] = {}
    for name, variations in responses.items():
        if not name.startswith(PREFIX):
            continue
        chosen = next((v for v in variations if not v.get("condition")), variations[0])
        for variation in variations:
            conditions = variation.get("condition") or []
            if conditions and all(c.get("value") == language for c in conditions):
                chosen = variation
        texts[name[len(PREFIX):]] = chosen["text"]
    return texts
