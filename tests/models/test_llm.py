"""The grounded answerer against a local OpenAI-compatible server (real client, real HTTP)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openai
import pytest

from bot.settings import REPO_ROOT
from models.llm import (
    SAFE_REPLY_TOPICS,
    LLMAnswerer,
    LLMUsage,
    is_unsafe,
    unverified,
)
from retrieval.kb import KnowledgeEntry, read_kb_file
from tests.fakes.openai_api import FakeOpenAI

KB_FILE = REPO_ROOT / "data" / "kb" / "kb.jsonl"
SUNAT = "https://www.sunat.gob.pe/"


@pytest.fixture(scope="module")
def kb_entries() -> dict[str, KnowledgeEntry]:
    return {entry.id: entry for entry in read_kb_file(KB_FILE)}


@pytest.fixture
def ruc(kb_entries: dict[str, KnowledgeEntry]) -> list[KnowledgeEntry]:
    """What a search for "cómo saco mi RUC" hands over: RUC first, then Clave SOL."""
    return [kb_entries["kb-ruc-es"], kb_entries["kb-clave-sol-es"]]


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


_OPEN: list[LLMAnswerer] = []


@pytest.fixture(autouse=True)
def _close_answerers() -> Iterator[None]:
    yield
    while _OPEN:
        _OPEN.pop().close()


def answerer_for(
    fake: FakeOpenAI,
    *,
    timeout: float = 5.0,
    max_retries: int = 0,
    deadline: float = 10.0,
    prices: tuple[float, float] = (0.0, 0.0),
) -> LLMAnswerer:
    answerer = LLMAnswerer.from_settings(
        base_url=fake.base_url,
        api_key="test-key",
        model="fake-model",
        timeout=timeout,
        max_retries=max_retries,
        deadline=deadline,
        usd_per_million_in=prices[0],
        usd_per_million_out=prices[1],
    )
    _OPEN.append(answerer)
    return answerer


GOOD_RUC = (
    "Sacar el RUC es gratis: inscríbete en línea en el portal de la SUNAT con tu DNI o ve a un "
    f"Centro de Servicios al Contribuyente. Fuente: {SUNAT}"
)


def test_prompt_is_grounded_on_the_entries_and_their_sources(
    fake: FakeOpenAI, ruc: list[KnowledgeEntry]
) -> None:
    fake.reply(GOOD_RUC)
    answer = answerer_for(fake).answer("¿Cómo saco mi RUC?", lang="es", context=ruc)

    (body,) = fake.bodies
    assert body["model"] == "fake-model"
    assert body["temperature"] <= 0.3
    system, user = body["messages"]
    assert system["role"] == "system"
    assert "SOLO" in system["content"]
    assert "Nunca inventes números de teléfono, montos" in system["content"]
    for entry in ruc:
        assert entry.question in user["content"]
        assert entry.answer in user["content"]
        assert f"Fuente: {entry.source}" in user["content"]
    assert "¿Cómo saco mi RUC?" in user["content"]
    assert "castellano" in user["content"]
    assert fake.requests[0].headers["authorization"] == "Bearer test-key"

    assert answer.from_llm
    assert not answer.saved_answer
    assert answer.text == GOOD_RUC
    assert answer.sources == (SUNAT,)
    assert SUNAT in answer.text


def test_quechua_question_asks_for_a_quechua_answer(
    fake: FakeOpenAI, kb_entries: dict[str, KnowledgeEntry]
) -> None:
    context = [kb_entries["kb-ruc-qu"], kb_entries["kb-ruc-es"]]
    fake.reply(f"RUC-qa mana qullqiyuqmi, SUNAT-pi hurqunki. {SUNAT}")
    answer = answerer_for(fake).answer("RUC-ta imaynatataq hurqusaq?", lang="qu", context=context)
    user = fake.bodies[0]["messages"][1]["content"]
    assert "quechua sureño" in user
    assert kb_entries["kb-ruc-qu"].answer in user
    assert answer.from_llm
    assert answer.sources == (SUNAT,)


def test_answer_without_a_link_still_carries_the_sources(
    fake: FakeOpenAI, ruc: list[KnowledgeEntry]
) -> None:
    fake.reply("Sacar el RUC es gratis en la SUNAT, con tu DNI.")
    answer = answerer_for(fake).answer("¿Cómo saco mi RUC?", lang="es", context=ruc)
    assert answer.from_llm
    assert answer.sources == (SUNAT,)


def test_server_too_slow_falls_back_within_the_deadline(
    fake: FakeOpenAI, ruc: list[KnowledgeEntry]
) -> None:
    fake.delay_next(5.0, times=3)
    answerer = answerer_for(fake, timeout=4.0, max_retries=1, deadline=0.8)
    started = time.monotonic()
    answer = answerer.answer("¿Cómo saco mi RUC?", lang="es", context=ruc)
    elapsed = time.monotonic() - started

    assert elapsed < 0.8 + 0.5
    assert answer.saved_answer
    assert not answer.from_llm
    assert answer.fallback == "timeout"
    assert answer.text == ruc[0].answer
    assert answer.entry_id == "kb-ruc-es"
    assert answer.sources == (SUNAT,)
    assert answerer.usage().errors == 1


def test_client_timeout_falls_back(fake: FakeOpenAI, ruc: list[KnowledgeEntry]) -> None:
    fake.delay_next(5.0)
    answerer = answerer_for(fake, timeout=0.3, max_retries=0, deadline=10.0)
    started = time.monotonic()
    answer = answerer.answer("¿Cómo saco mi RUC?", lang="es", context=ruc)
    assert time.monotonic() - started < 3.0
    assert answer.saved_answer
    assert answer.fallback == "timeout"
    assert answerer.usage().errors == 1


def test_server_error_falls_back_after_the_clients_retry(
    fake: FakeOpenAI, ruc: list[KnowledgeEntry]
) -> None:
    fake.fail_next(500, times=2)
    answerer = answerer_for(fake, max_retries=1)
    answer = answerer.answer("¿Cómo saco mi RUC?", lang="es", context=ruc)
    assert len(fake.bodies) == 2  # the openai client retried once by itself
    assert answer.saved_answer
    assert answer.fallback == "api_error"
    assert answer.text == ruc[0].answer
    assert answerer.usage().errors == 1


def test_retry_that_succeeds_gives_the_llm_answer(
    fake: FakeOpenAI, ruc: list[KnowledgeEntry]
) -> None:
    fake.fail_next(503)
    fake.reply(GOOD_RUC)
    answer = answerer_for(fake, max_retries=1).answer("¿Cómo saco mi RUC?", lang="es", context=ruc)
    assert answer.from_llm
    assert len(fake.bodies) == 2


@pytest.mark.parametrize(
    "invented",
    [
        f"Llama gratis al 0800-12345 para sacar tu RUC. {SUNAT}",
        f"Sacar el RUC cuesta S/ 50. {SUNAT}",
        f"Desde el 15/03/2026 el RUC se saca solo en línea. {SUNAT}",
        "Saca tu RUC gratis en https://ruc-facil.com/registro",
    ],
)
def test_invented_numbers_or_links_fall_back_to_the_saved_answer(
    fake: FakeOpenAI, ruc: list[KnowledgeEntry], invented: str
) -> None:
    fake.reply(invented)
    answerer = answerer_for(fake)
    answer = answerer.answer("¿Cómo saco mi RUC?", lang="es", context=ruc)
    assert answer.saved_answer
    assert answer.fallback == "unverified"
    assert answer.text == ruc[0].answer
    assert answer.tokens_out > 0
    assert answerer.usage().rejected == 1


def test_numbers_from_the_entries_are_allowed(
    fake: FakeOpenAI, kb_entries: dict[str, KnowledgeEntry]
) -> None:
    context = [kb_entries["kb-sueldo-minimo-es"]]
    fake.reply(
        "El sueldo mínimo es S/ 1130 al mes desde el 1 de enero de 2025 (D.S. 006-2024-TR). "
        "Fuente: gob.pe/mtpe"
    )
    answer = answerer_for(fake).answer("¿Cuánto es el sueldo mínimo?", lang="es", context=context)
    assert answer.from_llm, answer.fallback
    assert answer.sources == ("https://www.gob.pe/mtpe",)


def test_cut_off_or_empty_text_falls_back(fake: FakeOpenAI, ruc: list[KnowledgeEntry]) -> None:
    answerer = answerer_for(fake)
    fake.reply("Sacar el RUC es gratis y", finish_reason="length")
    assert answerer.answer("ruc", lang="es", context=ruc).fallback == "truncated"
    fake.reply("   ")
    assert answerer.answer("ruc", lang="es", context=ruc).fallback == "empty"


def test_no_endpoint_gives_the_saved_answer_in_the_persons_language(
    kb_entries: dict[str, KnowledgeEntry],
) -> None:
    answerer = LLMAnswerer.from_settings(base_url=None, api_key=None, model=None)
    assert not answerer.configured
    context = [kb_entries["kb-ruc-es"], kb_entries["kb-ruc-qu"]]
    answer = answerer.answer("RUC-ta imaynatataq hurqusaq?", lang="qu", context=context)
    assert answer.saved_answer
    assert not answer.from_llm
    assert answer.fallback == "no_endpoint"
    assert answer.text == kb_entries["kb-ruc-qu"].answer
    assert answer.entry_id == "kb-ruc-qu"
    assert answer.sources == (SUNAT,)
    assert answerer.usage() == LLMUsage()


def test_no_context_asks_nothing(fake: FakeOpenAI) -> None:
    answer = answerer_for(fake).answer("¿Quién ganó el partido?", lang="es", context=[])
    assert answer.text == ""
    assert answer.fallback == "no_context"
    assert not answer.saved_answer
    assert fake.bodies == []


def test_usage_counts_calls_tokens_and_cost_across_threads(
    fake: FakeOpenAI, ruc: list[KnowledgeEntry]
) -> None:
    for _ in range(8):
        fake.reply(GOOD_RUC, prompt_tokens=120, completion_tokens=30)
    answerer = answerer_for(fake, prices=(1.0, 4.0))
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda _: answerer.answer("ruc", lang="es", context=ruc), range(8)))
    assert all(a.from_llm and (a.tokens_in, a.tokens_out) == (120, 30) for a in answers)
    usage = answerer.usage()
    assert (usage.calls, usage.tokens_in, usage.tokens_out, usage.errors) == (8, 960, 240, 0)
    assert usage.cost_usd == pytest.approx((960 * 1.0 + 240 * 4.0) / 1_000_000)


def test_unverified_reads_numbers_in_any_format(
    kb_entries: dict[str, KnowledgeEntry],
) -> None:
    context = [kb_entries["kb-sueldo-minimo-es"]]
    for same in ("S/ 1,130.00", "S/ 1 130", "S/1130", "el 01/01/2025"):
        assert unverified(same, "", context) is None, same
    assert unverified("S/ 1,150", "", context) is not None
    assert unverified("Tengo 3 hijos", "tengo 3 hijos, ¿cuánto gano?", context) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Ya no quiero vivir", "self_harm"),
        ("me quiero morir", "self_harm"),
        ("estoy pensando en el suicidio", "self_harm"),
        ("quiero hacerme daño", "self_harm"),
        ("Wañuyta munani", "self_harm"),
        ("manaña kawsayta munanichu", "self_harm"),
        ("eres un idiota", "abuse"),
        ("te voy a matar", "abuse"),
        ("bot de mierda", "abuse"),
        ("mi esposo me pega", "abuse"),
        ("Qusay maqawan", "abuse"),
        ("¿Cómo saco mi RUC?", None),
        ("voy a matar un cuy para la fiesta", None),
        ("Wanuta munani chakraypaq", None),
        ("me pagan poco", None),
        ("Llamk'ayta maskhani", None),
    ],
)
def test_is_unsafe(text: str, kind: str | None) -> None:
    assert is_unsafe(text) == kind


def test_safe_replies_are_in_the_knowledge_base_in_both_languages(
    kb_entries: dict[str, KnowledgeEntry],
) -> None:
    for kind, topic in SAFE_REPLY_TOPICS.items():
        for lang in ("es", "qu"):
            entry = kb_entries[f"{topic}-{lang}"]
            assert ("113" if kind == "self_harm" else "100") in entry.answer


def test_prompts_come_from_files(
    tmp_path: Path, fake: FakeOpenAI, ruc: list[KnowledgeEntry]
) -> None:
    (tmp_path / "system.txt").write_text("SYSTEM RULES\n", encoding="utf-8")
    for lang in ("es", "qu"):
        (tmp_path / f"answer_{lang}.txt").write_text(
            f"{lang}: $question || $context", encoding="utf-8"
        )
    client = openai.OpenAI(base_url=fake.base_url, api_key="k", max_retries=0)
    LLMAnswerer(client, prompts_dir=tmp_path).answer("¿RUC?", lang="qu", context=ruc)
    system, user = fake.bodies[0]["messages"]
    assert system["content"] == "SYSTEM RULES"
    assert user["content"].startswith("qu: ¿RUC? || [1] Pregunta: ")
