"""The readability report (tools/readability.py, `make readability`) runs over every
patient-facing text. It fails only on the hard limits: an English text over grade 10, or a
medical term from bot/medical_terms.yml used without an explanation in the same text.
The targets (grade 8, median 6, short Chinese sentences) are printed by the report."""

import pytest

from tools import readability as r


@pytest.fixture(scope="module")
def results():
    return r.measure(r.collect())


def test_the_report_covers_both_sources_and_languages(results):
    places = {m.item.where.split(".")[0] for m in results}
    assert {"trial", "consent", "faq", "criteria", "site_only_checks", "domain"} <= places
    assert any(m.item.where == "criteria.age.question.en" for m in results)
    assert any(m.item.where == "domain.utter_greet.zh" for m in results)
    assert any(m.item.where == "domain.utter_greet.buttons.0.en" for m in results)
    en = sum(m.item.lang == "en" for m in results)
    assert en == sum(m.item.lang == "zh" for m in results) and en > 300
    assert "== Summary ==" in r.report(results)


def test_no_english_text_is_over_grade_10(results):
    over = [f"{m.grade:.1f} {m.item.where}: {m.clean}" for m in results if m.grade is not None and m.grade > r.FAIL_GRADE]
    assert not over, "English texts over grade 10 (rewrite in shorter sentences and words):\n" + "\n".join(over)


def test_no_medical_term_is_left_unexplained(results):
    missing = [f"{', '.join(m.unexplained)} in {m.item.where}: {m.clean}" for m in results if m.unexplained]
    assert not missing, ("terms used without an explanation in the same text (see bot/medical_terms.yml):\n"
                         + "\n".join(missing))


def test_the_term_list_has_the_terms_the_issue_names():
    terms = {t.term: t for t in r.load_terms()}
    names = {n.lower() for t in terms.values() for lang in ("en", "zh") for n in t.names.get(lang, [])}
    for name in ("bclc", "ecog", "haic", "pd-l1", "pd-1", "tace", "介入", "癌栓", "免疫抑制剂", "门静脉", "病毒载量",
                 "child-pugh", "icg", "immunosuppressant", "portal vein"):
        assert name in names, name
    assert all(t.explained_by.get("en") or t.explained_by.get("zh") for t in terms.values())


# --- the pieces -------------------------------------------------------------------


def test_markup_links_placeholders_and_payloads_are_stripped():
    assert r.strip_markup("See **the** [study page](https://example.org/x) now.") == "See the study page now."
    assert r.strip_markup("Question {n} of {total}:\n{question}") == "Question of:"
    assert r.strip_markup("Read <b>this</b> at www.example.org please") == "Read this at please"
    assert r.strip_markup("/start_screening") == ""
    assert r.strip_markup("Thank you.\n{summary}\n\nIs this right?") == "Thank you.\nIs this right?"


def test_chinese_sentences_split_on_stops_and_line_breaks():
    text = "您好！我是助手。您同意吗？好的；谢谢\n第二行?最后 一句!"
    assert r.split_zh_sentences(text) == ["您好", "我是助手", "您同意吗", "好的", "谢谢", "第二行", "最后一句"]


def test_a_long_chinese_sentence_needs_a_break():
    run = "这" * 31
    assert r.long_zh_sentences([run]) == [run]
    assert r.long_zh_sentences(["这" * 15 + "，" + "这" * 16]) == []
    assert r.long_zh_sentences(["这" * 30]) == []


def test_grades_tell_plain_from_hard_and_skip_labels():
    plain = r.fk_grade("The study is for people aged 18 to 75. You can stop at any time.")
    hard = r.fk_grade("Hepatocellular carcinoma necessitates multidisciplinary evaluation of resectability and immunotherapy.")
    assert plain is not None and hard is not None and plain < 6 < r.FAIL_GRADE < hard
    assert r.fk_grade("Dialysis") is None  # a label: too short to grade


TERMS = [r.Term("HAIC", {"en": ["HAIC"], "zh": ["HAIC"]}, {"en": ["thin tube"], "zh": ["细管"]}),
         r.Term("tumour thrombus", {"en": ["tumour thrombus"], "zh": ["癌栓"]}, {"en": [], "zh": ["长进了大血管"]}),
         r.Term("steroid", {"en": ["steroids"], "zh": ["激素"]}, {"en": ["prednisone"], "zh": ["泼尼松"]})]


@pytest.mark.parametrize("text, lang, unexplained", [
    ("The study uses HAIC.", "en", ["HAIC"]),
    ("The study uses HAIC (medicine given into the liver).", "en", []),
    ("Medicine given into the liver (HAIC).", "en", []),
    ("The study uses HAIC (TACE).", "en", ["HAIC"]),  # a bracket of abbreviations explains nothing
    ("HAIC means chemotherapy straight into the liver.", "en", []),
    ("What is HAIC?", "en", []),  # a question asking what it means
    ("The medicine goes through a thin tube. This is HAIC.", "en", []),
    ("Do you take steroids every day?", "en", ["steroid"]),
    ("Do you take steroids, such as prednisone, every day?", "en", []),
    ("the haicx study", "en", []),  # whole words only
    ("医生说有癌栓。", "zh", ["tumour thrombus"]),
    ("肿瘤长进了大血管，医生叫“癌栓”。", "zh", []),
    ("您在用激素吗？", "zh", ["steroid"]),
    ("您在用激素类药物吗？比如泼尼松。", "zh", []),
    ("HAIC就是把药输进肝脏。", "zh", []),
    ("手术前做HAIC。", "zh", ["HAIC"]),
])
def test_terms_are_found_and_their_explanations_recognised(text, lang, unexplained):
    assert r.unexplained_terms(text, lang, TERMS) == unexplained
