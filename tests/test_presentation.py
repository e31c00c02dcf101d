"""What the pages show: times in Swedish local time, answers as text."""
from survey.i18n import when
from survey.web.presentation import display


def test_times_are_shown_in_swedish_local_time_to_the_minute():
    assert when("2026-11-22T19:19:06+00:00") == "2026-11-22 20:19"  # CET in November
    assert when("2026-07-01T10:00:00+00:00") == "2026-07-01 12:00"  # CEST in summer
    assert when(None) == "–" and when("") == "–" and when("inte en tid") == "inte en tid"


def test_answers_are_shown_with_choice_titles_and_decimal_commas():
    scale = {"type": "string", "oneOf": [{"const": "ja", "title": "Ja"}, {"const": "nej", "title": "Nej"}]}
    assert display(scale, "ja") == "Ja"
    assert display({"type": "number", "minimum": 0, "maximum": 9}, 12.5) == "12,5"
    assert display({"type": "array", "items": {"type": "string", "maxLength": 9}, "maxItems": 3}, ["a", "b"]) == "a; b"
    assert display(scale, None) == "–"
