"""The per-process store of stored articles' days and MinHash signatures that near-duplicate
lookup reads instead of decoding JSON for every batch."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.db import transaction

from collegium.media import nlp, services
from collegium.media.models import Article, Source


def _row(value: int) -> np.ndarray:
    return np.full(nlp.MINHASH_SIZE, value, dtype=np.uint64)


def test_gather_keeps_the_asked_order_and_skips_unknown_ids() -> None:
    store = services._SignatureStore()
    store.put([(30, 300, _row(3)), (10, 100, _row(1)), (20, 200, None)])
    ids, days, matrix, valid = store.gather(np.array([20, 99, 30, 10], dtype=np.int64))
    assert ids.tolist() == [20, 30, 10]
    assert days.tolist() == [200, 300, 100]
    assert matrix[:, 0].tolist() == [0, 3, 1]
    assert valid.tolist() == [False, True, True]
    assert store.missing(np.array([10, 11, 30, 31], dtype=np.int64)) == [11, 31]


def test_put_ignores_ids_already_remembered_and_grows_past_its_first_capacity() -> None:
    store = services._SignatureStore()
    store.put([(1, 10, _row(1))])
    store.put([(1, 99, _row(9)), (2, 20, _row(2)), (2, 21, _row(5))])
    assert len(store) == 2
    assert store.gather(np.array([1, 2], dtype=np.int64))[1].tolist() == [10, 21]  # the first one stays
    store.put([(pk, pk, _row(pk)) for pk in range(100, 3100)])
    ids, days, matrix, _valid = store.gather(np.arange(3099, 99, -1, dtype=np.int64))
    assert len(store) == 3002
    assert ids.tolist() == days.tolist() == matrix[:, 5].tolist() == list(range(3099, 99, -1))


def test_a_full_store_starts_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "_SIGNATURE_CACHE_SIZE", 5)
    store = services._SignatureStore()
    store.put([(pk, pk, _row(pk)) for pk in range(4)])
    store.put([(pk, pk, _row(pk)) for pk in range(10, 13)])
    assert len(store) == 3
    assert store.missing(np.array([0, 10], dtype=np.int64)) == [0]


@pytest.mark.django_db(transaction=True)
def test_stored_signatures_merge_remembered_and_read_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    source = Source.objects.create(kind=Source.Kind.API, url="api:test", name="test")
    articles = []
    for i in range(6):
        body = f"Текст номер {i}: министры обсудили вопрос {i} на встрече в Минске."
        minhash, simhash = nlp.signatures(body)
        articles.append(Article.objects.create(source=source, title=f"t{i}", body=body, raw_text=body,
                                               published=dt.date(2025, 3, 1 + i), content_hash=f"h{i}",
                                               minhash=minhash, simhash=simhash))
    store = services._SignatureStore()
    monkeypatch.setattr(services, "_SIGNATURES", store)
    remembered = articles[1::2]
    store.put([(a.pk, a.published.toordinal(), np.asarray(a.minhash, dtype=np.uint64)) for a in remembered])
    asked = np.array(sorted((a.pk for a in articles), reverse=True) + [10**9], dtype=np.int64)
    with transaction.atomic():
        ids, days, matrix, valid = services._stored_signatures(asked)
        assert len(store) == 3  # what was read is remembered only once the transaction commits
    assert sorted(ids.tolist()) == sorted(asked[:-1].tolist())  # the remembered and the read ones
    by_id = {a.pk: a for a in articles}
    assert days.tolist() == [by_id[pk].published.toordinal() for pk in ids.tolist()]
    assert matrix.tolist() == [by_id[pk].minhash for pk in ids.tolist()]
    assert valid.all()
    assert len(store) == 6


@pytest.mark.django_db(transaction=True)
def test_near_duplicate_choice_keeps_the_newest_of_the_window_and_prefers_the_newest_on_a_tie(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "_SIGNATURES", services._SignatureStore())
    source = Source.objects.create(kind=Source.Kind.API, url="api:test", name="test")
    day = dt.date(2025, 6, 10)
    own = list(range(1, nlp.MINHASH_SIZE + 1))

    def stored(agree: int, published: dt.date, name: str) -> Article:
        minhash = own[:agree] + [0] * (nlp.MINHASH_SIZE - agree)  # shares `agree` of the 64 values
        return Article.objects.create(source=source, title=name, body=name, raw_text=name, published=published,
                                      content_hash=name, minhash=minhash)

    oldest_best = stored(60, day, "a")
    tie_old = stored(40, day + dt.timedelta(days=1), "b")
    tie_new = stored(40, day - dt.timedelta(days=2), "c")  # an older day but the newest article
    stored(64, day + dt.timedelta(days=4), "d")  # outside the ±3-day window
    with transaction.atomic():
        index = services._NearDupIndex([day])
        chosen, score = index.best(day, own)
        assert (chosen.pk, score) == (oldest_best.pk, 60 / 64)
        monkeypatch.setattr(services._NearDupIndex, "LIMIT", 2)  # only the two newest of the window count
        chosen, score = index.best(day, own)
        assert (chosen.pk, score) == (tie_new.pk, 40 / 64) and tie_new.pk > tie_old.pk
