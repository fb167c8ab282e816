"""Question flow, progress, early exit and outcomes of the engine."""

from bot import rules


def eligible_answers(trial):
    """Answers that meet every criterion (built from the trial definition's own verdicts)."""
    answers = {}
    for c in trial.criteria:
        if c.answer_type == "choice":
            answers[c.id] = next(o.key for o in c.options if o.verdict == rules.MEETS)
    answers.update({"age": {"low": 58, "high": 58}, "tumour_count": 1, "largest_tumour_cm": 8.0})
    answers["hepatitis"] = "neither"
    return answers


def test_questions_in_spec_order_and_viral_load_only_with_hepatitis(engine, trial):
    ids = [c.id for c in engine.applicable({})]
    assert ids[:5] == ["age", "liver_cancer_diagnosis", "prior_cancer_treatment", "spread_or_vessel_invasion",
                       "surgery_possible"]
    assert "viral_load" not in ids and len(ids) == 24
    for hep in ("hbv", "hcv", "both"):
        assert "viral_load" in [c.id for c in engine.applicable({"hepatitis": hep})]
    for hep in ("neither", "not_sure"):
        assert "viral_load" not in [c.id for c in engine.applicable({"hepatitis": hep})]


def test_progress_counts_the_questions_for_this_person(engine):
    assert engine.progress("age", {}) == (1, 24)
    assert engine.progress("surgery_possible", {}) == (5, 24)
    assert engine.progress("viral_load", {"hepatitis": "hbv"}) == (11, 25)


def test_next_question_and_early_exit(engine, trial):
    assert engine.next_criterion({}) == "age"
    answers = {"age": {"low": 58, "high": 58}}
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


def test_buttons_always_offer_not_sure_and_sensitive_questions_prefer_not(engine, trial):
    for c in trial.criteria:
        payloads = [payload for _, payload in engine.button_options(c.id, "zh")]
        assert payloads[-1] == "not_sure"
        assert ("prefer_not" in payloads) == c.sensitive
