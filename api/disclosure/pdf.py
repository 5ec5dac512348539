"""The disclosure as an indexed PDF: a title page, a table of contents, one section per record
with its redactions drawn as black boxes carrying their codes, and the schedule of everything
withheld or redacted. ``invariant`` output: the same content gives the same bytes."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import PageBreak, Paragraph, Spacer
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame
from reportlab.platypus.tableofcontents import TableOfContents

STYLES = getSampleStyleSheet()
H1 = ParagraphStyle("SectionHeading", parent=STYLES["Heading2"])
BODY = ParagraphStyle("Body", parent=STYLES["BodyText"], fontSize=9, leading=12)
SMALL = ParagraphStyle("Small", parent=BODY, fontSize=7.5, leading=9.5)


class _Doc(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, title: str) -> None:
        super().__init__(buffer, pagesize=LETTER, title=title, author="caselink", creator="caselink", subject="Crown disclosure",
                         invariant=1, leftMargin=0.8 * inch, rightMargin=0.8 * inch, topMargin=0.8 * inch, bottomMargin=0.8 * inch)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._footer)])
        self._title = title

    def _footer(self, canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(self.leftMargin, 0.5 * inch, f"{self._title}  -  page {doc.page}")
        canvas.restoreState()

    def afterFlowable(self, flowable: Any) -> None:
        if isinstance(flowable, Paragraph) and flowable.style.name == "SectionHeading":
            key = getattr(flowable, "_bookmark", None)
            self.notify("TOCEntry", (0, flowable.getPlainText(), self.page, key))
            if key:
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0)


def _segments(segments: list[dict[str, str]]) -> str:
    out = []
    for seg in segments:
        if "text" in seg:
            out.append(escape(seg["text"]))
        else:
            label = f"{seg['redacted']}" + (f": {seg['replacement']}" if seg.get("replacement") else "")
            out.append(f'<font backColor="#000000" color="#FFFFFF"> [{escape(label)}] </font>')
    return "".join(out)


def _heading(text: str, key: str) -> Paragraph:
    p = Paragraph(escape(text), H1)
    p._bookmark = key  # type: ignore[attr-defined]
    return p


def render(data: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    title = f"Disclosure {data['case'] or 'package'} v{data['version']}"
    doc = _Doc(buffer, title)
    story: list[Any] = [Paragraph(escape(title), STYLES["Title"]),
                        Paragraph(escape(f"Recipient: {data['recipient']}. Issued by {data['issued_by']} at {data['issued_at']}."), BODY),
                        Paragraph(escape(f"{len(data['records'])} records; {len(data['schedule'])} items withheld or redacted "
                                         "(see the schedule). Black boxes mark redactions, each with its code."), BODY),
                        Spacer(1, 12), Paragraph("Index", STYLES["Heading1"])]
    toc = TableOfContents()
    toc.levelStyles = [ParagraphStyle("TOC", parent=BODY, leftIndent=10)]
    story += [toc, PageBreak()]
    if data.get("changes_since_previous"):
        story.append(_heading("Changes since the previous disclosure", "changes"))
        for what, keys in data["changes_since_previous"].items():
            story.append(Paragraph(escape(f"{what}: {', '.join(keys) or 'none'}"), BODY))
        story.append(PageBreak())
    for i, rec in enumerate(data["records"]):
        story.append(_heading(f"Record {rec['key']}", f"r{i}"))
        story.append(Paragraph(escape(f"Version {rec['version']} - SHA-256 {rec['sha256']}"), SMALL))
        if "withheld" in rec:
            story.append(Paragraph(f'<font backColor="#000000" color="#FFFFFF"> [{escape(rec["withheld"])}] </font> '
                                   + escape(f"Withheld. {rec['reason']}."), BODY))
            if rec.get("notice"):
                story.append(Paragraph(escape(f"Type {rec['record_type']}, opened {rec['opened']}: {rec['notice']}."), BODY))
        else:
            for field in rec["fields"]:
                story.append(Paragraph(f"<b>{escape(field['field'])}</b>: {_segments(field['segments'])}", BODY))
            if rec["traces"]:
                story.append(Paragraph(escape("Behind the network: " + "; ".join(
                    f"{t['owner']} <- {t['field'] or 'narrative'}" + (f" [{t['span'][0]}:{t['span'][1]}]" if t["span"] else "")
                    for t in rec["traces"][:40])), SMALL))
        story.append(Spacer(1, 10))
    story += [PageBreak(), _heading("Schedule of withheld and redacted items", "schedule")]
    for row in data["schedule"]:
        story.append(Paragraph(escape(f"{row['record']} - {row['code']} ({row['action']}): {row['reason']}. {row['basis']}. "
                                      f"Proposed by {row['proposed_by']}; confirmed by {row['confirmed_by']} at {row['confirmed_at']}."),
                               SMALL))
    doc.multiBuild(story)
    return buffer.getvalue()
