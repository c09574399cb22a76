"""Geometry for the dashboard's small inline SVG charts; templates only draw what this returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    label: str
    value: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    max_value: float
    summary: str
    points: str  # a polyline through the bar tops, for the trend line


def month_label(d: date) -> str:
    return f"{d.year % 100:02d}.{d.month:02d}"


def bar_chart(values: list[float], months: list[date], *, title: Any, unit: Any,
              width: int = 300, height: int = 110) -> BarChart:
    top_pad, bottom_pad = 8, 18
    n = max(len(values), 1)
    plot_h = height - top_pad - bottom_pad
    max_value = max(values) if values and max(values) > 0 else 1.0
    step = width / n
    bars = []
    for i, v in enumerate(values):
        h = plot_h * (v / max_value)
        bars.append(Bar(x=round(i * step + step * 0.15, 1), y=round(top_pad + plot_h - h, 1),
                        w=round(step * 0.7, 1), h=round(h, 1), label=month_label(months[i]), value=v))
    points = " ".join(f"{b.x + b.w / 2:.1f},{b.y:.1f}" for b in bars)
    first, last = (values[0], values[-1]) if values else (0, 0)
    summary = _("%(title)s: %(m0)s %(v0)s%(unit)s에서 %(m1)s %(v1)s%(unit)s로 변화") % {
        "title": title, "m0": month_label(months[0]), "v0": f"{first:g}", "m1": month_label(months[-1]),
        "v1": f"{last:g}", "unit": unit} if values else str(title)
    return BarChart(width=width, height=height, bars=tuple(bars), max_value=max_value, summary=summary,
                    points=points)
