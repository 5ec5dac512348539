"""The disclosure as an indexed PDF: a title page, a table of contents, one section per record
with its relevance and its redactions drawn as black boxes carrying their number and code, and
the schedule of everything withheld or redacted, each replacement with the page it is on.

Every page carries a document number (``<draft>-0001``, one per page, as Bates numbers are) and
"page N of M"; the PDF's creation date is the issue date. ``invariant`` output: the same content
gives the same bytes. Where each box lands is learnt while drawing (an ``onDraw`` marker beside
each box), so the schedule and the Crown's preview name the page the defence will read."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, Spacer
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame
from reportlab.platypus.tableofcontents import TableOfContents

STYLES = getSampleStyleSheet()
H1 = ParagraphStyle("SectionHeading", parent=STYLES["Heading2"])
BODY = ParagraphStyle("Body", parent=STYLES["BodyText"], fontSize=9, leading=12)
SMALL = ParagraphStyle("Small", parent=BODY, fontSize=7.5, leading=9.5)


@dataclass
class Layout:
    """The rendered PDF and where things landed in it."""

    pdf: bytes = b""
    pages: int = 0
    #: replacement number -> the page its box is drawn on
    box_pages: dict[int, int] = field(default_factory=dict)
    #: record key -> the page its section starts on
    record_pages: dict[str, int] = field(default_factory=dict)


def doc_number(prefix: str, page: int) -> str:
    """The document number of one page: the draft id and the page, as Bates numbers run."""
    return f"{prefix}-{page:04d}"


def _timestamp(issued_at: str) -> TimeStamp:
    """The issue date as reportlab's timestamp, so the PDF's CreationDate and ModDate are the issue date."""
    when = datetime.fromisoformat(issued_at.replace("Z", "+00:00"))
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    ts = TimeStamp(invariant=1)
    ts.t = when.timestamp()
    ts.lt = when.timetuple()
    ts.YMDhms = tuple(when.timetuple())[:6]
    ts.dhh = ts.dmm = 0
    ts.tzname = "UTC"
    return ts


def _canvas_class(layout: Layout, prefix: str, title: str, issued_at: str) -> type[Canvas]:
    """A canvas that holds its pages until the end, so each can say "page N of M", and records the
    page every numbered box is drawn on."""

    class _Numbered(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []
            self._doc._timeStamp = _timestamp(issued_at)  # type: ignore[attr-defined]
            self.setNamedCB("box", self._box_drawn)

        def _box_drawn(self, canvas: Canvas, kind: str | None, label: str) -> None:
            if label:
                layout.box_pages[int(label)] = self.getPageNumber()

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._held)
            for state in self._held:
                self.__dict__.update(state)
                page = self.getPageNumber()
                self.saveState()
                self.setFont("Helvetica-Bold", 8)
                self.drawRightString(LETTER[0] - 0.8 * inch, LETTER[1] - 0.5 * inch, doc_number(prefix, page))
                self.setFont("Helvetica", 7)
                self.drawString(0.8 * inch, 0.5 * inch, f"{title}  -  {doc_number(prefix, page)}")
                self.drawRightString(LETTER[0] - 0.8 * inch, 0.5 * inch, f"page {page} of {total}")
                self.restoreState()
                super().showPage()
            layout.pages = total
            super().save()

    return _Numbered


class _Doc(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, title: str, layout: Layout) -> None:
        super().__init__(buffer, pagesize=LETTER, title=title, author="caselink", creator="caselink", subject="Crown disclosure",
                         invariant=1, leftMargin=0.8 * inch, rightMargin=0.8 * inch, topMargin=0.8 * inch, bottomMargin=0.8 * inch)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._layout = layout

    def afterFlowable(self, flowable: Any) -> None:
        if isinstance(flowable, Paragraph) and flowable.style.name == "SectionHeading":
            key = getattr(flowable, "_bookmark", None)
            self.notify("TOCEntry", (0, flowable.getPlainText(), self.page, key))
            record = getattr(flowable, "_record", None)
            if record:
                self._layout.record_pages[record] = self.page
            if key:
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0)


def box_label(seg: dict[str, str]) -> str:
    """How a box reads: its number, its code and the pseudonym where there is one."""
    number = f"#{seg['n']} " if seg.get("n") else ""
    return f"{number}{seg['redacted']}" + (f": {seg['replacement']}" if seg.get("replacement") else "")


def _box(seg: dict[str, str]) -> str:
    marker = f'<onDraw name="box" label={quoteattr(seg["n"])}/>' if seg.get("n") else ""
    return f'{marker}<font backColor="#000000" color="#FFFFFF"> [{escape(box_label(seg))}] </font>'


def _segments(segments: list[dict[str, str]]) -> str:
    return "".join(escape(seg["text"]) if "text" in seg else _box(seg) for seg in segments)


def _heading(text: str, key: str, record: str | None = None) -> Paragraph:
    p = Paragraph(escape(text), H1)
    p._bookmark = key  # type: ignore[attr-defined]
    p._record = record  # type: ignore[attr-defined]
    return p


def row_pages(row: dict[str, Any], replacements: list[dict[str, Any]], box_pages: dict[int, int],
              record_pages: dict[str, int]) -> list[int]:
    """The pages a schedule row concerns: its record's section, and every page one of its boxes is on."""
    pages = {box_pages[int(r["n"])] for r in replacements if r["proposal"] == row["id"] and int(r["n"]) in box_pages}
    if row["record"] in record_pages:
        pages.add(record_pages[row["record"]])
    return sorted(pages)


def _page_ref(pages: dict[int, int], n: int | None) -> str:
    return f"p. {pages[n]}" if n is not None and n in pages else "p. ?"


def _story(data: dict[str, Any], title: str, before: Layout | None) -> list[Any]:
    box_pages = before.box_pages if before else {}
    record_pages = before.record_pages if before else {}
    story: list[Any] = [Paragraph(escape(title), STYLES["Title"]),
                        Paragraph(escape(f"Recipient: {data['recipient']}. Issued by {data['issued_by']} at {data['issued_at']}. "
                                         f"Document numbers {doc_number(data['draft'], 1)} onwards, one per page."), BODY),
                        Paragraph(escape(f"{len(data['records'])} records; {len(data['schedule'])} items withheld or redacted and "
                                         f"{len(data.get('replacements', []))} replacements (see the schedule). Black boxes mark "
                                         "redactions, each with its number and code."), BODY),
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
        story.append(_heading(f"Record {rec['key']}", f"r{i}", rec["key"]))
        story.append(Paragraph(escape(f"{rec['record_no']}, {rec.get('revision') or 'version ' + rec['version']} - "
                                      f"SHA-256 {rec['sha256']}"), SMALL))
        if rec.get("relevance"):
            story.append(Paragraph(f"<b>Relevance</b>: {escape(rec['relevance'])}", BODY))
        if "withheld" in rec:
            story.append(Paragraph(f'<font backColor="#000000" color="#FFFFFF"> [{escape(rec["withheld"])}] </font> '
                                   + escape(f"Withheld. {rec['reason']}."), BODY))
            if rec.get("notice"):
                story.append(Paragraph(escape(f"Type {rec['record_type']}, opened {rec['opened']}: {rec['notice']}."), BODY))
        else:
            for fld in rec["fields"]:
                story.append(Paragraph(f"<b>{escape(fld['field'])}</b>: {_segments(fld['segments'])}", BODY))
            if rec["traces"]:
                story.append(Paragraph("<b>Behind the network</b>:", SMALL))
                # Every boxed trace is shown (each replacement has its page); of the rest, the first 40.
                plain = [t for t in rec["traces"] if not t.get("owner_box")]
                shown = [t for t in rec["traces"] if t.get("owner_box") or any(t is p for p in plain[:40])]
                for t in shown:
                    owner = _box(t["owner_box"]) if t.get("owner_box") else escape(str(t["owner"]))
                    story.append(Paragraph(f"{owner}: {escape(t.get('court') or '')}", SMALL))
                if len(plain) > 40:
                    story.append(Paragraph(escape(f"... and {len(plain) - 40} more (see the JSON package)"), SMALL))
        story.append(Spacer(1, 10))
    story += [PageBreak(), _heading("Schedule of withheld and redacted items", "schedule")]
    for row in data["schedule"]:
        pages = row_pages(row, data.get("replacements", []), box_pages, record_pages)
        where = f"{row['record']} (" + (f"p. {', '.join(map(str, pages))}" if pages else "nowhere in the records disclosed") + ")"
        story.append(Paragraph(escape(f"{where} - {row['code']} ({row['action']}): {row['reason']}. {row['basis']}. "
                                      f"Proposed by {row['proposed_by']}; confirmed by {row['confirmed_by']} at {row['confirmed_at']}."),
                               SMALL))
    if data.get("replacements"):
        story += [Spacer(1, 8), _heading("Schedule of replacements", "replacements")]
        for r in data["replacements"]:
            n = int(r["n"])
            story.append(Paragraph(escape(f"#{n} - {_page_ref(box_pages, n)} - {r['record']}, {r['field']}: [{r['code']}"
                                          + (f": {r['replacement']}" if r.get("replacement") else "") + f"] - {r['stands_for']}"),
                                   SMALL))
    return story


def layout(data: dict[str, Any]) -> Layout:
    """The PDF of ``data`` and where its boxes and records landed.

    Drawn twice: the first pass learns the pages of the boxes and records, the second writes them
    into the schedule (which comes after every record, so the pages it names do not move)."""
    title = f"Disclosure {data['case'] or 'package'} v{data['version']}"
    before: Layout | None = None
    for _ in range(2):
        current = Layout()
        buffer = io.BytesIO()
        doc = _Doc(buffer, title, current)
        doc.multiBuild(_story(data, title, before), canvasmaker=_canvas_class(current, data["draft"], title, data["issued_at"]))
        current.pdf = buffer.getvalue()
        before = current
    assert before is not None
    return before


def render(data: dict[str, Any]) -> bytes:
    return layout(data).pdf
