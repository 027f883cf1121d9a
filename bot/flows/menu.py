"""The menu: what Chaski can do, and a helpful answer to anything it did not understand."""

from __future__ import annotations

from collections.abc import Mapping

from bot.conversation import Step, StepFlow, Turn
from bot.flows.router import IntentReader, understand
from bot.messages import Button
from bot.text import fold

PROFILE_WORDS = frozenset(
    {"perfil", "mi perfil", "ver perfil", "ver mi perfil", "profile", "perfilniy", "perfilniyta"}
)


class MenuFlow(StepFlow):
    name = "menu"
    first_step = "idle"

    def __init__(self, intents: IntentReader | None = None) -> None:
        self.intents = intents

    def steps(self) -> Mapping[str, Step]:
        return {"idle": self._idle}

    def buttons(self, turn: Turn) -> list[Button]:
        return [
            turn.button("menu=jobs", "button.menu_jobs"),
            turn.button("menu=courses", "button.menu_courses"),
            *(
                [turn.button("menu=feedback", "button.menu_feedback")]
                if turn.flows.feedback.available
                else []
            ),
            *(
                [turn.button("menu=question", "button.menu_question")]
                if turn.flows.questions.available
                else []
            ),
            turn.button("menu=profile", "button.menu_profile"),
            turn.button("menu=my_data", "button.menu_my_data"),
            turn.button("menu=language", "button.menu_language"),
            turn.button("menu=help", "button.menu_help"),
        ]

    def reprompt(self, turn: Turn) -> None:
        turn.say("menu.prompt", buttons=self.buttons(turn))

    def show_help(self, turn: Turn) -> None:
        turn.say("help.text", buttons=self.buttons(turn))

    def _idle(self, turn: Turn) -> None:
        choice = turn.answer.payload_value("menu")
        if choice == "profile" or fold(turn.answer.text) in PROFILE_WORDS:
            turn.goto("profile", "review")
            turn.flows.profile.reprompt(turn)
        else:
            understand(turn, self.intents)
