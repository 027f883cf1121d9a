"""Consumer feedback on food products: which product, what the person thinks, an optional
1–5 rating; analysed at intake (sentiment, taste aspects, product) and stored.

Steps: ``product`` (which product), ``text`` (the opinion), ``rating`` (optional stars).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from bot.conversation import Step, StepFlow, Turn
from bot.parsing import is_skip, parse_free_text, parse_number
from bot.store.tables import FeedbackRow
from bot.text import fold
from models.feedback import FeedbackAnalysis

START_WORDS = frozenset(
    {
        "opinion",
        "opinar",
        "quiero opinar",
        "mi opinion",
        "dar mi opinion",
        "reclamo",
        "queja",
        "tengo una queja",
        "comentario",
        "yuyayniy",
        "rimayta munani",
        "yuyayniyta niyta munani",
    }
)


class FeedbackReader(Protocol):
    def analyze(self, texts: Sequence[str]) -> list[FeedbackAnalysis]: ...


class FeedbackFlow(StepFlow):
    name = "feedback"
    first_step = "product"

    def __init__(self, analyzer: FeedbackReader | None = None) -> None:
        self.analyzer = analyzer

    @property
    def available(self) -> bool:
        return self.analyzer is not None

    def steps(self) -> Mapping[str, Step]:
        return {"product": self._product, "text": self._text, "rating": self._rating}

    def reprompt(self, turn: Turn) -> None:
        step = turn.state.step
        if step == "text":
            turn.say("feedback.ask_text", product=turn.data.get("feedback", {}).get("product", ""))
        elif step == "rating":
            self._ask_rating(turn)
        else:
            turn.say("feedback.ask_product")

    def start_with(self, turn: Turn, text: str) -> None:
        """A message that already is an opinion ("las galletas estaban muy dulces")."""
        analysis = self._analyze(text)
        if analysis is not None and analysis.product and len(fold(text).split()) >= 3:
            turn.data["feedback"] = {"product": analysis.product}
            self._store(turn, text, analysis)
            return
        self.start(turn)

    # -- steps ----------------------------------------------------------------------------
    def _product(self, turn: Turn) -> None:
        parsed = parse_free_text(turn.answer.text, max_chars=120)
        if not parsed.ok or parsed.value is None:
            turn.say("feedback.ask_product")
            return
        analysis = self._analyze(parsed.value)
        product = analysis.product if analysis and analysis.product else parsed.value
        turn.data["feedback"] = {"product": product}
        turn.goto(self.name, "text")
        turn.say("feedback.ask_text", product=product)

    def _text(self, turn: Turn) -> None:
        parsed = parse_free_text(turn.answer.text, max_chars=1000)
        if not parsed.ok or parsed.value is None:
            turn.say("feedback.ask_text", product=turn.data.get("feedback", {}).get("product", ""))
            return
        self._store(turn, parsed.value, self._analyze(parsed.value))

    def _rating(self, turn: Turn) -> None:
        stars = turn.answer.payload_value("rating")
        value = int(stars) if stars and stars.isdecimal() else parse_number(turn.answer.text)
        feedback_id = turn.data.get("feedback", {}).get("row")
        if value is not None and 1 <= value <= 5 and feedback_id is not None:
            row = turn.session.get(FeedbackRow, feedback_id)
            if row is not None and row.person_id == turn.person.id:
                row.rating = value
        elif not (turn.answer.payload == "rating=skip" or is_skip(turn.answer.text)):
            self._ask_rating(turn)
            return
        turn.data.pop("feedback", None)
        turn.say("feedback.thanks")
        turn.begin("menu")

    # -- helpers --------------------------------------------------------------------------
    def _analyze(self, text: str) -> FeedbackAnalysis | None:
        return self.analyzer.analyze([text])[0] if self.analyzer else None

    def _store(self, turn: Turn, text: str, analysis: FeedbackAnalysis | None) -> None:
        product = turn.data.get("feedback", {}).get("product") or (
            analysis.product if analysis else None
        )
        row = FeedbackRow(
            person_id=turn.person.id,
            source="chat",
            product=product,
            text=text,
            language=analysis.language if analysis else turn.lang,
            sentiment=analysis.sentiment if analysis else None,
            aspects=list(analysis.aspects) if analysis else None,
            created_at=turn.now,
        )
        turn.session.add(row)
        turn.session.flush()
        turn.data["feedback"] = {"product": product, "row": row.id}
        turn.goto(self.name, "rating")
        turn.say("feedback.noted")
        self._ask_rating(turn)

    @staticmethod
    def _ask_rating(turn: Turn) -> None:
        buttons = [turn.button(f"rating={n}", "button.rating", n=n) for n in range(1, 6)]
        buttons.append(turn.button("rating=skip", "button.skip"))
        turn.say("feedback.ask_rating", buttons=buttons)
