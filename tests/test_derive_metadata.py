"""Derive's metadata stage on small Swedish inputs written here (not the corpus): the adoption,
the municipality, the title, revision and follow-up in their many forms, in prose and in cells."""
from __future__ import annotations

import pytest

from survey.content.derive.metadata import metadata
from survey.content.derive.structure import blocks


def _meta(text: str) -> dict:
    return metadata(blocks(text))


@pytest.mark.parametrize("line,expected", [
    ("Antagen av KF 2012-03-05, § 45", ("Kommunfullmäktige", "2012-03-05", "§ 45")),
    ("Fastställd av kommunfullmäktige den 5 mars 2012 § 45", ("Kommunfullmäktige", "2012-03-05", "§ 45")),
    ("Beslutad av: Regionfullmäktige 2016-04-19, § 38", ("Regionfullmäktige", "2016-04-19", "§ 38")),
    ("Policyn antogs av kommunfullmäktige den 14 juni 2017, § 93.", ("Kommunfullmäktige", "2017-06-14", "§ 93")),
    ("Beslutsinstans\n\nKommunfullmäktige\n\nBeslutsdatum\n\n2020-12-14\n\nParagraf\n\n§ 201",
     ("Kommunfullmäktige", "2020-12-14", "§ 201")),
])
def test_the_adoption_in_its_common_forms(line, expected):
    meta = _meta(f"Jämställdhetspolicy\n\n{line}\n\nKommunen ska vara jämställd i allt den gör varje dag.")
    assert (meta["adopted_by"], meta["adopted_date"], meta["adopted_paragraph"]) == expected


@pytest.mark.parametrize("text,expected", [
    ("Ekby kommun arbetar för alla. Ekby kommun växer.", "Ekby kommun"),
    ("Ekbys kommun arbetar för alla.", "Ekbys kommun"),
    ("Västra Ede stad arbetar för alla.", "Västra Ede stad"),
    ("I Östra Lindby kommun ska alla trivas.", "Östra Lindby kommun"),
    ("Region Västerdal arbetar för alla.", "Region Västerdal"),
    ("Kommunen arbetar för alla invånare.", None),
])
def test_the_municipality_city_or_region(text, expected):
    assert _meta(f"Policy för service\n\n{text}")["municipality"] == expected


def test_a_title_without_its_footnote_mark_and_what_was_not_found_is_none():
    meta = _meta("Jämställdhetspolicy1\n\nAlla ska behandlas lika oavsett kön i alla delar av verksamheten.")
    assert meta["title"] == "Jämställdhetspolicy"
    assert {k: meta[k] for k in ("municipality", "adopted_by", "adopted_date", "revision", "follow_up")} == \
        dict.fromkeys(("municipality", "adopted_by", "adopted_date", "revision", "follow_up"))


def test_revision_and_follow_up_in_words_and_in_table_cells():
    meta = _meta("Lönepolicy\n\nRevideras\n\nVart fjärde år\n\nPolicyn följs upp vartannat år av kommunstyrelsen.")
    assert meta["revision"] == {"rule": "years", "years": 4, "source": "Vart fjärde år"}
    assert meta["follow_up"] == "Policyn följs upp vartannat år av kommunstyrelsen."


@pytest.mark.parametrize("sentence, stated", [
    ("Policyn aktualitetsprövas senast 2028-06-30 av kommunstyrelsen.", "2028-06-30"),
    ("Riktlinjen gäller till och med den 31 december 2029 och ska då revideras.", "2029-12-31"),
])
def test_revision_by_a_stated_date(sentence, stated):
    meta = _meta(f"Riktlinje för lokaler\n\nNämnderna ska redovisa sitt lokalbehov varje år.\n\n{sentence}")
    assert meta["revision"] == {"rule": "date", "date": stated, "source": sentence}
    assert _meta("Lokalpolicy\n\nPolicyn antogs 2019-04-23 och revideras vart fjärde år.")["revision"]["rule"] == "years"


def test_follow_up_as_a_label_and_its_value_in_table_cells():
    meta = _meta("Policy för friluftsliv\n\nUppföljning\n\nÅrligen, av kommunstyrelsen\n\n"
                 "Nämnderna ska ordna leder för vandring och cykel i alla kommundelar.")
    assert meta["follow_up"] == "Årligen, av kommunstyrelsen"
    assert _meta("Policy för friluftsliv\n\nUppföljning\n\nEnligt särskild plan\n\n"
                 "Nämnderna ska ordna leder för vandring och cykel.")["follow_up"] is None  # no period stated


@pytest.mark.parametrize("text,field,expected", [
    ("KRONSJÖ KOMMUN | Socialförvaltningen", "municipality", "Kronsjö kommun"),
    ("Beslutsdatum\n\n28/11/2023", "adopted_date", "2023-11-28"),
    ("Fastställd av kommundirektören den 7 maj 2025 med stöd av delegation från kommunstyrelsen.", "adopted_by",
     "Kommundirektören"),
    ("Nämnderna ska hålla de ramar som fullmäktige har beslutat.\n\nAntagen av kommunfullmäktige 2022-12-12",
     "adopted_by", "Kommunfullmäktige"),
    ("Giltighetstid\n\n2025-01-01 – 2030-12-31\n\nRevideras senast\n\n2030-06-30", "revision",
     {"rule": "date", "date": "2030-06-30", "source": "2030-06-30"}),
    ("Giltig till 2026-12-31", "revision", {"rule": "date", "date": "2026-12-31", "source": "Giltig till 2026-12-31"}),
    ("Riktlinjen ses över årligen.", "revision", {"rule": "years", "years": 1, "source": "Riktlinjen ses över årligen."}),
])
def test_more_forms_of_metadata(text, field, expected):
    assert _meta(f"Riktlinje för service\n\n{text}\n\nNämnderna ska svara inom en dag.")[field] == expected


@pytest.mark.parametrize("text,field,expected", [
    ("Antagna av barn- och utbildningsnämnden den 17 maj 2023, § 45.", "adopted_by", "Barn- och utbildningsnämnden"),
    ("Riktlinjerna gäller från 2024 och ersätter Regler för skjuts (BUN 2016-04-12, § 30).", "replaces",
     "Regler för skjuts (BUN 2016-04-12, § 30)"),
    ("Region Norrfjäll Riktlinje för service", "municipality", "Region Norrfjäll"),
    ("En ny serviceplan tas fram vart fjärde år.", "revision",
     {"rule": "years", "years": 4, "source": "En ny serviceplan tas fram vart fjärde år."}),
])
def test_adopters_with_a_shared_ending_replacements_in_a_sentence_and_new_plans(text, field, expected):
    assert _meta(f"Riktlinje för service\n\n{text}\n\nNämnderna ska svara inom en dag.")[field] == expected


def test_a_reglemente_is_a_kind_of_document_for_its_title():
    assert _meta("Arkivreglemente för Region Norrfjäll\n\nRegionens nämnder ska vårda sina arkiv.")["title"] == \
        "Arkivreglemente för Region Norrfjäll"
