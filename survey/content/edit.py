"""Edits a coordinator makes to a draft policy in the workshop, as pure functions on its data.

A draft is a questionnaire and a rule set in the content format. Items are named by keys:
`policy`, `goal:<id>`, `requirement:<id>`, `section:<name>` and `question:<section>/<name>`.
`values(draft, key)` gives an item's form fields as the workshop shows them, every value a list
of strings as a posted form holds them; `apply(draft, key, form)` takes such fields back and
returns the problems by field (nothing is changed when there are any). The workshop compares
what was posted with `values` of the version the page showed, so only what a person changed is
applied, whoever saved meanwhile. Quotes are not typed: `set_quote` takes a passage of the text.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date

from survey.content import questionnaire as q
from survey.content.lint.quotes import quoted
from survey.i18n import Msg, Text

Form = dict[str, list[str]]
MAX_TEXT = 2000
REQUIRED = Text("edit.required", "Fyll i fältet.")
TOO_LONG = Text("edit.too_long", "Högst %(n)s tecken.")
NO_KIND = Text("edit.no_kind", "Välj minst en enhetstyp, en tagg eller en enhet.")
BAD_DATE = Text("edit.bad_date", "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-18.")
NO_DATE = Text("edit.no_revision_date", "Ange det datum då policyn senast ska revideras.")
BAD_LEVEL = Text("edit.bad_level", "Ange ett heltal från %(low)s till %(high)s.")
PARTLY_BELOW = Text("edit.partly_below", "Ska vara mindre än antalet för uppfyllt (%(met)s).")
NO_ITEM = Text("edit.no_item", "Det du ändrade finns inte längre i utkastet. Ladda om sidan.")
BAD_TAG = Text("edit.bad_tag", "En tagg skrivs med små bokstäver utan mellanslag, till exempel ”chefer”: %(tag)s")
BAD_CHOICE = Text("edit.bad_choice", "Välj ett av alternativen.")
KIND_IN_USE = Text("edit.kind_in_use", "Enhetstypen %(kind)s är den enda som %(item)s gäller; ändra det först.")
NOT_QUOTED = Text("edit.not_quoted", "Texten finns inte ordagrant i policyn. Markera en mening i policytexten.")
NO_SOURCE = Text("edit.no_source", "Välj meningen i policytexten som säger när policyn revideras, eller skriv "
                                   "var det är beslutat.")
NEW_GOAL = "Nytt mål (skriv målet)"
NEW_REQUIREMENT = "Nytt krav (skriv kravet)"
NEW_QUESTION = "Ny fråga (skriv frågan)"
_PLACEHOLDER = re.compile(r"–\s*fyll i\s*$|\((?:skriv|ange)\b[^)]*\)\s*$", re.IGNORECASE)
_TAG = re.compile(r"^[a-zåäö][a-zåäö0-9_-]{0,39}$")
REVIEWED_FIELDS = ("adopted_by", "adopted_date", "adopted_paragraph", "replaces", "revision", "follow_up")


@dataclass
class Draft:
    """A working copy of a draft's questionnaire and rule set."""

    questionnaire: dict
    ruleset: dict

    @classmethod
    def of(cls, questionnaire: dict, ruleset: dict) -> "Draft":
        return cls(copy.deepcopy(questionnaire), copy.deepcopy(ruleset))

    @property
    def policy(self) -> dict:
        return self.questionnaire["x-policy"]

    @property
    def goals(self) -> list[dict]:
        return self.policy["goals"]

    @property
    def requirements(self) -> list[dict]:
        return self.ruleset["requirements"]

    @property
    def sections(self) -> dict[str, dict]:
        return self.questionnaire["properties"]

    def requirement(self, rid: str) -> dict | None:
        return next((r for r in self.requirements if r["id"] == rid), None)

    def goal(self, gid: str) -> dict | None:
        return next((g for g in self.goals if g["id"] == gid), None)

    def question(self, key: str) -> dict | None:
        section_name, _sep, name = key.partition(":")[2].partition("/")
        return self.sections.get(section_name, {}).get("properties", {}).get(name)

    def home(self, rid: str) -> str | None:
        """The section whose questions judge a requirement: the first with a question serving it."""
        return next((name for name, section in self.sections.items()
                     if any(rid in s.get("x-serves", []) for s in section["properties"].values())), None)


def one(form: Form, name: str) -> str:
    """A posted field's value, trimmed, with the line breaks browsers send made plain."""
    return ((form.get(name) or [""])[0] or "").replace("\r\n", "\n").strip()


def text_field(form: Form, name: str, errors: dict, *, required: bool = True, limit: int = MAX_TEXT) -> str | None:
    value = one(form, name)
    if required and not value:
        errors[name] = REQUIRED()
    elif len(value) > limit:
        errors[name] = TOO_LONG(n=limit)
    return value or None


def count_field(form: Form, name: str, low: int, high: int, errors: dict) -> int | None:
    value = one(form, name)
    if not value.isdigit() or not low <= int(value) <= high:
        errors[name] = BAD_LEVEL(low=low, high=high)
        return None
    return int(value)


def date_field(form: Form, name: str, errors: dict) -> str | None:
    value = one(form, name)
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        errors[name] = BAD_DATE()
        return None


# --- whom an item addresses ---------------------------------------------------------------

def target_values(target: q.Target) -> Form:
    return {"kinds": list(target.kinds), "tags": [", ".join(target.tags)], "units": ["\n".join(target.units)]}


def target_of(draft: Draft, form: Form, errors: dict) -> q.Target:
    """The kinds ticked, tags (comma separated) and unit names (one a line) posted for an item."""
    kinds = tuple(k for k in q.policy_kinds(draft.questionnaire) if k in form.get("kinds", []))
    tags = tuple(dict.fromkeys(t.strip().lower() for t in one(form, "tags").split(",") if t.strip()))
    units = tuple(dict.fromkeys(u.strip() for u in one(form, "units").split("\n") if u.strip()))
    if bad := [t for t in tags if not _TAG.match(t)]:
        errors["tags"] = BAD_TAG(tag=bad[0])
    if any(len(u) > 200 for u in units):
        errors["units"] = TOO_LONG(n=200)
    if not (kinds or tags or units):
        errors["kinds"] = NO_KIND()
    return q.Target(kinds, tags, units)


def _add_tags(draft: Draft, tags: tuple[str, ...]) -> None:
    known = list(q.policy_tags(draft.questionnaire))
    if set(tags) - set(known):
        draft.policy["tags"] = known + [t for t in tags if t not in known]


def set_section_target(draft: Draft, section: dict, target: q.Target) -> None:
    for key, values in (("x-applies-to", target.kinds), ("x-applies-to-tags", target.tags),
                        ("x-applies-to-units", target.units)):
        section.pop(key, None)
        if values:
            section[key] = list(values)
    if not target.tags and not target.units and set(target.kinds) == set(q.policy_kinds(draft.questionnaire)):
        section.pop("x-applies-to", None)  # all the policy's kinds: the default
    _add_tags(draft, target.tags)


def set_rule_target(draft: Draft, rule: dict, target: q.Target) -> None:
    rule["applies_to"] = list(target.kinds)
    for key, values in (("applies_to_tags", target.tags), ("applies_to_units", target.units)):
        rule.pop(key, None)
        if values:
            rule[key] = list(values)
    _add_tags(draft, target.tags)


def _same(a: q.Target, b: q.Target) -> bool:
    return all(set(x) == set(y) for x, y in zip(a, b))


def inherits(draft: Draft, rule: dict) -> bool:
    """Whether a requirement addresses the same units as the section whose questions judge it."""
    home = draft.home(rule["id"])
    return home is not None and _same(q.rule_applies_to(rule), q.applies_to(draft.questionnaire, draft.sections[home]))


# --- the items ----------------------------------------------------------------------------

def policy_values(draft: Draft) -> Form:
    p, revision = draft.policy, draft.policy.get("revision") or {}
    return {"title": [p.get("title") or ""], "adopted_by": [p.get("adopted_by") or ""],
            "adopted_date": [p.get("adopted_date") or ""], "adopted_paragraph": [p.get("adopted_paragraph") or ""],
            "replaces": [p.get("replaces") or ""], "last_revised": [p.get("last_revised") or ""],
            "revision_rule": [revision.get("rule", "none")], "revision_years": [str(revision.get("years", ""))],
            "revision_date": [revision.get("date", "")],
            "revision_source": [revision.get("source", "")], "follow_up": [p.get("follow_up") or ""],
            "kinds": list(q.policy_kinds(draft.questionnaire))}


def _policy_kinds(draft: Draft, form: Form, offered: tuple[str, ...] | None, errors: dict) -> list[str]:
    current = list(q.policy_kinds(draft.questionnaire))
    allowed = list(dict.fromkeys(list(offered or ()) + current))
    kinds = [k for k in allowed if k in form.get("kinds", [])]
    if not kinds:
        errors["kinds"] = NO_KIND()
    for gone in set(current) - set(kinds):
        for name, section in draft.sections.items():
            if section.get("x-applies-to") == [gone] and not section.get("x-applies-to-tags") \
                    and not section.get("x-applies-to-units"):
                errors["kinds"] = KIND_IN_USE(kind=gone, item=section["title"])
        for rule in draft.requirements:
            if rule["applies_to"] == [gone] and not rule.get("applies_to_tags") and not rule.get("applies_to_units"):
                errors["kinds"] = KIND_IN_USE(kind=gone, item=rule["title"])
    return kinds


def _set_policy_kinds(draft: Draft, kinds: list[str]) -> None:
    everyone = set(q.policy_kinds(draft.questionnaire))
    draft.policy["kinds"] = kinds
    for section in draft.sections.values():
        if "x-applies-to" in section:
            section["x-applies-to"] = [k for k in section["x-applies-to"] if k in kinds]
        elif set(kinds) - everyone:  # "all kinds" meant the old ones: a new kind is not added silently
            section["x-applies-to"] = [k for k in kinds if k in everyone]
        if section.get("x-applies-to") == [] or set(section.get("x-applies-to", ())) == set(kinds):
            section.pop("x-applies-to", None)
    for rule in draft.requirements:
        rule["applies_to"] = [k for k in rule["applies_to"] if k in kinds]


def edit_policy(draft: Draft, form: Form, offered_kinds: tuple[str, ...] | None = None) -> dict[str, Msg]:
    errors: dict[str, Msg] = {}
    title = text_field(form, "title", errors, limit=200)
    fields = {name: text_field(form, name, errors, required=False, limit=limit)
              for name, limit in (("adopted_by", 200), ("adopted_paragraph", 40), ("replaces", 500),
                                  ("follow_up", MAX_TEXT))}
    if fields["adopted_paragraph"] and fields["adopted_paragraph"].isdigit():
        fields["adopted_paragraph"] = f"§ {fields['adopted_paragraph']}"
    adopted, last_revised = date_field(form, "adopted_date", errors), date_field(form, "last_revised", errors)
    rule, source = one(form, "revision_rule") or "none", text_field(form, "revision_source", errors, required=False)
    revision = None
    if rule not in ("none", "mandate_period", "years", "date"):
        errors["revision_rule"] = BAD_CHOICE()
    elif rule != "none":
        if not source:
            errors["revision_source"] = NO_SOURCE()
        revision = {"rule": rule, "source": source}
        if rule == "years":
            revision["years"] = count_field(form, "revision_years", 1, 20, errors)
        if rule == "date":
            revision["date"] = date_field(form, "revision_date", errors)
            if revision["date"] is None and "revision_date" not in errors:
                errors["revision_date"] = NO_DATE()
    kinds = _policy_kinds(draft, form, offered_kinds, errors)
    if errors:
        return errors
    draft.policy.update(title=title, adopted_date=adopted, revision=revision, **fields)
    if last_revised:
        draft.policy["last_revised"] = last_revised
    else:
        draft.policy.pop("last_revised", None)
    if kinds != list(q.policy_kinds(draft.questionnaire)):
        _set_policy_kinds(draft, kinds)
    filled = {name for name in REVIEWED_FIELDS if draft.policy.get(name)}
    if "x-review" in draft.policy:
        draft.policy["x-review"] = [n for n in draft.policy["x-review"] if n["about"] not in filled]
    return errors


def edit_goal(draft: Draft, gid: str, form: Form) -> dict[str, Msg]:
    errors: dict[str, Msg] = {}
    title = text_field(form, "title", errors, limit=200)
    if not errors:
        draft.goal(gid)["title"] = title
    return errors


def section_values(draft: Draft, name: str) -> Form:
    section = draft.sections[name]
    return {"title": [section.get("title", "")], "description": [section.get("description", "")]} | \
        target_values(q.applies_to(draft.questionnaire, section))


def edit_section(draft: Draft, name: str, form: Form) -> dict[str, Msg]:
    """Heading, introduction and whom the section is for; requirements that follow it keep following it."""
    errors: dict[str, Msg] = {}
    section = draft.sections[name]
    title = text_field(form, "title", errors, limit=200)
    description = text_field(form, "description", errors, required=False)
    target = target_of(draft, form, errors)
    if errors:
        return errors
    following = [r for r in draft.requirements if draft.home(r["id"]) == name and inherits(draft, r)]
    section["title"] = title
    if description:
        section["description"] = description
    else:
        section.pop("description", None)
    set_section_target(draft, section, target)
    for rule in following:
        set_rule_target(draft, rule, q.applies_to(draft.questionnaire, section))
    return errors


def exists(draft: Draft, key: str) -> bool:
    kind, _sep, ident = key.partition(":")
    if kind == "policy":
        return True
    if kind == "goal":
        return draft.goal(ident) is not None
    if kind == "requirement":
        return draft.requirement(ident) is not None
    if kind == "section":
        return ident in draft.sections
    return kind == "question" and draft.question(key) is not None


def normal(form: Form) -> dict[str, tuple[str, ...]]:
    """Posted fields compared as a person sees them: trimmed, plain line breaks, ticked boxes in any order."""
    return {name: tuple(sorted(v.replace("\r\n", "\n").strip() for v in found if v.strip()))
            for name, found in form.items()}


def changed(before: Form, posted: Form) -> bool:
    """Whether a person changed anything in an item's form (boxes left unticked are not posted)."""
    was, now = normal(before), normal(posted)
    return any(was.get(name, ()) != now.get(name, ()) for name in (set(was) | set(now)) - {"present"})


# --- quotes and placeholders ---------------------------------------------------------------

QUOTED_FIELDS = {"goal": "source", "requirement": "source", "question": "x-source"}


def quote_of(draft: Draft, key: str) -> str | None:
    kind, _sep, ident = key.partition(":")
    if kind == "goal":
        return draft.goal(ident)["source"]
    if kind == "requirement":
        return draft.requirement(ident)["source"]
    if kind == "question":
        return draft.question(key).get("x-source")
    return None


def set_quote(draft: Draft, key: str, passage: str, text: str, field: str = "source") -> Msg | None:
    """Set the quote of a goal, requirement or question (or a sentence of the policy's metadata) to a
    passage of the policy text; questions that quoted the same as their goal or requirement follow it."""
    passage = re.sub(r"\s+", " ", passage).strip()
    if not passage or len(passage) > MAX_TEXT or not quoted(text, passage):
        return NOT_QUOTED()
    kind, _sep, ident = key.partition(":")
    if kind == "policy":
        if field == "follow_up":
            draft.policy["follow_up"] = passage
        else:
            draft.policy["revision"] = (draft.policy.get("revision") or {"rule": "mandate_period"}) | {"source": passage}
        draft.policy["x-review"] = [n for n in draft.policy.get("x-review", []) if n["about"] != field]
        return None
    if kind == "question":
        draft.question(key)["x-source"] = passage
        return None
    item = draft.goal(ident) if kind == "goal" else draft.requirement(ident)
    old, item["source"] = item["source"], passage
    for _section, _name, schema in q.questions(draft.questionnaire):
        if ident in schema.get("x-serves", []) and schema.get("x-source") == old:
            schema["x-source"] = passage
    return None


def placeholders(draft: Draft) -> list[tuple[str, str]]:
    """Texts still waiting to be written, as (item key, field): a draft with any cannot be published."""
    found = [("policy", name) for name in ("title", "municipality") if _PLACEHOLDER.search(draft.policy.get(name) or "")]
    for goal in draft.goals:
        found += [(f"goal:{goal['id']}", f) for f in ("title", "source") if _PLACEHOLDER.search(goal[f])]
    for rule in draft.requirements:
        found += [(f"requirement:{rule['id']}", f) for f in ("title", "source", "advice")
                  if _PLACEHOLDER.search(rule.get(f) or "")]
    for section_name, name, schema in q.questions(draft.questionnaire):
        found += [(f"question:{section_name}/{name}", f) for f in ("title", "x-source")
                  if _PLACEHOLDER.search(schema.get(f) or "")]
    return found


# --- naming a new policy ---------------------------------------------------------------------

_FOLD = str.maketrans("åäöéüæø", "aaoeuao")
_FILLER = {"for", "och", "i", "kommun", "kommuns", "kommunens", "en", "ett", "den", "det"}


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", text.lower().translate(_FOLD)) if w]


def place_of(municipality: str) -> str:
    """A municipality's own name, folded: "Falköpings kommun" → "falkoping", "Borås Stad" → "boras"."""
    words = [w for w in _words(municipality) if w not in ("kommun", "stad", "region")]
    place = "-".join(words)
    if re.search(r"[^aeiouy]s$", place) and len(place) > 3:  # the genitive of "Falköpings kommun"
        place = place[:-1]
    return place


def same_place(named: str, organisation: str) -> bool:
    """Whether a document's municipality is the organisation (or the document names none)."""
    return not place_of(named) or _PLACEHOLDER.search(named) is not None or place_of(named) == place_of(organisation)


def policy_name(municipality: str, title: str, taken: set[str]) -> str:
    """A readable id not yet taken: the municipality and the title's own words, "ort-mangfaldspolicy"."""
    place = place_of(municipality)
    own = {place, place + "s"} | set(place.split("-"))
    title = re.split(r"\s[–—-]\s|:", title)[0]  # not the subtitle
    title = re.sub(r"\b\w+\s+(?:kommun|stad)\b", " ", title, flags=re.IGNORECASE)  # nor a municipality's name
    words = [w for w in _words(title) if w not in own and w not in _FILLER][:4] or ["policy"]
    stem = "-".join(([place] if place else []) + words)[:70].strip("-")
    name, n = stem, 2
    while name in taken:
        name, n = f"{stem}-{n}", n + 1
    return name
