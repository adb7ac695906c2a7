import json

import pytest
from django.core.management import CommandError, call_command

from collegium.core.errors import ValidationFailed
from collegium.documents import signing
from collegium.documents.akn import canonical_akn_bytes
from collegium.documents.services import resolution_sign_with_key, signing_key_revoke
from collegium.documents.tests.builders import agreed_resolution, register_key
from collegium.resolutions.models import Resolution


def _sign_both(world, tmp_path):  # type: ignore[no-untyped-def]
    session, resolution, _plan = agreed_resolution(world)
    keys = {}
    for head in (world.ru_head, world.by_head):
        private, key, pem = register_key(head)
        path = tmp_path / f"{head.username}.pem"
        path.write_bytes(pem)
        keys[head.username] = (private, key, path)
    for head in ("ru_head", "by_head"):
        call_command("sign", session=session.number, user=head, key=str(keys[head][2]))
    resolution.refresh_from_db()
    return session, resolution, keys


def test_two_heads_sign_seal_and_verify_offline(world, tmp_path, capsys):
    session, resolution, keys = _sign_both(world, tmp_path)
    assert resolution.status == Resolution.Status.SIGNED
    sigs = list(resolution.signatures.order_by("party__order"))
    assert [s.party.code for s in sigs] == ["RU", "BY"]
    message = canonical_akn_bytes(resolution)
    for s in sigs:
        key = keys[s.signer.username][1]
        assert s.key_fingerprint == key.fingerprint
        assert signing.verify_bytes(bytes(key.public_key_raw), message, s.signature)
    out = tmp_path / "resolution.akn.xml"
    call_command("export", "resolution", session=session.number, fmt="akn", out=str(out))
    keys_file = tmp_path / "keys.json"
    call_command("verify", str(out), export_keys=str(keys_file))
    call_command("verify", str(out), keys=str(keys_file))
    assert "verification OK" in capsys.readouterr().out
    report = signing.verify_signed_akn(out.read_bytes(), signing.registry_from_file(keys_file))
    assert report.ok and len(report.signatures) == 2


def test_tampering_one_character_fails(world, tmp_path):
    session, _resolution, _keys = _sign_both(world, tmp_path)
    out = tmp_path / "r.akn.xml"
    call_command("export", "resolution", session=session.number, fmt="akn", out=str(out))
    data = out.read_bytes()
    tampered = data.replace("Поручить департаментам".encode(), "Поручить департаментом".encode(), 1)
    assert tampered != data
    report = signing.verify_signed_akn(tampered, signing.registry_from_db())
    assert not report.ok
    assert any("altered" in p for p in report.problems)
    bad = tmp_path / "bad.akn.xml"
    bad.write_bytes(tampered)
    with pytest.raises(CommandError):
        call_command("verify", str(bad))


def test_unknown_key_and_missing_party_are_named(world, tmp_path):
    session, resolution, _keys = _sign_both(world, tmp_path)
    data = signing.signed_akn(resolution)
    registry = signing.registry_from_db()
    ru_fp = resolution.signatures.get(party__code="RU").key_fingerprint
    del registry[ru_fp]
    report = signing.verify_signed_akn(data, registry)
    assert not report.ok and any("unknown key" in p and "RU" in p for p in report.problems)
    # Drop BY's signature element from the file: its absence is named.
    from lxml import etree

    tree = etree.fromstring(data)
    by = tree.find(".//{urn:collegium:akn:1}signature[@party='BY']")
    by.getparent().remove(by)
    report = signing.verify_signed_akn(etree.tostring(tree), signing.registry_from_db())
    assert not report.ok and "missing signature of party BY" in report.problems


def test_signature_is_verified_before_recording(world):
    _session, resolution, _plan = agreed_resolution(world)
    private, key, _pem = register_key(world.ru_head)
    bad = signing.sign_bytes(private, b"something else")
    with pytest.raises(ValidationFailed):
        resolution_sign_with_key(actor=world.ru_head, resolution=resolution, key_fingerprint=key.fingerprint,
                                 signature=bad)
    assert not resolution.signatures.exists()
    # Someone else's key cannot be used.
    with pytest.raises(ValidationFailed):
        resolution_sign_with_key(actor=world.by_head, resolution=resolution, key_fingerprint=key.fingerprint,
                                 signature=signing.sign_bytes(private, canonical_akn_bytes(resolution)))
    # A revoked key cannot sign.
    signing_key_revoke(actor=world.ru_head, key=key)
    with pytest.raises(ValidationFailed):
        resolution_sign_with_key(actor=world.ru_head, resolution=resolution, key_fingerprint=key.fingerprint,
                                 signature=signing.sign_bytes(private, canonical_akn_bytes(resolution)))


def test_only_heads_keys_by_themselves_or_admin(world):
    from collegium.core.errors import PermissionDenied
    from collegium.documents.services import signing_key_register

    _priv, public = signing.generate_keypair()
    with pytest.raises(PermissionDenied):
        signing_key_register(actor=world.ru_sec, person=world.ru_head, public_key_pem=public.decode())
    with pytest.raises(PermissionDenied):
        signing_key_register(actor=world.ru_exec, person=world.ru_exec, public_key_pem=public.decode())
    world.ru_sec.is_party_admin = True
    world.ru_sec.save()
    key = signing_key_register(actor=world.ru_sec, person=world.ru_head, public_key_pem=public.decode())
    assert len(key.fingerprint) == 64
    with pytest.raises(ValidationFailed):
        signing_key_register(actor=world.by_head, person=world.by_head, public_key_pem="not a key")


def test_keygen_command_registers(world, tmp_path, capsys):
    out = tmp_path / "k.pem"
    call_command("keygen", out=str(out), register="by_head")
    assert out.exists() and (tmp_path / "k.pem.pub").exists()
    assert world.by_head.signing_keys.count() == 1
    assert json.dumps  # keep import used
