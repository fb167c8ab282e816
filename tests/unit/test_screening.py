"""Question flow, progress, early exit and outcomes of the engine."""

import pytest

from bot import rules


def eligible_answers(trial):
    """Answers that meet every criterion (built from the trial definition's own verdicts)."""
    answers = {}
    for c in trial.criteria:
        if c.answer_type == "choice" and not c.step:
            answers[c.id] = next(o.key for o in c.options if o.verdict == rules.MEETS)
    answers.update({"respondent": "self", "sex": "female", "age": {"low": 58, "high": 58}, "tumour_count": 1,
                    "largest_tumour_cm": 8.0})
    answers["hepatitis"] = "neither"
    return answers


def test_questions_in_spec_order_and_viral_load_only_with_hepatitis(engine, trial):
    ids = [c.id for c in engine.applicable({"sex": "female"})]
    assert ids[:7] == ["respondent", "sex", "age", "liver_cancer_diagnosis", "prior_cancer_treatment",
                       "spread_or_vessel_invasion", "surgery_possible"]
    assert "viral_load" not in ids and len(ids) == 26  # two steps (who is answering, sex) and 24 questions
    loads = ("viral_load", "viral_load__hbv", "viral_load__hcv")
    assert not set(loads) & set(ids)
    for hep in ("hbv", "hcv"):
        assert [c.id for c in engine.applicable({"hepatitis": hep}) if c.id in loads] == ["viral_load"]
    # both hepatitis B and C: the HBV load, then the HCV load, right after the hepatitis question
    both = [c.id for c in engine.applicable({"hepatitis": "both"})]
    assert both[both.index("hepatitis") + 1:both.index("hepatitis") + 3] == ["viral_load__hbv", "viral_load__hcv"]
    assert "viral_load" not in both
    for hep in ("neither", "not_sure"):
        assert not set(loads) & {c.id for c in engine.applicable({"hepatitis": hep})}


@pytest.mark.parametrize("sex, asked", [("female", True), ("male", False), ("prefer_not", True), ("not_sure", True)])
def test_the_sex_step_decides_only_whether_pregnancy_is_asked(engine, trial, sex, asked):
    ids = [c.id for c in engine.applicable({"sex": sex})]
    assert ("pregnant_or_breastfeeding" in ids) is asked and "contraception" in ids  # birth control: men and women
    answers = {**eligible_answers(trial), "sex": sex}
    if not asked:
        answers.pop("pregnant_or_breastfeeding")
    evaluation = engine.evaluate(answers)
    assert evaluation.outcome == rules.LIKELY_ELIGIBLE and "sex" not in evaluation.verdicts


def test_progress_counts_the_questions_for_this_person(engine):
    assert engine.progress("sex", {}) == (0, 24)  # the step before the questions has no number
    assert engine.progress("age", {"sex": "female"}) == (1, 24)
    assert engine.progress("age", {"sex": "male"}) == (1, 23)
    assert engine.progress("surgery_possible", {"sex": "prefer_not"}) == (5, 24)
    assert engine.progress("viral_load", {"sex": "female", "hepatitis": "hbv"}) == (11, 25)
    assert engine.progress("viral_load__hbv", {"sex": "female", "hepatitis": "both"}) == (11, 26)
    assert engine.progress("viral_load__hcv", {"sex": "male", "hepatitis": "both"}) == (12, 25)


def test_next_question_and_early_exit(engine, trial):
    assert engine.next_criterion({}) == "respondent"
    assert engine.next_criterion({"respondent": "self"}) == "sex"
    assert engine.next_criterion({"respondent": "father", "sex": "male"}) == "age"
    answers = {"respondent": "self", "sex": "male", "age": {"low": 58, "high": 58}}
    assert engine.next_criterion(answers) == "liver_cancer_diagnosis"
    answers["liver_cancer_diagnosis"] = "other_type"
    assert engine.early_exit(answers) and engine.next_criterion(answers) is None
    assert engine.evaluate(answers).outcome == rules.LIKELY_INELIGIBLE


def test_all_meets_is_likely_eligible(engine, trial):
    answers = eligible_answers(trial)
    evaluation = engine.evaluate(answers)
    assert evaluation.outcome == rules.LIKELY_ELIGIBLE
    assert set(evaluation.verdicts) == set(trial.verdict_keys)
    assert "tumour_count" not in evaluation.verdicts and "viral_load" not in evaluation.verdicts


def test_one_unknown_is_needs_review_with_a_reason(engine, trial):
    answers = eligible_answers(trial)
    answers["surgery_possible"] = "not_discussed"
    evaluation = engine.evaluate(answers)
    assert evaluation.outcome == rules.NEEDS_REVIEW and evaluation.unknown == ["surgery_possible"]
    assert evaluation.reasons["surgery_possible"]["en"] and evaluation.reasons["surgery_possible"]["zh"]


def test_does_not_meet_reason_is_the_criterion_explanation_in_both_languages(engine, trial):
    answers = eligible_answers(trial)
    answers["dialysis"] = "yes"
    evaluation = engine.evaluate(answers)
    assert evaluation.outcome == rules.LIKELY_INELIGIBLE
    assert evaluation.reasons["dialysis"] == {"en": trial.criterion("dialysis").not_met.en,
                                              "zh": trial.criterion("dialysis").not_met.zh}


def test_emergency_overrides_everything(engine, trial):
    assert engine.evaluate(eligible_answers(trial), emergency=True).outcome == rules.EMERGENCY_STOP


def test_minor(engine):
    assert engine.is_minor({"age": {"low": 17, "high": 17}})
    assert not engine.is_minor({"age": {"low": 18, "high": 18}})


def test_display_in_both_languages(engine):
    assert engine.display("largest_tumour_cm", 5.2, "en") == "5.2 cm"
    assert engine.display("largest_tumour_cm", 8.0, "zh") == "8厘米"
    assert engine.display("age", {"low": 64, "high": 65, "birth_year": 1961}, "en") == "born in 1961 (age 64 or 65)"
    assert engine.display("viral_load", {"below_detection": True}, "zh") == "低于检测下限"
    assert engine.display("hepatitis", "hbv", "zh") == "乙肝"
    assert engine.display("hepatitis", "not_sure", "en") == "Not sure"


def test_buttons_offer_not_sure_where_it_means_something_and_sensitive_questions_prefer_not(engine, trial):
    for c in trial.criteria:
        payloads = [payload for _, payload in engine.button_options(c.id, "zh")]
        assert (payloads[-1] == "not_sure") == (c.id != "respondent")  # "not sure" who it is for means nothing
        assert ("prefer_not" in payloads) == c.sensitive
        assert len(payloads) <= 8  # a phone screen, not a wall of buttons


def test_both_hepatitis_b_and_c_asks_two_loads_and_checks_each_against_its_own_limit(engine, trial):
    answers = {**eligible_answers(trial), "hepatitis": "both"}
    assert engine.next_criterion(answers) == "viral_load__hbv"
    answers["viral_load__hbv"] = engine.parse("viral_load__hbv", "1500 copies/mL").value
    assert engine.next_criterion(answers) == "viral_load__hcv"  # 1500 copies is not over the HBV limit
    assert engine.verdicts(answers)["hepatitis"] == rules.UNKNOWN  # the HCV load is still to come
    answers["viral_load__hcv"] = engine.parse("viral_load__hcv", "1000 IU/mL").value
    evaluation = engine.evaluate(answers)
    assert evaluation.verdicts["hepatitis"] == rules.MEETS and evaluation.outcome == rules.LIKELY_ELIGIBLE
    answers["viral_load__hcv"] = engine.parse("viral_load__hcv", "1001 IU/mL").value
    evaluation = engine.evaluate(answers)
    assert evaluation.verdicts["hepatitis"] == rules.DOES_NOT_MEET and evaluation.outcome == rules.LIKELY_INELIGIBLE
    assert evaluation.reasons["hepatitis"]["zh"] == "血液里的肝炎病毒量超过了研究的上限。"


def test_both_in_chinese_hbv_over_its_limit_exits_before_the_hcv_question(engine, trial):
    answers = {**eligible_answers(trial), "hepatitis": engine.parse("hepatitis", "乙肝丙肝都有").value}
    assert answers["hepatitis"] == "both"
    answers["viral_load__hbv"] = engine.parse("viral_load__hbv", "2001 拷贝/毫升").value
    assert engine.early_exit(answers) and engine.next_criterion(answers) is None
    answers["viral_load__hbv"] = engine.parse("viral_load__hbv", "2000 拷贝/毫升").value
    assert engine.next_criterion(answers) == "viral_load__hcv"
    answers["viral_load__hcv"] = engine.parse("viral_load__hcv", "1500 拷贝/毫升").value  # over the HCV limit
    assert engine.evaluate(answers).outcome == rules.LIKELY_INELIGIBLE
    answers["viral_load__hcv"] = engine.parse("viral_load__hcv", "1000 国际单位/毫升").value
    assert engine.evaluate(answers).outcome == rules.LIKELY_ELIGIBLE
    answers["viral_load__hcv"] = engine.parse("viral_load__hcv", "未检出").value
    assert engine.evaluate(answers).outcome == rules.LIKELY_ELIGIBLE


@pytest.mark.parametrize("text, value, unit", [
    ("2000 copies/mL", 2000, "copies/mL"), ("2001 copies/mL", 2001, "copies/mL"), ("2,001 copies", 2001, "copies/mL"),
    ("2000 拷贝/毫升", 2000, "copies/mL"), ("2001拷贝/毫升", 2001, "copies/mL"), ("2000 IU/mL", 2000, "IU/mL"),
    ("2000国际单位/毫升", 2000, "IU/mL"), ("2019年查的 1500 拷贝", 1500, "copies/mL"),
])
def test_loads_that_look_like_years_are_loads_when_a_unit_follows(engine, text, value, unit):
    for question in ("viral_load", "viral_load__hbv", "viral_load__hcv"):
        assert engine.parse(question, text).value == {"value": value, "unit": unit}, question


def test_changing_both_to_one_virus_drops_the_two_load_questions(engine):
    assert set(engine.dependants("hepatitis")) == {"viral_load", "viral_load__hbv", "viral_load__hcv"}
    assert engine.display("viral_load__hcv", {"value": 1001, "unit": "IU/mL"}, "zh") == "1001 IU/mL"
    assert engine.label_for_key("hepatitis", "en") == "Hepatitis B or C"
