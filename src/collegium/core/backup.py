"""Backup and restore of the database and the uploaded files, independent of the engine.

A backup is one .tar.gz with `data.json` (every model, serialised by Django, so SQLite and
PostgreSQL backups are interchangeable), `uploads/` and a `manifest.json` with counts and a
SHA-256 of the data. Restore refuses a file whose digest does not match, and loads everything in
one transaction: a failure leaves the database as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

EXCLUDED = {"contenttypes.contenttype", "auth.permission", "sessions.session", "admin.logentry"}


def _models(include_auto_created: bool = False):
    for model in apps.get_models(include_auto_created=include_auto_created):
        if model._meta.label_lower in EXCLUDED or model._meta.proxy or not model._meta.managed:
            continue
        yield model


def dump_data() -> bytes:
    objects = []
    for model in _models():
        objects.extend(model._base_manager.order_by("pk").iterator(chunk_size=2000))
    return serializers.serialize("json", objects, indent=None, use_natural_foreign_keys=False).encode()


def backup_create(out: Path) -> dict:
    data = dump_data()
    manifest = {
        "format": 1, "created_at": timezone.now().isoformat(), "engine": connection.vendor,
        "sha256": hashlib.sha256(data).hexdigest(),
        "counts": {m._meta.label_lower: m._base_manager.count() for m in _models()},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".part")
    with tarfile.open(tmp, "w:gz") as tar:
        for name, payload in (("data.json", data), ("manifest.json", json.dumps(manifest, indent=2).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
        uploads = Path(settings.MEDIA_ROOT)
        if uploads.exists():
            tar.add(uploads, arcname="uploads")
    tmp.replace(out)  # a crash mid-write never leaves a half backup under the final name
    return manifest


class BackupError(Exception):
    pass


def _safe_members(tar: tarfile.TarFile):
    for member in tar.getmembers():
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or member.issym() or member.islnk():
            raise BackupError(f"unsafe path in backup: {member.name}")
        yield member


def backup_restore(src: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmpdir:
        with tarfile.open(src, "r:gz") as tar:
            tar.extractall(tmpdir, members=list(_safe_members(tar)))  # noqa: S202 - members checked above
        root = Path(tmpdir)
        try:
            manifest = json.loads((root / "manifest.json").read_text())
            data = (root / "data.json").read_bytes()
        except (OSError, ValueError) as exc:
            raise BackupError(f"not a Collegium backup: {exc}") from exc
        if hashlib.sha256(data).hexdigest() != manifest.get("sha256"):
            raise BackupError("the backup is damaged: data digest mismatch")
        with transaction.atomic():
            for model in reversed(list(_models(include_auto_created=True))):
                model._base_manager.all()._raw_delete(using=connection.alias)
            for obj in serializers.deserialize("json", data):
                obj.save()
        _reset_sequences()
        uploads = Path(settings.MEDIA_ROOT)
        if (root / "uploads").exists():
            if uploads.exists():
                shutil.rmtree(uploads)
            shutil.copytree(root / "uploads", uploads)
    return manifest


def _reset_sequences() -> None:
    if connection.vendor != "postgresql":
        return
    out = io.StringIO()
    labels = sorted({m._meta.app_label for m in _models()})
    call_command("sqlsequencereset", *labels, stdout=out, no_color=True)
    with connection.cursor() as cursor:
        cursor.execute(out.getvalue())
