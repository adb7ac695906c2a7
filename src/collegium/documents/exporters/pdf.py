"""PDF through WeasyPrint from the HTML templates in templates/documents/ (fonts: Liberation
Serif, metric twin of Times New Roman, with DejaVu as the Cyrillic-complete fallback)."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string

from collegium.documents.context import (
    TOTAL_LABELS,
    PackView,
    Progress,
    ResolutionView,
    resolution_heading,
    tick,
)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()


def _with_cells(doc: ResolutionView) -> ResolutionView:
    for plan in doc.plans:
        for r in plan.rounds:
            by_party = dict(r.delegations)
            r.cells = [(p.code, by_party.get(p.code, "")) for p in doc.parties]  # type: ignore[attr-defined]
    return doc


def resolution_html(doc: ResolutionView) -> str:
    width = f"{100 // max(1, len(doc.signatures))}%"
    return render_to_string("documents/resolution.html", {"doc": _with_cells(doc), "sig_width": width})


def resolution_pdf(doc: ResolutionView, progress: Progress = None) -> bytes:
    html = resolution_html(doc)
    tick(progress, 1, 2, "layout")
    return html_to_pdf(html)


def interim_html(doc: Any) -> str:
    for g in doc.groups:
        g.total_cells = [(k, label, g.totals.get(k, 0)) for k, label in TOTAL_LABELS]
    return render_to_string("documents/interim.html", {"doc": doc})


def interim_pdf(doc: Any, progress: Progress = None) -> bytes:
    html = interim_html(doc)
    tick(progress, 1, 2, "layout")
    return html_to_pdf(html)


def pack_pdf(doc: PackView, *, with_materials: bool = True, progress: Progress = None) -> bytes:
    """The agenda (and the materials pack): one PDF with a table of contents. PDF materials are
    appended page by page after the generated part when pypdf is available; the contents name
    the page range of each, so the layout is computed twice."""
    doc.heading = resolution_heading(doc.parties)  # type: ignore[attr-defined]
    context = {"doc": doc, "with_materials": with_materials}
    embeds: list[tuple[Any, Any]] = []
    if with_materials:
        try:
            from pypdf import PdfReader
        except ImportError:  # pragma: no cover - optional dependency
            pass
        else:
            for m in doc.all_materials:
                if m.pdf_path:
                    try:
                        embeds.append((m, PdfReader(m.pdf_path)))
                    except Exception:  # noqa: BLE001 - a broken upload is listed, not embedded
                        m.pdf_path = ""
    base = html_to_pdf(render_to_string("documents/pack.html", context))
    tick(progress, 1, 3, "layout")
    if not embeds:
        return base
    from pypdf import PdfReader, PdfWriter

    for _attempt in range(3):
        page = len(PdfReader(io.BytesIO(base)).pages) + 1
        changed = False
        for m, reader in embeds:
            pages = (page, page + len(reader.pages) - 1)
            changed |= m.pdf_pages != pages
            m.pdf_pages = pages
            page = pages[1] + 1
        if not changed:
            break
        base = html_to_pdf(render_to_string("documents/pack.html", context))
    tick(progress, 2, 3, "embedding")
    writer = PdfWriter()
    writer.append(io.BytesIO(base))
    for _m, reader in embeds:
        writer.append(reader)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
