"""Helpers shared by the actions: the trial, the engine, texts from the domain, slots."""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Dict, List, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.flow import check_slots, form_slots
from bot.responses import variation_text
from bot.screening import Screener
from bot.trial import TrialDefinition, get_trial


@lru_cache(maxsize=None)
def screener() -> Screener:
    return Screener(get_trial())


def trial() -> TrialDefinition:
    return get_trial()


def language(tracker: Tracker) -> str:
    return "zh" if tracker.get_slot("language") == "zh" else "en"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def answers(tracker: Tracker) -> Dict[str, Any]:
    """Criterion answers held in the tracker's slots (None = not answered)."""
    return {cid: tracker.get_slot(cid) for cid in trial().criterion_ids}


def text(domain: DomainDict, name: str, lang: str, **values: Any) -> str:
    """A response's text in the wanted language, filled with values (all words stay in
    domain.yml; actions only pick and fill them)."""
    return _fill(variation_text((domain.get("responses") or {}).get(name) or [], lang), values)


def _fill(template: str, values: Dict[str, Any]) -> str:
    return template.format(**values) if values else template


def button(title: str, payload: str) -> Dict[str, str]:
    return {"title": title, "payload": payload}


def buttons(pairs: List[Tuple[str, str]]) -> List[Dict[str, str]]:
    return [button(title, payload) for title, payload in pairs]


def say(dispatcher: CollectingDispatcher, domain: DomainDict, name: str, lang: str, **values: Any) -> None:
    dispatcher.utter_message(text=text(domain, name, lang, **values))


def all_form_slots() -> List[str]:
    """Every slot the form asks, clarifying checks included."""
    return form_slots(trial()) + check_slots(trial())
