from datetime import date

from collegium_nlp.pipeline import analyze


def _find(events, etype, **kw):
    return [e for e in events if e["type"] == etype and all(e[k] == v for k, v in kw.items())]


def test_seed_events(seed_result):
    ev = seed_result["events"]
    coll = _find(ev, "joint_collegium", modality="planned", **{"from": "2025-11-25"})
    assert coll and coll[0]["place"] == "Москва"
    assert {"Сергей Лавров", "Максим Рыженков"} <= set(coll[0]["participants"])
    call = _find(ev, "phone_call", modality="held", **{"from": "2025-11-15", "to": "2025-11-15"})
    assert call and {"Владимир Путин", "Александр Лукашенко"} <= set(call[0]["participants"])
    assert _find(ev, "summit", modality="planned", place="Бишкек")
    cis = _find(ev, "summit", modality="planned", place="Санкт-Петербург")
    assert cis and cis[0]["from"] == "2025-11-01" and cis[0]["to"] == "2025-12-31"
    assert _find(ev, "signing", modality="expected")
    assert set(seed_result) == {"entities", "dates", "events"}
    for e in ev:
        assert set(e) == {"type", "modality", "from", "to", "place", "participants", "text"}


def test_consultations_held_with_weekday():
    r = analyze("Заместители министров иностранных дел России и Белоруссии в пятницу провели в Москве "
                "консультации по вопросам ОДКБ.", date(2026, 5, 15))
    (e,) = r["events"]
    assert (e["type"], e["modality"], e["from"], e["place"]) == ("consultations", "held", "2026-05-15", "Москва")


def test_planned_postponed_round():
    r = analyze("Консультации по консульским вопросам, намеченные на июнь, перенесены на III квартал "
                "2025 года.", date(2025, 5, 20))
    (e,) = r["events"]
    assert (e["modality"], e["from"], e["to"]) == ("planned", "2025-07-01", "2025-09-30")


def test_expected_signing_and_validity_period():
    r = analyze("По итогам встречи ожидается подписание плана межмидовских консультаций на 2026 год.",
                date(2025, 11, 24))
    (e,) = r["events"]
    assert e["type"] == "signing" and e["modality"] == "expected"
    assert e["from"] is None          # «на 2026 год» is the plan's period, not the signing date


def test_present_tense_report_gets_article_date():
    r = analyze("МИНСК, 3 декабря. /БелТА/. В Минске проходит совместное заседание коллегий МИД "
                "Белоруссии и МИД России.", date(2026, 12, 3))
    (e,) = r["events"]
    assert (e["type"], e["modality"], e["from"], e["place"]) == ("joint_collegium", "held", "2026-12-03", "Минск")


# --- the shared time expression of coordinated events (issue, part b) ---------------------------

def _dates(events):
    return [(e["type"], e["place"], e["from"], e["to"]) for e in events]


def test_seed_bishkek_summit_shares_the_trailing_time(seed_result):
    bishkek = _find(seed_result["events"], "summit", modality="planned", place="Бишкек")
    assert bishkek and (bishkek[0]["from"], bishkek[0]["to"]) == ("2025-11-01", "2025-12-31")


def test_coordinated_summits_share_a_trailing_month():
    r = analyze("Главы государств примут участие в саммите ШОС в Тяньцзине и в саммите БРИКС "
                "в Рио-де-Жанейро в июле.", date(2025, 5, 10))
    assert [(e["from"], e["to"]) for e in r["events"]] == [("2025-07-01", "2025-07-31")] * 2


def test_each_conjunct_keeps_its_own_leading_date():
    r = analyze("В марте пройдет саммит ОДКБ в Москве, и в мае состоится визит делегации в Пекин.",
                date(2026, 1, 10))
    got = {e["type"]: (e["from"], e["to"]) for e in r["events"]}
    assert got == {"summit": ("2026-03-01", "2026-03-31"), "visit": ("2026-05-01", "2026-05-31")}


def test_time_is_not_shared_across_a_clause_boundary():
    r = analyze("Лавров посетит Минск 3 марта, а консультации по вопросам ООН пройдут в апреле.",
                date(2026, 2, 10))
    got = {e["type"]: (e["from"], e["to"]) for e in r["events"]}
    assert got == {"visit": ("2026-03-03", "2026-03-03"), "consultations": ("2026-04-01", "2026-04-30")}


def test_a_dateless_planned_event_stays_dateless():
    r = analyze("Лидеры примут участие в саммите ШОС в Тяньцзине.", date(2025, 6, 10))
    (e,) = r["events"]
    assert (e["type"], e["modality"], e["from"], e["to"]) == ("summit", "planned", None, None)


def test_separate_sentences_do_not_share_time():
    r = analyze("Президенты встретятся на саммите ОДКБ в Бишкеке. Встреча лидеров стран СНГ пройдет "
                "в декабре в Санкт-Петербурге.", date(2025, 10, 1))
    bishkek = [e for e in r["events"] if e["place"] == "Бишкек"]
    assert bishkek and bishkek[0]["from"] is None
