"""The seven feasibility rules of CONTRACT.md, one at a time, exactly as written."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.profile import Profile
from retrieval.feasibility import (
    education_fits,
    feasible,
    hours_fit,
    not_expired,
    remote_fits,
    same_region_when_on_site,
    schedule_fits,
    shares_a_language,
)
from retrieval.offers import Offer, OfferColumns

TODAY = date(2026, 11, 21)


def offer(kind: str = "jobs", **facts: Any) -> Offer:
    return Offer(vector_id=1, kind=kind, id="X", title="t", description="d", skills=("s",), **facts)


def profile(**facts: Any) -> Profile:
    return Profile.model_validate(
        {"language": "es", "region": "Cusco", "skills": "cocina", **facts}
    )


def allows(rule: Any, one: Offer, person: Profile) -> bool:
    return bool(rule(OfferColumns.build([one]), person, TODAY)[0])


@pytest.mark.parametrize(
    ("expires", "ok"),
    [
        (None, True),
        (date(2026, 11, 21), True),
        (date(2026, 11, 20), False),
        (date(2027, 1, 1), True),
    ],
)
def test_rule_1_not_expired(expires: date | None, ok: bool) -> None:
    assert allows(not_expired, offer(expires_at=expires), profile()) is ok


@pytest.mark.parametrize(
    ("facts", "region", "ok"),
    [
        ({"remote": False, "region": "Cusco"}, "Cusco", True),
        ({"remote": False, "region": "Cuzco"}, "cusco", True),  # well-known spelling, no case
        ({"remote": False, "region": "Apurímac"}, "apurimac", True),  # no accents
        ({"remote": False, "region": "Lima"}, "Cusco", False),
        ({"remote": True}, "Lima", True),  # remote: rule 2 does not apply
        ({"remote": True, "region": "Lima"}, "Cusco", True),
    ],
)
def test_rule_2_on_site_needs_the_same_region(facts: dict[str, Any], region: str, ok: bool) -> None:
    assert allows(same_region_when_on_site, offer(**facts), profile(region=region)) is ok


@pytest.mark.parametrize(
    ("modality", "region", "ok"),
    [
        ("presencial", "Lima", False),
        ("mixto", "Lima", False),
        ("virtual", "Lima", True),
        ("presencial", "Cusco", True),
    ],
)
def test_rule_2_courses_read_presencial_and_mixto_as_on_site(
    modality: str, region: str, ok: bool
) -> None:
    course = offer("courses", modality=modality, region=region)
    assert allows(same_region_when_on_site, course, profile(region="Cusco")) is ok


@pytest.mark.parametrize(
    ("facts", "person", "ok"),
    [
        ({"remote": True, "equipment": "smartphone"}, {"remote_ok": False}, False),
        ({"remote": True, "equipment": "smartphone"}, {}, True),  # remote_ok unknown: not false
        ({"remote": True, "equipment": "computadora"}, {"equipment": "smartphone"}, False),
        ({"remote": True, "equipment": "smartphone"}, {"equipment": "computadora"}, True),
        ({"remote": True, "equipment": "smartphone"}, {"equipment": "smartphone"}, True),
        ({"remote": True, "equipment": "smartphone"}, {"equipment": "ninguno"}, False),
        ({"remote": True}, {"equipment": "ninguno"}, True),
        # equipment matters only for remote offers; on-site employers provide their own
        (
            {"remote": False, "region": "Cusco", "equipment": "computadora"},
            {"equipment": "ninguno", "remote_ok": False},
            True,
        ),
    ],
)
def test_rule_3_remote_needs_remote_ok_and_equipment(
    facts: dict[str, Any], person: dict[str, Any], ok: bool
) -> None:
    assert allows(remote_fits, offer(**facts), profile(**person)) is ok


def test_rule_3_courses_read_virtual_and_mixto_as_remote() -> None:
    person = profile(remote_ok=False)
    assert not allows(remote_fits, offer("courses", modality="virtual"), person)
    assert not allows(remote_fits, offer("courses", modality="mixto", region="Cusco"), person)
    assert allows(remote_fits, offer("courses", modality="presencial", region="Cusco"), person)


@pytest.mark.parametrize(
    ("required", "have", "ok"),
    [
        ("secundaria", "secundaria", True),
        ("tecnica", "secundaria", False),
        ("primaria", "universitaria", True),
        ("ninguna", "ninguna", True),
        ("universitaria", None, True),  # unknown education never excludes
        (None, "primaria", True),
    ],
)
def test_rule_4_education_not_above_the_profile(
    required: str | None, have: str | None, ok: bool
) -> None:
    person = profile(education=have) if have else profile()
    assert allows(education_fits, offer(education_required=required), person) is ok


@pytest.mark.parametrize(
    ("offer_hours", "profile_hours", "ok"),
    [
        (22, 20, True),  # exactly 1.1 x
        (23, 20, False),
        (11, 10, True),
        (33, 30, True),  # 1.1 * 30 is 33.000000000000004 in floating point
        (34, 30, False),
        (48, 48, True),
        (48, None, True),
        (None, 10, True),
    ],
)
def test_rule_5_hours_at_most_1_1_times_in_exact_arithmetic(
    offer_hours: int | None, profile_hours: int | None, ok: bool
) -> None:
    person = profile(hours_per_week=profile_hours) if profile_hours is not None else profile()
    assert allows(hours_fit, offer(hours_per_week=offer_hours), person) is ok


def test_rule_5_does_not_apply_to_courses() -> None:
    course = offer("courses", modality="virtual", hours_per_week=40, duration_hours=120)
    assert allows(hours_fit, course, profile(hours_per_week=10))


@pytest.mark.parametrize(
    ("theirs", "mine", "hours", "ok"),
    [
        ("flexible", "manana", None, True),
        ("noche", "flexible", None, True),
        ("noche", "completo", None, True),  # the profile's completo fits anything
        ("completo", "completo", None, True),
        ("completo", "flexible", None, True),
        ("completo", "tarde", 40, True),  # or 40+ hours
        ("completo", "tarde", 39, False),
        ("completo", "tarde", None, False),
        ("tarde", "tarde", None, True),
        ("tarde", "manana", None, False),
        ("fines_de_semana", "noche", 48, False),
        (None, "manana", None, True),
        ("manana", None, None, True),
    ],
)
def test_rule_6_schedule(theirs: str | None, mine: str | None, hours: int | None, ok: bool) -> None:
    facts: dict[str, Any] = {}
    if mine:
        facts["schedule"] = mine
    if hours is not None:
        facts["hours_per_week"] = hours
    assert allows(schedule_fits, offer(schedule=theirs), profile(**facts)) is ok


@pytest.mark.parametrize(
    ("theirs", "person", "ok"),
    [
        (("qu",), {"language": "qu"}, True),
        (("qu",), {"language": "es"}, False),
        (("es",), {"language": "qu"}, True),  # a profile without languages speaks es too
        (("en",), {"language": "qu"}, False),
        (("qu", "es"), {"language": "qu", "languages": ["qu"]}, True),
        (("es",), {"language": "qu", "languages": ["qu"]}, False),
        (("en",), {"language": "es", "languages": ["es", "en"]}, True),
        (None, {"language": "qu", "languages": ["qu"]}, True),
        (("ay",), {"language": "es", "languages": ["es", "fr"]}, False),
    ],
)
def test_rule_7_a_shared_language(
    theirs: tuple[str, ...] | None, person: dict[str, Any], ok: bool
) -> None:
    assert allows(shares_a_language, offer(languages=theirs), profile(**person)) is ok


def test_all_rules_together_over_a_catalog() -> None:
    offers = [
        offer(region="Cusco", remote=False, schedule="tarde", hours_per_week=20),
        offer(remote=True, equipment="computadora"),  # needs a computer
        offer(region="Lima", remote=False),  # elsewhere
        offer(remote=True, equipment="smartphone", languages=("es", "qu")),
        offer(remote=True, expires_at=date(2026, 1, 1)),  # expired
    ]
    person = profile(schedule="tarde", hours_per_week=20, equipment="smartphone")
    mask = feasible(OfferColumns.build(offers), person, TODAY)
    assert mask.tolist() == [True, False, False, True, False]
