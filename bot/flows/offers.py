"""Jobs and courses in the chat: a short numbered list, details, "me interesa" / "no me
interesa", and "ver más". Every offer shown, opened, liked, refused or applied to is stored
as an event for the matching funnel.

Steps: ``list`` (the numbered list is on screen) and ``details`` (one offer is).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from sqlalchemy.orm import Session

from bot.conversation import Step, StepFlow, Turn
from bot.profile import Profile
from bot.store.people import profile_document
from bot.text import fold
from retrieval.catalog import Kind
from retrieval.matcher import Match, Reason
from retrieval.offers import Offer
from retrieval.store import offers_by_id, record_event

PAGE = 3
MAX_SHOWN = 30
WORDS: dict[Kind, frozenset[str]] = {
    "jobs": frozenset(
        {
            "trabajos",
            "trabajo",
            "empleos",
            "empleo",
            "chamba",
            "chambas",
            "ofertas",
            "jobs",
            "llamk'ay",
            "llamk'aykuna",
            "llamkay",
            "llamkaykuna",
            "llamk'ayta",
            "llamkayta",
        }
    ),
    "courses": frozenset(
        {
            "cursos",
            "curso",
            "capacitacion",
            "capacitaciones",
            "talleres",
            "courses",
            "yachaqay",
            "yachaqanakuna",
            "yachaqana",
            "yachakuy",
            "yachaqaykuna",
        }
    ),
}


class OfferFinder(Protocol):
    def match(
        self, profile: Profile, kind: Kind, top: int = 10, *, session: Session | None = None
    ) -> list[Match]: ...


def kind_named(text: str) -> Kind | None:
    folded = fold(text)
    for kind, words in WORDS.items():
        if folded in words:
            return kind
    return None


def describe_reason(turn: Turn, reason: Reason) -> str:
    return turn.t(reason.key, **reason.values)


def place_of(turn: Turn, offer: Offer) -> str:
    if offer.needs_presence and offer.region:
        return ", ".join(part for part in (offer.district, offer.region) if part)
    return turn.t("offers.remote_place")


class OffersFlow(StepFlow):
    name = "offers"
    first_step = "list"

    def __init__(self, finder: OfferFinder | None = None) -> None:
        self.finder = finder

    def steps(self) -> Mapping[str, Step]:
        return {"list": self._list, "details": self._details}

    def reprompt(self, turn: Turn) -> None:
        if turn.state.step == "details" and turn.data.get("current"):
            self._show_details(turn, str(turn.data["current"]), record=False)
        else:
            self._show_page(turn, record=False)

    # -- entering -------------------------------------------------------------------------
    def open(self, turn: Turn, kind: Kind) -> None:
        """ "trabajos" / "cursos": rank the catalog for this person and show the first page."""
        document = profile_document(turn.person.profile)
        if self.finder is None or not {"region", "skills"} <= document.keys():
            turn.say("offers.need_profile")
            turn.begin("profile")
            return
        profile = Profile.model_validate({**document, "language": turn.lang})
        matches = self.finder.match(profile, kind, MAX_SHOWN, session=turn.session)
        hidden = set(turn.data.get("hidden", []))
        turn.data["offers"] = {
            "kind": kind,
            "ids": [m.offer.id for m in matches if m.offer.id not in hidden],
            "page": 0,
        }
        self._cache(turn, matches)
        turn.goto(self.name, "list")
        if not turn.data["offers"]["ids"]:
            turn.say(f"offers.none_{kind}")
            turn.flows.menu.reprompt(turn)
            return
        self._show_page(turn, record=True)

    # -- the list -------------------------------------------------------------------------
    def _show_page(self, turn: Turn, *, record: bool) -> None:
        state = turn.data.get("offers") or {}
        kind: Kind = state.get("kind", "jobs")
        ids: list[str] = state.get("ids", [])
        start = state.get("page", 0) * PAGE
        page = ids[start : start + PAGE]
        if not page:
            turn.say(f"offers.no_more_{kind}")
            turn.flows.menu.reprompt(turn)
            return
        lines = [turn.t(f"offers.intro_{kind}")]
        offers = self._offers(turn)
        for number, offer_id in enumerate(page, start=1):
            offer = offers[offer_id]
            lines.append(
                turn.t("offers.line", n=number, title=offer.title, place=place_of(turn, offer))
            )
            for reason in self._reasons(turn, offer_id)[:1]:
                lines.append(f"   {reason}")
            if record:
                self._record(turn, kind, offer_id, "shown", rank=start + number)
        buttons = [
            turn.button(f"offer=view:{oid}", "button.offer_view", n=n)
            for n, oid in enumerate(page, start=1)
        ]
        if len(ids) > start + PAGE:
            buttons.append(turn.button("offers=more", "button.offers_more"))
        buttons.append(turn.button("offers=menu", "button.back_to_menu"))
        turn.say_text("\n".join(lines), buttons=buttons)

    def _list(self, turn: Turn) -> None:
        choice = turn.answer.payload_value("offer")
        if choice and choice.startswith("view:"):
            self._show_details(turn, choice.removeprefix("view:"), record=True)
        elif turn.answer.payload == "offers=more" or fold(turn.answer.text) in (
            "mas",
            "ver mas",
            "astawan",
        ):
            turn.data["offers"]["page"] = turn.data["offers"].get("page", 0) + 1
            self._show_page(turn, record=True)
        elif turn.answer.payload == "offers=menu":
            turn.begin("menu")
        else:
            turn.say("retry.choice")
            self._show_page(turn, record=False)

    # -- one offer ------------------------------------------------------------------------
    def _show_details(self, turn: Turn, offer_id: str, *, record: bool) -> None:
        offers = self._offers(turn)
        offer = offers.get(offer_id)
        if offer is None:
            self._show_page(turn, record=False)
            return
        turn.data["current"] = offer_id
        turn.goto(self.name, "details")
        kind: Kind = turn.data["offers"]["kind"]
        if record:
            self._record(turn, kind, offer_id, "details")
        lines = [f"*{offer.title}*"]
        if offer.organisation:
            lines.append(offer.organisation)
        lines.append(f"📍 {place_of(turn, offer)}")
        lines.append(offer.description)
        lines.extend(f"✓ {reason}" for reason in self._reasons(turn, offer_id))
        turn.say_text(
            "\n".join(lines),
            buttons=[
                turn.button(f"offer=interested:{offer_id}", "button.offer_interested"),
                turn.button(f"offer=not_interested:{offer_id}", "button.offer_not_interested"),
                turn.button("offers=back", "button.back_to_list"),
            ],
        )

    def _details(self, turn: Turn) -> None:
        choice = turn.answer.payload_value("offer") or ""
        action, _, offer_id = choice.partition(":")
        kind: Kind = turn.data["offers"]["kind"]
        offer = self._offers(turn).get(offer_id)
        if action == "interested" and offer is not None:
            self._record(turn, kind, offer_id, "interested")
            key = "offers.how_to_apply" if offer.url else "offers.how_to_apply_no_url"
            turn.say(key, title=offer.title, url=offer.url or "")
            turn.say(
                "offers.applied_question",
                buttons=[
                    turn.button(f"offer=applied:{offer_id}", "button.offer_applied"),
                    turn.button("offers=back", "button.back_to_list"),
                ],
            )
        elif action == "applied" and offer is not None:
            self._record(turn, kind, offer_id, "applied")
            turn.say("offers.applied_thanks")
            self._back_to_list(turn)
        elif action == "not_interested" and offer is not None:
            self._record(turn, kind, offer_id, "not_interested")
            turn.data["hidden"] = [*turn.data.get("hidden", []), offer_id]
            turn.data["offers"]["ids"] = [i for i in turn.data["offers"]["ids"] if i != offer_id]
            turn.say("offers.not_interested_ok")
            self._back_to_list(turn)
        elif turn.answer.payload == "offers=back":
            self._back_to_list(turn)
        else:
            turn.say("retry.choice")
            self.reprompt(turn)

    def _back_to_list(self, turn: Turn) -> None:
        turn.data.pop("current", None)
        turn.goto(self.name, "list")
        self._show_page(turn, record=False)

    # -- helpers --------------------------------------------------------------------------
    def _cache(self, turn: Turn, matches: Sequence[Match]) -> None:
        """The matched offers and their reasons, worded now in the person's language."""
        turn.data["offers"]["texts"] = {
            m.offer.id: [describe_reason(turn, r) for r in m.reasons[:3]] for m in matches
        }

    def _reasons(self, turn: Turn, offer_id: str) -> list[str]:
        texts: dict[str, list[str]] = turn.data.get("offers", {}).get("texts", {})
        return texts.get(offer_id, [])

    def _offers(self, turn: Turn) -> dict[str, Offer]:
        kind: Kind = turn.data.get("offers", {}).get("kind", "jobs")
        ids: list[str] = turn.data.get("offers", {}).get("ids", [])
        return offers_by_id(turn.session, kind, ids)

    @staticmethod
    def _record(turn: Turn, kind: Kind, offer_id: str, event: str, rank: int | None = None) -> None:
        record_event(
            turn.session,
            person_id=turn.person.id,
            kind=kind,
            offer_id=offer_id,
            event=event,
            channel=turn.message.channel,
            now=turn.now,
            rank=rank,
        )
