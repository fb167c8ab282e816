"""Run the actions the way the action server does: a rasa_sdk Tracker, a
CollectingDispatcher and the domain as Rasa sends it."""

import asyncio
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def isolated_database(tmp_path, monkeypatch):
    """Each test gets its own screening database."""
    import bot.storage

    monkeypatch.setenv("PRESCREEN_DB_URL", f"sqlite:///{tmp_path / 'prescreen.db'}")
    monkeypatch.setattr(bot.storage, "_store", None)
    monkeypatch.delenv("SMTP_HOST", raising=False)


def make_tracker(slots: Optional[Dict[str, Any]] = None, text: str = "", intent: str = "", confidence: float = 1.0,
                 sender: str = "tester", active_loop: Optional[str] = "prescreen_form",
                 entities: Optional[Dict[str, str]] = None) -> Tracker:
    slots = {"language": "en", **(slots or {})}
    latest = {"text": text, "intent": {"name": intent, "confidence": confidence},
              "entities": [{"entity": k, "value": v} for k, v in (entities or {}).items()]}
    # slots set by this user turn are what the form validates
    events = [{"event": "user", "text": text, "parse_data": latest}]
    asked = slots.get("requested_slot")
    if asked:
        events.append({"event": "slot", "name": asked, "value": slots.get(asked)})
    return Tracker(sender, slots, latest, events, False, None, {"name": active_loop} if active_loop else {}, "action_listen")


def run(action, tracker: Tracker, domain) -> (List[Dict[str, Any]], List[Dict[str, Any]]):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return events, dispatcher.messages


def slot_events(events) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
