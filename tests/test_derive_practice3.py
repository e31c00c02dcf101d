"""Small Swedish inputs for the forms the practice3 half (tests/corpus/practice3) showed derive."""
from __future__ import annotations

import pytest

from survey.content.derive.classify import read_sentence


@pytest.mark.parametrize("sentence,kind", [
    ("Rutiner för registerkontroll ska tas fram av säkerhetsskyddschefen.", "duty"),  # other documents
    ("Denna plan ska gälla till och med 2028.", None),  # the document of itself
    ("Handlingsplanen ska ses över varje år.", None),
])
def test_a_plural_document_word_without_a_determiner_is_other_documents(sentence, kind):
    reading = read_sentence(sentence)
    assert (reading.kind if reading else None) == kind
