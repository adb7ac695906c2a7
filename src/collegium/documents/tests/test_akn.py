from pathlib import Path

import pytest
from lxml import etree

from collegium.core.testing import make_session
from collegium.documents import akn
from collegium.documents.services import resolution_import_akn
from collegium.documents.tests.builders import agreed_resolution

SHARED_XSD = Path(__file__).resolve().parents[4] / ".." / "shared" / "akn" / "akomantoso30.xsd"


def shared_schema():  # type: ignore[no-untyped-def]
    if not SHARED_XSD.exists():
        pytest.skip("the shared Akoma Ntoso schema is not beside the repository")
    return etree.XMLSchema(etree.parse(str(SHARED_XSD)))


def test_resolution_akn_is_valid_and_has_frbr_and_eids(world):
    _session, resolution, _plan = agreed_resolution(world, clauses=4)
    data = akn.canonical_akn_bytes(resolution)
    tree = etree.fromstring(data)
    schema = shared_schema()
    assert schema.validate(etree.ElementTree(tree)), schema.error_log
    assert akn.validate(data) == []  # the copy shipped in the package agrees
    ns = {"a": akn.AKN_NS}
    assert tree.find("a:statement", ns) is not None
    for level in ("FRBRWork", "FRBRExpression", "FRBRManifestation"):
        assert tree.find(f".//a:{level}/a:FRBRthis", ns) is not None
    assert [p.get("eId") for p in tree.iterfind(".//a:paragraph", ns)] == ["para_1", "para_2", "para_3", "para_4"]
    assert "Поручить департаментам" in data.decode()
    assert tree.find(".//a:docDate", ns).get("date") == "2025-11-25"


def test_canonical_form_is_stable_and_changes_with_text(world):
    from collegium.resolutions.models import Clause

    _session, resolution, _plan = agreed_resolution(world)
    first = akn.canonical_akn_bytes(resolution)
    assert first == akn.canonical_akn_bytes(resolution)
    Clause.objects.filter(resolution=resolution, number=1).update(text="Иной текст")
    assert akn.canonical_akn_bytes(resolution) != first


def test_import_back_into_a_draft(world):
    _session, resolution, _plan = agreed_resolution(world, clauses=3)
    data = akn.canonical_akn_bytes(resolution)
    other = make_session(world, number=2)
    imported = resolution_import_akn(actor=world.by_sec, session=other, data=data)
    assert imported.status == "draft"
    assert imported.title == resolution.title and imported.number == resolution.number
    assert imported.preamble == resolution.preamble
    got = [(c.number, c.kind, c.text, c.deadline_days) for c in imported.clauses.order_by("number")]
    want = [(c.number, c.kind, c.text, c.deadline_days) for c in resolution.clauses.order_by("number")]
    assert got == want
    units = sorted((a.unit.party.code, a.unit.code, a.is_responsible) for a in imported.clauses.get(number=1)
                   .addressees.all())
    assert units == [("BY", "CIS", True), ("RU", "CIS", True), ("RU", "INFO", False)]


def test_import_refuses_entities_and_dtd(world):
    from collegium.core.errors import ValidationFailed

    other = make_session(world, number=3)
    evil = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&e;</akomaNtoso>')
    with pytest.raises(ValidationFailed):
        resolution_import_akn(actor=world.ru_sec, session=other, data=evil)
