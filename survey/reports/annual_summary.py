"""The lead of the annual-report section: the answer first, in 3–5 sentences, and its one chart.

The sentences say, in this order: who answered; the overall level with its base and last
year's; the requirement that improved most and the one that declined most; the requirements
fewer than half of the units meet; the actions overdue and, when it is due, the policy's
revision. Each is built from clauses (messages in the catalogue) joined with semicolons.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
from babel.lists import format_list

from survey.i18n import Msg, Plural, Text, render
from survey.reports.annual_model import (COUNTED, LEVEL_WORDS, SMALL_BASE, Chart, Count, Section, Table, overall,
                                         overdue, percent, requirement_counts, requirement_titles, share)

SUMMARY = Text("annual.summary", "Sammanfattning")
NAMED_MISSING = 5  # up to this many units that have not submitted are named in the summary
NAMED_MISSED = 3  # requirements named as met by fewer than half of the units

COVERAGE_ALL = Plural("annual.coverage.all", "den enda enheten har lämnat in sin självskattning för %(year)s",
                      "alla %(n)s enheter har lämnat in sin självskattning för %(year)s")
COVERAGE_NONE = Plural("annual.coverage.none", "enheten har inte lämnat in sin självskattning för %(year)s",
                       "ingen av de %(n)s enheterna har lämnat in sin självskattning för %(year)s")
COVERAGE_SOME = Plural("annual.coverage.some", "%(k)s av %(n)s enhet har lämnat in sin självskattning för %(year)s",
                       "%(k)s av %(n)s enheter har lämnat in sin självskattning för %(year)s")
MISSING_NAMED = Plural("annual.missing.named", "%(units)s har inte lämnat in", "%(units)s har inte lämnat in")
MISSING_COUNTED = Plural("annual.missing.counted", "%(n)s enhet har inte lämnat in (se Om underlaget)",
                         "%(n)s enheter har inte lämnat in (se Om underlaget)")
LEVEL = Plural("annual.level",
               "av de %(total)s krav som gäller enheten är %(met)s uppfyllda och %(partly)s delvis uppfyllda",
               "av de %(total)s krav som gäller de %(n)s enheterna är %(met)s uppfyllda och %(partly)s delvis "
               "uppfyllda")
SMALL_LEVEL = Plural("annual.level.small", "underlaget är litet (%(n)s enhet), så tolka andelarna med försiktighet",
                     "underlaget är litet (%(n)s enheter), så tolka andelarna med försiktighet")
LEVEL_BEFORE = Plural("annual.level.before", "år %(year)s var %(met)s uppfyllda hos den enhet som svarade",
                      "år %(year)s var %(met)s uppfyllda hos de %(n)s enheter som svarade")
NO_RESULTS = Text("annual.summary.no_results", "det finns ännu inga bedömda svar för %(year)s")
NO_PREVIOUS = Text("annual.no_previous", "det finns inga bedömda svar från %(year)s att jämföra med")
IMPROVED = Text("annual.improved", "störst förbättring sedan %(year)s har %(requirement)s, som uppfylls av %(now)s "
                                   "mot %(before)s")
DECLINED = Text("annual.declined", "störst försämring sedan %(year)s har %(requirement)s, som uppfylls av %(now)s "
                                   "mot %(before)s")
UNCHANGED = Text("annual.unchanged", "andelen enheter som uppfyller varje krav är densamma som %(year)s")
MISSED = Plural("annual.missed", "färre än hälften av enheterna uppfyller kravet %(list)s",
                "färre än hälften av enheterna uppfyller kraven %(list)s")
MISSED_ITEM = Plural("annual.missed.item", "%(requirement)s (%(k)s av %(n)s enhet, %(partly)s delvis)",
                     "%(requirement)s (%(k)s av %(n)s enheter, %(partly)s delvis)")
MISSED_MORE = Plural("annual.missed.more", "det gäller också %(n)s krav till (se Kraven)",
                     "det gäller också %(n)s krav till (se Kraven)")
NONE_MISSED = Text("annual.missed.none", "varje krav uppfylls av minst hälften av de enheter som det gäller")
NO_ACTIONS = Text("annual.summary.no_actions", "inga åtgärder är registrerade")
OVERDUE = Plural("annual.summary.overdue",
                 "%(n)s av %(total)s åtgärder har passerat sitt slutdatum utan att vara genomförd",
                 "%(n)s av %(total)s åtgärder har passerat sitt slutdatum utan att vara genomförda")
NONE_OVERDUE = Plural("annual.summary.none_overdue", "åtgärden är inte försenad",
                      "ingen av de %(n)s åtgärderna är försenad")
REVISION_DUE = Text("annual.summary.revision_due", "policyn behöver revideras (sedan %(due)s)")

CHART_TITLE = Text("annual.chart.title", "Andel enheter per mål och nivå %(year)s")
CHART_ALT = Text("annual.chart.alt", "Liggande staplar, en per mål, visar hur stor andel av de bedömda enheterna "
                                     "som uppfyller målet, uppfyller det delvis eller inte uppfyller det. %(most)s "
                                     "%(least)s Alla antal står i tabellen under diagrammet.")
CHART_MOST = Text("annual.chart.most", "Störst andel uppfyller %(goals)s.")
CHART_LEAST = Text("annual.chart.least", "Minst andel uppfyller %(goals)s.")
CHART_SAME = Text("annual.chart.same", "Andelen är densamma för alla mål.")
OF_UNITS = Plural("annual.of_units", "%(k)s av %(n)s enhet", "%(k)s av %(n)s enheter")


def _sentence(clauses: list[Msg], lang: str) -> str:
    words = "; ".join(render(clause, lang) for clause in clauses)
    return words[:1].upper() + words[1:] + "."


def _coverage(units: list[dict], year: int, lang: str) -> list[Msg]:
    submitted = sum(u["status"] == "submitted" for u in units)
    if submitted == len(units):
        return [COVERAGE_ALL(len(units), year=year)]
    if submitted == 0:
        return [COVERAGE_NONE(len(units), year=year)]
    missing = [u["unit"] for u in units if u["status"] != "submitted"]
    left = MISSING_NAMED(len(missing), units=format_list(missing, locale=lang)) if len(missing) <= NAMED_MISSING \
        else MISSING_COUNTED(len(missing))
    return [COVERAGE_SOME(len(units), k=submitted, year=year), left]


def _level(now: pd.DataFrame, before: pd.DataFrame, year: int, lang: str) -> list[Msg]:
    count, units = overall(now)
    if not count.base:
        return [NO_RESULTS(year=year)]
    # The caution is said once for the sentence, not after each of its two shares.
    clauses = [LEVEL(units, total=count.base,
                     met=share(count.met, count.base, lang, of="requirements"),
                     partly=share(count.partly, count.base, lang, of="requirements"))]
    if units < SMALL_BASE:
        clauses.append(SMALL_LEVEL(units))
    earlier, earlier_units = overall(before)
    if earlier.base:
        clauses.append(LEVEL_BEFORE(earlier_units, year=year - 1, met=share(
            earlier.met, earlier.base, lang, units=earlier_units, of="requirements")))
    return clauses


def _changes(now: pd.DataFrame, before: pd.DataFrame, year: int, lang: str) -> list[Msg]:
    """The requirement whose share of units meeting it rose most, and the one that fell most."""
    counts, earlier = requirement_counts(now), requirement_counts(before) if not before.empty else {}
    pairs = [(r, c, earlier[r]) for r, c in counts.items() if c.base and r in earlier and earlier[r].base]
    if not pairs:
        return [NO_PREVIOUS(year=year - 1)]
    # A change among many units says more than one among a few: those are named only when no other changed.
    broad = [p for p in pairs if min(p[1].base, p[2].base) >= SMALL_BASE]
    if any(p[1].met * p[2].base != p[2].met * p[1].base for p in broad):
        pairs = broad
    titles = requirement_titles(now)

    def change(pair: tuple[str, Count, Count]) -> float:
        return pair[1].met / pair[1].base - pair[2].met / pair[2].base

    def said(pair: tuple[str, Count, Count]) -> dict:
        requirement, c, b = pair
        return {"year": year - 1, "requirement": titles[requirement],
                "now": share(c.met, c.base, lang, units=c.base), "before": share(b.met, b.base, lang, units=b.base)}

    best = max(pairs, key=lambda p: (change(p), p[1].base))
    worst = min(pairs, key=lambda p: (change(p), -p[1].base))
    clauses = ([IMPROVED(**said(best))] if change(best) > 0 else []) + \
        ([DECLINED(**said(worst))] if change(worst) < 0 else [])
    return clauses or [UNCHANGED(year=year - 1)]


def _missed(now: pd.DataFrame, lang: str) -> list[Msg]:
    """The requirements met by fewer than half of the units they apply to, the fewest first."""
    titles = requirement_titles(now)
    missed = sorted(((r, c) for r, c in requirement_counts(now).items() if c.base and 2 * c.met < c.base),
                    key=lambda item: (item[1].met / item[1].base, -item[1].base))
    if not missed:
        return [NONE_MISSED()]
    named = [render(MISSED_ITEM(c.base, requirement=titles[r], k=c.met, partly=c.partly), lang)
             for r, c in missed[:NAMED_MISSED]]
    clauses = [MISSED(len(named), list=format_list(named, locale=lang))]
    if len(missed) > NAMED_MISSED:
        clauses.append(MISSED_MORE(len(missed) - NAMED_MISSED))
    return clauses


def _follow_up(actions: list[dict], revision: dict, today: date) -> list[Msg]:
    late = sum(overdue(a, today) for a in actions)
    clauses = [NO_ACTIONS() if not actions else OVERDUE(late, total=len(actions)) if late
               else NONE_OVERDUE(len(actions))]
    if revision.get("status") == "due":
        clauses.append(REVISION_DUE(due=revision["due"]))
    return clauses


def summary(now: pd.DataFrame, before: pd.DataFrame, revision: dict, units: list[dict], actions: list[dict],
            year: int, today: date, lang: str) -> Section:
    """The section that leads the document: 3–5 sentences, each of one or two clauses."""
    sentences = [_coverage(units, year, lang), _level(now, before, year, lang)] if units else \
        [_level(now, before, year, lang)]
    if overall(now)[0].base:
        sentences += [_changes(now, before, year, lang), _missed(now, lang)]
    sentences.append(_follow_up(actions, revision, today))
    return Section(render(SUMMARY(), lang), [_sentence(clauses, lang) for clauses in sentences])


def _extremes(goals: list[dict], counts: dict, lang: str) -> tuple[Msg, Msg | str]:
    """Which goals the largest and the smallest share of units meet, with their counts."""
    assessed = [g["id"] for g in goals if counts[g["id"]].base]
    shares = {goal: counts[goal].met / counts[goal].base for goal in assessed}
    if len(set(shares.values())) == 1:
        return CHART_SAME(), ""

    def named(value: float) -> str:
        goals_at = [g for g in assessed if shares[g] == value]
        items = [f"{g} ({render(OF_UNITS(counts[g].base, k=counts[g].met), lang)})" for g in goals_at[:NAMED_MISSED]]
        return format_list(items + (["…"] if len(goals_at) > NAMED_MISSED else []), locale=lang)

    return CHART_MOST(goals=named(max(shares.values()))), CHART_LEAST(goals=named(min(shares.values())))


def chart(goals: list[dict], counts: dict[str, Count], table: Table, year: int, lang: str) -> Chart:
    """Levels per goal as bars of shares of the assessed units, with alternative text and its data table."""
    most, least = _extremes(goals, counts, lang)
    shown = [g for g in goals if counts[g["id"]].base]
    return Chart(
        title=render(CHART_TITLE(year=year), lang),
        alt=render(CHART_ALT(most=most, least=least), lang).replace("  ", " "),
        labels=[f"{g['id']} {g.get('title') or ''}".strip() for g in shown],
        counts=[counts[g["id"]] for g in shown],
        legend=[render(LEVEL_WORDS[level](), lang) for level in COUNTED],
        notes=[render(OF_UNITS(counts[g["id"]].base, k=counts[g["id"]].met), lang) for g in shown],
        ticks=[percent(k, 4, lang) for k in range(5)],
        table=table)
