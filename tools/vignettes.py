"""Play example patients (shared/vignettes/*.yml) against a running assistant through the
integration contract only (REST channel + tracker API), and print how well it did.

Usage: python -m tools.vignettes [VIGNETTES.yml] [--url http://127.0.0.1:5005] [--token T]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import requests
import yaml

START = {"en": "I'd like to check if I can join the study", "zh": "我想看看我能不能参加这个研究"}
YES = {"en": "yes", "zh": "是"}
NOT_SURE = {"en": "not sure", "zh": "不确定"}
CONTACT = {
    "en": {"contact_name": "Test Person", "contact_phone": "138 0013 8000", "contact_time": "morning"},
    "zh": {"contact_name": "测试人", "contact_phone": "13800138000", "contact_time": "上午"},
}
CONSENT_LIKE = ("consent_prescreen", "consent_share", "confirm_answers")
MAX_TURNS = 80


@dataclass
class Result:
    id: str
    expected: str
    outcome: Optional[str]
    verdicts: Dict[str, str]
    expected_verdicts: Dict[str, str]
    turns: int
    latencies: List[float] = field(default_factory=list)
    referral_code: Optional[str] = None
    error: Optional[str] = None
    asked: List[str] = field(default_factory=list)  # every question asked, in order
    bubbles: int = 0  # texts the assistant sent (each text, with its buttons, is one bubble)

    @property
    def correct(self) -> bool:
        return self.outcome == self.expected

    @property
    def verdict_agreement(self) -> List[bool]:
        return [self.verdicts.get(k) == v for k, v in self.expected_verdicts.items()]


class Client:
    def __init__(self, url: str, token: str):
        self.url, self.token = url.rstrip("/"), token
        self.http = requests.Session()

    def send(self, sender: str, message: str) -> List[Dict[str, Any]]:
        response = self.http.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                                  timeout=60)
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> Dict[str, Any]:
        response = self.http.get(f"{self.url}/conversations/{sender}/tracker", params={"token": self.token},
                                 timeout=30)
        response.raise_for_status()
        return response.json()


def play(client: Client, vignette: Dict[str, Any], sender: Optional[str] = None) -> Result:
    """One vignette, from the starting phrase to the end of the form."""
    lang = vignette.get("language", "en")
    sender = sender or f"vignette-{vignette['id']}-{uuid.uuid4().hex[:8]}"
    answers = {k: (list(v) if isinstance(v, list) else [v]) for k, v in (vignette.get("answers") or {}).items()}
    latencies: List[float] = []
    message = START[lang]
    turns = 0
    tracker: Dict[str, Any] = {}
    error = None
    asked_ids: List[str] = []
    bubbles = 0
    while turns < MAX_TURNS:
        began = time.perf_counter()
        bubbles += sum(1 for m in client.send(sender, message) if m.get("text"))  # progress data is not a bubble
        latencies.append(time.perf_counter() - began)
        turns += 1
        tracker = client.tracker(sender)
        asked = tracker["slots"].get("requested_slot")
        if not (tracker.get("active_loop") or {}).get("name") or not asked:
            break
        asked_ids.append(asked)
        message = next_answer(asked, answers, lang)
    else:
        error = "too many turns"
    slots = tracker.get("slots", {})
    return Result(
        id=str(vignette["id"]), expected=vignette.get("expected_outcome"), outcome=slots.get("prescreen_outcome"),
        verdicts=slots.get("criteria_verdicts") or {}, expected_verdicts=vignette.get("expected_verdicts") or {},
        turns=turns, latencies=latencies, referral_code=slots.get("referral_code"), error=error,
        asked=asked_ids, bubbles=bubbles,
    )


def next_answer(asked: str, answers: Dict[str, List[str]], lang: str) -> str:
    """What the person types for the question asked (vignette file rules). A reading given
    back to check ("<ID>__check") is confirmed: the person meant what they typed."""
    if asked.endswith("__check"):
        return YES[lang]
    key = asked if asked in answers else asked.split("__")[0]
    if key in answers and answers[key]:
        queue = answers[key]
        return queue.pop(0) if len(queue) > 1 else queue[0]
    if asked in CONSENT_LIKE:
        return YES[lang]
    if asked in CONTACT[lang]:
        return CONTACT[lang][asked]
    return NOT_SURE[lang]


def metrics(results: List[Result]) -> Dict[str, Any]:
    referable = ("likely_eligible", "needs_review")

    def rate(num: int, den: int) -> Optional[float]:
        return num / den if den else None

    pos = [r for r in results if r.expected in referable]
    neg = [r for r in results if r.expected == "likely_ineligible"]
    emer = [r for r in results if r.expected == "emergency_stop"]
    agreement = [ok for r in results for ok in r.verdict_agreement]
    lat = sorted(x * 1000 for r in results for x in r.latencies)
    return {
        "vignettes": len(results),
        "outcome_accuracy": rate(sum(r.correct for r in results), len(results)),
        "sensitivity": rate(sum(r.outcome in referable for r in pos), len(pos)),
        "specificity": rate(sum(r.outcome == "likely_ineligible" for r in neg), len(neg)),
        "emergency_recall": rate(sum(r.outcome == "emergency_stop" for r in emer), len(emer)),
        "criterion_agreement": rate(sum(agreement), len(agreement)),
        "turns_per_screening": statistics.mean(r.turns for r in results) if results else None,
        "person_messages_median": statistics.median(r.turns for r in results) if results else None,
        "assistant_bubbles_median": statistics.median(r.bubbles for r in results) if results else None,
        "assistant_bubbles_max": max(r.bubbles for r in results) if results else None,
        "latency_p50_ms": _percentile(lat, 50),
        "latency_p95_ms": _percentile(lat, 95),
    }


def _percentile(values: List[float], pct: float) -> Optional[float]:
    if not values:
        return None
    index = min(len(values) - 1, max(0, round(pct / 100 * (len(values) - 1))))
    return values[index]


def report(results: List[Result]) -> str:
    lines = [f"{'id':6} {'expected':18} {'got':18} {'turns':>5} {'bubbles':>7}  verdicts"]
    for r in results:
        mark = "ok " if r.correct else "XX "
        agree = f"{sum(r.verdict_agreement)}/{len(r.verdict_agreement)}"
        lines.append(f"{mark}{r.id:3} {r.expected or '-':18} {r.outcome or '-':18} {r.turns:5} {r.bubbles:7}  {agree}"
                     + (f"  ERROR {r.error}" if r.error else ""))
    lines.append("")
    for key, value in metrics(results).items():
        shown = "n/a" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))
        lines.append(f"{key:22} {shown}")
    return "\n".join(lines)


def load(path: Path) -> List[Dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vignettes", nargs="?", default="../shared/vignettes/public.yml")
    parser.add_argument("--url", default=os.environ.get("RASA_URL", "http://127.0.0.1:5005"))
    parser.add_argument("--token", default=os.environ.get("RASA_AUTH_TOKEN"))
    args = parser.parse_args(argv)
    token = args.token or _token_file()
    client = Client(args.url, token)
    try:
        results = [play(client, v) for v in load(Path(args.vignettes))]
    except requests.RequestException as exc:
        print(f"Could not talk to the assistant at {args.url} ({exc.__class__.__name__}). Is `make run` running?",
              file=sys.stderr)
        return 2
    print(report(results))
    return 0


def _token_file() -> str:
    path = Path(__file__).resolve().parent.parent / "var" / "rasa_auth_token"
    return path.read_text().strip() if path.exists() else ""


if __name__ == "__main__":
    raise SystemExit(main())
