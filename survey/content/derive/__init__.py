"""Derive a draft self-assessment from an adopted policy document.

`derive` reads the document (`read`), finds metadata, goals and duties (`analyse`),
says when the document is not enough (`sufficiency`), words the questions (`wording`) and
builds the questionnaire and rule set (`draft`), in a child process within the limits of
`limits.py` (`isolate`).
The result is a draft for a person to review: `Derived.review` says what to check.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from survey.i18n import Text

from . import isolate, limits
from .analyse import Analysis, analyse, slug
from .draft import build
from .read import BROKEN, Failure, read
from .sufficiency import shortfall

BAD_ID = Text("derive.bad_id", "Id får bara innehålla a–z, 0–9 och bindestreck och ska börja med en bokstav eller siffra.")

__all__ = ["Derived", "Failure", "derive", "derive_here", "policy_id"]


@dataclass
class Derived:
    id: str
    text: str
    analysis: Analysis
    questionnaire: dict
    ruleset: dict

    @property
    def review(self) -> list[dict]:
        return self.questionnaire["x-policy"]["x-review"]


def policy_id(analysis: Analysis, filename: str) -> str:
    """A file stem for the policy: "<municipality>-<document>", else from the file name."""
    municipality = re.sub(r"s kommun$", "", analysis.meta["municipality"] or "")
    title = (analysis.meta["title"] or "").split(" ")[0]
    if municipality and title:
        return f"{slug(municipality)}-{slug(title)}"
    return slug(filename.rsplit(".", 1)[0]) or "policy"


def derive(data: bytes, filename: str, policy: str | None = None) -> Derived | Failure:
    """The draft for a policy document, or why the document could not be read. The work runs in a
    child process within the limits of `limits.py`, so that no document holds up anyone else."""
    if policy is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", policy):
        return Failure(BAD_ID())
    if len(data) > limits.MAX_BYTES:
        return Failure(limits.TOO_LARGE(size=limits.megabytes(len(data)), limit=limits.megabytes(limits.MAX_BYTES)))
    outcome, result = isolate.run(derive_here, data, filename, policy)
    if outcome == "time":
        return Failure(limits.TOO_SLOW(seconds=int(limits.MAX_SECONDS)))
    if outcome == "memory":
        return Failure(limits.TOO_MUCH_MEMORY(limit=limits.megabytes(limits.MAX_MEMORY)))
    if outcome == "broken":
        return Failure(BROKEN())
    return result


def derive_here(data: bytes, filename: str, policy: str | None = None) -> Derived | Failure:
    """`derive` in this process, without its limits: for the child process that keeps them."""
    clean = read(data, filename)
    if isinstance(clean, Failure):
        return clean
    text = clean.text
    analysis = analyse(text, clean.headings, clean.tables)
    missing = shortfall(text, analysis)
    if missing is not None:
        return Failure(missing)
    name = policy or policy_id(analysis, filename)
    questionnaire, ruleset = build(analysis, name)
    return Derived(name, text + "\n", analysis, questionnaire, ruleset)
