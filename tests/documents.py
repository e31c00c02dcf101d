"""Policy documents built from the seed texts, for the derive tests and bench: DOCX, PDF and
messy plain-text variants. Nothing binary is committed; every document is built here."""
from __future__ import annotations

import io
import json
import re
import textwrap
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
GLYPH = re.compile(r"^- [♦▶•]\s*")


def seed(name: str) -> str:
    return (ROOT / "policies" / f"{name}-integrationspolicy.txt").read_text(encoding="utf-8")


def blocks(text: str) -> list[tuple[str, str]]:
    """(kind, text) of each block of a seed text: heading, item or paragraph."""
    out = []
    for raw in (line.strip() for line in text.splitlines()):
        if not raw:
            continue
        if raw.startswith("- "):
            out.append(("item", GLYPH.sub("", raw)))
        elif len(raw) <= 80 and not raw.endswith((".", ",", ":")):
            out.append(("heading", raw))
        else:
            out.append(("paragraph", raw))
    return out


def docx_bytes(text: str, repeat: int = 1) -> bytes:
    """A Word document: headings as Heading 2, list items as List Bullet, page header and footer."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Integrationspolicy"
    section.footer.paragraphs[0].text = "Sida"
    for _ in range(repeat):
        for kind, body in blocks(text):
            if kind == "heading":
                document.add_heading(body, level=2)
            elif kind == "item":
                document.add_paragraph(body, style="List Bullet")
            else:
                document.add_paragraph(body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(text: str, header: str = "Integrationspolicy", repeat: int = 1) -> bytes:
    """A text PDF (reportlab): wrapped paragraphs, bullets, a running header and page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = []
    for _ in range(repeat):
        for kind, body in blocks(text):
            body = escape(body.replace("▶", "•").replace("♦", "•"))
            if kind == "heading":
                story.append(Paragraph(body, styles["Heading2"]))
            elif kind == "item":
                story.append(Paragraph(body, styles["Normal"], bulletText="•"))
            else:
                story.append(Paragraph(body, styles["Normal"]))

    def furniture(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 9)
        canvas.drawString(72, A4[1] - 40, header)
        canvas.drawString(A4[0] / 2, 30, f"Sida {doc.page}")
        canvas.restoreState()

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story, onFirstPage=furniture, onLaterPages=furniture)
    return out.getvalue()


def messy_text(text: str, width: int = 64) -> str:
    """Plain text as from a careless export: lines wrapped with hyphenated words, bullet
    glyphs alone on their line, a header and a page number on every page (form feeds)."""
    lines: list[str] = []
    for kind, body in blocks(text):
        if kind == "item":
            lines.append("•")
        for line in _wrap_hyphenated(body, width):
            lines.append(("  " if kind == "item" else "") + line)
        lines.append("")
    pages = [lines[i:i + 30] for i in range(0, len(lines), 30)]
    return "\f".join("\n".join(["Integrationspolicy", ""] + page + ["", f"Sida {n} av {len(pages)}"])
                     for n, page in enumerate(pages, 1))


def _wrap_hyphenated(body: str, width: int) -> list[str]:
    """Wrap at `width`; a long word that would start a line is split with a hyphen instead."""
    out: list[str] = []
    for line in textwrap.wrap(body, width, break_on_hyphens=False):
        if out and len(out[-1]) < width - 8:
            word = line.split(" ")[0]
            if len(word) >= 12 and word.isalpha() and word.islower():
                cut = len(word) // 2
                out[-1] += " " + word[:cut] + "-"
                line = word[cut:] + line[len(word):]
        out.append(line)
    return out


def numbered(text: str) -> str:
    """List items numbered "1.", "2." … instead of bullets, "skall" instead of "ska"."""
    out, n = [], 0
    for raw in text.splitlines():
        if raw.strip().startswith("- "):
            n += 1
            out.append(f"{n}. " + GLYPH.sub("", raw.strip()))
        elif raw.strip():
            n = 0
            out.append(raw)
    return re.sub(r"\bska\b", "skall", "\n\n".join(out))


def write_derived(root: Path, result) -> None:
    (root / "policies").mkdir(exist_ok=True)
    (root / "policies" / f"{result.id}.txt").write_text(result.text, encoding="utf-8")
    for folder, data in (("questionnaires", result.questionnaire), ("rules", result.ruleset)):
        (root / folder).mkdir(exist_ok=True)
        (root / folder / f"{result.id}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


OTHER = """<!doctype html><html><head><title>Mångfaldspolicy</title><style>p{}</style></head><body>
<h1>Mångfaldspolicy för Sjöviks kommun</h1>
<p>Beslutad av: Kommunfullmäktige 12 mars 2021, § 45</p>
<h2>1. Bakgrund</h2><p>Sjöviks kommun ska vara en attraktiv arbetsgivare. Kommunen växer.</p>
<h2>2. Målsättningar</h2>
<p>Sjöviks kommun har som mål att alla invånare får likvärdig service.</p>
<p>Andelen medarbetare med utländsk bakgrund ska öka.</p>
<h2>3. Roller och ansvar</h2>
<h3>Kommunstyrelsen</h3>
<ol><li>Samordna arbetet med mångfald.</li><li>Följa upp policyn årligen.</li></ol>
<h3>Nämnder och bolag</h3>
<p>Varje nämnd och bolag skall ta fram en handlingsplan för mångfald.</p>
<h3>Kommundirektörens stab</h3>
<p>Kommundirektörens stab ansvarar för att utbildning erbjuds alla chefer.</p>
<h3>Chefer</h3>
<p>Chefer ska säkerställa att rekryteringar sker kompetensbaserat.</p>
<h2>4. Uppföljning</h2>
<p>Policyn följs upp årligen i årsredovisningen.</p>
<h2>5. Revidering</h2><p>Policyn ska revideras vart fjärde år.</p>
<script>var ska = "Nämnderna ska inte synas";</script>
</body></html>"""
