"""The draft questionnaire and rule set for an analysed policy, in the content format.

Per duty: a Ja/Delvis/Nej question, an evidence field (a link or a description) asked when
the answer is Ja or Delvis, three criteria and advice. Per goal: a question on the unit's
contribution and a `goal` requirement. One section per actor, one for the goals. What a
person must check is listed under `x-policy.x-review`.
"""
from __future__ import annotations

import re

from . import wording
from .actors import named_part
from .analyse import KINDS, Analysis, Duty, slug

SCALE = [{"const": "ja", "title": "Ja"}, {"const": "delvis", "title": "Delvis"}, {"const": "nej", "title": "Nej"}]
PREFIXES = {"kommunstyrelse": "KS", "nämnd": "N", "förvaltning": "F", "bolag": "BO"}
ACTOR_TITLES = {"kommunstyrelse": "Kommunstyrelsen", "nämnd": "Nämnderna", "förvaltning": "Förvaltningarna",
                "bolag": "Bolagen"}
HELP = ("Svara Ja om det gäller fullt ut under året, Delvis om arbetet har påbörjats eller bara gäller en del "
        "av verksamheten och Nej om det inte har gjorts.")
EVIDENCE_HELP = ("Klistra in en länk (som börjar med https://) till beslut, plan eller protokoll, eller beskriv "
                 "kortfattat vad som har gjorts och var underlaget finns.")
PLACEHOLDER = "Ej angivet i policyn – fyll i"


def build(analysis: Analysis, policy_id: str) -> tuple[dict, dict]:
    """(questionnaire, rule set) for the policy: a draft that passes lint."""
    meta = analysis.meta
    review = list(analysis.review)
    goals = [{"id": g.id, "title": wording.title(g.source), "source": g.source} for g in analysis.goals]
    if goals:
        review.append({"about": "goals", "note": "Målens korta titlar är tagna ur målens text: korta och formulera om."})
    sections: dict[str, dict] = {}
    requirements: list[dict] = []
    used: set[str] = set()
    for key, group in _groups(analysis.duties).items():
        name, section, rules = _duty_section(key, group, used, review)
        sections[name] = section
        requirements += rules
    if goals:
        section, rules = _goal_section(goals)
        sections["mal"] = section
        requirements += rules
    policy = {
        "id": policy_id,
        "municipality": meta["municipality"] or PLACEHOLDER,
        "title": meta["title"] or PLACEHOLDER,
        "adopted_by": meta["adopted_by"],
        "adopted_date": meta["adopted_date"],
        "adopted_paragraph": meta["adopted_paragraph"],
        "replaces": meta["replaces"],
        "revision": meta["revision"],  # None: the text does not say, and the policy check will say so
        "follow_up": meta["follow_up"],
        "goals": goals,
        # the kinds of unit the policy asks anything of: a tagged duty's units may be of its kinds too
        "kinds": [kind for kind in KINDS if any(kind in rule["applies_to"] for rule in requirements)
                  or any(kind in duty.kinds for duty in analysis.duties)],
        "x-review": review,
    }
    tags = list(dict.fromkeys(tag for rule in requirements for tag in rule.get("applies_to_tags", [])))
    if tags:
        policy["tags"] = tags
    if meta["revision"] is None:
        review.append({"about": "revision", "note": "Policyn anger inte när den ska revideras; ange regeln om den finns."})
    questionnaire = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Självskattning: {policy['title']}, {policy['municipality']}",
        "description": ("Årlig självskattning av hur verksamheten arbetar enligt policyn. Besvaras av ansvarig chef. "
                        "Under varje fråga står den mening i policyn som frågan bygger på."),
        "type": "object",
        "additionalProperties": False,
        "required": list(sections),
        "x-policy": policy,
        "properties": sections,
    }
    ruleset = {
        "policy": policy_id,
        "description": f"Utkast härlett ur policytexten: granska kraven, kriterierna och råden. {policy['title']}.",
        "requirements": requirements,
    }
    return questionnaire, ruleset


def _groups(duties: list[Duty]) -> dict[tuple, list[Duty]]:
    """Duties by who they apply to (unit kinds and tag), in the order of the text."""
    groups: dict[tuple, list[Duty]] = {}
    for duty in duties:
        groups.setdefault((tuple(duty.kinds), duty.tag), []).append(duty)
    return groups


def _prefix(kinds: tuple, tag: str | None, used: set[str]) -> str:
    """The id prefix of a group: KS, N, F, BO for one kind, V for all kinds, else letters of
    the tag or the kinds, never M or B (goals and goal contributions) nor a prefix in use."""
    if not tag and (len(kinds) == 1 or set(kinds) == set(KINDS)):
        return PREFIXES[kinds[0]] if len(kinds) == 1 else "V"
    if tag:
        letters = re.sub(r"[^A-Z]", "", tag.upper().translate(str.maketrans("ÅÄÖ", "AAO"))) or "T"
    else:
        letters = "".join(PREFIXES[k][0] for k in kinds)
    fixed = set(PREFIXES.values()) | {"V"}
    candidates = [letters[:n].ljust(n, "X") for n in (2, 3, 4)] + [f"T{c}" for c in "ACDEFGHIJKLNOPQRSUVWXYZ"]
    prefix = next(c for c in candidates if c not in used and c not in fixed | {"M", "B"})
    used.add(prefix)
    return prefix


def _duty_section(key: tuple, group: list[Duty], used: set[str], review: list[dict]) -> tuple[str, dict, list]:
    kinds, tag = key
    prefix = _prefix(kinds, tag, used)
    if tag:
        name, title = f"ansvar_{slug(tag).replace('-', '_')}"[:60], f"Ansvar: {_who(group[0])}"
    elif set(kinds) == set(KINDS):
        name, title = "ansvar_alla", "Ansvar för alla verksamheter"
    else:
        name = "ansvar_" + "_".join(slug(k) for k in kinds)
        title = "Ansvar: " + " och ".join(ACTOR_TITLES[k] if i == 0 else ACTOR_TITLES[k].lower()
                                          for i, k in enumerate(kinds))
    properties: dict = {}
    conditions = []
    rules = []
    for k, duty in enumerate(group, 1):
        rid = f"{prefix}{k}"
        asked = wording.questions(duty.source, list(kinds), duty.clause, tag, duty.actor, duty.lead)
        answers = [rid.lower()] if len(asked) == 1 else [f"{rid.lower()}_{n}" for n in range(1, len(asked) + 1)]
        evidence = f"{rid.lower()}_underlag"
        for answer, (text, _worded) in zip(answers, asked):
            properties[answer] = {"title": text, "description": HELP, "type": "string", "oneOf": SCALE,
                                  "x-serves": [rid], "x-source": duty.source}
            conditions.append({"if": {"properties": {answer: {"enum": ["ja", "delvis"]}}, "required": [answer]},
                               "then": {"required": [evidence]}})
        properties[evidence] = {"title": "Underlag: länk eller beskrivning", "description": EVIDENCE_HELP,
                                "type": "string", "maxLength": 2000, "x-widget": "textarea",
                                "x-serves": [rid], "x-source": duty.source}
        rules.append(_rule(rid, "responsibility", duty.source, duty.heading, [] if tag else list(kinds), [],
                           section=name, answers=answers, evidence=evidence, tag=tag))
        if not all(worded for _text, worded in asked):
            review.append({"about": rid, "note": "Frågan är allmänt formulerad (verbet okänt): formulera om den."})
        if tag:
            review.append({"about": rid, "note": f"Gäller gruppen '{tag}', inte en enhetstyp: gäller de enheter som har "
                                                 f"taggen '{tag}' i registret. Ge dem taggen, eller ändra vilka "
                                                 "enheter kravet gäller."})
        elif not duty.actor:
            review.append({"about": rid, "note": "Ingen aktör nämns i meningen: kontrollera vilka enheter kravet gäller."})
    section = {"type": "object", "title": title, "additionalProperties": False,
               "required": [n for n in properties if not n.endswith("_underlag")],
               "properties": properties, "allOf": conditions}
    if tag:
        section["x-applies-to-tags"] = [tag]
    elif set(kinds) != set(KINDS):
        section["x-applies-to"] = list(kinds)
    return name, section, rules


def _who(duty: Duty) -> str:
    """A group's name for its section's title, in the text's own words ("Förvaltningscheferna",
    "Den externa mottagaren", "Varje chef" of "Varje chef som rekryterar"); the heading where the
    sentence names no one."""
    words = named_part(duty.actor.strip(" ,:")) or duty.heading.split(" – ")[-1]
    return words[:1].upper() + words[1:]


def _goal_section(goals: list[dict]) -> tuple[dict, list]:
    properties: dict = {}
    conditions = []
    rules = []
    for k, goal in enumerate(goals, 1):
        gid, rid = goal["id"], f"B{k}"
        answer, evidence = f"{gid.lower()}_bidrag", f"{gid.lower()}_beskrivning"
        properties[answer] = {"title": wording.goal_question(goal["source"], goal["title"]), "description": HELP,
                              "type": "string", "oneOf": SCALE, "x-serves": [gid, rid], "x-source": goal["source"]}
        properties[evidence] = {"title": "Vad har ni gjort för målet? Beskriv eller länka till underlag",
                                "description": EVIDENCE_HELP, "type": "string", "maxLength": 2000,
                                "x-widget": "textarea", "x-serves": [gid, rid], "x-source": goal["source"]}
        conditions.append({"if": {"properties": {answer: {"enum": ["ja", "delvis"]}}, "required": [answer]},
                           "then": {"required": [evidence]}})
        rules.append(_rule(rid, "goal", goal["source"], "Mål", list(KINDS), [gid], section="mal",
                           answers=[answer], evidence=evidence, title=f"Arbete för målet: {goal['title']}"))
    section = {"type": "object", "title": "Verksamhetens bidrag till policyns mål", "additionalProperties": False,
               "required": list(p for p in properties if p.endswith("_bidrag")),
               "properties": properties, "allOf": conditions}
    return section, rules


def _rule(rid: str, kind: str, source: str, heading: str, kinds: list[str], goals: list[str], *, section: str,
          answers: list[str], evidence: str, title: str | None = None, tag: str | None = None) -> dict:
    """A requirement met when every part is answered Ja and evidence is given, partly met when any part
    is at least begun."""
    at = f"/answers/{section}"
    tags = {"applies_to_tags": [tag]} if tag else {}
    several = len(answers) > 1
    criteria = []
    for n, answer in enumerate(answers, 1):
        part = f" (del {n})" if several else ""
        criteria += [{"label": f"Arbetet har åtminstone påbörjats{part}", "path": f"{at}/{answer}",
                      "schema": {"enum": ["ja", "delvis"]}},
                     {"label": f"Uppfylls fullt ut{part}", "path": f"{at}/{answer}", "schema": {"const": "ja"}}]
    criteria.append({"label": "Underlag finns", "path": f"{at}/{evidence}", "schema": {"type": "string", "minLength": 1}})
    return {
        "id": rid,
        "kind": kind,
        "title": title or wording.title(source),
        "source": source,
        "source_heading": heading,
        "applies_to": kinds,
        **tags,
        "goals": goals,
        "criteria": criteria,
        "levels": {"met": "all", "partly_met": 1},
        "advice": ("Utse en ansvarig och gör en plan med tidpunkter för hur detta ska uppfyllas, och spara "
                   "beslut, plan eller protokoll som underlag att länka till nästa år."),
    }
