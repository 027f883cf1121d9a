"""All flows of the conversation, by name and by role."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.conversation import Flow
from bot.flows.feedback import FeedbackFlow
from bot.flows.menu import MenuFlow
from bot.flows.offers import OffersFlow
from bot.flows.privacy import PrivacyFlow
from bot.flows.profiling import ProfilingFlow
from bot.flows.questions import QuestionsFlow
from bot.flows.welcome import WelcomeFlow


@dataclass(frozen=True)
class Flows:
    welcome: WelcomeFlow = field(default_factory=WelcomeFlow)
    profile: ProfilingFlow = field(default_factory=ProfilingFlow)
    privacy: PrivacyFlow = field(default_factory=PrivacyFlow)
    menu: MenuFlow = field(default_factory=MenuFlow)
    offers: OffersFlow = field(default_factory=OffersFlow)
    feedback: FeedbackFlow = field(default_factory=FeedbackFlow)
    questions: QuestionsFlow = field(default_factory=QuestionsFlow)

    def get(self, name: str) -> Flow:
        """The flow stored under ``name`` in a conversation state (the menu if unknown)."""
        flows: dict[str, Flow] = {
            flow.name: flow
            for flow in (
                self.welcome,
                self.profile,
                self.privacy,
                self.menu,
                self.offers,
                self.feedback,
                self.questions,
            )
        }
        return flows.get(name, self.menu)
