"""Ed25519 keys, signatures over the canonical AKN text, and the signed export.

Signed export format (decided here): the AKN document of the agreed text exactly as signed, with
one extra element appended to <meta>:

    <proprietary source="#collegium">
      <col:signatures xmlns:col="urn:collegium:akn:1" signedOn="YYYY-MM-DD" status="signed">
        <col:signature party="RU" signer="..." signedAt="ISO time" algorithm="ed25519"
                       fingerprint="sha256 hex of raw public key" textDigest="sha256 hex of canonical bytes">
          <col:publicKey>base64 of the raw 32-byte public key</col:publicKey>
          <col:value>base64 of the signature</col:value>
        </col:signature> ...
      </col:signatures>
    </proprietary>

The file stays valid AKN (proprietary admits any foreign content). Verification removes that
element, canonicalises the rest (exclusive C14N) and checks every signature against those bytes;
the parties that must have signed are the FRBRauthor entries of the work.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from lxml import etree

from collegium.documents.akn import AKN_NS, COL_NS, _a, _c, build_akn, c14n, safe_parse, validate

ALGORITHM = "ed25519"


# --- keys -----------------------------------------------------------------------------------------

def fingerprint_of_raw(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def public_raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def load_public_pem(pem: str | bytes) -> Ed25519PublicKey:
    data = pem.encode() if isinstance(pem, str) else pem
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise ValueError("not a PEM public key") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("only Ed25519 keys are accepted")
    return key


def load_private_key(data: bytes) -> Ed25519PrivateKey:
    """A PEM (PKCS#8, unencrypted) private key, or 32 raw bytes."""
    if len(data) == 32:
        return Ed25519PrivateKey.from_private_bytes(data)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise ValueError("not an unencrypted PEM private key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("only Ed25519 keys are accepted")
    return key


def generate_keypair() -> tuple[bytes, bytes]:
    """(private PEM, public PEM) of a new Ed25519 key."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public


def sign_bytes(private_key: Ed25519PrivateKey, message: bytes) -> str:
    return base64.b64encode(private_key.sign(message)).decode("ascii")


def verify_bytes(public_raw_bytes: bytes, message: bytes, signature_b64: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_raw_bytes).verify(base64.b64decode(signature_b64, validate=True),
                                                                    message)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


# --- signed export --------------------------------------------------------------------------------

def signed_akn(resolution: Any) -> bytes:
    """The AKN text with the signatures recorded so far in a proprietary block."""
    from collegium.documents.models import SigningKey

    tree = build_akn(resolution)
    signatures = list(resolution.signatures.select_related("party", "signer").order_by("party__order", "party__code"))
    if signatures:
        keys = {k.fingerprint: k for k in SigningKey.objects.filter(
            fingerprint__in=[s.key_fingerprint for s in signatures])}
        meta = tree.getroot().find(f"{_a('statement')}/{_a('meta')}")
        assert meta is not None  # build_akn always writes the statement's meta
        prop = etree.SubElement(meta, _a("proprietary"), source="#collegium")
        box = etree.SubElement(prop, _c("signatures"), nsmap={"col": COL_NS}, status=resolution.status,
                               signedOn=resolution.signed_on.isoformat() if resolution.signed_on else "")
        for s in signatures:
            el = etree.SubElement(box, _c("signature"), party=s.party.code,
                                  signer=s.signer.full_name or s.signer.username,
                                  signedAt=s.signed_at.isoformat(), algorithm=s.algorithm,
                                  fingerprint=s.key_fingerprint, textDigest=s.text_digest)
            key = keys.get(s.key_fingerprint)
            pk = etree.SubElement(el, _c("publicKey"))
            pk.text = base64.b64encode(bytes(key.public_key_raw)).decode() if key else ""
            val = etree.SubElement(el, _c("value"))
            val.text = s.signature
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


@dataclass
class SignatureCheck:
    party: str
    signer: str
    fingerprint: str
    ok: bool
    problem: str = ""


@dataclass
class VerifyReport:
    ok: bool
    digest: str = ""
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    signatures: list[SignatureCheck] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "digest": self.digest, "problems": self.problems, "warnings": self.warnings,
                "signatures": [s.__dict__ for s in self.signatures]}


def registry_from_db() -> dict[str, dict[str, Any]]:
    from collegium.documents.models import SigningKey

    return {k.fingerprint: {"party": k.party.code, "public_key": base64.b64encode(bytes(k.public_key_raw)).decode(),
                            "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None}
            for k in SigningKey.objects.select_related("party")}


def registry_from_file(path: str | Path) -> dict[str, dict[str, Any]]:
    """A JSON list (or dict by fingerprint) of {fingerprint, party, public_key (base64 raw), revoked_at}."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    items = data.values() if isinstance(data, dict) else data
    return {item["fingerprint"]: item for item in items}


def verify_signed_akn(data: bytes, registry: dict[str, dict[str, Any]] | None = None) -> VerifyReport:
    """Offline verification; every failure is named (unknown key, altered text, missing party)."""
    report = VerifyReport(ok=False)
    try:
        tree = safe_parse(data)
    except ValueError as exc:
        report.problems.append(str(exc))
        return report
    root = tree.getroot()
    meta = root.find(f"{_a('statement')}/{_a('meta')}")
    if meta is None:
        report.problems.append("not an Akoma Ntoso statement")
        return report
    box = None
    for prop in meta.findall(_a("proprietary")):
        found = prop.find(_c("signatures"))
        if found is not None:
            box = found
            meta.remove(prop)
    message = c14n(tree)
    report.digest = hashlib.sha256(message).hexdigest()
    schema_errors = validate(tree)
    if schema_errors:
        report.problems.append("the document is not valid Akoma Ntoso: " + schema_errors[0])
    required = [(a.get("href") or "").removeprefix("#party-") for a in
                meta.findall(f"{_a('identification')}/{_a('FRBRWork')}/{_a('FRBRauthor')}")]
    signed_parties = set()
    for el in (box.findall(_c("signature")) if box is not None else []):
        party = el.get("party", "")
        fp = el.get("fingerprint", "")
        check = SignatureCheck(party=party, signer=el.get("signer", ""), fingerprint=fp, ok=False)
        report.signatures.append(check)
        raw_b64 = (el.findtext(_c("publicKey")) or "").strip()
        value = (el.findtext(_c("value")) or "").strip()
        try:
            raw = base64.b64decode(raw_b64, validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if el.get("algorithm") != ALGORITHM:
            check.problem = f"party {party}: unsupported algorithm {el.get('algorithm')!r}"
        elif len(raw) != 32 or fingerprint_of_raw(raw) != fp:
            check.problem = f"party {party}: the embedded key does not match its fingerprint {fp[:16]}…"
        elif registry is not None and fp not in registry:
            check.problem = f"party {party}: unknown key {fp[:16]}… (not in the registered keys)"
        elif registry is not None and registry[fp].get("party") != party:
            check.problem = f"party {party}: key {fp[:16]}… is registered to party {registry[fp].get('party')}"
        elif el.get("textDigest") and el.get("textDigest") != report.digest:
            check.problem = f"party {party}: the text was altered after signing (digest differs)"
        elif not verify_bytes(raw, message, value):
            check.problem = f"party {party}: the signature does not match the text (altered text or bad signature)"
        else:
            check.ok = True
            signed_parties.add(party)
            if registry is not None and registry[fp].get("revoked_at"):
                if registry[fp]["revoked_at"] < el.get("signedAt", ""):
                    check.ok = False
                    signed_parties.discard(party)
                    check.problem = f"party {party}: key {fp[:16]}… was revoked before signing"
                else:
                    report.warnings.append(f"party {party}: key {fp[:16]}… has been revoked since signing")
        if check.problem:
            report.problems.append(check.problem)
    if registry is None:
        report.warnings.append("keys were not checked against a registry of registered keys")
    for party in required:
        if party not in signed_parties and not any(c.party == party for c in report.signatures):
            report.problems.append(f"missing signature of party {party}")
    report.ok = not report.problems and bool(required) and set(required) <= signed_parties
    return report


__all__ = ["AKN_NS", "generate_keypair", "load_private_key", "sign_bytes", "signed_akn", "verify_signed_akn"]
