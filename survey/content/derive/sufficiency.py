"""Whether a document gives enough to derive a self-assessment from.

A text with no goal and no duty makes no draft: nothing is invented in its place. The message
says why, as far as the text shows it: almost no running text (a table of contents, a cover page,
a document cut short) or prose without a sentence that states a goal or a duty.
"""
from __future__ import annotations

from survey.i18n import Msg, Text

from .analyse import Analysis
from .structure import blocks

MIN_PROSE = 400  # characters of running text below which a document is no policy text
NO_PROSE = Text("derive.no_prose", "Dokumentet innehåller nästan ingen löptext, bara rubriker (en innehållsförteckning, "
                                   "en försättssida eller ett avbrutet dokument?). Ladda upp hela den antagna policyn.")
NOTHING_FOUND = Text("derive.nothing_found", "Inga mål eller krav hittades: texten har ingen mening som ”Nämnderna "
                                             "ska …” eller ”Invånarna ska …”. Är det hela den antagna policyn?")


def shortfall(text: str, analysis: Analysis) -> Msg | None:
    """Why the document is not enough for a draft, or None when it is."""
    if analysis.goals or analysis.duties:
        return None
    prose = sum(len(b.text) for b in blocks(text) if not b.heading)
    return NO_PROSE() if prose < MIN_PROSE else NOTHING_FOUND()
