"""The lexicons are data the study team edits: every entry must point at a real question and
a real answer option, or the rules would silently read nothing."""

from bot.understanding import choice, lexicon, redflags
from bot.understanding.lexicon import CLARIFY


def test_every_lexicon_meaning_is_an_option_of_its_question(trial):
    for entry in lexicon.entries():
        assert entry.names or entry.patterns, entry.id
        assert entry.says in ("can", "limit", "soft_limit", "line"), entry.id
        for criterion_id, meaning in entry.means.items():
            assert criterion_id in trial.criterion_ids, (entry.id, criterion_id)
            keys = {o.key for o in trial.criterion(criterion_id).options}
            assert meaning in keys | {CLARIFY}, (entry.id, criterion_id, meaning)


def test_answer_words_are_read_as_words_not_yaml_booleans():
    words = lexicon.answer_words()
    assert "yes" in words["yes"] and "no" in words["no"] and "n" in words["no"] and "y" in words["yes"]


def test_lexicon_files_have_no_repeated_keys():
    """A repeated key in YAML silently replaces the first (a whole word list would vanish)."""
    import yaml

    class Strict(yaml.SafeLoader):
        pass

    def no_duplicates(loader, node, deep=False):
        keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
        assert len(keys) == len(set(keys)), f"repeated key in {node.start_mark}"
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, no_duplicates)
    for path in lexicon.LEXICONS.glob("*.yml"):
        yaml.load(path.read_text(encoding="utf-8"), Loader=Strict)


def test_every_red_flag_category_has_words_in_both_languages():
    data = redflags._lexicon()[0]
    assert {c.name for c in data} >= {"gi_bleeding", "confusion", "severe_belly_pain", "fainting", "breathing",
                                      "chest_pain", "self_harm", "shock", "stroke", "allergic_reaction"}
    for category in data:
        patterns = category.strong + tuple(p for g in category.needs for p in g) + category.signs
        assert any(p.pattern.isascii() for p in patterns) and any(not p.pattern.isascii() for p in patterns), category.name


def test_window_and_current_questions_are_declared_in_the_trial_definition(trial):
    assert trial.criterion("bleeding_or_blood_thinners").window_months == 3
    assert trial.criterion("other_cancer_5y").window_months == 60
    assert set(choice.STEPS) == {"consent_prescreen", "consent_share", "confirm_answers"}
