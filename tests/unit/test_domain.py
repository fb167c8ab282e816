"""domain.yml follows the trial definition, and every response speaks both languages."""

import subprocess
import sys
from pathlib import Path

import yaml

from bot.flow import form_slots

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def test_generated_part_is_up_to_date():
    result = subprocess.run([sys.executable, "scripts/gen_domain.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_form_asks_every_criterion_as_a_slot_named_by_its_id(trial):
    required = DOMAIN["forms"]["prescreen_form"]["required_slots"]
    assert [s for s in required if not s.endswith("__check")] == form_slots(trial)
    assert required[:2] == ["consent_prescreen__check", "consent_prescreen"]
    assert required[-4:] == ["consent_share", "contact_name", "contact_phone", "contact_time"]
    # each clarifying check (spec section 6: "<ID>__check") comes just before what it reads back
    for criterion_id in trial.criterion_ids:
        assert required[required.index(criterion_id) - 1] == f"{criterion_id}__check"
        assert f"action_ask_{criterion_id}__check" in DOMAIN["actions"]


def test_no_slot_can_be_filled_from_a_users_entities():
    for name, slot in DOMAIN["slots"].items():
        assert all(m["type"] in ("from_text", "custom") for m in slot["mappings"]), name


def test_every_response_has_english_and_chinese():
    for name, variations in DOMAIN["responses"].items():
        zh = [v for v in variations if v.get("condition") == [{"type": "slot", "name": "language", "value": "zh"}]]
        en = [v for v in variations if not v.get("condition")]
        assert len(zh) == 1 and len(en) == 1, name
        assert bool(zh[0].get("buttons")) == bool(en[0].get("buttons")), name


def test_every_parser_problem_has_a_hint():
    for problem in ("size_needs_unit", "size_out_of_range", "viral_load_needs_unit", "age_out_of_range",
                    "count_out_of_range", "name", "phone"):
        assert f"utter_hint_{problem}" in DOMAIN["responses"]
