"""Helpers shared by the tests: where the content is, complete answers, editing JSON files."""
from __future__ import annotations

import json
import socket
from email import message_from_bytes
from email.policy import default
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"  # the smallest file an evidence upload accepts


def complete_answers(questionnaire: dict, kind: str, **sections: dict) -> dict:
    """A complete, valid response for a unit of this kind, with the given sections' answers put over it."""
    import random

    from survey import demo
    from survey.content import questionnaire as q

    answers = demo.answers_for(questionnaire, {"kind": kind}, random.Random(1), 0.5, 2026)
    for name, given in sections.items():
        answers[name] = answers.get(name, {}) | given
    view = q.for_unit(questionnaire, {"kind": kind})
    for (name, follow_up), _found in q.follow_ups(view).items():  # follow-ups the overrides made relevant
        if q.is_asked(view, name, follow_up, answers) and follow_up not in answers.get(name, {}):
            schema = view["properties"][name]["properties"][follow_up]
            answers.setdefault(name, {})[follow_up] = demo.value_for(schema, random.Random(1), 0.5, 2026)
    return q.without_unasked(view, answers)


def edit_json(path: Path, change) -> None:
    """Apply `change` to the JSON document in `path` and write it back."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


class Inbox:
    """What an SMTP server on loopback (aiosmtpd) received: (recipients, message) pairs."""

    def __init__(self):
        self.messages = []

    @staticmethod
    def text(message) -> str:
        """A received message's text as written: SMTP carries it with CRLF line ends."""
        return message.get_content().replace("\r\n", "\n")

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


HEADER = "Enhet;Typ;Överordnad;Ansvarig;E-post"


def excel_sv(*lines: str) -> bytes:
    """A CSV file as Swedish Excel saves it: `;`, CRLF and a UTF-8 BOM."""
    return "\ufeff".encode() + "".join(line + "\r\n" for line in lines).encode("utf-8")


DEFINITIONS = {
    "units": {"title": "Enheter och krav", "kind": "unit_matrix", "index": ["unit", "unit_kind"], "columns": ["requirement"],
              "value": "level", "aggregation": "first", "chart": "heatmap"},
    "goals": {"title": "Mål", "kind": "pivot", "index": ["goal"], "columns": ["unit"], "value": "compliance",
              "aggregation": "compliance"},
    "summary": {"title": "Krav", "kind": "requirement_summary", "index": ["requirement", "requirement_title"], "columns": ["level"],
                "value": "level", "aggregation": "count"},
    "trend": {"title": "Utveckling", "kind": "trend", "index": ["unit"], "columns": ["year"], "value": "compliance",
              "aggregation": "compliance"},
    "profile": {"title": "Profil", "kind": "unit_profile", "index": ["year"], "value": "compliance",
                "aggregation": "compliance"},
}


def row(unit, kind, year, requirement, level, points, goal="M1"):
    scored = level not in ("not_applicable", "not_assessed")
    return {"organisation": "Testkommun", "policy": "p", "year": year, "unit": unit, "unit_kind": kind,
            "requirement": requirement, "requirement_title": f"Rubrik {requirement}", "goal": goal,
            "kind": "responsibility", "level": level, "points": points if scored else None,
            "max_points": 2.0 if scored else None, "applicable": level != "not_applicable", "comment": "–"}


def drawn_pdf(*pages: list[tuple[tuple[str, float], ...]], step: float = 14) -> bytes:
    """A PDF drawn line by line as a careless export draws a table: each line a tuple of (text, x) cells
    in 10 pt Helvetica, one list of lines a page."""
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    for lines in pages:
        page.setFont("Helvetica", 10)
        for n, cells in enumerate(lines):
            for text, x in cells:
                page.drawString(x, 770 - step * n, text)
        page.showPage()
    page.save()
    return out.getvalue()


def duties(text: str, headings: dict | None = None) -> list[tuple[str, str | None]]:
    """The duties derive's analysis finds in a policy's clean text, as (quote, tag)."""
    from survey.content.derive.analyse import analyse

    return [(d.source, d.tag) for d in analyse(text, headings).duties]


def goals(text: str, headings: dict | None = None) -> list[str]:
    """The goals derive's analysis finds in a policy's clean text, as their quotes."""
    from survey.content.derive.analyse import analyse

    return [goal.source for goal in analyse(text, headings).goals]
