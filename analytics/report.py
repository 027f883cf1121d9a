"""The run's outputs: ``report.html`` (one self-contained page: inline CSS, figures as
base64 PNG, nothing fetched), ``summary.json`` in CONTRACT.md's shape, and one CSV plus one
JSON file per table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from analytics import plots
from analytics.captions import (
    feasibility_sentence,
    funnel_sentence,
    highest_lowest,
    number,
    pct,
    poverty_sentences,
    shift_sentence,
)
from analytics.feedback_trends import FeedbackResult
from analytics.html import CSS, esc, figure, paragraphs, table
from analytics.method import method_sections
from analytics.period import Period, parse_week
from analytics.poverty import DIMENSIONS, PovertyResult
from analytics.rows import Tables, write_csv, write_json
from analytics.stats import Z95

HEADINGS = {
    "region": "región",
    "language": "idioma",
    "gender": "género",
    "age_band": "grupo de edad",
    "education": "nivel educativo",
}
SUMMARY_KEYS = (
    "period",
    "people",
    "informal_rate",
    "poverty_rate",
    "informal_poverty_odds_ratio",
    "feedback",
    "shifts",
)


@dataclass(frozen=True)
class ReportInputs:
    report_id: str
    period: Period
    today: date
    k: int
    poverty: PovertyResult
    feedback: FeedbackResult
    tables: Tables  # already suppressed


def build_summary(inputs: ReportInputs) -> dict[str, Any]:
    """CONTRACT.md's summary, from the suppressed tables: a rate the tables withhold (too
    few people on one side) is null here too, and so is a withheld odds ratio."""
    rows = inputs.tables["poverty_overall"]
    overall = rows[0] if rows else {}
    summary: dict[str, Any] = {
        "period": inputs.period.as_dict(),
        "people": inputs.poverty.people,
        "informal_rate": overall.get("informal_rate"),
        "poverty_rate": overall.get("poverty_rate"),
        "informal_poverty_odds_ratio": inputs.poverty.odds_ratio,
        "feedback": inputs.feedback.total,
        "shifts": [shift.summary() for shift in inputs.feedback.shifts],
    }
    return summary


def poverty_line_details(inputs: ReportInputs) -> dict[str, Any]:
    line = inputs.poverty.line
    return {
        "poverty_line": {
            "year": line.year,
            "area": line.area,
            "soles_per_person_month": line.soles,
            "source": line.source,
        }
    }


def _key_figures(summary: Mapping[str, Any]) -> str:
    items = [
        ("perfiles", number(summary["people"])),
        ("informalidad", pct(summary["informal_rate"])),
        ("pobreza monetaria", pct(summary["poverty_rate"])),
        ("odds ratio informal–pobre", number(summary["informal_poverty_odds_ratio"])),
        ("opiniones", number(summary["feedback"])),
        ("cambios detectados", number(len(summary["shifts"]))),
    ]
    return (
        '<div class="key">'
        + "".join(f"<div>{esc(a)}<b>{esc(b)}</b></div>" for a, b in items)
        + "</div>"
    )


def _poverty_section(inputs: ReportInputs) -> str:
    t = inputs.tables
    overall = t["poverty_overall"][0] if t["poverty_overall"] else {}
    parts = [
        "<h2>Informalidad y pobreza</h2>",
        paragraphs(poverty_sentences(inputs.poverty, overall, inputs.k)),
    ]
    for dimension in DIMENSIONS:
        rows = t[f"poverty_by_{dimension}"]
        parts.append(paragraphs([
            highest_lowest(rows, "informal_rate", "informalidad", dimension),
            highest_lowest(rows, "poverty_rate", "pobreza", dimension),
        ]))  # fmt: skip
    parts.append(figure(plots.rates_by_group(t["poverty_by_region"], "Por región"),
                        "Informalidad y pobreza por región (IC 95 %)"))  # fmt: skip
    parts.append(figure(plots.rates_by_group(t["poverty_by_age_band"], "Por grupo de edad"),
                        "Informalidad y pobreza por grupo de edad (IC 95 %)"))  # fmt: skip
    parts.append("<h3>Informalidad y pobreza: tabla 2×2 y regresión logística</h3>")
    parts.append(table(t["informal_poverty_crosstab"]))
    parts.append(table(t["informal_poverty_odds_ratio"]))
    for dimension in DIMENSIONS:
        parts.append(f"<h3>Por {esc(HEADINGS[dimension])}</h3>")
        parts.append(table(t[f"poverty_by_{dimension}"]))
    return "".join(parts)


def _feedback_section(inputs: ReportInputs) -> str:
    t, result = inputs.tables, inputs.feedback
    hidden = {
        (parse_week(row["week"]), str(row["product"]))
        for row in t["feedback_weekly"]
        if row.get("suppressed")
    }
    sentences = [
        f"Se recibieron {number(result.total)} opiniones en {len(result.weeks)} semanas. "
        f"Se revisaron {number(result.tested)} series (producto × aspecto × sentimiento) y se "
        f"detectaron {len(result.shifts)} cambios.",
        *(shift_sentence(shift) for shift in result.shifts[:8]),
    ]
    terms = [str(row["term"]) for row in t["emerging_terms"] if float(row["z"] or 0) >= Z95]
    if terms:
        sentences.append(
            "Palabras que más crecieron en las últimas 4 semanas: " + ", ".join(terms) + "."
        )
    weekly_all = [row for row in t["feedback_weekly"] if row.get("product") == "*"]
    aspects_all = [row for row in t["feedback_aspects"] if row.get("product") == "*"]
    return "".join([
        "<h2>Opiniones sobre productos</h2>",
        paragraphs(sentences),
        figure(plots.weekly_volume(t["feedback_weekly"]),
               "Opiniones por semana y proporción negativa"),
        figure(plots.shift_panels(result.shifts, result.weeks, hidden),
               "Proporción semanal de las series con cambios detectados (línea roja: inicio)"),
        "<h3>Cambios detectados</h3>", table(t["feedback_shifts"]),
        "<h3>Términos emergentes</h3>", table(t["emerging_terms"]),
        "<h3>Opiniones por producto</h3>", table(t["feedback_by_product"]),
        "<h3>Aspectos mencionados (todos los productos)</h3>", table(aspects_all),
        "<h3>Opiniones por semana (todos los productos)</h3>", table(weekly_all),
    ])  # fmt: skip


def _funnel_section(inputs: ReportInputs) -> str:
    t = inputs.tables
    return "".join([
        "<h2>Embudo de ofertas y habilidades</h2>",
        paragraphs([funnel_sentence(t["funnel_overall"], inputs.k),
                    feasibility_sentence(t["no_feasible_job_by_region"], inputs.k)]),
        figure(plots.funnel_bars(t["funnel_overall"]), "Personas distintas en cada etapa"),
        table(t["funnel_overall"]),
        "<h3>Por canal</h3>", table(t["funnel_by_channel"]),
        "<h3>Por región</h3>", table(t["funnel_by_region"]),
        "<h3>Por idioma</h3>", table(t["funnel_by_language"]),
        "<h3>Habilidades más pedidas y cursos que las enseñan</h3>", table(t["demanded_skills"]),
        "<h3>Perfiles sin ningún empleo factible, por región</h3>",
        table(t["no_feasible_job_by_region"]),
    ])  # fmt: skip


def _method_section(inputs: ReportInputs) -> str:
    parts = ["<h2>Método y definiciones</h2>"]
    for title, texts in method_sections(inputs.poverty.line, inputs.k):
        parts.append(f"<h3>{esc(title)}</h3>{paragraphs(texts)}")
    parts.append("<h3>Filas suprimidas</h3>")
    parts.append(table(inputs.tables["suppression"], limit=100))
    files = ", ".join(f"{name}.csv" for name in inputs.tables)
    parts.append(
        f'<p class="note">Tablas completas (CSV y JSON) en la misma carpeta: {esc(files)}.</p>'
    )
    return "".join(parts)


def render_html(inputs: ReportInputs, summary: Mapping[str, Any]) -> str:
    period = inputs.period
    return (
        '<!doctype html><html lang="es"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Chaski — informe {esc(period.since)} a {esc(period.until)}</title>"
        f"<style>{CSS}</style></head><body>"
        "<h1>Chaski: informe de analítica</h1>"
        f"<p>Periodo: del {esc(period.since)} al {esc(period.until)} (hora de Lima). "
        f"Informe {esc(inputs.report_id)}, generado el {esc(inputs.today)}. "
        f"Grupos de menos de {inputs.k} personas suprimidos.</p>"
        f"{_key_figures(summary)}{_poverty_section(inputs)}{_feedback_section(inputs)}"
        f"{_funnel_section(inputs)}{_method_section(inputs)}</body></html>\n"
    )


def write_outputs(
    out_dir: Path, inputs: ReportInputs, summary: Mapping[str, Any]
) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, rows in inputs.tables.items():
        write_csv(out_dir / f"{name}.csv", rows)
        write_json(out_dir / f"{name}.json", rows)
        paths[f"{name}.csv"] = out_dir / f"{name}.csv"
        paths[f"{name}.json"] = out_dir / f"{name}.json"
    write_json(out_dir / "summary.json", summary)
    paths["summary.json"] = out_dir / "summary.json"
    manifest: dict[str, Any] = {
        "report_id": inputs.report_id,
        "generated_at": datetime.now(UTC).isoformat(),
        "period": inputs.period.as_dict(),
        "today": inputs.today.isoformat(),
        "k": inputs.k,
        **poverty_line_details(inputs),
        "tables": list(inputs.tables),
    }
    write_json(out_dir / "report.json", manifest)
    paths["report.json"] = out_dir / "report.json"
    (out_dir / "report.html").write_text(render_html(inputs, summary), encoding="utf-8")
    paths["report.html"] = out_dir / "report.html"
    return paths
