"""What ``bench.load`` concludes: the database and what the fake platforms accepted, compared
with what the people sent.

Every reply row records the inbound message it answers (``reply_to``, ``seq``) and the ids the
platform gave its pieces (``context.platform_ids``), so each send the fakes accepted maps to one
piece of one reply to one message. A send that maps to nothing was accepted but not recorded:
a second send of a reply (a double), matched to the reply by its text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, create_engine, select

from bench.load_people import Message, Person
from bench.load_system import Deliveries, Delivery
from bench.loopback_app import percentile
from bot.i18n import Translator
from bot.settings import REPO_ROOT
from bot.store.queue import PENDING
from bot.store.tables import MessageRow


@dataclass
class Kill:
    worker: str = "worker-1"
    at_s: float | None = None  # seconds into the run
    pid: int | None = None
    in_flight: list[tuple[int, str]] = field(default_factory=list)  # claimed (row id, direction)
    restarted_at_s: float | None = None


@dataclass
class Outcome:
    """What the run itself saw, besides the database and the fakes."""

    seconds: float = 0.0
    timed_out: bool = False
    kill: Kill | None = None
    posts: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    ack_ms: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Piece:
    reply: int  # outbound row id
    key: tuple[int, int, int]  # (message's place in the conversation, reply seq, piece)


@dataclass
class Replies:
    """The stored replies to the run's messages, and the platform ids of their pieces."""

    inbound: dict[tuple[str, str], tuple[int, str]]  # (channel, platform id) → (row id, status)
    rows: dict[int, list[Row[Any]]]  # inbound row id → its reply rows
    pieces: dict[tuple[str, str], Piece]  # (channel, platform id of a piece) → the piece
    texts: dict[int, str]  # reply row id → text


def stored_replies(url: str, people: list[Person]) -> Replies:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            inbound = connection.execute(
                select(
                    MessageRow.id,
                    MessageRow.channel,
                    MessageRow.platform_message_id,
                    MessageRow.status,
                ).where(MessageRow.direction == "in", MessageRow.platform_message_id.is_not(None))
            ).all()
            outbound = connection.execute(
                select(
                    MessageRow.id,
                    MessageRow.reply_to,
                    MessageRow.seq,
                    MessageRow.status,
                    MessageRow.platform_message_id,
                    MessageRow.context,
                    MessageRow.text,
                )
                .where(MessageRow.direction == "out", MessageRow.reply_to.is_not(None))
                .order_by(MessageRow.id)
            ).all()
    finally:
        engine.dispose()
    found = Replies({(c, str(k)): (int(i), str(s)) for i, c, k, s in inbound}, {}, {}, {})
    sent: dict[int, Message] = {}
    for person in people:
        for message in person.messages:
            if (row := found.inbound.get((message.channel, message.key))) is not None:
                sent[row[0]] = message
    for reply in outbound:
        message_ = sent.get(reply.reply_to)
        if message_ is None:
            continue  # the returning people's earlier conversation
        found.rows.setdefault(reply.reply_to, []).append(reply)
        found.texts[reply.id] = reply.text or ""
        context = reply.context or {}
        ids = context.get("platform_ids") or (
            [reply.platform_message_id] if reply.platform_message_id else []
        )
        for number, platform_id in enumerate(ids):
            key = (message_.index, reply.seq or 0, number)
            found.pieces[(message_.channel, str(platform_id))] = Piece(reply.id, key)
    return found


def same_text(stored: str, delivered: str) -> bool:
    """A piece of a stored reply (WhatsApp adds the numbered choices to the text)."""
    head = stored[:60]
    return bool(head) and (head in delivered or delivered[:60] in stored)


@dataclass
class Matched:
    arrivals: dict[int, list[float]]  # reply row id → when its pieces were accepted
    per_person: dict[int, list[Piece]]  # person → pieces in the order the platform took them
    doubled: int = 0  # accepted sends no reply records
    doubled_at_kill: int = 0  # ...of a reply the killed worker was sending
    unattributed: int = 0  # ...whose text matches no earlier reply of that person


def match(
    people: list[Person], deliveries: Deliveries, replies: Replies, kill: Kill | None
) -> Matched:
    owner = {(p.channel, p.address): p.number for p in people}
    sending = {row for row, direction in (kill.in_flight if kill else []) if direction == "out"}
    result = Matched(defaultdict(list), defaultdict(list))
    for delivery in deliveries.accepted:  # in the order the fakes accepted them
        person = owner.get((delivery.channel, delivery.address))
        piece = replies.pieces.get((delivery.channel, delivery.platform_id))
        if piece is not None:
            result.arrivals[piece.reply].append(delivery.at)
        else:
            result.doubled += 1
            earlier = result.per_person.get(person, []) if person is not None else []
            piece = repeated(delivery, earlier, replies.texts)
            result.unattributed += piece is None
            result.doubled_at_kill += piece is not None and piece.reply in sending
        if person is not None and piece is not None:
            result.per_person[person].append(piece)
    return result


def repeated(delivery: Delivery, earlier: list[Piece], texts: dict[int, str]) -> Piece | None:
    """The latest reply already accepted for this person with the text sent again."""
    for piece in reversed(earlier):
        if same_text(texts.get(piece.reply, ""), delivery.text):
            return piece
    return None


def order_violations(per_person: dict[int, list[Piece]]) -> tuple[int, int]:
    """(pieces accepted after a piece answering a later message or coming later, people)."""
    violations, people = 0, 0
    for pieces in per_person.values():
        highest, behind = (-1, -1, -1), 0
        for piece in pieces:
            behind += piece.key < highest
            highest = max(highest, piece.key)
        violations, people = violations + behind, people + (behind > 0)
    return violations, people


@dataclass
class Answered:
    lost: Counter[str] = field(default_factory=Counter)
    first_s: list[float] = field(default_factory=list)  # POST → first reply accepted
    last_s: list[float] = field(default_factory=list)  # POST → last reply accepted
    done_at: list[float] = field(default_factory=list)
    unfinished: int = 0  # still queued or claimed


def answered(messages: list[Message], replies: Replies, matched: Matched) -> Answered:
    """Every acknowledged message must have replies, all sent and all at the platform."""
    result = Answered()
    for message in messages:
        if message.acked is None or message.posted is None:
            continue
        found = replies.inbound.get((message.channel, message.key))
        rows = replies.rows.get(found[0], []) if found else []
        unsent = [r.status for r in rows if r.status != "sent"]
        if found is None:
            result.lost["acknowledged, not stored"] += 1
        elif found[1] in PENDING or any(status in PENDING for status in unsent):
            result.unfinished += 1  # only when the run stopped at its time limit
        elif found[1] != "done":
            result.lost[f"inbound left {found[1]}"] += 1
        elif not rows:
            result.lost["no reply"] += 1
        elif unsent:
            result.lost[f"reply {unsent[0]}"] += 1
        elif not all(matched.arrivals.get(r.id) for r in rows):
            result.lost["reply marked sent, never at the platform"] += 1
        else:
            times = [at for r in rows for at in matched.arrivals[r.id]]
            result.first_s.append(min(times) - message.posted)
            result.last_s.append(max(times) - message.posted)
            result.done_at.append(max(times))
    return result


def seconds_summary(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": float("nan"), "p99": float("nan"), "max": float("nan")}
    return {
        "p50": round(percentile(values, 50), 2),
        "p99": round(percentile(values, 99), 2),
        "max": round(max(values), 2),
    }


def ms_summary(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": float("nan"), "p99": float("nan")}
    return {"p50": round(percentile(values, 50), 1), "p99": round(percentile(values, 99), 1)}


def per_second(count: int, seconds: float) -> float:
    return round(count / seconds, 2) if seconds > 0 else 0.0


def analyse(
    url: str, people: list[Person], deliveries: Deliveries, outcome: Outcome
) -> dict[str, Any]:
    replies = stored_replies(url, people)
    matched = match(people, deliveries, replies, outcome.kill)
    order, order_people = order_violations(matched.per_person)
    messages = [m for p in people for m in p.messages]
    result = answered(messages, replies, matched)
    posted = [m.posted for m in messages if m.posted is not None]
    acked = [m.acked for m in messages if m.acked is not None]
    start = min(posted, default=0.0)
    apologies = Translator.from_dir(REPO_ROOT / "locales").all_forms("error.sorry")
    return {
        "messages": len(messages),
        "posted": len(posted),
        "acknowledged": len(acked),
        "unacknowledged": len(posted) - len(acked),
        "answered": len(result.last_s),
        "lost": sum(result.lost.values()),
        "lost_why": dict(result.lost),
        "unfinished": result.unfinished,
        "doubled": matched.doubled - matched.doubled_at_kill,
        "doubled_at_kill": matched.doubled_at_kill,
        "doubled_unattributed": matched.unattributed,
        "order_violations": order,
        "order_people": order_people,
        "reply_last_s": seconds_summary(result.last_s),
        "reply_first_s": seconds_summary(result.first_s),
        "ack_ms": ms_summary(outcome.ack_ms),
        "throughput_per_s": per_second(len(result.done_at), max(result.done_at, default=0) - start),
        "ack_per_s": per_second(len(acked), max(acked, default=0) - start),
        "replies_accepted": len(deliveries.accepted),
        "replies_per_message": round(len(replies.texts) / max(1, len(replies.rows)), 2),
        "apologies": sum(1 for words in replies.texts.values() if words in apologies),
        "refused_429": dict(deliveries.refused),
        "webhook_posts": outcome.posts,
        "webhook_failures": outcome.failures,
        "duplicates_posted": sum(1 for m in messages if m.duplicate and m.posted is not None),
    }
