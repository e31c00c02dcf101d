"""What a table's rows say that its cells, read one after another, do not: which column holds the
tasks and which the actors however far apart they stand ("Nr | Åtgärd | Klart | Ansvarig"), who a
matrix marks as responsible ("Uppgift | Direktionen | Förbundsdirektören" with an X in a cell), and
the goals of a goal column ("Mål | Indikator | Målvärde"). The reader keeps each table's rows
(`read.Clean.tables`); these are plain functions over them.
"""
from __future__ import annotations

import re

from . import supines
from .actors import heading_actor
from .tasks import ACTOR_COLUMN, RESPONSIBLE_CELL, TASK_COLUMN, is_clause, is_task, leading_name

GOAL_COLUMN = re.compile(r"^((lokala?|lokalt|övergripande|regionala?|regionalt|långsiktiga?|långsiktigt|strategiska?|"
                         r"strategiskt|kommunens|regionens|stadens)\s+)?(mål|målet|delmål|effektmål|målsättning|"
                         r"målsättningar)$", re.IGNORECASE)
# the marks that say a body is responsible ("X", "A" for ansvarar); others say it takes part ("S", "D", "I")
RESPONSIBLE = {"x", "a", "✓", "✔", "●", "ansvarar", "ansvarig", "huvudansvarig", "huvudansvar"}
TAKES_PART = {"s", "d", "i", "k", "b", "u", "m", "(x)", "samverkar", "deltar", "stöd", "stödjer", "informeras",
              "medverkar", "–", "-", "—"}
PERMITTED = {"kan", "får", "bör"}
NOBODY = {"", "–", "-", "—", "alla", "samtliga"}


def table_goals(tables) -> tuple[list[str], set[str]]:
    """The cells of each table's goal column, below its header ("Antibiotika förskrivs bara när …"); and
    every cell of such tables, whose indicators and values are no goals of their own."""
    goals, cells = [], set()
    for header, body in _tables(tables):
        column = next((i for i, name in enumerate(header) if GOAL_COLUMN.match(name.strip(" :"))), None)
        if column is not None:
            goals += [row[column] for row in body if len(row[column].split()) >= 2]
            cells |= {cell for row in [header, *body] for cell in row if cell}
    return goals, cells


def table_duties(tables) -> list[tuple[str, str]]:
    """(task, who) for each task a table gives someone: in the actor column of its row, or, in a matrix,
    in each column whose header is marked responsible in that row."""
    duties = []
    for header, body in _tables(tables):
        names = [set(name.lower().strip(" :").split()) for name in header]
        actors = next((i for i, words in enumerate(names) if words & ACTOR_COLUMN), None)
        tasks = next((i for i, words in enumerate(names) if words & TASK_COLUMN and i != actors), None)
        if tasks is None:  # "Moment | Ansvarig | Tidpunkt": the column whose cells read as tasks
            tasks = next((i for i in range(len(header)) if i != actors and _tasks(row[i] for row in body)), None)
        if tasks is None:
            continue
        marked = [i for i in range(len(header)) if i not in (tasks, actors) and _marks(row[i] for row in body)]
        for row in body:
            task = row[tasks]
            if not _task(task):
                continue
            if actors is not None and row[actors].lower() not in NOBODY:
                duties.append((task, row[actors]))
            elif actors is None and marked:
                duties += [(task, header[i]) for i in marked if row[i].lower() in RESPONSIBLE]
    return duties


def _tables(tables):
    """Each table as its header and body rows, all of the header's width, without empty rows."""
    for table in tables:
        rows = [row for row in table if any(cell.strip() for cell in row)]
        if len(rows) < 2 or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        yield rows[0], [tuple(row[:width]) + ("",) * (width - len(row)) for row in rows[1:]]


def _task(cell: str) -> bool:
    """A task as a cell gives it: led by its verb ("Ta fram …", "Ansvarar för …", "Ska …"), not what one
    may do ("Kan på begäran delta …") nor a description ("Skyddsombudet företräder …")."""
    first = cell.split()[0].lower() if cell.split() else ""
    return first not in PERMITTED and (is_task(cell, 3) or is_clause(cell) and supines.is_verb(first)
                                       or bool(RESPONSIBLE_CELL.match(cell)) or first in ("ska", "skall"))


def _tasks(cells) -> bool:
    cells = [cell for cell in cells if cell]
    return bool(cells) and sum(is_task(cell) for cell in cells) * 2 > len(cells)


def _marks(cells) -> bool:
    """A matrix's column: only marks, and some of them say responsible."""
    values = [cell.lower().strip(" .") for cell in cells]
    return any(v in RESPONSIBLE for v in values) and all(v in RESPONSIBLE | TAKES_PART | {""} for v in values)


WHEN = {"löpande", "årligen", "kvartalsvis", "varje", "senast", "vid", "inom", "före", "efter", "under", "innan",
        "hösten", "våren", "månadsvis", "veckovis", "dagligen", "kontinuerligt", "inför"}


def actor_words(cell: str) -> str:
    """An actor cell without what a PDF ran into it from the next column ("Tekniska nämnden 2026")."""
    named = leading_name(cell, heading_actor)
    rest = cell[len(named):].split() if named else []
    return named if rest and (re.search(r"\d", rest[0]) or rest[0].lower() in WHEN) else cell
