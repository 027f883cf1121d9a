"""Tiny HTML helpers for the report: every text from the data goes through ``esc``."""

from __future__ import annotations

import html
from collections.abc import Sequence

from analytics.captions import number
from analytics.rows import Cell, Row, columns

LABELS = {
    "dimension": "dimensión",
    "group": "grupo",
    "people": "personas",
    "not_employed": "no ocupadas",
    "lacking_informality_answers": "sin respuestas (informalidad)",
    "employed_with_answers": "ocupadas con respuestas",
    "informal": "informales",
    "informal_rate": "tasa de informalidad",
    "informal_ci_low": "IC 95 % inf.",
    "informal_ci_high": "IC 95 % sup.",
    "lacking_income_answers": "sin respuestas (ingreso)",
    "with_income_answers": "con ingreso y hogar",
    "poor": "pobres",
    "not_poor": "no pobres",
    "poverty_rate": "tasa de pobreza",
    "poverty_ci_low": "IC 95 % inf.",
    "poverty_ci_high": "IC 95 % sup.",
    "employment": "empleo",
    "model": "modelo",
    "term": "término",
    "odds_ratio": "odds ratio",
    "ci_low": "IC 95 % inf.",
    "ci_high": "IC 95 % sup.",
    "p_value": "valor p",
    "q_value": "valor q (BH)",
    "controls": "controles",
    "week": "semana (lunes)",
    "product": "producto",
    "category": "categoría",
    "feedback": "opiniones",
    "aspect": "aspecto",
    "sentiment": "sentimiento",
    "direction": "dirección",
    "start_week": "desde la semana",
    "effect": "efecto",
    "share_before": "antes",
    "share_after": "después",
    "feedback_before": "opiniones antes",
    "feedback_after": "opiniones después",
    "mentions": "menciones",
    "share": "proporción",
    "share_neg": "proporción negativa",
    "share_pos": "proporción positiva",
    "share_neu": "proporción neutra",
    "pos": "positivas",
    "neg": "negativas",
    "neu": "neutras",
    "unlabelled": "sin analizar",
    "recent_count": "veces (últimas 4 semanas)",
    "before_count": "veces (antes)",
    "recent_per_1000_words": "por 1000 palabras (reciente)",
    "before_per_1000_words": "por 1000 palabras (antes)",
    "log_odds": "log-odds",
    "kind": "tipo",
    "shown": "vieron",
    "details": "detalles",
    "interested": "interesados",
    "applied": "postularon",
    "not_interested": "no interesados",
    "shown_to_details": "vieron→detalles",
    "details_to_interested": "detalles→interés",
    "interested_to_applied": "interés→postulación",
    "shown_to_applied": "vieron→postulación",
    "skill": "habilidad",
    "current_job_offers": "ofertas vigentes",
    "share_of_current_job_offers": "proporción de ofertas",
    "times_shown": "veces mostrada",
    "courses_teaching_it": "cursos que la enseñan",
    "example_courses": "ejemplos de cursos",
    "region": "región",
    "profiles_checked": "perfiles revisados",
    "without_feasible_job": "sin empleo factible",
    "share_without_feasible_job": "proporción sin empleo factible",
    "suppressed": "suprimido",
    "table": "tabla",
    "rows": "filas",
    "suppressed_rows": "filas suprimidas",
    "withheld_values": "cifras vaciadas",
}


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def cell(value: Cell) -> str:
    if value is True:
        return "sí"
    if value is False:
        return ""
    return number(value)


def table(rows: Sequence[Row], *, limit: int = 30, keep: Sequence[str] | None = None) -> str:
    if not rows:
        return '<p class="empty">Sin datos en el periodo.</p>'
    names = [c for c in columns(rows) if keep is None or c in keep]
    head = "".join(f"<th>{esc(LABELS.get(name, name))}</th>" for name in names)
    body = []
    for row in rows[:limit]:
        css = ' class="suppressed"' if row.get("suppressed") else ""
        cells = "".join(f"<td>{esc(cell(row.get(name)))}</td>" for name in names)
        body.append(f"<tr{css}>{cells}</tr>")
    more = ""
    if len(rows) > limit:
        more = f'<p class="note">Se muestran {limit} de {len(rows)} filas.</p>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"


def figure(uri: str | None, alt: str) -> str:
    if uri is None:
        return ""
    return f'<figure><img src="{uri}" alt="{esc(alt)}"><figcaption>{esc(alt)}</figcaption></figure>'


def paragraphs(sentences: Sequence[str | None]) -> str:
    return "".join(f"<p>{esc(s)}</p>" for s in sentences if s)


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:70rem;padding:0 1rem;color:#222;line-height:1.45}
h1{color:#1f5f8b}h2{border-bottom:2px solid #1f5f8b;padding-bottom:.2rem;margin-top:2.5rem}
table{border-collapse:collapse;font-size:.82rem;margin:.6rem 0;display:block;overflow-x:auto}
th,td{border:1px solid #ccc;padding:.2rem .45rem;text-align:right;white-space:nowrap}
th{background:#eef3f7}td:first-child,th:first-child{text-align:left}
tr.suppressed td{color:#888;background:#f6f6f6}
.key{display:flex;flex-wrap:wrap;gap:1rem}.key div{background:#eef3f7;padding:.6rem 1rem;
border-radius:.4rem}.key b{display:block;font-size:1.4rem}
figure{margin:1rem 0}img{max-width:100%}.note,.empty,figcaption{color:#666;font-size:.85rem}
"""
