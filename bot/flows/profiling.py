"""Profiling: one short question per message, in a natural order, every CONTRACT field.

Steps are named after the field being asked, plus ``review`` (the summary, where any
answer can be corrected) and ``choose_field`` (which answer to correct).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.conversation import Step, StepFlow, Turn
from bot.messages import Button
from bot.parsing import is_skip, parse_yes_no
from bot.profile import Profile
from bot.questions import BY_FIELD, QUESTIONS, Question, choice_key, field_named
from bot.store.people import profile_document
from bot.store.tables import ProfileRow

SKIP = "skip"
RETRY_KEYS = frozenset(
    {
        "region",
        "district",
        "age",
        "languages",
        "skills",
        "experience",
        "interests",
        "hours_per_week",
        "monthly_income",
        "household_size",
    }
)


def profile_row(turn: Turn) -> ProfileRow:
    """The person's profile row, created on first use."""
    row = turn.person.profile
    if row is None:
        row = ProfileRow(person_id=turn.person.id, language=turn.person.language)
        turn.person.profile = row
    return row


def describe_value(turn: Turn, question: Question, value: Any) -> str:
    """An answer as the person reads it in the review, in their language."""
    if question.is_yes_no:
        return turn.t("choice.yes" if value else "choice.no")
    if question.field == "languages":
        return ", ".join(
            turn.t(f"language.{code}") if code in ("es", "qu", "ay", "en") else code
            for code in value
        )
    if question.field == "age":
        return turn.t("value.years", n=value)
    if question.field == "hours_per_week":
        return turn.t("value.hours", n=value)
    if question.field == "monthly_income":
        return turn.t("value.soles", n=value)
    if question.choices and not question.numeric:
        return turn.t(choice_key(question.field, str(value)))
    return str(value)


class ProfilingFlow(StepFlow):
    name = "profile"

    def steps(self) -> Mapping[str, Step]:
        steps: dict[str, Step] = {question.field: self._answer for question in QUESTIONS}
        steps["review"] = self._review
        steps["choose_field"] = self._choose_field
        return steps

    # -- entering and repeating ---------------------------------------------------------
    def start(self, turn: Turn) -> None:
        row = profile_row(turn)
        row.language = turn.lang
        turn.data["asked"] = [field for field in profile_document(row) if field in BY_FIELD]
        turn.say("profile.intro")
        self._ask_next(turn)

    def reprompt(self, turn: Turn) -> None:
        step = turn.state.step
        if step in BY_FIELD:
            self._ask(turn, BY_FIELD[step])
        elif step == "choose_field":
            self._offer_fields(turn)
        else:
            self.show_review(turn)

    def edit(self, turn: Turn, field: str) -> None:
        """Ask one field again ("cambiar distrito"), then carry on where the person was."""
        profile_row(turn)
        turn.goto(self.name, field)
        self._ask(turn, BY_FIELD[field])

    # -- asking -------------------------------------------------------------------------
    def _ask(self, turn: Turn, question: Question, *, retry: bool = False) -> None:
        buttons = [self._choice_button(turn, question, choice) for choice in question.choices]
        if question.optional:
            buttons.append(turn.button(SKIP, "button.skip"))
        if retry:
            key = f"retry.{question.field}" if question.field in RETRY_KEYS else "retry.choice"
        else:
            key = f"ask.{question.field}"
        turn.say(key, buttons=buttons, numbered=not question.numeric)

    @staticmethod
    def _choice_button(turn: Turn, question: Question, choice: str) -> Button:
        key = f"choice.{choice}" if question.is_yes_no else choice_key(question.field, choice)
        return turn.button(f"{question.field}={choice}", key)

    def _ask_next(self, turn: Turn) -> None:
        asked = set(turn.data.get("asked", []))
        for question in QUESTIONS:
            if question.field not in asked:
                turn.goto(self.name, question.field)
                self._ask(turn, question)
                return
        turn.goto(self.name, "review")
        self.show_review(turn)

    # -- answering ----------------------------------------------------------------------
    def _answer(self, turn: Turn) -> None:
        question = BY_FIELD[turn.state.step]
        pressed = turn.answer.payload_value(question.field)
        if pressed is not None and (pressed in question.choices):
            self._store(turn, question, question.value_of_choice(pressed))
            return
        if turn.answer.payload == SKIP or is_skip(turn.answer.text):
            if question.optional:
                self._mark_asked(turn, question.field)
                self._ask_next(turn)
            else:
                turn.say("profile.required")
                self._ask(turn, question)
            return
        parsed = question.parse(turn.answer.text)
        if parsed.ok and parsed.value is not None:
            self._store(turn, question, parsed.value)
        else:
            self._ask(turn, question, retry=True)

    def _store(self, turn: Turn, question: Question, value: Any) -> None:
        row = profile_row(turn)
        setattr(row, question.field, value)
        row.language = turn.lang
        row.updated_at = turn.now
        self._mark_asked(turn, question.field)
        if question.field == "region":
            turn.say("profile.region_ok", region=value)
        self._ask_next(turn)

    @staticmethod
    def _mark_asked(turn: Turn, field: str) -> None:
        asked: list[str] = list(turn.data.get("asked", []))
        if field not in asked:
            asked.append(field)
        turn.data["asked"] = asked

    # -- review and corrections ---------------------------------------------------------
    def show_review(self, turn: Turn) -> None:
        document = profile_document(profile_row(turn))
        lines = [turn.t("review.title")]
        for question in QUESTIONS:
            value = document.get(question.field)
            shown = describe_value(turn, question, value) if value is not None else "—"
            lines.append(f"• {turn.t(f'field.{question.field}')}: {shown}")
        turn.say_text(
            "\n".join(lines),
            buttons=[
                turn.button("review=ok", "button.review_ok"),
                turn.button("review=edit", "button.review_edit"),
            ],
        )

    def _review(self, turn: Turn) -> None:
        choice = turn.answer.payload_value("review")
        if choice is None:
            said = parse_yes_no(turn.answer.text)
            if said.ok:
                choice = "ok" if said.value else "edit"
        if choice == "ok":
            self._complete(turn)
        elif choice == "edit":
            turn.goto(self.name, "choose_field")
            self._offer_fields(turn)
        else:
            turn.say("review.help")
            self.show_review(turn)

    def _offer_fields(self, turn: Turn) -> None:
        buttons = [turn.button(f"edit={q.field}", f"field.{q.field}") for q in QUESTIONS]
        turn.say("review.which", buttons=buttons)

    def _choose_field(self, turn: Turn) -> None:
        field = turn.answer.payload_value("edit")
        if field is None:
            field = field_named(turn.translate, turn.answer.text)
        if field in BY_FIELD:
            self.edit(turn, field)
        else:
            self._offer_fields(turn)

    def _complete(self, turn: Turn) -> None:
        row = profile_row(turn)
        Profile.model_validate(profile_document(row))  # the stored answers are a valid profile
        first_time = row.completed_at is None
        row.completed_at = turn.now
        turn.say("profile.done" if first_time else "profile.saved")
        turn.begin("menu")
