"""The language model's requests, tokens and cost in Prometheus, against the fake OpenAI
server (real client, real HTTP): the answerer the app builds reports to ``bot.metrics``."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from prometheus_client import REGISTRY

from bot import metrics
from bot.app import Services, build_services
from bot.settings import REPO_ROOT, Settings
from models.llm import OUTCOMES, LLMAnswerer
from retrieval.kb import KnowledgeEntry, read_kb_file
from tests.fakes.openai_api import FakeOpenAI

SUNAT = "https://www.sunat.gob.pe/"
GOOD_RUC = (
    "Sacar el RUC es gratis: inscríbete en línea en el portal de la SUNAT con tu DNI. "
    f"Fuente: {SUNAT}"
)
QUESTION = "¿Cómo saco mi RUC?"


def requests(outcome: str) -> float:
    return REGISTRY.get_sample_value("chaski_llm_requests_total", {"outcome": outcome}) or 0.0


def tokens(direction: str) -> float:
    return REGISTRY.get_sample_value("chaski_llm_tokens_total", {"direction": direction}) or 0.0


def cost() -> float:
    return REGISTRY.get_sample_value("chaski_llm_cost_usd_total") or 0.0


def snapshot() -> dict[str, float]:
    counts = {outcome: requests(outcome) for outcome in OUTCOMES}
    return counts | {"in": tokens("in"), "out": tokens("out"), "usd": cost()}


def delta(before: dict[str, float]) -> dict[str, float]:
    return {key: value - before[key] for key, value in snapshot().items() if value != before[key]}


@pytest.fixture(scope="module")
def ruc() -> list[KnowledgeEntry]:
    entries = {entry.id: entry for entry in read_kb_file(REPO_ROOT / "data" / "kb" / "kb.jsonl")}
    return [entries["kb-ruc-es"], entries["kb-clave-sol-es"]]


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture(scope="module")
def services(fake: FakeOpenAI, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    base = tmp_path_factory.mktemp("llm_metrics")
    settings = Settings(
        database_url=f"sqlite:///{base / 'chaski.db'}",
        data_dir=base / "data",
        openai_base_url=fake.base_url,
        openai_api_key="test-key",
        llm_model="fake-model",
    )
    built = build_services(settings)
    yield built
    built.answers.answerer.close()
    built.database.dispose()


@contextmanager
def answerer(
    fake: FakeOpenAI, *, deadline: float, timeout: float, max_retries: int = 0
) -> Iterator[LLMAnswerer]:
    made = LLMAnswerer.from_settings(
        base_url=fake.base_url,
        api_key="test-key",
        model="fake-model",
        timeout=timeout,
        max_retries=max_retries,
        deadline=deadline,
        usd_per_million_in=2.0,
        usd_per_million_out=8.0,
        observer=metrics.LLM_USAGE,
    )
    try:
        yield made
    finally:
        made.close()


def test_every_outcome_and_direction_is_exported_from_the_start() -> None:
    names = {
        (s.name, tuple(sorted(s.labels.values()))) for f in REGISTRY.collect() for s in f.samples
    }
    for outcome in OUTCOMES:
        assert ("chaski_llm_requests_total", (outcome,)) in names
    assert ("chaski_llm_tokens_total", ("in",)) in names
    assert ("chaski_llm_tokens_total", ("out",)) in names
    assert ("chaski_llm_cost_usd_total", ()) in names


def test_the_apps_answerer_counts_a_good_answer_and_its_tokens(
    services: Services, fake: FakeOpenAI, ruc: list[KnowledgeEntry]
) -> None:
    llm = services.answers.answerer
    fake.reply(GOOD_RUC, prompt_tokens=120, completion_tokens=30)
    before, usage = snapshot(), llm.usage()
    answer = llm.answer(QUESTION, lang="es", context=ruc)
    assert answer.from_llm
    assert delta(before) == {"ok": 1, "in": 120, "out": 30}
    after = llm.usage()
    assert (after.tokens_in - usage.tokens_in, after.tokens_out - usage.tokens_out) == (120, 30)


def test_the_apps_answerer_counts_a_server_error(
    services: Services, fake: FakeOpenAI, ruc: list[KnowledgeEntry]
) -> None:
    fake.fail_next(500, times=2)  # the app's client retries once
    before = snapshot()
    answer = services.answers.answerer.answer(QUESTION, lang="es", context=ruc)
    assert answer.fallback == "api_error"
    assert delta(before) == {"error": 1}


def test_a_text_the_post_check_refuses_counts_with_its_tokens(
    services: Services, fake: FakeOpenAI, ruc: list[KnowledgeEntry]
) -> None:
    fake.reply("Llama al 987 654 321 y te lo sacan.", prompt_tokens=100, completion_tokens=12)
    fake.reply("Sacar el RUC es", finish_reason="length", prompt_tokens=100, completion_tokens=4)
    before = snapshot()
    llm = services.answers.answerer
    assert llm.answer(QUESTION, lang="es", context=ruc).fallback == "unverified"
    assert llm.answer(QUESTION, lang="es", context=ruc).fallback == "truncated"
    assert delta(before) == {"unverified": 1, "truncated": 1, "in": 200, "out": 16}


def test_a_timeout_counts_and_a_late_answer_still_counts_its_tokens(
    fake: FakeOpenAI, ruc: list[KnowledgeEntry]
) -> None:
    """A 500, then the client's retry (after its backoff) answers, but the deadline has
    passed by then (timeout): what the model spent on that late answer is counted, as
    ``usage()`` counts it."""
    with answerer(fake, deadline=0.2, timeout=5.0, max_retries=1) as llm:
        fake.fail_next(500)
        fake.reply(GOOD_RUC, prompt_tokens=500, completion_tokens=50)
        before = snapshot()
        assert llm.answer(QUESTION, lang="es", context=ruc).fallback == "timeout"
        assert delta(before) == {"timeout": 1}
        waited = time.monotonic() + 5
        while llm.usage().tokens_in < 500 and time.monotonic() < waited:
            time.sleep(0.05)
        assert delta(before) == {
            "timeout": 1,
            "in": 500,
            "out": 50,
            "usd": pytest.approx((500 * 2.0 + 50 * 8.0) / 1_000_000),
        }
        assert llm.usage().cost_usd == pytest.approx(delta(before)["usd"])


def test_a_client_timeout_counts_as_timeout(fake: FakeOpenAI, ruc: list[KnowledgeEntry]) -> None:
    with answerer(fake, deadline=5.0, timeout=0.3) as llm:
        fake.delay_next(1.5)
        before = snapshot()
        assert llm.answer(QUESTION, lang="es", context=ruc).fallback == "timeout"
        assert delta(before) == {"timeout": 1}


def test_no_endpoint_and_no_context_make_no_request(
    fake: FakeOpenAI, ruc: list[KnowledgeEntry]
) -> None:
    offline = LLMAnswerer.from_settings(
        base_url=None, api_key=None, model=None, observer=metrics.LLM_USAGE
    )
    before = snapshot()
    assert offline.answer(QUESTION, lang="es", context=ruc).fallback == "no_endpoint"
    with answerer(fake, deadline=5.0, timeout=5.0) as llm:
        assert llm.answer(QUESTION, lang="es", context=[]).fallback == "no_context"
    assert delta(before) == {}
