"""What closes the loop in a round, as tables: the units' actions, their evidence and the coordinator's
feedback. The web's exports and the command line write the same tables; headings and words are in
the reader's language, and times in Swedish local time.
"""
from __future__ import annotations

import pandas as pd

from survey.i18n import Text, render, when
from survey.reports.build import HEADINGS

UNIT, REQUIREMENT = HEADINGS["unit"], HEADINGS["requirement"]
ACTION_COLUMNS = {
    "unit": UNIT, "requirement": REQUIREMENT, "what": Text("table.what", "Åtgärd"),
    "responsible": Text("table.responsible", "Ansvarig"), "due": Text("table.due", "Klart senast"),
    "status": Text("table.status", "Status"), "comment": Text("table.comment", "Kommentar"),
    "reported": Text("table.reported", "Status året därpå"),
    "reported_comment": Text("table.reported_comment", "Kommentar året därpå"),
    "updated_at": Text("table.updated_at", "Senast ändrad"),
}
EVIDENCE_COLUMNS = {
    "unit": UNIT, "question": Text("table.question", "Fråga"), "kind": Text("table.kind", "Slag"),
    "item": Text("table.item", "Fil eller länk"), "media_type": Text("table.media_type", "Filtyp"),
    "size": Text("table.size", "Storlek (byte)"), "sha256": Text("table.sha256", "SHA-256"),
    "uploaded_by": Text("table.uploaded_by", "Bifogad av"), "uploaded_at": Text("table.at", "Tid"),
}
FEEDBACK_COLUMNS = {
    "unit": UNIT, "requirement": REQUIREMENT, "comment": Text("table.feedback", "Återkoppling"),
    "written_by": Text("table.written_by", "Skriven av"), "written_at": Text("table.at", "Tid"),
}
FILE = Text("table.file", "fil")
LINK = Text("table.link", "länk")
BY_INVITATION = Text("table.by_invitation", "inbjudningslänk")


def _table(records: list[dict], columns: dict[str, Text], locale: str) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=list(columns))
    return frame.rename(columns={key: render(heading(), locale) for key, heading in columns.items()})


def actions(rows: list[dict], locale: str = "sv") -> pd.DataFrame:
    """A round's actions (`store.actions.of_round`): what, who, by when, status, and the next year's report."""
    return _table([{"unit": row["unit"], "requirement": row["requirement"], "what": row["what"],
                    "responsible": row["responsible"], "due": row["due"], "status": row["status"],
                    "comment": row["comment"] or "", "reported": row["reported"] or "",
                    "reported_comment": row["reported_comment"] or "", "updated_at": when(row["updated_at"])}
                   for row in rows], ACTION_COLUMNS, locale)


def evidence(rows: list[dict], locale: str = "sv") -> pd.DataFrame:
    """A round's evidence (`store.evidence.of_round`): each file or link, whose it is and who attached it."""
    return _table([{"unit": row["unit"], "question": row["question"],
                    "kind": render((FILE if row["kind"] == "file" else LINK)(), locale),
                    "item": row["filename"] if row["kind"] == "file" else row["url"],
                    "media_type": row["media_type"] or "", "size": row["size"] or 0, "sha256": row["sha256"] or "",
                    "uploaded_by": row["uploaded_by_name"] or (render(BY_INVITATION(), locale)
                                                               if row["invitation_id"] else ""),
                    "uploaded_at": when(row["uploaded_at"])} for row in rows], EVIDENCE_COLUMNS, locale)


def feedback(rows: list[dict], locale: str = "sv") -> pd.DataFrame:
    """A round's feedback (`store.feedback.of_round`): the coordinator's comment on each unit's requirement."""
    return _table([{"unit": row["unit"], "requirement": row["requirement"], "comment": row["comment"],
                    "written_by": row["written_by_name"] or "", "written_at": when(row["written_at"])}
                   for row in rows], FEEDBACK_COLUMNS, locale)
