"""Page texts from domain.yml (the `utter_page_*` responses), so that every word a patient
sees stays in the trial definition and the domain."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict

import yaml

from bot.responses import variation_text

DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"
PREFIX = "utter_page_"


@lru_cache(maxsize=None)
def page_texts(language: str) -> Dict[str, str]:
    """{'title': ..., 'send': ...} in the language (English is the default variation)."""
    responses = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"]
    return {name[len(PREFIX):]: variation_text(variations, language)
            for name, variations in responses.items() if name.startswith(PREFIX)}
