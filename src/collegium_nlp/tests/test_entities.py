from collegium_nlp.entities import extract_entities, match_person


def _by_text(text):
    return {e.text: e for e in extract_entities(text)}


def test_dictionary_orgs_and_metonymy():
    text = ("Как отметили на Смоленской площади, МИД РФ и белорусский МИД согласовали позиции "
            "в ОДКБ, СНГ и ЕАЭС, а также по отношениям с Евросоюзом и НАТО.")
    ents = _by_text(text)
    assert ents["Смоленской площади"].type == "ORG"
    assert ents["Смоленской площади"].normal == "МИД России"
    assert ents["МИД РФ"].normal == "МИД России"
    assert ents["белорусский МИД"].normal == "МИД Белоруссии"
    assert ents["Евросоюзом"].normal == "Европейский союз"
    for abbr in ("ОДКБ", "СНГ", "ЕАЭС", "НАТО"):
        assert ents[abbr].type == "ORG"


def test_persons_inflected_and_initials():
    text = "Переговоры Сергея Лаврова и Максима Рыженкова; позднее С. В. Лавров встретился с Марией Захаровой."
    ents = _by_text(text)
    assert ents["Сергея Лаврова"].normal == "Сергей Лавров"
    assert ents["Максима Рыженкова"].normal == "Максим Рыженков"
    assert ents["С. В. Лавров"].normal == "Сергей Лавров"
    assert ents["Марией Захаровой"].normal == "Мария Захарова"


def test_offsets_exact_and_union_state_is_org():
    text = "Вопросы Союзного государства обсудили в Минске."
    for e in extract_entities(text):
        assert text[e.start:e.end] == e.text
    ents = _by_text(text)
    assert ents["Союзного государства"].type == "ORG"
    assert ents["Минске"].normal == "Минск"


def test_model_span_normalisation():
    ents = _by_text("Встреча прошла на Европейском континенте с Иваном Петровым.")
    assert ents["Иваном Петровым"].normal == "Иван Петров"


def test_seed_entities(seed_result, seed_text):
    for e in seed_result["entities"]:
        assert seed_text[e["start"]:e["end"]] == e["text"]
    normals = {(e["normal"], e["type"]) for e in seed_result["entities"]}
    assert ("Сергей Лавров", "PER") in normals
    assert ("Максим Рыженков", "PER") in normals
    assert ("МИД России", "ORG") in normals
    assert ("Москва", "LOC") in normals
    assert not any("\n" in e["text"] for e in seed_result["entities"])


def test_match_person():
    people = [(1, "Лавров Сергей Викторович"), (2, "Рыженков Максим Владимирович"), (3, "Иван Лавров")]
    assert match_person("Сергей Лавров", people) == 1
    assert match_person("Максима Рыженкова", people) == 2
    assert match_person("С. Лавров", people) == 1
    assert match_person("Лавров", people) is None      # ambiguous
    assert match_person("Пётр Иванов", people) is None
