from __future__ import annotations

import pytest

from analytics.captions import group_name


@pytest.mark.parametrize(
    ("dimension", "group", "words"),
    [
        ("gender", "m", "los hombres"),
        ("gender", "f", "las mujeres"),
        ("language", "qu", "quienes hablan quechua"),
        ("age_band", "25–34", "las personas de 25–34 años"),
    ],
)
def test_groups_are_named_in_correct_spanish(dimension: str, group: str, words: str) -> None:
    assert group_name(dimension, group) == words
