"""Privacy: "mis datos" shows what is stored; "borrar mis datos" erases it on confirmation."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select

from bot.conversation import Step, StepFlow, Turn
from bot.flows.profiling import describe_value
from bot.parsing import parse_yes_no
from bot.questions import QUESTIONS
from bot.store.people import erase_person, profile_document
from bot.store.tables import MessageRow


class PrivacyFlow(StepFlow):
    name = "privacy"
    first_step = "confirm_erase"

    def steps(self) -> Mapping[str, Step]:
        return {"confirm_erase": self._confirm_erase}

    def reprompt(self, turn: Turn) -> None:
        turn.say(
            "privacy.erase_confirm",
            buttons=[
                turn.button("erase=yes", "button.erase_yes"),
                turn.button("erase=no", "button.erase_no"),
            ],
        )

    def export(self, turn: Turn) -> None:
        """Everything we keep about the person, as one readable message."""
        person = turn.person
        if person.consent != "accepted":
            turn.say("privacy.nothing_stored")
            return
        document = profile_document(person.profile)
        lines = [turn.t("privacy.export_title")]
        for question in QUESTIONS:
            if question.field in document:
                value = describe_value(turn, question, document[question.field])
                lines.append(f"• {turn.t(f'field.{question.field}')}: {value}")
        messages = turn.session.scalar(
            select(func.count())
            .select_from(MessageRow)
            .where(MessageRow.person_id == person.id, MessageRow.text.is_not(None))
        )
        lines.append(
            turn.t(
                "privacy.export_footer",
                since=person.created_at.date().isoformat(),
                messages=messages or 0,
            )
        )
        turn.say_text("\n".join(lines))

    def ask_erase(self, turn: Turn) -> None:
        turn.remember_return()
        turn.goto(self.name, "confirm_erase")
        self.reprompt(turn)

    def _confirm_erase(self, turn: Turn) -> None:
        choice = turn.answer.payload_value("erase")
        if choice is None:
            said = parse_yes_no(turn.answer.text)
            choice = ("yes" if said.value else "no") if said.ok else None
        if choice == "yes":
            turn.say("privacy.erased")
            erase_person(turn.session, turn.person)
            turn.erased = True
        elif choice == "no":
            turn.say("privacy.kept")
            turn.resume()
        else:
            self.reprompt(turn)
