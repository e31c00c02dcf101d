"""What each list of the read API holds: its items' fields, in order, as JSON Schema (OpenAPI 3.1).

One declaration serves three readers: the OpenAPI document (survey.web.api.openapi), the CSV
columns and their types (survey.web.api.lists), and the tests that check every response.
"""
from __future__ import annotations

from survey.reports.inputs import STATUS_CODES
from survey.scoring.rules import LEVELS

TYPES = {
    "text": {"type": "string"}, "integer": {"type": "integer"}, "number": {"type": "number"},
    "boolean": {"type": "boolean"}, "date": {"type": "string", "format": "date"},
    "time": {"type": "string", "format": "date-time"}, "texts": {"type": "array", "items": {"type": "string"}},
}


def field(kind: str, description: str, *, null: bool = False, values: tuple | None = None) -> dict:
    """A field of an item as JSON Schema: its type (or null), its allowed values, what it means."""
    schema = dict(TYPES[kind])
    if null:
        schema["type"] = [schema["type"], "null"]
    if values:
        schema["enum"] = list(values) + ([None] if null else [])
    return schema | {"description": description}


def item(about: str, /, **fields: dict) -> dict:
    return {"type": "object", "description": about, "properties": fields, "required": list(fields),
            "additionalProperties": False}


ACTION_STATUSES = tuple(STATUS_CODES.values())

ITEMS = {
    "policy": item(
        "En policy med metadata ur den antagna texten och revideringsstatus i dag.",
        id=field("integer", "Policyns id."),
        name=field("text", "Policyns namn (filnamnet i innehållet), t.ex. falkoping-integrationspolicy."),
        title=field("text", "Policyns titel."),
        organisation=field("text", "Kommunen."),
        adopted_by=field("text", "Vem som antog policyn.", null=True),
        adopted_date=field("date", "När policyn antogs.", null=True),
        adopted_paragraph=field("text", "Paragrafen i beslutet, t.ex. § 82.", null=True),
        replaces=field("text", "Vad policyn ersätter.", null=True),
        last_revised=field("date", "Senaste revisionsbeslut.", null=True),
        follow_up=field("text", "Vad policyn säger om uppföljningen.", null=True),
        revision_rule=field("text", "När policyn ska revideras.", null=True, values=("mandate_period", "years", "date")),
        revision_years=field("integer", "Vart hur många år (när regeln är years).", null=True),
        revision_date=field("date", "Senast vilket datum (när regeln är date).", null=True),
        revision_status=field("text", "ok: aktuell; due: revision krävs; unknown: kan inte bedömas.",
                              values=("ok", "due", "unknown")),
        revision_due=field("date", "När revision krävs (senast).", null=True),
        revision_message=field("text", "Revideringsstatus i ord."),
        questionnaire_version=field("integer", "Frågeformulärets aktuella innehållsversion."),
        ruleset_version=field("integer", "Regeluppsättningens aktuella innehållsversion."),
        updated_at=field("time", "När policyn senast lästes in eller publicerades.", null=True),
    ),
    "goal": item(
        "Ett av policyns övergripande mål.",
        policy=field("text", "Policyns namn."), goal=field("text", "Målets id, t.ex. M3."),
        title=field("text", "Målets rubrik."), source=field("text", "Meningen i policyn som målet bygger på."),
    ),
    "requirement": item(
        "Ett krav i policyns aktuella regeluppsättning.",
        policy=field("text", "Policyns namn."), requirement=field("text", "Kravets id, t.ex. N1."),
        title=field("text", "Kravets rubrik."),
        kind=field("text", "responsibility: en skyldighet; goal: bidrag till ett mål.", values=("responsibility", "goal")),
        goals=field("texts", "Målen kravet bidrar till (i CSV kommaseparerade)."),
        applies_to=field("texts", "Enhetstyperna kravet gäller (i CSV kommaseparerade)."),
        max_points=field("number", "Högsta poäng."),
        source=field("text", "Meningen i policyn som kravet bygger på."),
        advice=field("text", "Råd om vad som höjer nivån.", null=True),
    ),
    "round": item(
        "En omgång: en policys självskattning ett år. Resultat och åtgärder pekar på omgången med round_id.",
        id=field("integer", "Omgångens id."), policy=field("text", "Policyns namn."),
        policy_title=field("text", "Policyns titel."), year=field("integer", "Året."),
        title=field("text", "Omgångens rubrik."), status=field("text", "Öppen eller stängd.", values=("open", "closed")),
        deadline=field("date", "Sista dag att svara.", null=True), opened_at=field("time", "När omgången öppnades.", null=True),
        units=field("integer", "Enheter som är med i omgången."), submitted=field("integer", "Enheter som lämnat in."),
        questionnaire_version=field("integer", "Frågeformulärets innehållsversion i omgången."),
        ruleset_version=field("integer", "Regeluppsättningens innehållsversion i omgången."),
    ),
    "unit": item(
        "En enhet i kommunens register.",
        id=field("integer", "Enhetens id."), name=field("text", "Enhetens namn."),
        kind=field("text", "Enhetstypen, t.ex. nämnd."), parent_id=field("integer", "Överordnad enhet.", null=True),
        parent=field("text", "Den överordnade enhetens namn.", null=True),
        tags=field("texts", "Enhetens taggar (i CSV kommaseparerade)."), active=field("boolean", "Om enheten är aktiv."),
        created_at=field("time", "När enheten lades till.", null=True),
    ),
    "result": item(
        "En rad i den långa resultattabellen: en enhets bedömning av ett krav ett år (inlämnade svar).",
        organisation=field("text", "Kommunen."), policy=field("text", "Policyns namn."),
        round_id=field("integer", "Omgången."), year=field("integer", "Året."), unit_id=field("integer", "Enhetens id."),
        unit=field("text", "Enhetens namn."), unit_kind=field("text", "Enhetstypen."),
        requirement=field("text", "Kravets id."), requirement_title=field("text", "Kravets rubrik."),
        goals=field("texts", "Målen kravet bidrar till (i CSV kommaseparerade)."),
        kind=field("text", "Kravets slag.", values=("responsibility", "goal")),
        level=field("text", "Nivån.", values=LEVELS), level_label=field("text", "Nivån i ord."),
        points=field("number", "Poäng (tom när kravet inte bedöms).", null=True),
        max_points=field("number", "Högsta poäng (tom när kravet inte bedöms).", null=True),
        applicable=field("boolean", "Om kravet gäller enheten."), comment=field("text", "Förklaringen till nivån."),
    ),
    "goal_summary": item(
        "Måluppfyllelse för ett mål, en enhet och ett år, räknad över de bedömda tillämpliga krav som bidrar till målet.",
        policy=field("text", "Policyns namn."), year=field("integer", "Året."), unit=field("text", "Enhetens namn."),
        unit_kind=field("text", "Enhetstypen."), goal=field("text", "Målets id."),
        compliance=field("number", "Måluppfyllelse i procent (tom när inget krav är bedömt).", null=True),
        applicable_count=field("integer", "Antalet tillämpliga krav som bidrar till målet."),
        points=field("number", "Summa poäng.", null=True), max_points=field("number", "Summa högsta poäng.", null=True),
    ),
    "action": item(
        "En åtgärd som en enhet planerat för ett krav som inte är uppfyllt.",
        id=field("integer", "Åtgärdens id."), round_id=field("integer", "Omgången åtgärden planerades i."),
        policy=field("text", "Policyns namn."), year=field("integer", "Året."), unit_id=field("integer", "Enhetens id."),
        unit=field("text", "Enhetens namn."), requirement=field("text", "Kravets id."),
        what=field("text", "Vad som ska göras."), responsible=field("text", "Vem som ansvarar."),
        due=field("date", "Klart senast."), status=field("text", "Status.", values=ACTION_STATUSES),
        comment=field("text", "Kommentar.", null=True),
        followed_up_status=field("text", "Status som rapporterades året därpå.", null=True,
                                 values=ACTION_STATUSES),
        followed_up_comment=field("text", "Kommentar året därpå.", null=True),
        created_at=field("time", "När åtgärden planerades."), updated_at=field("time", "När den senast ändrades."),
    ),
    "evidence": item(
        "Ett underlag (länk eller fil) bifogat till en enhets svar. Filer hämtas med download.",
        id=field("integer", "Underlagets id."), round_id=field("integer", "Omgången."),
        policy=field("text", "Policyns namn."), year=field("integer", "Året."), unit_id=field("integer", "Enhetens id."),
        unit=field("text", "Enhetens namn."), question=field("text", "Frågan (JSON-pekare /avsnitt/fråga)."),
        kind=field("text", "Länk eller fil.", values=("link", "file")), url=field("text", "Länken.", null=True),
        filename=field("text", "Filens namn.", null=True), media_type=field("text", "Filens typ.", null=True),
        size=field("integer", "Filens storlek i byte.", null=True),
        sha256=field("text", "Filens SHA-256.", null=True), uploaded_at=field("time", "När underlaget bifogades."),
        download=field("text", "Adressen där filen hämtas (med samma nyckel).", null=True),
    ),
    "report": item(
        "En rapportdefinition (reports/): hämta dess tabell under /reports/{name}.",
        name=field("text", "Rapportens namn."), title=field("text", "Rubrik."), description=field("text", "Beskrivning."),
        kind=field("text", "Rapportens slag."), over_years=field("boolean", "Om rapporten jämför år (annars visar den ett år)."),
    ),
}


def columns(name: str) -> list[str]:
    """The fields of an item, in order: the CSV's columns."""
    return list(ITEMS[name]["properties"])


def kinds(name: str) -> dict[str, str]:
    """Each field's JSON type without null (integer, number, boolean, string, array), for CSV columns."""
    found = {}
    for key, schema in ITEMS[name]["properties"].items():
        kind = schema["type"]
        found[key] = next(k for k in kind if k != "null") if isinstance(kind, list) else kind
    return found
