"""Who the patient is, from what the person typing says (the respondent step): kinds of
answers in both languages, not single lines. A relation is recorded only when the message says
one person; two people, or a role without whose, are asked back."""

import pytest

from bot.trial import get_trial
from bot.understanding import interpret

RESPONDENT = get_trial().criterion("respondent")


def read(text):
    return interpret.read(RESPONDENT, text)


@pytest.mark.parametrize("text, key", [
    # the relation named, with or without "my", "for", 帮/给/替
    ("my dad", "father"), ("For my mum", "mother"), ("asking for my husband", "husband"), ("the wife", "wife"),
    ("我爸", "father"), ("帮我妈问的", "mother"), ("给我老公问", "husband"), ("替老婆问问", "wife"),
    ("my eldest son", "son"), ("闺女", "daughter"), ("my big brother", "brother"), ("我妹妹", "sister"),
    ("公公", "father_in_law"), ("丈母娘", "mother_in_law"), ("外公", "grandfather"), ("my granny", "grandmother"),
    ("my uncle", "other_family"), ("我舅舅", "other_family"), ("a neighbour of mine", "friend"), ("同事", "friend"),
    # nicknames, dialect and pinyin
    ("pops", "father"), ("姆妈", "mother"), ("娃他爹", "husband"), ("囡囡", "daughter"), ("laopo", "wife"),
    # the typist's own role: the patient is on the other side
    ("I'm his daughter", "father"), ("I am her son-in-law", "mother_in_law"), ("我是他儿媳妇", "father_in_law"),
    ("我是她老公", "wife"), ("I'm her only daughter and main caregiver", "mother"),
    ("我是他外孙，我爸妈不会用这个", "grandfather"),
    ("We're his parents", "son"), ("我是他保姆，他家里人都在国外", "friend"),
    # chains: whose whose
    ("my wife's mother", "mother_in_law"), ("我老公他妈", "mother_in_law"), ("我爱人的父亲", "father_in_law"),
    ("my mom's mom", "grandmother"), ("my mum's brother", "other_family"),
    # one person said twice, in two languages
    ("for my mom 妈妈", "mother"), ("我爸爸，他耳朵不好，我帮他弄", "father"),
    # a neutral word and the pronoun after it
    ("my spouse, he has liver cancer", "husband"), ("我爱人，她五十七", "wife"), ("老伴", "partner"),
    # the person typing is the patient
    ("me", "self"), ("myself", "self"), ("我自己", "self"), ("本人", "self"), ("自个儿", "self"),
    ("Me. 58 yo male, HCC", "self"), ("是我，肝上长了个东西", "self"),
    ("I'm the one who is sick, my son is just helping me read", "self"), ("我女儿帮我打字", "self"),
    ("我自己的事，不想让家里人知道", "self"),
    # named first, the rest is context; "not" drops one
    ("my grandma on dad's side, she lives with my uncle", "grandmother"),
    ("a friend from church, she has no family here", "friend"),
    ("not my dad, my uncle", "other_family"),
])
def test_one_person_named_is_recorded(text, key):
    reading = read(text)
    assert (reading.kind, reading.value) == (interpret.ANSWER, key), reading.why


@pytest.mark.parametrize("text", [
    "me and my wife", "我和我老公都是", "我跟我哥都查出来了", "my parents", "我爸妈", "my dad or my uncle",
    "I have liver cancer too and so does my brother", "我是病人的女儿",  # a role, but whose?
    "does it matter?", "这个有关系吗", "68",
])
def test_two_people_or_nobody_named_is_asked_back(text):
    assert read(text).kind in (interpret.CHECK, interpret.UNCLEAR)


@pytest.mark.parametrize("text, key", [("my fahter", "father"), ("husbund", "husband"), ("my daugther", "daughter")])
def test_a_relation_with_a_typo_is_read_back_not_recorded(text, key):
    reading = read(text)
    assert (reading.kind, reading.value) == (interpret.CHECK, key)


@pytest.mark.parametrize("text", ["I'd rather not say", "none of your business", "confidential", "不方便说", "隐私，不想透露"])
def test_not_saying_who_is_allowed(text):
    assert (read(text).kind, read(text).value) == (interpret.ANSWER, "prefer_not")


def test_not_sure_never_traps_anyone():
    assert (read("not sure").kind, read("不确定").value) == (interpret.ANSWER, "not_sure")


@pytest.mark.parametrize("payload", [o.key for o in RESPONDENT.options])
def test_every_button_payload_and_label_is_its_option(payload):
    option = RESPONDENT.option(payload)
    assert read(payload).value == payload
    assert read(option.label.en).value == payload and read(option.label.zh).value == payload
