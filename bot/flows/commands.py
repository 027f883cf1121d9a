"""Things a person can say at any point: switch language, help, privacy, corrections.

Each command looks at the whole message (never a word inside a longer answer, so
"ayudo a mi mamá en la chacra" stays an answer about skills) and returns True when it
handled the turn.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.conversation import Turn
from bot.flows.feedback import START_WORDS as FEEDBACK_WORDS
from bot.flows.offers import kind_named
from bot.flows.questions import START_WORDS as QUESTION_WORDS
from bot.flows.router import ROUTE, route
from bot.flows.welcome import language_buttons, language_named
from bot.i18n import LANGUAGES
from bot.questions import field_named

HELP_WORDS = frozenset(
    {
        "ayuda",
        "help",
        "menu",
        "opciones",
        "yanapay",
        "yanapaway",
        "yanapawa",
        "yanapariway",
        "start",
        "inicio",
        "ima ruwaytataq atinki",
    }
)
LANGUAGE_MENU_WORDS = frozenset(
    {"idioma", "cambiar idioma", "lengua", "simi", "language", "huk simipi", "simita tikray"}
)
GREETINGS = frozenset(
    {
        "hola",
        "holaa",
        "buenas",
        "buenos dias",
        "buenas tardes",
        "buenas noches",
        "hey",
        "ola",
        "napaykullayki",
        "rimaykullayki",
        "allillanchu",
        "allinllachu",
        "imaynallan",
        "imaynalla kashanki",
        "imaynallan kashanki",
    }
)
EXPORT = re.compile(
    r"^(?:quiero |ver |ver mis |dame |muestrame )?(?:mis datos|mi informacion|que sabes de mi)$"
    r"|^(?:datosniy|datosniyta|willakuyniy|willakuyniyta)(?: qhawachiway| qhaway)?$"
)
ERASE = re.compile(
    r"^(?:quiero |por favor )?(?:borrar|borra|borren|eliminar|elimina|eliminen|suprimir)"
    r" (?:todos )?(?:mis datos|mi informacion|todo)(?: por favor)?$"
    r"|^(?:datosniyta|willakuyniyta|tukuyta) chinkachiy(?:pas|way)?$"
    r"|^chinkachiy datosniyta$"
)
EDIT = re.compile(
    r"^(?:quiero )?(?:cambiar|corregir|editar|modificar|cambiay|allinchay|tikray|t'ikray)\b(.*)$"
)

Command = Callable[[Turn], bool]


def _command_text(turn: Turn) -> str:
    return turn.answer.folded.removeprefix("/")


def switch_language(turn: Turn) -> bool:
    chosen = turn.answer.payload_value("lang")
    text = _command_text(turn)
    answering_languages = turn.state.flow == "profile" and turn.state.step == "languages"
    if chosen is None and not answering_languages:
        chosen = language_named(turn.answer.text)
    if chosen is None and (
        text in LANGUAGE_MENU_WORDS or turn.answer.payload_value("menu") == "language"
    ):
        turn.say_text(
            turn.translate("welcome.choose_language", "es")
            + "\n"
            + turn.translate("welcome.choose_language", "qu"),
            buttons=language_buttons(turn),
        )
        return True
    if chosen not in LANGUAGES or (turn.state.flow == "welcome" and turn.state.step == "language"):
        return False
    turn.person.language = chosen
    if turn.person.profile is not None:
        turn.person.profile.language = chosen
    turn.say("language.switched")
    turn.reprompt()
    return True


def show_help(turn: Turn) -> bool:
    if _command_text(turn) not in HELP_WORDS and turn.answer.payload_value("menu") != "help":
        return False
    menu = turn.flows.menu
    if turn.person.consent == "accepted" and turn.state.flow == "menu":
        menu.show_help(turn)
    else:
        turn.say("help.short")
        turn.reprompt()
    return True


def privacy(turn: Turn) -> bool:
    text = turn.answer.folded
    flow = turn.flows.privacy
    if EXPORT.match(text) or turn.answer.payload_value("menu") == "my_data":
        flow.export(turn)
        turn.reprompt()
        return True
    if ERASE.match(text):
        if turn.person.consent == "accepted":
            flow.ask_erase(turn)
        else:
            turn.say("privacy.nothing_stored")
            turn.reprompt()
        return True
    return False


def correct_answer(turn: Turn) -> bool:
    if turn.person.consent != "accepted":
        return False
    match = EDIT.match(turn.answer.folded)
    if match is None:
        return False
    field = field_named(turn.translate, match.group(1).strip())
    profiling = turn.flows.profile
    if field is None:
        turn.goto("profile", "choose_field")
        profiling.reprompt(turn)
    else:
        profiling.edit(turn, field)
    return True


def greeting(turn: Turn) -> bool:
    """ "hola" in the middle of something: welcome back and repeat where we were."""
    if turn.answer.folded not in GREETINGS or turn.state.flow == "welcome":
        return False
    turn.say("welcome.back")
    turn.reprompt()
    return True


def show_offers(turn: Turn) -> bool:
    """ "trabajos" / "cursos" (or the menu's buttons) once the person is past profiling."""
    if turn.person.consent != "accepted":
        return False
    chosen = turn.answer.payload_value("menu")
    kind = chosen if chosen in ("jobs", "courses") else kind_named(turn.answer.text)
    at_rest = turn.state.flow in ("menu", "offers") or turn.state.step == "review"
    if kind not in ("jobs", "courses") or not at_rest:
        return False
    turn.flows.offers.open(turn, "jobs" if kind == "jobs" else "courses")
    return True


def chosen_route(turn: Turn) -> bool:
    """A button from "¿Qué buscas?" (the router's question), or a menu button for feedback
    and questions, or their words ("opinar", "tengo una pregunta")."""
    intent = turn.answer.payload_value(ROUTE)
    menu = turn.answer.payload_value("menu")
    if intent is not None:
        route(turn, intent)
        return True
    if turn.person.consent != "accepted" or turn.state.flow not in ("menu", "offers"):
        return False
    folded = turn.answer.folded
    if (menu == "feedback" or folded in FEEDBACK_WORDS) and turn.flows.feedback.available:
        turn.flows.feedback.start(turn)
        return True
    if (menu == "question" or folded in QUESTION_WORDS) and turn.flows.questions.available:
        turn.flows.questions.start(turn)
        return True
    return False


COMMANDS: tuple[Command, ...] = (
    switch_language,
    show_help,
    privacy,
    correct_answer,
    show_offers,
    chosen_route,
    greeting,
)
