"""The quick yes of survey.content.quickcheck: never yes where jsonschema finds a problem the gate reports.

Property-based on small schemas (a submission's predicate agrees with jsonschema exactly; a draft's says
yes only where nothing but missing answers is wrong), and on every real questionnaire: the demo's
answers get the quick yes, and broken copies of them never do while the gate reports a problem.
"""
from __future__ import annotations

import copy
import random

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey import demo
from survey.content import defs, lint
from survey.content import questionnaire as q
from survey.content.quickcheck import accepts, compile_answers
from survey.content.validation import FORMATS, AnswerValidator, field_errors
from tests import choices_policy, followups_policy, rows_policy, thirdpolicy
from tests.helpers import ROOT

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(-5, 5, allow_nan=False),
    st.sampled_from(["ja", "delvis", "nej", "", "2026-01-31", "2026-13-01", "https://a.se", "x y", "a@b.se"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=3)), max_leaves=8)
numbers = st.one_of(st.integers(-5, 5), st.floats(-5, 5, allow_nan=False))
names = st.sampled_from(["a", "b", "c"])
choice_lists = st.lists(st.sampled_from(["ja", "delvis", "nej", 1, True]), min_size=1, max_size=4)

leaf_schemas = st.one_of(
    st.builds(lambda v: {"const": v}, values),
    st.builds(lambda v: {"enum": v}, st.lists(values, min_size=1, max_size=3)),
    st.builds(lambda t: {"type": t}, st.sampled_from(["string", "integer", "number", "boolean", "array", "object",
                                                      "null"])),
    st.builds(lambda t: {"type": t}, st.lists(st.sampled_from(["string", "integer", "null"]), min_size=1, max_size=2)),
    st.builds(lambda n: {"minimum": n}, numbers), st.builds(lambda n: {"maximum": n}, numbers),
    st.builds(lambda n: {"exclusiveMinimum": n}, numbers), st.builds(lambda n: {"exclusiveMaximum": n}, numbers),
    st.builds(lambda n: {"minLength": n}, st.integers(0, 4)), st.builds(lambda n: {"maxLength": n}, st.integers(0, 4)),
    st.builds(lambda n: {"minItems": n}, st.integers(0, 3)), st.builds(lambda n: {"maxItems": n}, st.integers(0, 3)),
    st.builds(lambda u: {"uniqueItems": u}, st.booleans()),
    st.builds(lambda p: {"pattern": p}, st.sampled_from(["^j", "a$", "[0-9]{4}", "^(a+)+$"])),
    st.builds(lambda f: {"format": f}, st.sampled_from(["date", "uri", "email"])),
    st.builds(lambda c: {"oneOf": [{"const": v, "title": str(v)} for v in c]}, choice_lists),
    st.builds(lambda c: {"x-exclusive": c}, choice_lists),
    st.builds(lambda n: {"required": n}, st.lists(names, max_size=2, unique=True)),
    st.just({"multipleOf": 2}), st.just({"title": "x", "x-serves": ["M1"]}), st.just(True), st.just(False),
)
schemas = st.recursive(
    leaf_schemas,
    lambda inner: st.one_of(
        st.builds(lambda s: {"not": s}, inner),
        st.builds(lambda s: {"anyOf": s}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda s: {"allOf": s}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda s: {"oneOf": s}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda s: {"contains": s}, inner),
        st.builds(lambda s: {"items": s}, inner),
        st.builds(lambda s: {"properties": s}, st.dictionaries(names, inner, max_size=2)),
        st.builds(lambda p, a: {"properties": p, "additionalProperties": a},
                  st.dictionaries(names, inner, max_size=2), inner),
        st.builds(lambda i, t: {"if": i, "then": t}, inner, inner),
        st.builds(lambda i, t, e: {"if": i, "then": t, "else": e}, inner, inner, inner),
        st.builds(lambda a, b: a | b if isinstance(a, dict) and isinstance(b, dict) else a, inner, inner),
    ),
    max_leaves=6,
)


def _jsonschema(schema, value) -> bool | None:
    """jsonschema's answer, or None where it cannot give one (it raises on some nonsense, as the gate would)."""
    try:
        return AnswerValidator(schema, format_checker=FORMATS).is_valid(value)
    except Exception:
        return None


@settings(max_examples=2000, deadline=None)
@given(schemas, values)
def test_a_submission_is_accepted_exactly_when_jsonschema_accepts_it(schema, value):
    expected = _jsonschema(schema, value)
    if expected is not None:
        assert accepts(compile_answers(schema), value) is expected


@settings(max_examples=2000, deadline=None)
@given(schemas, values)
def test_a_draft_is_accepted_only_when_nothing_but_missing_answers_is_wrong(schema, value):
    if _jsonschema(schema, value) is None:
        return
    if accepts(compile_answers(schema, draft=True), value):
        assert field_errors(schema, value, complete=False) == []


def test_a_labelled_choice_written_twice_is_no_choice():
    """oneOf: exactly one alternative; a text two alternatives give is valid under both, so under neither."""
    schema = {"oneOf": [{"const": "ja", "title": "Ja"}, {"const": "ja", "title": "Ja!"},
                        {"const": "nej", "title": "Nej"}]}
    for value, valid in (("ja", False), ("nej", True), ("vet ej", False), (1, False)):
        assert _jsonschema(schema, value) is valid
        assert accepts(compile_answers(schema), value) is valid


def test_a_schema_that_refers_to_itself_is_left_to_jsonschema():
    schema = {"$defs": {"x": {"type": "string"}}, "properties": {"a": {"$ref": "#/$defs/x"}}}
    assert jsonschema.Draft202012Validator(schema).is_valid({"a": "ja"})
    assert accepts(compile_answers(schema), {"a": "ja"}) is False


def test_equal_schemas_share_one_predicate():
    """A server keeps a predicate for every unit's view of every policy: equal views (units of one kind,
    policies made from one template) must not each hold their own tree of closures."""
    view = q.for_unit(lint.load(ROOT).questionnaires["falkoping-integrationspolicy"],
                      {"kind": "nämnd", "tags": [], "name": "Enheten"})
    for draft in (False, True):
        assert compile_answers(view, draft=draft) is compile_answers(copy.deepcopy(view), draft=draft)
    assert compile_answers(view, draft=True) is not compile_answers(view, draft=False)


def _questionnaires() -> list[dict]:
    """Every questionnaire the tests know, its shared definitions resolved as on reading a content folder."""
    shipped = list(lint.load(ROOT).questionnaires.values())
    written = [thirdpolicy.questionnaire(), choices_policy.questionnaire(), rows_policy.questionnaire(),
               followups_policy.questionnaire()]
    return shipped + [defs.resolve(questionnaire)[0] for questionnaire in written]


def _units(questionnaire: dict) -> list[dict]:
    named = [u for s in questionnaire["properties"].values() for u in s.get("x-applies-to-units", [])]
    return ([{"kind": kind, "tags": [], "name": "Enheten"} for kind in q.policy_kinds(questionnaire)]
            + [{"kind": None, "tags": [tag], "name": "Enheten"} for tag in q.policy_tags(questionnaire)]
            + [{"kind": None, "tags": [], "name": name} for name in named])


BROKEN = ["", "x", 0, -1, 3.5, 10 ** 9, True, None, [], ["x", "x"], {}, {"x": 1}, "2026-13-45", "inte en länk", "@",
          "ja" * 3000]


def _broken_copies(answers: dict, rng: random.Random):
    """The answers with one value replaced by something a form or an import might send, or an unknown field."""
    places = [(s, n) for s, given in answers.items() for n in given]
    for section, name in rng.sample(places, min(len(places), 12)):
        for value in rng.sample(BROKEN, 5):
            broken = copy.deepcopy(answers)
            broken[section][name] = value
            yield broken
        broken = copy.deepcopy(answers)
        del broken[section][name]
        yield broken
    yield answers | {"okänt_avsnitt": {}}
    for section in list(answers)[:2]:
        yield answers | {section: answers[section] | {"okänd_fråga": "ja"}}


@pytest.mark.parametrize("questionnaire", _questionnaires(), ids=lambda found: found["x-policy"]["id"])
def test_real_answers_get_the_quick_yes_and_broken_ones_never_a_wrong_one(questionnaire):
    rng = random.Random(2026)
    for unit in _units(questionnaire):
        view = q.for_unit(questionnaire, unit)
        quick = {complete: compile_answers(view, draft=not complete) for complete in (False, True)}
        for maturity in (0.2, 0.6, 1.0):
            answers = demo.answers_for(questionnaire, unit, rng, maturity, 2026)
            for complete in (False, True):
                assert field_errors(view, answers, complete=complete) == []
                assert accepts(quick[complete], answers), (unit, maturity, complete)
            for broken in _broken_copies(answers, rng):
                for complete in (False, True):
                    if accepts(quick[complete], broken):
                        assert field_errors(view, broken, complete=complete) == [], (unit, complete, broken)
