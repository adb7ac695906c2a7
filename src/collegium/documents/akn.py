"""The resolution as Akoma Ntoso 3.0 (`statement`), its canonical form, and reading it back.

Canonical form (what heads sign): the AKN document of the agreed text *without* any signature
block, serialised by exclusive XML canonicalisation (C14N 1.0, exclusive, no comments). It holds
the title, number, place, session date, preamble, clauses with kind, deadline, periodicity and
addressees, and the text version; it does not hold the status, the signing date or the annexed
plan, which change after signing without changing the agreed text.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.db.models import Prefetch
from lxml import etree

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
COL_NS = "urn:collegium:akn:1"
NSMAP = {None: AKN_NS, "col": COL_NS}
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "akomantoso30.xsd"


def _a(tag: str) -> str:
    return f"{{{AKN_NS}}}{tag}"


def _c(tag: str) -> str:
    return f"{{{COL_NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, _a(tag), {(_c(k[5:]) if k.startswith("col__") else k): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", value).strip("-") or "x"


def _work_uri(resolution: Any) -> str:
    session = resolution.session
    number = slug(resolution.number or f"s{session.number}")
    return f"/akn/int/statement/resolution/collegium-joint/{session.date_start.isoformat()}/{number}"


def build_akn(resolution: Any) -> etree._ElementTree:
    """The AKN tree of the agreed text. Reads clauses through the ORM in a fixed order."""
    from collegium.resolutions.models import ClauseAddressee

    session = resolution.session
    parties = sorted(session.parties.all(), key=lambda p: (p.order, p.code))
    date = session.date_start.isoformat()
    work = _work_uri(resolution)
    expr = f"{work}/rus@v{resolution.text_version}"
    root = etree.Element(_a("akomaNtoso"), nsmap=NSMAP)
    doc = _sub(root, "statement", name="resolution")
    meta = _sub(doc, "meta")
    ident = _sub(meta, "identification", source="#collegium")
    w = _sub(ident, "FRBRWork")
    _sub(w, "FRBRthis", value=f"{work}/!main")
    _sub(w, "FRBRuri", value=work)
    _sub(w, "FRBRdate", date=date, name="session")
    for p in parties:
        _sub(w, "FRBRauthor", href=f"#party-{slug(p.code)}")
    _sub(w, "FRBRcountry", value="int")
    _sub(w, "FRBRnumber", value=resolution.number or "")
    _sub(w, "FRBRname", value="postanovlenie")
    e = _sub(ident, "FRBRExpression")
    _sub(e, "FRBRthis", value=f"{expr}/!main")
    _sub(e, "FRBRuri", value=expr)
    _sub(e, "FRBRdate", date=date, name="version")
    for p in parties:
        _sub(e, "FRBRauthor", href=f"#party-{slug(p.code)}")
    _sub(e, "FRBRversionNumber", value=str(resolution.text_version))
    _sub(e, "FRBRlanguage", language="rus")
    m = _sub(ident, "FRBRManifestation")
    _sub(m, "FRBRthis", value=f"{expr}/!main.xml")
    _sub(m, "FRBRuri", value=f"{expr}.akn")
    _sub(m, "FRBRdate", date=date, name="manifestation")
    _sub(m, "FRBRauthor", href="#collegium")
    refs = _sub(meta, "references", source="#collegium")
    _sub(refs, "TLCOrganization", eId="collegium", href="/ontology/organization/collegium", showAs="Collegium")
    for p in parties:
        _sub(refs, "TLCOrganization", eId=f"party-{slug(p.code)}",
             href=f"/ontology/organization/mfa.{slug(p.code).lower()}", showAs=p.name)
    from collegium.resolutions.models import Clause

    # A fresh query (not the caller's prefetch cache): the signed bytes must not depend on how
    # the resolution was loaded.
    clauses = list(Clause.objects.filter(resolution_id=resolution.pk).order_by("number").prefetch_related(
        Prefetch("addressees", queryset=ClauseAddressee.objects.select_related("unit__party"))))
    units = {}
    for clause in clauses:
        for a in clause.addressees.all():
            units[(a.unit.party.code, a.unit.code)] = a.unit
    for (pcode, ucode), unit in sorted(units.items()):
        _sub(refs, "TLCOrganization", eId=f"unit-{slug(pcode)}-{slug(ucode)}",
             href=f"/ontology/organization/mfa.{slug(pcode).lower()}.{slug(ucode).lower()}", showAs=unit.name,
             col__party=pcode, col__code=ucode)
    _sub(refs, "TLCLocation", eId="place", href="/ontology/location/" + quote(resolution.place or session.city),
         showAs=resolution.place or session.city)

    preface = _sub(doc, "preface")
    p = _sub(preface, "p", **{"class": "docType"})
    _sub(p, "docType", "ПОСТАНОВЛЕНИЕ")
    p = _sub(preface, "p", **{"class": "docTitle"})
    _sub(p, "docTitle", resolution.title.strip())
    p = _sub(preface, "p", **{"class": "docDetails"})
    dd = _sub(p, "docDate", session.date_start.strftime("%d.%m.%Y"), date=date)
    dd.tail = " "
    loc = _sub(p, "location", resolution.place or session.city, refersTo="#place")
    loc.tail = " "
    _sub(p, "docNumber", resolution.number or "")
    preamble_paras = [x.strip() for x in resolution.preamble.split("\n\n") if x.strip()]
    if preamble_paras:
        pre = _sub(doc, "preamble")
        for text in preamble_paras:
            _sub(pre, "p", text)
    body = _sub(doc, "mainBody")
    if not clauses:
        _sub(body, "p", "")
    for clause in clauses:
        attrs = {"eId": f"para_{clause.number}", "class": clause.kind, "col__periodicity": clause.periodicity}
        if clause.deadline_days is not None:
            attrs["col__deadlineDays"] = str(clause.deadline_days)
        para = _sub(body, "paragraph", **attrs)
        _sub(para, "num", f"{clause.number}.")
        content = _sub(para, "content")
        _sub(content, "p", clause.text.strip())
        if clause.deadline_date:
            dp = _sub(content, "p", "Срок: ", **{"class": "deadline"})
            _sub(dp, "date", clause.deadline_date.strftime("%d.%m.%Y"), date=clause.deadline_date.isoformat())
        addressees = sorted(clause.addressees.all(), key=lambda a: (a.unit.party.order, a.unit.party.code,
                                                                     not a.is_responsible, a.unit.code))
        if addressees:
            ap = _sub(content, "p", "Исполнители: ", **{"class": "addressees"})
            for i, a in enumerate(addressees):
                org = _sub(ap, "organization", a.unit.name,
                           refersTo=f"#unit-{slug(a.unit.party.code)}-{slug(a.unit.code)}",
                           col__role="responsible" if a.is_responsible else "co-executor")
                if i < len(addressees) - 1:
                    org.tail = "; "
    return etree.ElementTree(root)


def c14n(tree: etree._ElementTree | etree._Element) -> bytes:
    return etree.tostring(tree, method="c14n", exclusive=True, with_comments=False)


def canonical_akn_bytes(resolution: Any) -> bytes:
    """The bytes every head signs: the AKN text in exclusive canonical XML."""
    return c14n(build_akn(resolution))


def canonical_akn_digest(resolution: Any) -> str:
    return hashlib.sha256(canonical_akn_bytes(resolution)).hexdigest()


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH), parser))


def validate(data: bytes | etree._ElementTree) -> list[str]:
    """Errors against the OASIS schema (empty when valid)."""
    tree = data if isinstance(data, etree._ElementTree) else safe_parse(data)
    sch = schema()
    if sch.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in sch.error_log]


def safe_parse(data: bytes) -> etree._ElementTree:
    """Parse outside XML: no entities, no DTD, no network (defusedxml refuses DTD tricks first)."""
    from defusedxml.common import DefusedXmlException
    from defusedxml.ElementTree import fromstring as defused_fromstring

    try:
        defused_fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ValueError(f"unsafe XML: {exc.__class__.__name__}") from exc
    except Exception as exc:  # noqa: BLE001 - any parse error is the file's fault
        raise ValueError(f"not well-formed XML: {exc}") from exc
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_blank_text=False)
    return etree.ElementTree(etree.fromstring(data, parser))


def _text(el: etree._Element | None) -> str:
    return "".join(el.itertext()).strip() if el is not None else ""


def parse_akn(data: bytes) -> dict[str, Any]:
    """A plain dict of the resolution in an AKN file (title, number, date, place, preamble, clauses)."""
    import datetime as dt

    tree = safe_parse(data)
    root = tree.getroot()
    doc = root.find(_a("statement"))
    if doc is None:
        doc = root.find(_a("doc"))
    if root.tag != _a("akomaNtoso") or doc is None:
        raise ValueError("not an Akoma Ntoso statement or doc")
    preface = doc.find(_a("preface"))
    title = _text(preface.find(f".//{_a('docTitle')}")) if preface is not None else ""
    number = _text(preface.find(f".//{_a('docNumber')}")) if preface is not None else ""
    date_el = preface.find(f".//{_a('docDate')}") if preface is not None else None
    place = _text(preface.find(f".//{_a('location')}")) if preface is not None else ""
    iso = date_el.get("date") if date_el is not None else None
    date = dt.date.fromisoformat(iso) if iso else None
    preamble = "\n\n".join(_text(p) for p in doc.findall(f"{_a('preamble')}/{_a('p')}"))
    units = {}
    for org in doc.iter(_a("TLCOrganization")):
        if org.get(_c("party")):
            units[org.get("eId")] = (org.get(_c("party")), org.get(_c("code")))
    clauses = []
    for i, para in enumerate(doc.iter(_a("paragraph")), start=1):
        content = para.find(_a("content"))
        ps = content.findall(_a("p")) if content is not None else []
        text = next((_text(p) for p in ps if not p.get("class")), "")
        deadline_date = None
        addressees = []
        for p in ps:
            if p.get("class") == "deadline":
                d = p.find(_a("date"))
                iso = d.get("date") if d is not None else None
                if iso:
                    deadline_date = dt.date.fromisoformat(iso)
            elif p.get("class") == "addressees":
                for org in p.iter(_a("organization")):
                    ref = (org.get("refersTo") or "").lstrip("#")
                    if ref in units:
                        addressees.append((*units[ref], org.get(_c("role"), "responsible") == "responsible"))
        num = re.sub(r"\D", "", _text(para.find(_a("num")))) or str(i)
        days = para.get(_c("deadlineDays"))
        clauses.append({"number": int(num), "kind": para.get("class") or "other", "text": text,
                        "deadline_date": deadline_date, "deadline_days": int(days) if days else None,
                        "periodicity": para.get(_c("periodicity")) or "once", "addressees": addressees})
    return {"title": title, "number": number, "date": date, "place": place, "preamble": preamble,
            "clauses": clauses}
