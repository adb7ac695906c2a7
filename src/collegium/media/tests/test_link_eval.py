"""Link precision and recall on the NLP gold set against the demo plan (issue targets P ≥ 0.9, R ≥ 0.8)."""

from __future__ import annotations

import pytest

from collegium.media import evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():  # type: ignore[no-untyped-def]
    evaluation.load_plan()
    return evaluation.evaluate()


@pytest.mark.slow
def test_gold_links_meet_the_targets(report):  # type: ignore[no-untyped-def]
    assert report["documents"] == 60
    assert report["gold"] >= 20, "most gold links must resolve to a demo object"
    assert report["precision"] >= evaluation.TARGET_PRECISION, evaluation.format_report(report)
    assert report["recall"] >= evaluation.TARGET_RECALL, evaluation.format_report(report)
    # texts about years the demo has no plan for must not be linked to the wrong year's round
    wrong_year = {e["doc"] for e in report["errors"] if e["error"] == "spurious" and e["target"][0] == "round"}
    assert not wrong_year & {"g007", "g011", "g013", "g019", "g024", "g043", "g046", "g056", "g060"}


@pytest.mark.slow
def test_gold_keys_resolve_to_demo_objects(db):  # type: ignore[no-untyped-def]
    evaluation.load_plan()
    assert len(evaluation.resolve({"kind": "round", "topic": "Консульские вопросы", "year": 2025})) == 1
    assert evaluation.resolve({"kind": "round", "topic": "СНГ", "year": 2024}) == []  # no 2024 plan in the demo
    assert len(evaluation.resolve({"kind": "session", "year": 2024, "place": "Брест"})) == 1
    assert evaluation.resolve({"kind": "plan", "year": 2025}) == []  # a whole plan is not a link target
    obligations = evaluation.resolve({"kind": "obligation", "text": "Подготовить проект Программы согласованных "
                                      "действий в области внешней политики на 2027–2029 годы"})
    assert len(obligations) == 2  # one per executing party


def test_split_title_keeps_the_whole_text():  # type: ignore[no-untyped-def]
    assert evaluation.split_title("Первое предложение. Второе предложение.") == ("Первое предложение.",
                                                                                 "Второе предложение.")
    assert evaluation.split_title("Одно предложение.") == ("Одно предложение.", "Одно предложение.")
