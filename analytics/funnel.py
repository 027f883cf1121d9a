"""The matching funnel: shown → details → interested → applied, by channel, region and
language (distinct people at each stage, counted in SQL), the skills employers ask for and
the courses that teach them, and where profiles find no feasible job at all.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import case, func, literal, or_, select
from sqlalchemy.orm import Session

from analytics.feasibility import no_feasible_by_region
from analytics.period import Period
from analytics.rows import Row, round_or_none
from analytics.suppression import Rule, Share, shown
from bot.store.tables import OfferEventRow, OfferRow, Person, ProfileRow
from bot.text import fold

STAGES = ("shown", "details", "interested", "applied")
EVENTS = (*STAGES, "not_interested")
UNKNOWN = "sin dato"
TOP_SKILLS = 20
COURSES_PER_SKILL = 3

FUNNEL_RULE = Rule(
    count="people",
    labels=("kind", "dimension", "group"),
    shares=(  # stages are nested, so each is a part of the one before it
        Share("people", "shown", complement=False),
        Share("people", "not_interested", complement=False),
        Share("shown", "details", ("shown_to_details",), complement=False),
        Share("details", "interested", ("details_to_interested",), complement=False),
        Share("interested", "applied", ("interested_to_applied",), complement=False),
        Share("shown", "applied", ("shown_to_applied",), complement=False),
    ),
)
GROUP_RULE = replace(FUNNEL_RULE, blocks=("kind",))  # groups split each kind's people


def _ratio(numerator: int, denominator: int) -> float | None:
    return round_or_none(numerator / denominator if denominator else None)


def funnel_tables(session: Session, period: Period) -> dict[str, list[Row]]:
    """Distinct people per stage, by kind x (total, channel, region, language)."""
    e = OfferEventRow
    flags = [func.max(case((e.event == event, 1), else_=0)).label(event) for event in EVENTS]
    per_person = (
        select(e.person_id, e.kind, e.channel, *flags)
        .where(e.created_at >= period.start, e.created_at < period.end)
        .group_by(e.person_id, e.kind, e.channel)
        .subquery("per_person")
    )
    dimensions: dict[str, Any] = {
        "total": literal("total"),
        "channel": per_person.c.channel,
        "region": ProfileRow.region,
        "language": func.coalesce(ProfileRow.language, Person.language),
    }
    tables: dict[str, list[Row]] = {}
    for name, dim in dimensions.items():
        group = dim.label("grp")
        who = per_person.c.person_id
        stages = [
            func.count(case((per_person.c[event] == 1, who)).distinct()).label(event)
            for event in EVENTS
        ]
        query = select(
            per_person.c.kind, group, func.count(who.distinct()).label("people"), *stages
        )
        query = query.select_from(per_person)
        if name in ("region", "language"):
            query = query.outerjoin(ProfileRow, ProfileRow.person_id == who)
        if name == "language":
            query = query.outerjoin(Person, Person.id == who)
        rows: list[Row] = []
        for found in session.execute(query.group_by(per_person.c.kind, group)):
            n = {event: int(found._mapping[event]) for event in EVENTS}
            rows.append(
                {
                    "kind": found.kind,
                    "dimension": name,
                    "group": str(found.grp) if found.grp else UNKNOWN,
                    "people": int(found.people),
                    **n,
                    "shown_to_details": _ratio(n["details"], n["shown"]),
                    "details_to_interested": _ratio(n["interested"], n["details"]),
                    "interested_to_applied": _ratio(n["applied"], n["interested"]),
                    "shown_to_applied": _ratio(n["applied"], n["shown"]),
                }
            )
        rows.sort(key=lambda r: (str(r["kind"]), -int(r["people"] or 0), str(r["group"])))
        tables["funnel_overall" if name == "total" else f"funnel_by_{name}"] = rows
    return tables


def _current(kind: str, today: date) -> Any:
    return (OfferRow.kind == kind) & or_(
        OfferRow.expires_at.is_(None), OfferRow.expires_at >= today
    )


def demanded_skills(session: Session, period: Period, today: date) -> list[Row]:
    """Skills of current job offers and of the jobs shown in the period, with courses."""
    o, e = OfferRow, OfferEventRow
    spelling: dict[str, Counter[str]] = defaultdict(Counter)
    current: Counter[str] = Counter()
    current_jobs = 0
    for (skills,) in session.execute(select(o.skills).where(_current("jobs", today))):
        current_jobs += 1
        for skill in {s.strip() for s in skills or [] if s.strip()}:
            current[fold(skill)] += 1
            spelling[fold(skill)][skill] += 1
    shown_query = (
        select(e.offer_id, func.count())
        .where(e.kind == "jobs", e.event == "shown")
        .where(e.created_at >= period.start, e.created_at < period.end)
        .group_by(e.offer_id)
    )
    shown_by_offer = {offer: int(n) for offer, n in session.execute(shown_query)}
    shown: Counter[str] = Counter()
    if shown_by_offer:
        for external_id, skills in session.execute(
            select(o.external_id, o.skills).where(o.kind == "jobs")
        ):
            times = shown_by_offer.get(external_id, 0)
            for skill in {s.strip() for s in skills or [] if s.strip()} if times else ():
                shown[fold(skill)] += times
                spelling[fold(skill)][skill] += 1
    teaching: dict[str, list[str]] = defaultdict(list)
    for title, skills in session.execute(
        select(o.title, o.skills).where(_current("courses", today)).order_by(o.vector_id)
    ):
        for skill in {fold(s) for s in skills or [] if s.strip()}:
            teaching[skill].append(title)
    top = {s for s, _ in current.most_common(TOP_SKILLS)} | {
        s for s, _ in shown.most_common(TOP_SKILLS)
    }
    ordered = sorted(top, key=lambda s: (-current[s], -shown[s], s))
    return [
        {
            "skill": spelling[skill].most_common(1)[0][0],
            "current_job_offers": current[skill],
            "share_of_current_job_offers": _ratio(current[skill], current_jobs),
            "times_shown": shown[skill],
            "courses_teaching_it": len(teaching.get(skill, ())),
            "example_courses": "; ".join(teaching.get(skill, [])[:COURSES_PER_SKILL]),
        }
        for skill in ordered
    ]


@dataclass(frozen=True)
class Funnel:
    tables: dict[str, list[Row]]
    rules: dict[str, Rule]


def analyse_funnel(session: Session, period: Period, today: date) -> Funnel:
    tables = funnel_tables(session, period)
    rules = {name: GROUP_RULE if name.startswith("funnel_by_") else FUNNEL_RULE for name in tables}
    tables["demanded_skills"] = demanded_skills(session, period, today)
    no_feasible, rule = no_feasible_by_region(session, period, today)
    tables["no_feasible_job_by_region"] = no_feasible
    rules["no_feasible_job_by_region"] = rule
    return Funnel(tables, rules)


def stage_totals(rows: Sequence[Row], kind: str) -> dict[str, int]:
    """Distinct people per stage for one kind, from the overall funnel table."""
    for row in rows:
        if row.get("kind") == kind and shown(row):
            return {stage: int(row[stage] or 0) for stage in STAGES}
    return {}
