"""An investigation as a PDF: the chart image the caller's browser drew (cytoscape's ``png()``), the
notes, and each node's annotation, rendered with reportlab (the library of the Crown disclosures).

The text comes from the investigation re-read under the caller's own viewer
(:func:`api.services.investigations.open_investigation`): annotations on nodes the caller may not see are
left out, as on the page. The image is checked to be one bounded PNG before it is drawn (Pillow
decodes it, so a forged or oversized image is a 400, not a crash). Audited like every request, with
the entities the document names.
"""

from __future__ import annotations

import base64
import binascii
import io
import time
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Image as PdfImage
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from api.schemas.investigations import InvestigationOut
from api.services.errors import BadRequestError
from api.services.investigations import Investigations, open_investigation
from api.services.queries import AppContext
from models.access import Viewer

PNG_PREFIX = "data:image/png;base64,"
#: The encoded image (a 4000 × 4000 chart at scale 2 is a few MB), and its pixels.
MAX_IMAGE_BYTES = 12_000_000
MAX_IMAGE_PIXELS = 8000 * 8000

STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("InvBody", parent=STYLES["BodyText"], fontSize=9, leading=12)
SMALL = ParagraphStyle("InvSmall", parent=BODY, fontSize=7.5, leading=9.5)


def decode_png(data_url: str) -> tuple[bytes, int, int]:
    """The PNG bytes of a ``data:image/png;base64,`` URL and its size, or a 400 that says what is wrong."""
    if not data_url.startswith(PNG_PREFIX):
        raise BadRequestError("the chart image must be a data:image/png;base64 URL")
    try:
        raw = base64.b64decode(data_url[len(PNG_PREFIX):], validate=True)
    except (binascii.Error, ValueError) as e:
        raise BadRequestError("the chart image is not valid base64") from e
    if len(raw) > MAX_IMAGE_BYTES:
        raise BadRequestError(f"the chart image is larger than {MAX_IMAGE_BYTES // 1_000_000} MB")
    try:
        with Image.open(io.BytesIO(raw)) as img:
            if img.format != "PNG":
                raise BadRequestError("the chart image is not a PNG")
            width, height = img.size
            if width * height > MAX_IMAGE_PIXELS:
                raise BadRequestError("the chart image has too many pixels")
            img.verify()
    except BadRequestError:
        raise
    except Exception as e:  # Pillow raises many kinds for a corrupt file; each is the caller's bad input
        raise BadRequestError("the chart image is not a readable PNG") from e
    return raw, width, height


def render(inv: InvestigationOut, png: bytes, width: int, height: int, *, exported_by: str, when: float) -> bytes:
    buffer = io.BytesIO()
    page = landscape(LETTER)
    doc = SimpleDocTemplate(buffer, pagesize=page, title=f"Investigation: {inv.title}", author="caselink", creator="caselink",
                            subject="caselink investigation", invariant=1, leftMargin=0.6 * inch, rightMargin=0.6 * inch,
                            topMargin=0.6 * inch, bottomMargin=0.6 * inch)
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(when))
    story: list[Any] = [
        Paragraph(escape(inv.title), STYLES["Title"]),
        Paragraph(escape(f"Investigation {inv.id} by {inv.owner}, saved {inv.updated_at}; exported by {exported_by} at {stamp}. "
                         f"Shared with: {', '.join(inv.shared_with) or 'no one'}. {len(inv.entities)} node(s) as {exported_by} may see them."),
                  SMALL),
        Spacer(1, 8)]
    box_w, box_h = doc.width, doc.height - 1.2 * inch
    scale = min(box_w / width, box_h / height, 1.0)
    story.append(PdfImage(io.BytesIO(png), width=width * scale, height=height * scale))
    story += [Spacer(1, 10), Paragraph("Notes", STYLES["Heading2"])]
    for para in (inv.notes or "(none)").split("\n"):
        story.append(Paragraph(escape(para) or "&nbsp;", BODY))
    caption = {e.id: f"{e.caption} ({e.kind})" for e in inv.entities}
    notes = [(caption.get(p.id, p.id), p.note) for p in inv.positions if p.note]
    story.append(Paragraph("Annotations", STYLES["Heading2"]))
    if notes:
        table = Table([[Paragraph(escape(who), BODY), Paragraph(escape(note), BODY)] for who, note in notes],
                      colWidths=[doc.width * 0.35, doc.width * 0.65])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, "#999999"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
    else:
        story.append(Paragraph("(none)", BODY))
    doc.build(story)
    return buffer.getvalue()


def investigation_pdf(ctx: AppContext, store: Investigations, inv_id: str, image: str, *, viewer: Viewer) -> tuple[bytes, InvestigationOut]:
    """The PDF of a saved investigation the caller owns or was shared, with the chart image it drew."""
    inv = open_investigation(ctx, store, inv_id, viewer=viewer)
    png, width, height = decode_png(image)
    return render(inv, png, width, height, exported_by=viewer.name, when=time.time()), inv
