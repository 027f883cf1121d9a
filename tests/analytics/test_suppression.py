"""Small-group suppression: rows, cells and their complements, and complementary rows."""

from __future__ import annotations

import random
from collections import defaultdict

from analytics.rows import Row
from analytics.suppression import Rule, Share, suppress

K = 10
RATE = Share("asked", "yes", ("rate",))
RULE = Rule(count="people", labels=("group",), shares=(RATE,))


def test_rows_of_small_groups_keep_only_their_labels() -> None:
    rows: list[Row] = [
        {"group": "Lima", "people": 50, "asked": 40, "yes": 10, "rate": 0.25},
        {"group": "Tumbes", "people": 5, "asked": 5, "yes": 1, "rate": 0.2},
    ]
    result = suppress(rows, RULE, K)
    lima, tumbes = result.rows
    assert lima == rows[0] | {"suppressed": False}
    assert tumbes == {"group": "Tumbes", "people": None, "asked": None, "yes": None, "rate": None,
                      "suppressed": True}  # fmt: skip
    assert (result.suppressed, result.withheld) == (1, 0)


def test_a_share_is_withheld_when_its_part_whole_or_rest_is_small() -> None:
    rows: list[Row] = [
        {"group": "few asked", "people": 30, "asked": 3, "yes": 1, "rate": 0.33},
        {"group": "few yes", "people": 60, "asked": 40, "yes": 4, "rate": 0.1},
        {"group": "few no", "people": 60, "asked": 40, "yes": 38, "rate": 0.95},  # 2 said no
        {"group": "fine", "people": 60, "asked": 40, "yes": 20, "rate": 0.5},
    ]
    result = suppress(rows, RULE, K)
    for row in result.rows[:3]:
        assert (row["yes"], row["rate"], row["suppressed"]) == (None, None, False), row["group"]
        assert row["people"] == 60 or row["group"] == "few asked"
        assert row["asked"] is not None  # who answered is not the attribute
    assert result.rows[3] == rows[3] | {"suppressed": False}
    assert result.withheld == 6


def test_a_one_sided_share_ignores_the_rest_and_a_withheld_whole_withholds_its_parts() -> None:
    rule = Rule(
        count="people",
        labels=("group",),
        shares=(
            Share("people", "shown", complement=False),
            Share("shown", "applied", ("shown_to_applied",), complement=False),
        ),
    )
    rows: list[Row] = [
        {"group": "a", "people": 12, "shown": 11, "applied": 10, "shown_to_applied": 0.91},
        {"group": "b", "people": 40, "shown": 8, "applied": 0, "shown_to_applied": 0.0},
    ]
    a, b = suppress(rows, rule, K).rows
    assert (a["shown"], a["applied"], a["shown_to_applied"]) == (11, 10, 0.91)
    assert (b["shown"], b["applied"], b["shown_to_applied"]) == (None, None, None)


BLOCKS = Rule(count="people", labels=("kind", "group"), shares=(RATE,), blocks=("kind",))


def _group(kind: str, name: str, people: int, yes: int | None = None) -> Row:
    answered = people
    yes = people // 2 if yes is None else yes
    return {"kind": kind, "group": name, "people": people, "asked": answered, "yes": yes,
            "rate": round(yes / answered, 4)}  # fmt: skip


def test_one_hidden_row_takes_the_smallest_shown_row_of_its_block_with_it() -> None:
    rows = [
        _group("jobs", "Lima", 200),
        _group("jobs", "Cusco", 40),
        _group("jobs", "Tacna", 25),
        _group("jobs", "Tumbes", 4),  # total minus the others would give Tumbes back
        _group("courses", "Lima", 100),
        _group("courses", "Cusco", 30),
    ]
    result = suppress(rows, BLOCKS, K)
    hidden = [(r["kind"], r["group"]) for r in result.rows if r["suppressed"]]
    assert hidden == [("jobs", "Tacna"), ("jobs", "Tumbes")]
    assert result.suppressed == 2


def test_hidden_rows_that_add_up_to_k_need_no_complement() -> None:
    rows = [_group("jobs", "Lima", 200), _group("jobs", "Cusco", 40)]
    rows += [_group("jobs", name, 9) for name in ("Tumbes", "Moquegua", "Pasco")]  # 27, 12 yes
    result = suppress(rows, BLOCKS, K)
    assert [r["group"] for r in result.rows if r["suppressed"]] == ["Tumbes", "Moquegua", "Pasco"]


def test_hidden_rows_whose_share_could_be_worked_back_withhold_it_in_another_row() -> None:
    # 6 + 7 hidden people with 1 "yes" between them: total "yes" minus the shown rows' gives
    # it back, unless the smallest row showing "yes" withholds it too (1 + 15 of 43).
    rows = [_group("jobs", "Lima", 200), _group("jobs", "Cusco", 40), _group("jobs", "Piura", 30)]
    rows += [_group("jobs", "Tumbes", 6, yes=0), _group("jobs", "Moquegua", 7, yes=1)]
    result = suppress(rows, BLOCKS, K)
    lima, cusco, piura, *_ = result.rows
    assert [r["suppressed"] for r in result.rows] == [False, False, False, True, True]
    assert (piura["people"], piura["asked"], piura["yes"], piura["rate"]) == (30, 30, None, None)
    assert (lima["yes"], cusco["yes"]) == (100, 20)
    assert result.withheld == 2


def test_a_share_withheld_in_one_row_of_two_is_withheld_in_both() -> None:
    # The sample's genders: women's poverty is withheld (only 5 not poor), and men's with it,
    # since the overall count of the poor minus the men's would give the women's back.
    rule = Rule(count="people", labels=("group",), shares=(RATE,), blocks=())
    rows: list[Row] = [
        {"group": "m", "people": 32, "asked": 29, "yes": 18, "rate": 0.6207},
        {"group": "f", "people": 28, "asked": 22, "yes": 17, "rate": 0.7727},
    ]
    result = suppress(rows, rule, K)
    assert [(r["people"], r["asked"], r["yes"], r["rate"]) for r in result.rows] == [
        (32, 29, None, None),
        (28, 22, None, None),
    ]


def test_a_total_row_belongs_to_no_block() -> None:
    rule = Rule(count="people", labels=("region",), blocks=(), total=("region", "total"))
    rows: list[Row] = [
        {"region": "total", "people": 54},
        {"region": "Lima", "people": 30},
        {"region": "Cusco", "people": 20},
        {"region": "Tumbes", "people": 4},
    ]
    result = suppress(rows, rule, K)
    assert [r["region"] for r in result.rows if r["suppressed"]] == ["Cusco", "Tumbes"]


def test_random_tables_leave_nothing_below_k_to_see_or_work_back() -> None:
    """Whatever the table: no shown count below k, no shown share with a small part or rest,
    and in every block what total minus the shown rows gives back (the hidden rows' people,
    the withheld shares' parts and rests) is at least k people."""
    rng = random.Random(6)  # noqa: S311 - reproducible test tables
    for _ in range(300):
        rows: list[Row] = []
        for kind in ("jobs", "courses"):
            for index in range(rng.randint(1, 7)):
                people = rng.choice([rng.randint(1, 12), rng.randint(10, 200)])
                asked = rng.randint(0, people)
                yes = rng.randint(0, asked)
                rate = round(yes / asked, 4) if asked else None
                rows.append({"kind": kind, "group": f"g{index}", "people": people,
                             "asked": asked, "yes": yes, "rate": rate})  # fmt: skip
        out = suppress(rows, BLOCKS, K).rows
        blocks: dict[object, list[tuple[Row, Row]]] = defaultdict(list)
        for raw, row in zip(rows, out, strict=True):
            blocks[raw["kind"]].append((raw, row))
            if row["suppressed"]:
                assert all(row[c] is None for c in ("people", "asked", "yes", "rate"))
                continue
            assert isinstance(row["people"], int)
            assert row["people"] >= K
            if row["yes"] is not None:
                assert isinstance(row["asked"], int)
                assert row["yes"] >= K
                assert row["asked"] - row["yes"] >= K
            else:
                assert row["rate"] is None
        for members in blocks.values():
            hidden = [raw for raw, row in members if row["suppressed"]]
            if hidden and len(hidden) < len(members):
                assert sum(int(raw["people"] or 0) for raw in hidden) >= K
            unknown = [raw for raw, row in members if row["yes"] is None]
            if unknown and len(unknown) < len(members):
                yes = sum(int(raw["yes"] or 0) for raw in unknown)
                asked = sum(int(raw["asked"] or 0) for raw in unknown)
                assert yes >= K
                assert asked - yes >= K
