"""Choosing a response's words for a language.

Every sentence a patient sees lives in ``domain.yml`` as an English variation (no condition)
and a Chinese one (``condition: [{type: slot, name: language, value: zh}]``). The actions and
the page both pick from those variations with this one rule.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional


def variation_text(variations: List[Dict[str, Any]], lang: str) -> str:
    """The text of the variation for ``lang``; the unconditioned (English) one otherwise."""
    fallback: Optional[str] = None
    for variation in variations:
        conditions = variation.get("condition") or []
        if conditions and all(c.get("name") == "language" and c.get("value") == lang for c in conditions):
            return variation.get("text", "")
        if not conditions and fallback is None:
            fallback = variation.get("text", "")
    return fallback or ""
