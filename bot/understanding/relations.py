"""Who the patient is, from what the person typing says (the respondent step).

Relatives type most of the screenings ("for my dad", 我公公, "I'm her daughter-in-law",
我老婆她妈). The relation words are the respondent options' words in the trial definition;
the ways people say the rest (their own role, "for", a helper, "not") are in
lexicons/relations.yml. One relation named (or one the message is clearly "for") is the answer;
two that disagree are asked back, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

import yaml

from bot.understanding.lexicon import LEXICONS, names_pattern

SELF = "self"
OTHER_FAMILY = "other_family"
SPOUSES = ("husband", "wife", "partner")
PARENTS = ("father", "mother")
# A relation that does not say the patient's sex, and the pronoun that settles it ("my spouse, he…").
NEUTRAL = {"partner": {"pronoun_he": "husband", "pronoun_she": "wife"}}
# Between two relation words, these make a chain ("my wife's mother", 我老公他爸, 我爱人的母亲).
_CHAIN = re.compile(r"^(?:'s|’s|s'|\s*的|他|她|家的?|那边的?)\s*$")
@dataclass(frozen=True)
class Relation:
    """A reading: the option key (None when unclear) and why."""

    key: Optional[str]
    sure: bool
    why: str


@dataclass(frozen=True)
class _Mention:
    key: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    with (LEXICONS / "relations.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _words(name: str) -> Tuple[str, ...]:
    entry = _lexicon()[name]
    return tuple(str(w).lower() for lang in ("en", "zh") for w in entry.get(lang) or ())


@lru_cache(maxsize=None)
def _pattern(name: str) -> re.Pattern:
    return names_pattern(_words(name))


@lru_cache(maxsize=1)
def _roles() -> Tuple[Tuple[re.Pattern, str, str], ...]:
    return tuple((names_pattern(tuple(str(w).lower() for w in (r.get("en") or []) + (r.get("zh") or []))), r["his"], r["her"])
                 for r in _lexicon()["typist_roles"])


_OPTIONS: Dict[str, Tuple[Tuple[re.Pattern, str], ...]] = {}


def _option_patterns(criterion) -> Tuple[Tuple[re.Pattern, str], ...]:
    if criterion.id not in _OPTIONS:
        _OPTIONS[criterion.id] = tuple((names_pattern(tuple(o.words.get())), o.key)
                                       for o in criterion.options if o.words.get())
    return _OPTIONS[criterion.id]


def _blank(t: str, start: int, end: int) -> str:
    return t[:start] + " " * (end - start) + t[end:]


def _typist_roles(t: str) -> Tuple[List[_Mention], str, bool]:
    """ "I'm his daughter" -> father; the words are blanked so "daughter" is not read again.
    The last value says a role was named without saying whose ("I'm the patient's son")."""
    found: List[_Mention] = []
    unknown = False
    for pronoun in ("typist_his", "typist_her", "typist_unknown"):
        for m in list(_pattern(pronoun).finditer(t)):
            rest = t[m.end():]
            lead = len(rest) - len(rest.lstrip())
            body = rest.lstrip()
            adjective = _pattern("role_adjectives").match(body)
            skip = adjective.end() if adjective else 0
            matches = [(r.end(), his, her) for role, his, her in _roles() for r in [role.match(body)] if r]
            matches += [(skip + len(body[skip:]) - len(body[skip:].lstrip()) + r.end(), his, her)
                        for role, his, her in _roles() for r in [role.match(body[skip:].lstrip())] if r and skip]
            for length, his, her in sorted(matches, reverse=True)[:1]:  # the longest role: 儿媳妇, not 儿
                end = m.end() + lead + length
                if pronoun == "typist_unknown" and his != her:
                    unknown = True
                else:
                    found.append(_Mention(his if pronoun != "typist_her" else her, m.start(), end))
                t = _blank(t, m.start(), end)
    return found, t, unknown


def _without_helpers(t: str, criterion) -> Tuple[str, bool]:
    """ "my son is typing for me", 我女儿帮我打字: the helper is not the patient (and the one
    helped, unless the message names someone else, is the person typing's own screening)."""
    helped = False
    for m in list(_pattern("helpers").finditer(t)):
        helped = True
        before = t[max(0, m.start() - 16):m.start()]
        for pattern, _ in _option_patterns(criterion):
            hits = list(pattern.finditer(before))
            if hits:
                last = hits[-1]
                offset = max(0, m.start() - 16)
                t = _blank(t, offset + last.start(), offset + last.end())
        t = _blank(t, m.start(), m.end())
    return t, helped


def _mentions(t: str, criterion) -> List[_Mention]:
    """Every relation word, longest first, none overlapping."""
    spans: List[_Mention] = []
    for pattern, key in _option_patterns(criterion):
        for m in pattern.finditer(t):
            spans.append(_Mention(key, m.start(), m.end()))
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: List[_Mention] = []
    for s in spans:
        if kept and s.start < kept[-1].end:
            if s.end - s.start > kept[-1].end - kept[-1].start and s.start == kept[-1].start:
                kept[-1] = s
            continue
        kept.append(s)
    return kept


def _chain_key(first: str, second: str) -> str:
    """my wife's mother -> mother-in-law; my mum's dad -> grandfather; my mum's brother -> a relative."""
    if first in SPOUSES and second in PARENTS:
        return second + "_in_law"
    if first in PARENTS and second in PARENTS:
        return "grand" + second
    return OTHER_FAMILY


def _chained(t: str, mentions: List[_Mention]) -> List[_Mention]:
    result: List[_Mention] = []
    for m in mentions:
        if result and result[-1].key != SELF and m.key != SELF:
            between = t[result[-1].end:m.start]
            side_by_side = between == "" and not t[m.start:m.end].isascii()
            if result[-1].key == m.key and (between.strip() == "" or side_by_side):
                result[-1] = _Mention(m.key, result[-1].start, m.end)  # "my mom 妈妈", 我爸爸: one person
                continue
            if _CHAIN.match(between) or side_by_side:
                first = result.pop()
                result.append(_Mention(_chain_key(first.key, m.key), first.start, m.end))
                continue
        result.append(m)
    return result


_PERSON = r"(?:(?<![a-z])(?:me|myself|i)(?![a-z'])|我(?:自己)?)"


def _two_people(t: str, mentions: List[_Mention]) -> bool:
    """ "me and my wife", 我跟我哥都查出来了, "my dad or my uncle", 我爸妈: a nurse asks which one."""
    if _pattern("two_people").search(t):
        return True
    joiners = _pattern("joiners")
    for i, m in enumerate(mentions):
        before = t[max(0, m.start - 16):m.start]
        for j in joiners.finditer(before):
            if not re.fullmatch(r"\s*(?:my\s+|我)?\s*", before[j.end():]):
                continue
            ahead = before[:j.start()].rstrip()
            previous_ends_here = i > 0 and t[mentions[i - 1].end:m.start - len(before) + j.start()].strip() == ""
            if re.search(_PERSON + r"$", ahead) or previous_ends_here:
                return True
        after = t[m.end:m.end + 12].lstrip()
        j = joiners.match(after)
        if j and re.match(r"\s*" + _PERSON, after[j.end():]):
            return True
    return False


def _by_pronoun(t: str, mentions: List[_Mention]) -> List[_Mention]:
    """ "my spouse, he has liver cancer", 我爱人，她五十七: the pronoun after says which."""
    result = []
    for m in mentions:
        if m.key in NEUTRAL:
            after = t[m.end:m.end + 24]
            for pronoun, key in NEUTRAL[m.key].items():
                if _pattern(pronoun).search(after):
                    m = _Mention(key, m.start, m.end)
                    break
        result.append(m)
    return result


@lru_cache(maxsize=None)
def _spelled(criterion_id: str, words: Tuple[Tuple[str, str], ...]) -> Dict[str, str]:
    return {w: key for w, key in words if w.isalpha() and len(w) >= 4}


def _typo(t: str, criterion) -> Optional[str]:
    """ "my fahter", "husbund", "myslef": one letter off an English relation word of four
    letters or more (read back, never recorded as it stands)."""
    plain = _spelled(criterion.id, tuple((w, o.key) for o in criterion.options for w in o.words.get("en")))
    found = {plain[w] for token in re.findall(r"[a-z]{4,}", t) if token not in plain for w in plain if _one_edit(token, w)}
    return found.pop() if len(found) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance of exactly one (a letter wrong, missing, extra or swapped)."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        return len(diff) == 1 or swapped
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _cued(t: str, mention: _Mention, cues: re.Pattern, reach: int = 14) -> bool:
    before = t[max(0, mention.start - reach):mention.start]
    return any(before.rstrip().endswith(c.group()) or re.search(re.escape(c.group()) + r"\s*(?:my|我|我家|我们家)?\s*$", before)
               for c in cues.finditer(before))


def read(criterion, t: str) -> Relation:
    """The respondent option a normalized message names, or an unclear reading."""
    stripped = t.strip(" .!。！,，~～")
    if not stripped:
        return Relation(None, False, "empty")
    if _pattern("self_whole").fullmatch(stripped):
        return Relation(SELF, True, "self, said alone")
    roles, rest, role_unknown = _typist_roles(stripped)
    role_keys = list(dict.fromkeys(m.key for m in roles))
    if len(role_keys) == 1:  # "I'm his daughter" says it, whoever else the message names
        return Relation(role_keys[0], True, "the typist's role")
    if len(role_keys) > 1:
        return Relation(None, False, "two roles: " + ", ".join(role_keys))
    rest, helped = _without_helpers(rest, criterion)
    mentions = _by_pronoun(rest, _chained(rest, _mentions(rest, criterion)))
    mentions = [m for m in mentions if not _cued(rest, m, _pattern("not_cues"), reach=10)]
    if _two_people(rest, mentions):
        return Relation(None, False, "two people")
    first = _pattern("self_first").match(stripped)
    if first and re.match(r"\s*[.,，。!！:：;；]|\s+\S", stripped[first.end():]) and not mentions:
        return Relation(SELF, True, "self, said first")
    others = [m for m in mentions if m.key != SELF]
    selves = [m for m in mentions if m.key == SELF]
    for_cues = _pattern("for_cues")
    cued = [m for m in others if _cued(rest, m, for_cues)]
    if selves and others and not cued:  # "I'm the one who is sick, my son is helping me"
        return Relation(SELF, True, "self, others named as helpers or context")
    if others:
        chosen = cued or others
        keys = list(dict.fromkeys(m.key for m in chosen))
        if len(keys) == 1:
            return Relation(keys[0], True, "one relation")
        lead = re.sub(r"^(?:(?:for|it's for|its for|my|the|a|an|one|帮|给|替|是|我|我家|我们家|一个|一位)\s*)+", "",
                      rest[:chosen[0].start])
        if not lead.strip():  # named first, the rest is context ("my grandma on dad's side, she lives with my uncle")
            return Relation(chosen[0].key, True, "the relation named first")
        specific = [k for k in keys if k != OTHER_FAMILY]
        if len(specific) == 1:
            return Relation(specific[0], False, "a relation and a vaguer one")
        return Relation(None, False, "two relations: " + ", ".join(keys))
    if selves or helped:
        return Relation(SELF, True, "self" if selves else "self, with a helper typing")
    if role_unknown:
        return Relation(None, False, "the typist's role, not whose")
    typo = _typo(stripped, criterion)
    if typo:
        return Relation(typo, False, "a relation word with a typo")
    return Relation(None, False, "no relation named")
