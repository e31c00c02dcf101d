"""The compiled criteria give exactly the JSON Schema answer (property-based)."""
import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.content.criteria import compile_schema
from survey.content.pointer import MISSING, resolve, split
from survey.content.validation import FORMATS

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(-5, 5, allow_nan=False),
    st.sampled_from(["ja", "delvis", "nej", "", "2026-01-31", "2026-13-01", "https://a.se", "x y"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2)), max_leaves=6)
numbers = st.one_of(st.integers(-5, 5), st.floats(-5, 5, allow_nan=False))

leaf_schemas = st.one_of(
    st.builds(lambda v: {"const": v}, scalars),
    st.builds(lambda v: {"enum": v}, st.lists(scalars, min_size=1, max_size=3)),
    st.builds(lambda t: {"type": t}, st.sampled_from(["string", "integer", "number", "boolean", "array", "null"])),
    st.builds(lambda n: {"minimum": n}, numbers),
    st.builds(lambda n: {"maximum": n}, numbers),
    st.builds(lambda n: {"exclusiveMinimum": n}, numbers),
    st.builds(lambda n: {"minLength": n}, st.integers(0, 4)),
    st.builds(lambda n: {"maxLength": n}, st.integers(0, 4)),
    st.builds(lambda n: {"minItems": n}, st.integers(0, 3)),
    st.builds(lambda p: {"pattern": p}, st.sampled_from(["^j", "a$", "[0-9]{4}"])),
    st.builds(lambda f: {"format": f}, st.sampled_from(["date", "uri"])),
    st.just({"multipleOf": 2}),
    st.just(True), st.just(False),
)
schemas = st.recursive(
    leaf_schemas,
    lambda inner: st.one_of(
        st.builds(lambda s: {"not": s}, inner),
        st.builds(lambda s: {"anyOf": s}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda s: {"allOf": s}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda s: {"contains": s}, inner),
        st.builds(lambda s: {"items": s}, inner),
        st.builds(lambda s: {"properties": s}, st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2)),
        st.builds(lambda n: {"required": n}, st.lists(st.sampled_from(["a", "b"]), max_size=2, unique=True)),
        st.builds(lambda a, b: a | b if isinstance(a, dict) and isinstance(b, dict) else a, inner, inner),
    ),
    max_leaves=5,
)


@settings(max_examples=1500, deadline=None)
@given(schemas, values)
def test_compiled_schema_agrees_with_jsonschema(schema, value):
    expected = jsonschema.Draft202012Validator(schema, format_checker=FORMATS).is_valid(value)
    assert compile_schema(schema)(value) is expected


def test_pointer_resolves_objects_arrays_and_escapes():
    doc = {"answers": {"a/b": {"~x": [10, 20]}}}
    assert resolve(split("/answers/a~1b/~0x/1"), doc) == 20
    assert resolve(split(""), doc) is doc
    for missing in ("/answers/zz", "/answers/a~1b/~0x/2", "/answers/a~1b/~0x/-", "/answers/a~1b/~0x/1/y"):
        assert resolve(split(missing), doc) is MISSING


def test_a_pattern_that_could_backtrack_is_refused_not_run():
    """^(a+)+$ against 30 characters blocked the server for 34 s; refused, it is never met and costs nothing."""
    from survey.content.criteria import pattern_refusal
    assert pattern_refusal("^(a+)+$") == "nested"
    assert compile_schema({"pattern": "^(a+)+$"})("a" * 30 + "!") is False
    assert compile_schema({"pattern": "^(a+)+$"})("a" * 30) is False, "refused, so not even a match counts"
    assert compile_schema({"pattern": "^(a+)+$", "multipleOf": 2})("a" * 30 + "!") is False, "nor via jsonschema"


def test_patterns_that_run_in_linear_time_are_kept():
    from survey.content.criteria import pattern_refusal
    for safe in ("^ja", "[0-9]{4}", "^https?://", "(a|b)*c", "^[A-ZÅÄÖ][a-zåäö]+ kommun$", "(\\d{4}-)?x"):
        assert pattern_refusal(safe) is None, safe
    for slow, reason in (("(a|aa)+$", "nested"), ("(\\w+\\s?)*$", "nested"), ("(a)\\1", "backreference"),
                         ("(?=a)a", "lookaround"), ("(?<!x)y", "lookaround"), ("(", "invalid"), ("a" * 201, "too_long")):
        assert pattern_refusal(slow) == reason, slow
    assert compile_schema({"pattern": "^ja"})("ja tack") is True
