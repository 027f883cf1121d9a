"""The report's figures as inline PNG data URIs (matplotlib's Agg canvas, no pyplot state,
no files, nothing fetched)."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from datetime import date

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from analytics.rows import Row
from analytics.shifts import Shift
from analytics.suppression import shown

BLUE, ORANGE, GREY, RED = "#1f5f8b", "#d9822b", "#8a8a8a", "#b23a48"


def _data_uri(figure: Figure) -> str:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _text(name: object) -> str:
    """A name from the data as plain text: matplotlib would read ``$...$`` as mathtext
    (and fail on what is not valid TeX)."""
    return str(name).replace("$", r"\$")


def _value(row: Row, key: str) -> float:
    value = row.get(key)
    return float(value) if isinstance(value, int | float) else float("nan")


def rates_by_group(rows: Sequence[Row], title: str, top: int = 15) -> str | None:
    """Informality and poverty rates with 95% intervals, one pair of bars per group."""
    rated = [
        r for r in rows if r.get("informal_rate") is not None or r.get("poverty_rate") is not None
    ]
    drawn = [r for r in rated if shown(r)][:top]  # a withheld rate is left out (no bar)
    if not drawn:
        return None
    figure = Figure(figsize=(7, 0.35 * len(drawn) + 1.2), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(drawn)))
    for offset, key, colour, label in (
        (-0.2, "informal", BLUE, "Informalidad"),
        (0.2, "poverty", ORANGE, "Pobreza monetaria"),
    ):
        values = [_value(r, f"{key}_rate") for r in drawn]
        low = [max(0.0, v - _value(r, f"{key}_ci_low")) for v, r in zip(values, drawn, strict=True)]
        high = [
            max(0.0, _value(r, f"{key}_ci_high") - v) for v, r in zip(values, drawn, strict=True)
        ]
        axes.barh(
            [p + offset for p in positions], values, height=0.38, color=colour, label=label,
            xerr=[low, high], error_kw={"elinewidth": 0.8, "capsize": 2},
        )  # fmt: skip
    axes.set_yticks(positions, [_text(r["group"]) for r in drawn])
    axes.invert_yaxis()
    axes.set_xlim(0, 1)
    axes.set_xlabel("proporción (barras: IC 95 %)")
    axes.set_title(title)
    axes.legend(loc="lower right", fontsize=8)
    return _data_uri(figure)


def weekly_volume(rows: Sequence[Row]) -> str | None:
    """All feedback per week, with the share that is negative."""
    weeks = [r for r in rows if r.get("product") == "*" and shown(r)]
    if not weeks:
        return None
    figure = Figure(figsize=(7, 3), layout="constrained")
    axes = figure.add_subplot()
    labels = [str(r["week"])[5:] for r in weeks]
    axes.bar(labels, [_value(r, "feedback") for r in weeks], color=BLUE)
    axes.set_ylabel("opiniones por semana")
    axes.tick_params(axis="x", labelrotation=60, labelsize=7)
    twin = axes.twinx()
    twin.plot(labels, [_value(r, "share_neg") for r in weeks], color=RED, marker="o", ms=3)
    twin.set_ylabel("proporción negativa", color=RED)
    twin.set_ylim(0, 1)
    axes.set_title("Opiniones recibidas por semana (lunes a domingo)")
    return _data_uri(figure)


def shift_panels(
    shifts: Sequence[Shift], weeks: Sequence[date], hidden: set[tuple[date, str]], most: int = 4
) -> str | None:
    """The weekly share of each detected shift's series, with the start week marked."""
    chosen = list(shifts[:most])
    if not chosen:
        return None
    figure = Figure(figsize=(7, 2.4 * len(chosen)), layout="constrained")
    labels = [week.isoformat()[5:] for week in weeks]
    step = max(1, len(weeks) // 10)
    for index, shift in enumerate(chosen, start=1):
        axes = figure.add_subplot(len(chosen), 1, index)
        series = shift.series
        points = [
            (i, int(x) / int(n))
            for i, (week, n, x) in enumerate(zip(weeks, series.n, series.x, strict=True))
            if n > 0 and (week, series.product) not in hidden
        ]
        axes.plot([i for i, _ in points], [s for _, s in points], marker="o", ms=3, color=BLUE)
        start = weeks.index(shift.start_week)
        axes.axvline(start - 0.5, color=RED, linestyle="--", linewidth=1)
        axes.hlines(
            [shift.split.before, shift.split.after],
            [0, start - 0.5],
            [start - 0.5, len(weeks) - 1],
            colors=GREY, linestyles=":",
        )  # fmt: skip
        axes.set_xticks(range(0, len(weeks), step), labels[::step])
        product = "todos los productos" if series.product == "*" else series.product
        axes.set_title(_text(f"{product}: {series.aspect} ({series.sentiment})"), fontsize=9)
        axes.set_ylabel("proporción", fontsize=8)
        axes.tick_params(labelsize=7)
    return _data_uri(figure)


def funnel_bars(rows: Sequence[Row]) -> str | None:
    """People at each funnel stage, jobs and courses side by side."""
    kinds = [r for r in rows if shown(r)]
    if not kinds:
        return None
    figure = Figure(figsize=(7, 3), layout="constrained")
    axes = figure.add_subplot()
    stages = ("shown", "details", "interested", "applied")
    names = ("vieron", "detalles", "interesados", "postularon")
    width = 0.8 / len(kinds)
    for i, row in enumerate(kinds):
        positions = [s + i * width for s in range(len(stages))]
        label = "empleos" if row["kind"] == "jobs" else "cursos"
        axes.bar(positions, [_value(row, s) for s in stages], width=width, label=label,
                 color=(BLUE, ORANGE, GREY)[i % 3])  # fmt: skip
    axes.set_xticks([s + 0.4 - width / 2 for s in range(len(stages))], names)
    axes.set_ylabel("personas distintas")
    axes.set_title("Embudo de ofertas")
    axes.legend(fontsize=8)
    return _data_uri(figure)
