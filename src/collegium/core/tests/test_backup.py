"""A backup round trip gives identical data; a damaged backup is refused and changes nothing."""

import datetime as dt
import tarfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from collegium.audit.services import audit_verify
from collegium.core.backup import BackupError, backup_create, backup_restore, dump_data
from collegium.core.testing import make_obligation, make_session
from collegium.meetings.services import material_add


@pytest.fixture
def data(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    make_obligation(world, issued_on=dt.date(2025, 2, 1))
    session = make_session(world, number=3)
    material_add(actor=world.ru_sec, session=session, title="Справка",
                 upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 test"))
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_round_trip_is_identical(data, tmp_path):
    before = dump_data()
    path = tmp_path / "b.tar.gz"
    manifest = backup_create(path)
    assert manifest["counts"]["control.obligation"] == 1
    # Change things after the backup, then restore.
    from collegium.control.models import Obligation

    Obligation.objects.all().update(title="изменено")
    for f in data.rglob("*.pdf"):
        f.write_bytes(b"changed")
    backup_restore(path)
    assert dump_data() == before
    assert [f.read_bytes() for f in data.rglob("*.pdf")] == [b"%PDF-1.4 test"]
    assert audit_verify().ok


@pytest.mark.django_db(transaction=True)
def test_damaged_backup_is_refused(data, tmp_path):
    path = tmp_path / "b.tar.gz"
    backup_create(path)
    with tarfile.open(path) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(bad, "w:gz") as tar:
        import io

        for name, payload in members.items():
            if name == "data.json":
                payload = payload.replace("Справка".encode(), "Спрaвка".encode())
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    before = dump_data()
    with pytest.raises(BackupError, match="digest"):
        backup_restore(bad)
    assert dump_data() == before
