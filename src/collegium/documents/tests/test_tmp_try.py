import pytest, datetime as dt
from collegium.core.testing import make_session
from collegium.resolutions.models import Resolution, Clause
from collegium.documents import akn

def test_try(world):
    s = make_session(world)
    r = Resolution.objects.create(session=s, title="О ходе", place="Москва", number="1", preamble="Коллегии\n\nотмечают")
    Clause.objects.create(resolution=r, number=1, kind="instructs", text="Поручить", deadline_days=30)
    from collegium.resolutions.models import ClauseAddressee
    c=Clause.objects.create(resolution=r, number=2, kind="takes_note", text="Принять к сведению", deadline_date=dt.date(2026,1,1))
    ClauseAddressee.objects.create(clause=c, unit=world.units["ru_cis"])
    data = akn.canonical_akn_bytes(r)
    print(data.decode())
    print(akn.validate(data))
    print(akn.parse_akn(data))
