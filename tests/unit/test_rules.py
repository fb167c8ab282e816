"""Verdict rules and outcomes (spec sections 2 and 3), with every boundary."""

import pytest

from bot import rules
from bot.rules import DOES_NOT_MEET, MEETS, UNKNOWN

AGE = {"min_age": 18, "max_age": 75}
VL = {"hbv_copies_limit": 2000, "hbv_iu_limit": 2000, "hcv_limit": 1000}


@pytest.mark.parametrize("age, verdict", [(17, DOES_NOT_MEET), (18, MEETS), (40, MEETS), (75, MEETS), (76, DOES_NOT_MEET),
                                          (0, DOES_NOT_MEET), (120, DOES_NOT_MEET)])
def test_age_boundaries(age, verdict):
    assert rules.age_verdict({"low": age, "high": age}, AGE) == verdict


@pytest.mark.parametrize("low, high, verdict", [(17, 18, UNKNOWN), (18, 19, MEETS), (74, 75, MEETS), (75, 76, UNKNOWN),
                                                (76, 77, DOES_NOT_MEET), (16, 17, DOES_NOT_MEET)])
def test_age_from_birth_year_straddling_a_limit_is_unknown(low, high, verdict):
    assert rules.age_verdict({"low": low, "high": high, "birth_year": 2000}, AGE) == verdict


@pytest.mark.parametrize("value", [None, "not_sure", "prefer_not", {}, {"low": "x", "high": 3}, 58])
def test_age_unknown_when_not_given(value):
    assert rules.age_verdict(value, AGE) == UNKNOWN


def test_minor_only_when_certainly_under_18():
    assert rules.is_minor({"low": 17, "high": 17}, AGE)
    assert rules.is_minor({"low": 16, "high": 17}, AGE)
    assert not rules.is_minor({"low": 17, "high": 18}, AGE)
    assert not rules.is_minor({"low": 18, "high": 18}, AGE)
    assert not rules.is_minor("not_sure", AGE)


@pytest.mark.parametrize("count, size, verdict", [
    (1, 6.0, DOES_NOT_MEET),   # 7: exactly up-to-seven is within
    (1, 6.1, MEETS), (2, 5.0, DOES_NOT_MEET), (2, 5.5, MEETS), (1, 8.0, MEETS), (2, 3.0, DOES_NOT_MEET),
    (4, 5.0, MEETS), (6, 1.0, DOES_NOT_MEET), (7, 0.5, MEETS), (1, 7.0, MEETS),
    ("not_sure", 8.0, UNKNOWN), (2, "not_sure", UNKNOWN), (None, 5.0, UNKNOWN), (True, 9.0, UNKNOWN),
])
def test_up_to_seven(count, size, verdict):
    assert rules.up_to_seven_verdict(count, size, 7) == verdict


@pytest.mark.parametrize("hep, load, verdict", [
    ("hbv", {"below_detection": True}, MEETS),
    ("hbv", {"value": 2000, "unit": "copies/mL"}, MEETS),
    ("hbv", {"value": 2001, "unit": "copies/mL"}, DOES_NOT_MEET),
    ("hbv", {"value": 1500, "unit": "copies/mL"}, MEETS),
    ("hbv", {"value": 1999, "unit": "IU/mL"}, UNKNOWN),
    ("hbv", {"value": 2000, "unit": "IU/mL"}, DOES_NOT_MEET),
    ("hbv", {"value": 20000, "unit": "IU/mL"}, DOES_NOT_MEET),
    ("hcv", {"value": 1000, "unit": "IU/mL"}, MEETS),
    ("hcv", {"value": 1001, "unit": "IU/mL"}, DOES_NOT_MEET),
    ("hcv", {"value": 1001, "unit": "copies/mL"}, DOES_NOT_MEET),
    ("hcv", {"value": 1500, "unit": "copies/mL"}, DOES_NOT_MEET),
    ("hcv", {"below_detection": True}, MEETS),
    # one load is checked against one virus's limit only: "both" is two questions (viral_load__hbv/__hcv)
    ("both", {"value": 900, "unit": "copies/mL"}, UNKNOWN),
    ("hbv", "not_sure", UNKNOWN), ("hbv", None, UNKNOWN), ("hbv", {"value": "x"}, UNKNOWN),
])
def test_viral_load(hep, load, verdict):
    assert rules.viral_load_verdict(hep, load, VL) == verdict


def test_outcome_rules():
    keys = ["a", "b"]
    assert rules.outcome({"a": MEETS, "b": MEETS}, keys) == rules.LIKELY_ELIGIBLE
    assert rules.outcome({"a": MEETS, "b": UNKNOWN}, keys) == rules.NEEDS_REVIEW
    assert rules.outcome({"a": DOES_NOT_MEET}, keys) == rules.LIKELY_INELIGIBLE  # early exit: decided at once
    assert rules.outcome({"a": UNKNOWN, "b": DOES_NOT_MEET}, keys) == rules.LIKELY_INELIGIBLE
    assert rules.outcome({"a": MEETS}, keys) is None  # still answering
    assert rules.outcome({"a": DOES_NOT_MEET}, keys, emergency=True) == rules.EMERGENCY_STOP


def test_every_option_of_every_choice_gives_its_verdict(trial):
    for criterion in trial.criteria:
        for option in criterion.options:
            assert rules.choice_verdict(criterion, option.key) == option.verdict
        assert rules.choice_verdict(criterion, "not_sure") == UNKNOWN
        assert rules.choice_verdict(criterion, "prefer_not") == UNKNOWN


SPEC_CHOICE_VERDICTS = {
    # spec section 3, written out independently of the trial file
    "liver_cancer_diagnosis": {"hcc": MEETS, "other_type": DOES_NOT_MEET},
    "prior_cancer_treatment": {"yes": DOES_NOT_MEET, "no": MEETS},
    "spread_or_vessel_invasion": {"yes": DOES_NOT_MEET, "no": MEETS},
    "surgery_possible": {"yes": MEETS, "no": DOES_NOT_MEET, "not_discussed": UNKNOWN},
    "daily_activity": {"normal": MEETS, "light_work": UNKNOWN, "self_care": DOES_NOT_MEET, "needs_help": DOES_NOT_MEET},
    "liver_symptoms": {"yes": UNKNOWN, "no": MEETS},
    "steroids_or_immunosuppressants": {"yes": DOES_NOT_MEET, "no": MEETS},
    "bleeding_or_blood_thinners": {"yes": DOES_NOT_MEET, "no": MEETS},
    "autoimmune_disease": {"yes": DOES_NOT_MEET, "no": MEETS},
    "active_infection": {"no": MEETS, "pills": MEETS, "iv_or_hospital": DOES_NOT_MEET, "tuberculosis": DOES_NOT_MEET},
    "diabetes_control": {"none": MEETS, "controlled": MEETS, "uncontrolled": DOES_NOT_MEET},
    "lung_disease": {"yes": DOES_NOT_MEET, "no": MEETS},
    "heart_or_blood_pressure": {"yes": DOES_NOT_MEET, "no": MEETS},
    "dialysis": {"yes": DOES_NOT_MEET, "no": MEETS},
    "other_cancer_5y": {"yes": DOES_NOT_MEET, "no": MEETS, "skin_or_cervix_cured": MEETS},
    "drug_allergy": {"yes": DOES_NOT_MEET, "no": MEETS},
    "alcohol_or_mental_health": {"yes": DOES_NOT_MEET, "no": MEETS, "prefer_not": UNKNOWN},
    "pregnant_or_breastfeeding": {"yes": DOES_NOT_MEET, "no": MEETS, "not_applicable": MEETS},
    "contraception": {"yes": MEETS, "no": DOES_NOT_MEET, "not_applicable": MEETS},
    "sample_consent": {"yes": MEETS, "no": DOES_NOT_MEET, "not_sure": UNKNOWN},
}


@pytest.mark.parametrize("criterion_id", sorted(SPEC_CHOICE_VERDICTS))
def test_trial_definition_matches_the_spec(trial, criterion_id):
    criterion = trial.criterion(criterion_id)
    for key, verdict in SPEC_CHOICE_VERDICTS[criterion_id].items():
        assert rules.choice_verdict(criterion, key) == verdict, key


def test_combined_verdict_keys(trial):
    verdicts = rules.verdicts_by_key(trial.criteria, {"tumour_count": 2, "largest_tumour_cm": 5.5})
    assert verdicts == {"up_to_seven": MEETS}
    assert rules.verdicts_by_key(trial.criteria, {"tumour_count": 2}) == {"up_to_seven": UNKNOWN}
    assert rules.verdicts_by_key(trial.criteria, {"hepatitis": "neither"}) == {"hepatitis": MEETS}
    assert rules.verdicts_by_key(trial.criteria, {"hepatitis": "hbv"}) == {"hepatitis": UNKNOWN}
    hbv_high = {"hepatitis": "hbv", "viral_load": {"value": 20000, "unit": "IU/mL"}}
    assert rules.verdicts_by_key(trial.criteria, hbv_high) == {"hepatitis": DOES_NOT_MEET}
    assert rules.verdicts_by_key(trial.criteria, {"hepatitis": "not_sure"}) == {"hepatitis": UNKNOWN}


# -- hepatitis B and C together: two viral loads, each against its own limit (issue 13) ----------------

BOTH = {"hepatitis": "both"}


def copies(value):
    return {"value": value, "unit": "copies/mL"}


def iu(value):
    return {"value": value, "unit": "IU/mL"}


@pytest.mark.parametrize("hbv, hcv, verdict", [
    (copies(1500), iu(900), MEETS),  # 1500 copies is under the HBV limit, though over the HCV one
    (copies(2000), iu(1000), MEETS),  # both exactly at their limits
    (copies(2001), iu(1000), DOES_NOT_MEET),
    (copies(2000), iu(1001), DOES_NOT_MEET),
    (copies(1500), copies(1001), DOES_NOT_MEET),  # HCV "> 1000" in any unit
    (copies(1500), copies(1000), MEETS),
    (iu(1999), iu(500), UNKNOWN),  # HBV IU/mL under 2000: the site converts
    (iu(2000), iu(500), DOES_NOT_MEET),
    ({"below_detection": True}, {"below_detection": True}, MEETS),
    ({"below_detection": True}, iu(1001), DOES_NOT_MEET),
    (copies(2001), {"below_detection": True}, DOES_NOT_MEET),
    ("not_sure", iu(500), UNKNOWN),
    (copies(1500), "not_sure", UNKNOWN),
    ("not_sure", iu(1001), DOES_NOT_MEET),  # one load over its limit decides, whatever the other
])
def test_both_hepatitis_b_and_c_each_load_against_its_own_limit(trial, hbv, hcv, verdict):
    answers = {**BOTH, "viral_load__hbv": hbv, "viral_load__hcv": hcv}
    assert rules.verdicts_by_key(trial.criteria, answers) == {"hepatitis": verdict}


def test_both_with_one_load_given_so_far(trial):
    assert rules.verdicts_by_key(trial.criteria, BOTH) == {"hepatitis": UNKNOWN}
    assert rules.verdicts_by_key(trial.criteria, {**BOTH, "viral_load__hbv": copies(1500)}) == {"hepatitis": UNKNOWN}
    assert rules.verdicts_by_key(trial.criteria, {**BOTH, "viral_load__hbv": copies(2001)}) == {"hepatitis": DOES_NOT_MEET}


def test_a_load_of_a_question_not_asked_does_not_count(trial):
    """After "both" was changed to "hepatitis B", the old HCV load is not this person's answer."""
    answers = {"hepatitis": "hbv", "viral_load": copies(1500), "viral_load__hcv": iu(5000)}
    assert rules.verdicts_by_key(trial.criteria, answers) == {"hepatitis": MEETS}
    answers = {**BOTH, "viral_load": iu(50000), "viral_load__hbv": copies(100), "viral_load__hcv": iu(100)}
    assert rules.verdicts_by_key(trial.criteria, answers) == {"hepatitis": MEETS}


@pytest.mark.parametrize("hep, load, verdict", [
    ("hbv", copies(2000), MEETS), ("hbv", copies(2001), DOES_NOT_MEET),
    ("hcv", iu(1000), MEETS), ("hcv", iu(1001), DOES_NOT_MEET),
    ("hcv", copies(1500), DOES_NOT_MEET),
])
def test_one_virus_one_load(trial, hep, load, verdict):
    assert rules.verdicts_by_key(trial.criteria, {"hepatitis": hep, "viral_load": load}) == {"hepatitis": verdict}


def test_the_limits_come_from_the_trial_definition(trial):
    assert trial.criterion("viral_load__hbv").virus == "hbv"
    assert trial.criterion("viral_load__hbv").rule == {"hbv_copies_limit": 2000, "hbv_iu_limit": 2000}
    assert trial.criterion("viral_load__hcv").virus == "hcv"
    assert trial.criterion("viral_load__hcv").rule == {"hcv_limit": 1000}
    # a higher HCV limit in the definition moves the boundary: the rule has no number of its own
    lenient = trial.criterion("viral_load__hcv").copy(update={"rule": {"hcv_limit": 5000}})
    assert rules.viral_load_verdict("hcv", iu(4000), lenient.rule) == MEETS
