from collegium_nlp import eval as ev


def test_gold_targets():
    gold = ev.load_gold()
    assert len(gold) >= 60
    r = ev.evaluate(gold)
    ours, plain = r["entities"]["collegium_nlp"], r["entities"]["natasha_plain"]
    assert r["dates"]["exact_accuracy"] >= 0.95
    assert r["events"]["type_f1"] >= 0.9
    assert ours["all"]["f1"] >= plain["all"]["f1"]
    assert ours["diplomatic_recall"] > plain["diplomatic_recall"]
    assert ev.format_report(r).startswith("gold documents")


def test_dedup():
    from collegium_nlp.dedup import simhash_similarity
    from collegium_nlp.pipeline import shingles, simhash, similarity

    a = "Сергей Лавров и Максим Рыженков провели в Минске переговоры по вопросам Союзного государства."
    b = "Сергей Лавров и Максим Рыженков провели переговоры в Минске по вопросам Союзного государства."
    c = "Саммит ОДКБ пройдет в Бишкеке в конце ноября, сообщил генеральный секретарь."
    assert similarity(a, b) > similarity(a, c)
    assert simhash_similarity(simhash(a), simhash(b)) > simhash_similarity(simhash(a), simhash(c))
    assert shingles(a)
