"""A small hand-made data set for the annual-report section; its figures are worked out in the fixture."""
from survey.reports import build as reports

POLICY = {"id": "testpolicy", "municipality": "Testkommun", "title": "Testpolicy för integration",
          "goals": [{"id": "M1", "title": "Alla är delaktiga"}, {"id": "M2", "title": "Ingen diskriminering"}]}
REVISION = {"policy": "testpolicy", "status": "ok", "last_decided": "2024-05-01", "due": "2027-05-01"}
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
