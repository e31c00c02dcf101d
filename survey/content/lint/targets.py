"""Checks of whom sections and requirements address: kinds and tags the policy declares, and someone at all."""
from __future__ import annotations

from typing import Iterator

from survey.content import questionnaire as q
from survey.content.files import Problem
from survey.content.lint.policy import Policy
from survey.i18n import Msg, Text

UNKNOWN_KIND = Text("lint.unknown_kind", "enhetstypen %(name)s finns inte i x-policy.kinds; tillåtna är %(allowed)s. "
                                         "Lägg till den i x-policy.kinds eller välj en av dem")
UNKNOWN_TAG = Text("lint.unknown_tag", "taggen %(name)s finns inte i x-policy.tags; tillåtna är %(allowed)s. "
                                       "Lägg till den i x-policy.tags eller välj en av dem")
NO_TAGS = Text("lint.no_tags", "inga (x-policy.tags är tom)")
NOBODY = Text("lint.nobody", "kravet gäller ingen enhet: applies_to är tom och varken applies_to_tags eller "
                             "applies_to_units anges; ange minst en enhetstyp, tagg eller enhet")
NOBODY_SECTION = Text("lint.nobody_section", "x-applies-to är tom och varken x-applies-to-tags eller "
                                             "x-applies-to-units anges; ta bort x-applies-to (då ser policyns alla "
                                             "enhetstyper avsnittet) eller ange minst en enhetstyp, tagg eller enhet")


def _unknown(p: Policy, kinds: list[str], tags: list[str], kinds_key: str, tags_key: str
             ) -> Iterator[tuple[str, Msg]]:
    """(relative pointer, message) for each kind and tag not declared in x-policy."""
    for k, kind in enumerate(kinds):
        if kind not in p.kinds:
            yield f"{kinds_key}/{k}", UNKNOWN_KIND(name=repr(kind), allowed=", ".join(p.kinds))
    for k, tag in enumerate(tags):
        if tag not in p.tags:
            yield f"{tags_key}/{k}", UNKNOWN_TAG(name=repr(tag), allowed=", ".join(p.tags) or NO_TAGS())


def check_targets(p: Policy) -> Iterator[Problem]:
    """Every kind and tag named is declared in x-policy; every section and requirement addresses someone."""
    for name, section in p.sections.items():
        at = f"/properties/{name}"
        for where, message in _unknown(p, section.get("x-applies-to", []), section.get("x-applies-to-tags", []),
                                       "x-applies-to", "x-applies-to-tags"):
            yield Problem(p.q_file, f"{at}/{where}", message)
        if section.get("x-applies-to") == [] and not section.get("x-applies-to-tags") \
                and not section.get("x-applies-to-units"):
            yield Problem(p.q_file, f"{at}/x-applies-to", NOBODY_SECTION())
    for i, rule in enumerate(p.ruleset["requirements"]):
        at = f"/requirements/{i}"
        for where, message in _unknown(p, rule["applies_to"], rule.get("applies_to_tags", []),
                                       "applies_to", "applies_to_tags"):
            yield Problem(p.r_file, f"{at}/{where}", message)
        if not any(q.rule_applies_to(rule)):
            yield Problem(p.r_file, f"{at}/applies_to", NOBODY())
