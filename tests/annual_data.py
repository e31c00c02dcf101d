"""A small hand-made data set for the annual-report section; its figures are worked out in the fixture."""
import random
from datetime import date

from survey.reports import build as reports
from survey.scoring.policycheck import revision_status

POLICY = {"id": "testpolicy", "municipality": "Testkommun", "title": "Testpolicy för integration",
          "goals": [{"id": "M1", "title": "Alla är delaktiga"}, {"id": "M2", "title": "Ingen diskriminering"}]}
TODAY = date(2026, 11, 22)
REVISION = revision_status({"id": "testpolicy", "adopted_by": "Kommunfullmäktige", "adopted_date": "2024-05-01",
                            "adopted_paragraph": "§ 41", "revision": {"rule": "years", "years": 3}}, TODAY)
UNITS = [{"unit": "Kommunstyrelsen", "kind": "kommunstyrelse", "status": "submitted"},
         {"unit": "Socialnämnden", "kind": "nämnd", "status": "submitted"},
         {"unit": "Byggnämnden", "kind": "nämnd", "status": "submitted"},
         {"unit": "Kulturnämnden", "kind": "nämnd", "status": "draft"},
         {"unit": "Fritidsnämnden", "kind": "nämnd", "status": "not_started"}]
ACTIONS = [
    {"unit": "Byggnämnden", "requirement": "N1", "what": "Ta fram mål i verksamhetsplanen",
     "who": "Förvaltningschef", "due": "2027-03-31", "status": "planned", "comment": ""},
    {"unit": "Kommunstyrelsen", "requirement": "KS1", "what": "Samordningsgrupp", "who": "Kommundirektör",
     "due": "2026-12-31", "status": "in_progress", "comment": "Första mötet hållet"},
]
REQUIREMENTS = {"N1": ("nämnd", "Mål på kort och lång sikt", "M1"),
                "N2": ("nämnd", "Rekrytering & <kompetens>", "M2"),
                "KS1": ("kommunstyrelse", "Samordning", "M1,M2")}
LEVELS = {  # (year, unit) → level and points per requirement
    (2026, "Kommunstyrelsen"): {"N1": ("not_applicable", None), "N2": ("not_applicable", None),
                                "KS1": ("partly_met", 1.0)},
    (2026, "Socialnämnden"): {"N1": ("met", 2.0), "N2": ("met", 2.0), "KS1": ("not_applicable", None)},
    (2026, "Byggnämnden"): {"N1": ("not_met", 0.0), "N2": ("partly_met", 1.0), "KS1": ("not_applicable", None)},
    (2025, "Kommunstyrelsen"): {"N1": ("not_applicable", None), "N2": ("not_applicable", None),
                                "KS1": ("not_met", 0.0)},
    (2025, "Socialnämnden"): {"N1": ("partly_met", 1.0), "N2": ("met", 2.0), "KS1": ("not_applicable", None)},
}
KINDS = {u["unit"]: u["kind"] for u in UNITS}


def frame():
    rows = []
    for (year, unit), results in LEVELS.items():
        for requirement, (level, points) in results.items():
            _kind, title, goals = REQUIREMENTS[requirement]
            scored = level != "not_applicable"
            rows.append({"organisation": "Testkommun", "policy": "testpolicy", "year": year, "unit": unit,
                         "unit_kind": KINDS[unit], "requirement": requirement, "requirement_title": title,
                         "goal": goals, "kind": "responsibility", "level": level, "points": points,
                         "max_points": 2.0 if scored else None, "applicable": scored, "comment": ""})
    return reports.long_table(rows)


# --- a large policy: 10 goals, 30 units, long action texts (for the print layout) -----------------

UNIT_NAMES = [
    "Kommunstyrelsen", "Barn- och utbildningsnämnden", "Socialnämnden", "Kultur- och fritidsnämnden",
    "Miljö- och byggnadsnämnden", "Tekniska nämnden", "Vård- och omsorgsnämnden", "Gymnasie- och vuxenutbildningsnämnden",
    "Arbetsmarknadsnämnden", "Samhällsbyggnadsnämnden", "Överförmyndarnämnden", "Krisledningsnämnden", "Valnämnden",
    "Räddningsnämnden", "Kommunrevisionen", "Integrations- och arbetsmarknadsnämnden", "Idrottsnämnden",
    "Hamn- och fastighetsnämnden", "Landsbygdsnämnden", "Digitaliseringsnämnden", "Kommunledningsförvaltningen",
    "Samhällsbyggnadsförvaltningen", "AB Kommunens Hyresbostäder", "Kommunens Energi och Vatten AB", "Stadshus AB",
    "Hamnbolaget AB", "Parkeringsbolaget AB", "Industrifastigheter i Kommunen AB", "Turism och Evenemang AB",
    "Bredbandsbolaget AB"]
LONG = ("Ta fram en samlad handlingsplan för introduktion av nyanlända medarbetare, med mentorer, språkstöd på "
        "arbetsplatsen och uppföljning efter sex och tolv månader, i samråd med fackliga organisationer och "
        "Arbetsförmedlingen, samt redovisa resultatet för nämnden i delårsrapporten och i verksamhetsberättelsen.")
URL = "https://intranat.kommunen.se/styrdokument/integration/handlingsplan-introduktion-nyanlanda-medarbetare-2026"


def large(goals: int = 10, units: int = 30, year: int = 2026) -> dict:
    """The inputs of `annual.build` for a policy with `goals` goals and `units` units (all submitted, two
    years), every requirement serving one goal and every unit planning an action with long texts."""
    names = UNIT_NAMES[:units]
    policy = {"id": "storpolicy", "municipality": "Storkommunen", "title": "Policy för mångfald och likabehandling",
              "goals": [{"id": f"M{g}", "title": f"Mål {g}: en kommun där alla kan delta i arbetslivet på lika villkor"}
                        for g in range(1, goals + 1)]}
    rows = []
    for when in (year - 1, year):
        for u, unit in enumerate(names):
            for g in range(1, goals + 1):
                for r in (1, 2):
                    met = 1 + g % 4 + (when - year) * (g % 3 - 1)  # goals differ, and change between years
                    level = random.Random(f"{when}/{unit}/{g}/{r}").choices(
                        ["met", "partly_met", "not_met", "not_applicable"], weights=[met, 2, 2, 1])[0]
                    points = {"met": 2.0, "partly_met": 1.0, "not_met": 0.0}.get(level)
                    rows.append({"organisation": "Storkommunen", "policy": "storpolicy", "year": when, "unit": unit,
                                 "unit_kind": "nämnd", "requirement": f"K{g}.{r}",
                                 "requirement_title": f"Krav {r} för mål {g}: arbetsplatser för praktik och anställning",
                                 "goal": f"M{g}", "kind": "responsibility", "level": level, "points": points,
                                 "max_points": None if points is None else 2.0, "applicable": points is not None,
                                 "comment": ""})
    actions = [{"unit": unit, "requirement": f"K{1 + u % goals}.1", "what": LONG, "who": "Förvaltningschefen för " + unit,
                "due": f"{year - (u % 2)}-03-31", "status": ["planned", "in_progress", "done"][u % 3],
                "comment": f"Se {URL} för underlaget. " + LONG, "year": year - (u % 2)} for u, unit in enumerate(names)]
    return {"frame": reports.long_table(rows), "policy": policy, "revision": REVISION,
            "units": [{"unit": n, "kind": "nämnd", "status": "submitted"} for n in names], "year": year,
            "actions": actions, "organisation": "Storkommunen", "today": TODAY}
