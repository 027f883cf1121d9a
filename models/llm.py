"""Free answers: an OpenAI-compatible chat model grounded on knowledge-base entries.

``LLMAnswerer.answer(question, lang=..., context=entries)`` asks the model to answer briefly in
the person's language from the given entries only, citing their source (prompts in
``models/prompts/``). Whatever goes wrong, the person still gets a true answer: the best entry
itself, flagged ``saved_answer=True`` so the reply can say it is a saved answer. That happens

- when no endpoint is configured (``OPENAI_BASE_URL`` and ``OPENAI_API_KEY`` both unset);
- on any API error, or when the model has not answered within ``deadline`` seconds in total
  (the client's own ``timeout`` per attempt and ``max_retries`` apply inside that deadline);
- when the model's text fails the post-check: a number (phone, amount, date, percentage) that
  is in neither the entries nor the question, a web address that is not in the entries (one
  the person wrote is not enough: the bot never hands out a link of anyone's choosing), or an
  empty or cut-off text.

Moderation comes first and needs no model: :func:`is_unsafe` spots self-harm and abuse
(insults, threats, someone telling of violence) in Spanish and Quechua with keyword rules, so
the bot can answer with its fixed safe reply (the knowledge-base topics in
:data:`SAFE_REPLY_TOPICS` hold the help lines).

``usage()`` counts calls, tokens and errors across threads; an :class:`UsageObserver` given at
construction hears the same counts as they happen (``bot.metrics`` exports them to Prometheus:
this module knows nothing of metrics). Build one answerer at start-up and inject it; ``answer``
blocks (up to ``deadline``), so call it off the event loop.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from pathlib import Path
from string import Template
from typing import Literal, Protocol

import openai
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam

log = logging.getLogger(__name__)

PROMPTS_DIR = Path(__file__).resolve().parent / "prompts"
DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_TIMEOUT = 8.0
DEFAULT_MAX_RETRIES = 1
DEFAULT_DEADLINE = 12.0
NO_KEY = "no-key"
"""API key sent to endpoints that need none (a local llama.cpp server)."""

Unsafe = Literal["self_harm", "abuse"]
Fallback = Literal[
    "no_endpoint", "no_context", "timeout", "api_error", "empty", "truncated", "unverified"
]
Rejected = Literal["empty", "truncated", "unverified"]
"""Why the post-check refused a text."""
Outcome = Literal["ok", "timeout", "error", "empty", "truncated", "unverified"]
"""How a request to the model ended: its text used (``ok``), no text in time (``timeout``),
an API or network error (``error``), or a text the post-check refused (the other three)."""
OUTCOMES: tuple[Outcome, ...] = ("ok", "timeout", "error", "empty", "truncated", "unverified")

SAFE_REPLY_TOPICS: Mapping[Unsafe, str] = {
    "self_harm": "kb-salud-mental",
    "abuse": "kb-violencia",
}
"""Knowledge-base topic whose entry is the fixed reply to each kind of unsafe message."""


class ContextEntry(Protocol):
    """What the answerer reads from a knowledge-base entry (``retrieval.kb.KnowledgeEntry``)."""

    @property
    def id(self) -> str: ...
    @property
    def lang(self) -> str: ...
    @property
    def question(self) -> str: ...
    @property
    def answer(self) -> str: ...
    @property
    def source(self) -> str: ...


@dataclass(frozen=True)
class Answer:
    text: str
    sources: tuple[str, ...]
    """Web addresses the text rests on (``chaski:`` help pages are left out)."""
    from_llm: bool
    tokens_in: int = 0
    tokens_out: int = 0
    saved_answer: bool = False
    """The text is a knowledge-base entry given as is: say so in the reply."""
    entry_id: str | None = None
    """The entry given when ``saved_answer``."""
    fallback: Fallback | None = None
    """Why the model's text was not used (``None`` when it was)."""


@dataclass(frozen=True)
class LLMUsage:
    calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    errors: int = 0
    """API errors and timeouts."""
    rejected: int = 0
    """Texts refused by the post-check."""
    cost_usd: float = 0.0


class UsageObserver(Protocol):
    """Hears every request the answerer makes: ``tokens`` when the model reports its usage
    (even for an answer that came too late to be used), ``finished`` once per request."""

    def tokens(self, *, tokens_in: int, tokens_out: int, cost_usd: float) -> None: ...
    def finished(self, outcome: Outcome) -> None: ...


class LLMAnswerer:
    """Grounded answers over an ``openai.OpenAI`` client, or saved answers without one."""

    def __init__(
        self,
        client: openai.OpenAI | None,
        *,
        model: str = DEFAULT_MODEL,
        deadline: float = DEFAULT_DEADLINE,
        temperature: float = 0.2,
        max_tokens: int = 350,
        prompts_dir: Path = PROMPTS_DIR,
        usd_per_million_in: float = 0.0,
        usd_per_million_out: float = 0.0,
        workers: int = 4,
        observer: UsageObserver | None = None,
    ) -> None:
        if deadline <= 0:
            raise ValueError("deadline must be > 0 seconds")
        self.client = client
        self.model = model
        self.deadline = deadline
        self.temperature = temperature
        self.max_tokens = max_tokens
        self._prices = (usd_per_million_in, usd_per_million_out)
        self._system = (prompts_dir / "system.txt").read_text(encoding="utf-8").strip()
        self._templates = {
            lang: Template((prompts_dir / f"answer_{lang}.txt").read_text(encoding="utf-8"))
            for lang in ("es", "qu")
        }
        self._pool = (
            ThreadPoolExecutor(max_workers=workers, thread_name_prefix="llm")
            if client is not None
            else None
        )
        self._lock = threading.Lock()
        self._usage = LLMUsage()
        self._observer = observer

    @classmethod
    def from_settings(
        cls,
        *,
        base_url: str | None,
        api_key: str | None,
        model: str | None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        deadline: float = DEFAULT_DEADLINE,
        usd_per_million_in: float = 0.0,
        usd_per_million_out: float = 0.0,
        observer: UsageObserver | None = None,
    ) -> LLMAnswerer:
        """From ``OPENAI_BASE_URL``, ``OPENAI_API_KEY``, ``CHASKI_LLM_MODEL``; both of the first
        two unset means no endpoint (saved answers only)."""
        client = None
        if base_url or api_key:
            client = openai.OpenAI(
                base_url=base_url or None,
                api_key=api_key or NO_KEY,
                timeout=min(timeout, deadline),
                max_retries=max_retries,
            )
        return cls(
            client,
            model=model or DEFAULT_MODEL,
            deadline=deadline,
            usd_per_million_in=usd_per_million_in,
            usd_per_million_out=usd_per_million_out,
            observer=observer,
        )

    @property
    def configured(self) -> bool:
        return self.client is not None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        if self.client is not None:
            self.client.close()

    def usage(self) -> LLMUsage:
        with self._lock:
            return self._usage

    # -- answering -----------------------------------------------------------------------------

    def answer(self, question: str, *, lang: str, context: Sequence[ContextEntry]) -> Answer:
        """A short answer to ``question`` in ``lang`` from ``context`` (best entry first).

        Empty ``context`` gives an empty text with ``fallback="no_context"``: check
        ``KnowledgeBase.covers`` first and say the bot does not know instead.
        """
        if not context:
            return Answer(text="", sources=(), from_llm=False, fallback="no_context")
        if self.client is None or self._pool is None:
            return _saved(context, lang, "no_endpoint")
        started = time.monotonic()
        future: Future[ChatCompletion] = self._pool.submit(
            self._complete, self.client, self._messages(question, lang, context)
        )
        try:
            completion = future.result(timeout=self.deadline)
        except FutureTimeout:
            future.cancel()
            self._count(errors=1, outcome="timeout")
            log.warning("LLM gave no answer within %.1f s, using the saved answer", self.deadline)
            return _saved(context, lang, "timeout")
        except openai.APITimeoutError:
            self._count(errors=1, outcome="timeout")
            log.warning("LLM timed out after %.1f s", time.monotonic() - started)
            return _saved(context, lang, "timeout")
        except Exception as exc:  # any API, network or parsing error: the person still gets one
            self._count(errors=1, outcome="error")
            # The type and status only: an error body may quote the prompt (the question).
            log.warning(
                "LLM call failed (%s %s), using the saved answer",
                type(exc).__name__,
                getattr(exc, "status_code", ""),
            )
            log.debug("LLM call failed", exc_info=True)
            return _saved(context, lang, "api_error")
        return self._checked(completion, question, lang, context)

    def _complete(
        self, client: openai.OpenAI, messages: list[ChatCompletionMessageParam]
    ) -> ChatCompletion:
        self._count(calls=1)
        completion = client.chat.completions.create(
            model=self.model,
            messages=messages,
            temperature=self.temperature,
            max_tokens=self.max_tokens,
        )
        if completion.usage is not None:
            self._count(
                tokens_in=completion.usage.prompt_tokens,
                tokens_out=completion.usage.completion_tokens,
            )
        return completion

    def _messages(
        self, question: str, lang: str, context: Sequence[ContextEntry]
    ) -> list[ChatCompletionMessageParam]:
        blocks = []
        for number, entry in enumerate(context, start=1):
            source = entry.source if _is_url(entry.source) else "Chaski (ayuda del bot)"
            blocks.append(
                f"[{number}] Pregunta: {entry.question}\n"
                f"Respuesta: {entry.answer}\n"
                f"Fuente: {source}"
            )
        template = self._templates["qu" if lang == "qu" else "es"]
        prompt = template.substitute(context="\n\n".join(blocks), question=question.strip())
        return [
            {"role": "system", "content": self._system},
            {"role": "user", "content": prompt},
        ]

    def _checked(
        self,
        completion: ChatCompletion,
        question: str,
        lang: str,
        context: Sequence[ContextEntry],
    ) -> Answer:
        usage = completion.usage
        tokens = (usage.prompt_tokens, usage.completion_tokens) if usage else (0, 0)
        choice = completion.choices[0] if completion.choices else None
        text = (choice.message.content or "").strip() if choice else ""
        problem: Rejected | None = None
        if not text:
            problem = "empty"
        elif choice is not None and choice.finish_reason == "length":
            problem = "truncated"
        elif (reason := unverified(text, question, context)) is not None:
            problem = "unverified"
            log.warning("LLM answer rejected: %s", reason)
        if problem is not None:
            self._count(rejected=1, outcome=problem)
            return replace(
                _saved(context, lang, problem), tokens_in=tokens[0], tokens_out=tokens[1]
            )
        self._count(outcome="ok")
        cited = tuple(s for s in _sources(context) if s in text)
        return Answer(
            text=text,
            sources=cited or _sources(context),
            from_llm=True,
            tokens_in=tokens[0],
            tokens_out=tokens[1],
        )

    def _count(
        self,
        *,
        calls: int = 0,
        tokens_in: int = 0,
        tokens_out: int = 0,
        errors: int = 0,
        rejected: int = 0,
        outcome: Outcome | None = None,
    ) -> None:
        cost = (tokens_in * self._prices[0] + tokens_out * self._prices[1]) / 1_000_000
        with self._lock:
            u = self._usage
            self._usage = LLMUsage(
                calls=u.calls + calls,
                tokens_in=u.tokens_in + tokens_in,
                tokens_out=u.tokens_out + tokens_out,
                errors=u.errors + errors,
                rejected=u.rejected + rejected,
                cost_usd=u.cost_usd + cost,
            )
        if self._observer is not None:
            if tokens_in or tokens_out:
                self._observer.tokens(tokens_in=tokens_in, tokens_out=tokens_out, cost_usd=cost)
            if outcome is not None:
                self._observer.finished(outcome)


def _saved(context: Sequence[ContextEntry], lang: str, reason: Fallback) -> Answer:
    """The best entry in the person's language (else the best entry) as the answer."""
    entry = next((e for e in context if e.lang == lang), context[0])
    return Answer(
        text=entry.answer,
        sources=(entry.source,) if _is_url(entry.source) else (),
        from_llm=False,
        saved_answer=True,
        entry_id=entry.id,
        fallback=reason,
    )


def _sources(context: Sequence[ContextEntry]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.source for e in context if _is_url(e.source)))


# -- the post-check ----------------------------------------------------------------------------

# A bare domain counts too ("sunat-pagos.com/ruc", "bit.ly/x", "correo@gmail.com"): the
# top-level domains of Peru and the generic ones links and phishing use.
_TLDS = (
    "pe|com|net|org|edu|gob|info|biz|io|co|app|site|online|xyz|top|club|shop|store|link|ly|me|lat"
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>()\"']+"
    rf"|\b(?:[a-z0-9-]+\.)+(?:{_TLDS})\b[^\s<>()\"']*",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*(?: \d{3}(?!\d))*")
_LIST_MARKER = re.compile(r"(?m)^\s*\d{1,2}[.)]\s")


def _numbers(text: str) -> set[str]:
    """Every number in ``text``, without separators, leading zeros or a zero decimal part:
    "S/ 1,130.00", "1130" and "1 130" are all "1130"; "01" is "1"."""
    found = set()
    for raw in _NUMBER.findall(_LIST_MARKER.sub(" ", text)):
        whole = re.sub(r"[.,]0+$", "", raw)
        digits = re.sub(r"\D", "", whole).lstrip("0") or "0"
        found.add(digits)
    return found


def _addresses(text: str) -> set[str]:
    """Web addresses in ``text``, lower-cased, without scheme, "www." or trailing punctuation."""
    found = set()
    for raw in _URL.findall(text):
        address = re.sub(r"^(?:https?://)?(?:www\.)?", "", raw.lower()).rstrip(".,;:!?/")
        found.add(address)
    return found


def unverified(text: str, question: str, context: Sequence[ContextEntry]) -> str | None:
    """Why ``text`` may hold an invented fact, or ``None``: a number that is in neither the
    entries nor the question, or a web address that is not in the entries."""
    entries = " ".join(f"{e.question} {e.answer} {e.source}" for e in context)
    numbers = _numbers(_URL.sub(" ", text)) - _numbers(entries + " " + question)
    if numbers:
        return f"numbers not in the context: {sorted(numbers)}"
    allowed = _addresses(entries)
    strange = {
        address
        for address in _addresses(text)
        if not any(a == address or a.startswith(address) for a in allowed)
    }
    if strange:
        return f"web addresses not in the context: {sorted(strange)}"
    return None


# -- moderation --------------------------------------------------------------------------------


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(re.sub(r"[^\w']+", " ", bare.replace("’", "'")).split())


_SELF_HARM = re.compile(
    r"\bsuicid"
    r"|\b(?:matarme|ahorcarme|envenenarme|lastimarme|quitarme la vida|cortarme las venas)\b"
    r"|\bme (?:voy a|quiero) (?:matar|morir)\b"
    r"|\bacabar con mi vida\b"
    r"|\bhacerme (?:dano|algo malo)\b"
    r"|\b(?:quiero|quisiera|deseo|ganas de) (?:morir|morirme|estar muert[oa])\b"
    r"|\bno quiero (?:seguir )?(?:vivir|viviendo)\b"
    # Quechua: wañuyta/wañukuyta munani 'I want to die', wañuchikusaq 'I will kill myself',
    # manaña kawsayta munanichu 'I no longer want to live'.
    r"|\bwanu(?:ku)?y(?:ta)? muna"
    r"|\bwanuchiku(?:saq|yta|ni|spa)"
    r"|\b(?:mana|manan|manana) kawsay(?:ta)? munanichu\b"
    r"|\bkawsay(?:ta)? (?:mana|manan|manana) munanichu\b"
)
_ABUSE = re.compile(
    # insults
    r"\b(?:idiota|imbecil|estupid[oa]s?|cojud[oa]s?|conchatumadre|ctm|csm|hijueputa|"
    r"malparid[oa]s?)\b"
    r"|\bhij[oa] de (?:puta|perra)\b|\bconcha de tu madre\b|\bde mierda\b"
    r"|\beres (?:un |una )?(?:basura|inutil|mierda)\b"
    # threats
    r"|\b(?:te|los|las|les) voy a (?:matar|pegar|golpear|violar|quemar)\b"
    r"|\bvoy a (?:matarte|matarlos|pegarte|golpearte)\b"
    # someone telling of violence against them
    r"|\bme (?:pega|pegan|golpea|golpean|maltrata|maltratan|violo|violaron|acosa|acosan)\b"
    r"|\bme (?:amenaza|amenazan) (?:con|de) (?:matar|pegar|golpear)"
    # Quechua: wañuchisqayki 'I will kill you', maqasqayki 'I will hit you',
    # maqawan(ku) 's/he (they) hit me', supaypa wawan 'devil's child'
    r"|\bwanuchisqayki|\bmaqasqayki|\bmaqawa(?:n|nku|rqan|rqanku)\b|\bsupaypa wawan\b"
)


def is_unsafe(text: str) -> Unsafe | None:
    """``"self_harm"``, ``"abuse"`` or ``None`` for one message (Spanish or Quechua).

    Keyword rules, tuned to miss little: a false alarm costs one caring reply with help lines.
    Self-harm wins when both match.
    """
    folded = _fold(text)
    if _SELF_HARM.search(folded):
        return "self_harm"
    if _ABUSE.search(folded):
        return "abuse"
    return None


def _is_url(source: str) -> bool:
    return source.startswith(("https://", "http://"))
