"""Profiles for which no current job is feasible (CONTRACT.md's matching rules), by region.

Checks a bounded sample (at most 20,000 profiles of the period, in pseudonymous-id order,
which is effectively random) with the matcher's own vectorised rules; profiles with the
same facts are checked once.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from analytics.period import Period
from analytics.rows import Row, round_or_none
from analytics.suppression import Rule, Share
from bot.profile import Profile
from bot.store.tables import ProfileRow
from retrieval.feasibility import feasible
from retrieval.offers import OfferColumns, region_key
from retrieval.store import load_offers

SAMPLE = 20_000
UNKNOWN = "sin dato"
FACTS = (
    "language",
    "languages",
    "region",
    "education",
    "hours_per_week",
    "schedule",
    "remote_ok",
    "equipment",
)
RULE = Rule(
    count="profiles_checked",
    labels=("region",),
    shares=(
        Share(
            "profiles_checked",
            "without_feasible_job",
            ("share_without_feasible_job",),
            complement=False,
        ),
    ),
    blocks=(),  # the regions split the total row
    total=("region", "total"),
)


def _profile(record: dict[str, Any]) -> Profile | None:
    try:
        return Profile.model_validate({**record, "skills": "-"})
    except ValidationError:
        return None


def _key(profile: Profile) -> tuple[Any, ...]:
    return (
        region_key(profile.region),
        tuple(sorted(profile.spoken_languages())),
        profile.education,
        profile.hours_per_week,
        profile.schedule,
        profile.remote_ok,
        profile.equipment,
    )


def no_feasible_by_region(
    session: Session, period: Period, today: date, sample: int = SAMPLE
) -> tuple[list[Row], Rule]:
    offers = load_offers(session, "jobs")
    if not offers:
        return [], RULE
    columns = OfferColumns.build(offers)
    p = ProfileRow
    query = (
        select(*(getattr(p, fact) for fact in FACTS))
        .where(p.created_at >= period.start, p.created_at < period.end)
        .order_by(p.person_id)
        .limit(sample)
    )
    checked: dict[str, int] = defaultdict(int)
    without: dict[str, int] = defaultdict(int)
    cache: dict[tuple[Any, ...], bool] = {}
    for values in session.execute(query):
        record = {
            fact: value for fact, value in zip(FACTS, values, strict=True) if value is not None
        }
        profile = _profile(record)
        region = str(record.get("region") or UNKNOWN)
        if profile is None:
            continue  # no language or region: the rules cannot be applied
        key = _key(profile)
        if key not in cache:
            cache[key] = bool(feasible(columns, profile, today).any())
        checked[region] += 1
        if not cache[key]:
            without[region] += 1
    rows: list[Row] = [
        {
            "region": region,
            "profiles_checked": n,
            "without_feasible_job": without[region],
            "share_without_feasible_job": round_or_none(without[region] / n),
        }
        for region, n in sorted(checked.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    total = sum(checked.values())
    if total:
        lacking = sum(without.values())
        rows.insert(
            0,
            {
                "region": "total",
                "profiles_checked": total,
                "without_feasible_job": lacking,
                "share_without_feasible_job": round_or_none(lacking / total),
            },
        )
    return rows, RULE
