"""City dashboard pages: the centre's full view, the public view without personal data, and
the dong map fragment that htmx swaps when another figure is chosen."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from itda.community.models import BlindSpotCase
from itda.core.access import AuthedRequest, require_centre_admin
from itda.dashboard.charts import bar_chart
from itda.dashboard.geo import city_shape
from itda.dashboard.selectors import (
    MAP_FIGURES,
    TARGETS,
    TREND_LABELS,
    city_figures,
    district_rows,
    dong_rows,
    map_classes,
    monthly_trends,
    target_rows,
    unfilled_needs,
)

TREND_UNITS = {"registration_rate": "%"}
TREND_KEYS = ["volunteers", "registration_rate", "participants_month", "camps", "social_jobs",
              "professional_teams", "retiree_teams", "activists", "pledgers"]


CACHE_KEY = "itda:dashboard:figures:v1"
CACHE_SECONDS = 300


def figures_bundle() -> dict[str, Any]:
    """Every aggregate of the page, computed at most once per five minutes per process.

    The figures move slowly, and with a city's worth of activities the grouped counts take
    a noticeable fraction of a second; the page says when they were computed."""
    bundle: dict[str, Any] | None = cache.get(CACHE_KEY)
    if bundle is None:
        rows = dong_rows()
        bundle = {"figures": city_figures(), "trends": monthly_trends(), "rows": rows,
                  "districts": district_rows(rows), "at": timezone.now()}
        cache.set(CACHE_KEY, bundle, CACHE_SECONDS)
    return bundle


def _wants_fragment(request: HttpRequest) -> bool:
    """htmx swaps the map; a history restore (back button after a swap) needs the whole page."""
    htmx: Any = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _figure(request: HttpRequest) -> str:
    figure = request.GET.get("figure", "registration_rate")
    return figure if figure in MAP_FIGURES else "registration_rate"


def _map_context(rows: list[dict[str, Any]], figure: str, *, url_name: str) -> dict[str, Any]:
    fills, legend = map_classes(rows, figure)
    by_code = {r["code"]: r for r in rows}
    label, unit = MAP_FIGURES[figure]
    shapes = [{"shape": s, "fill": fills.get(s.code, "#fff"), "row": by_code.get(s.code),
               "value": by_code[s.code][figure] if s.code in by_code else None}
              for s in city_shape().dongs]
    return {"city": city_shape(), "shapes": shapes, "legend": legend, "figure": figure,
            "figure_label": label, "figure_unit": unit, "figures_menu": MAP_FIGURES,
            "map_url_name": url_name}


def _context(request: HttpRequest, *, centre: bool) -> dict[str, Any]:
    bundle = figures_bundle()
    figures, trends, rows = bundle["figures"], bundle["trends"], bundle["rows"]
    months = trends["months"]
    charts = [{"key": k, "label": TREND_LABELS[k],
               "chart": bar_chart(trends["series"][k], months, title=TREND_LABELS[k],
                                  unit=TREND_UNITS.get(k, ""))}
              for k in TREND_KEYS]
    trend_table = [{"month": m, "values": [trends["series"][k][i] for k in TREND_KEYS]}
                   for i, m in enumerate(months)]
    ctx: dict[str, Any] = {
        "centre": centre, "figures": figures, "targets": target_rows(figures), "charts": charts,
        "trend_labels": [TREND_LABELS[k] for k in TREND_KEYS], "trend_table": trend_table,
        "districts": bundle["districts"], "dongs": rows, "n_targets": len(TARGETS),
        "computed_at": bundle["at"], "cache_minutes": CACHE_SECONDS // 60,
        **_map_context(rows, _figure(request), url_name="dashboard:admin" if centre else "dashboard:public"),
    }
    if centre:
        ctx["unfilled"] = list(unfilled_needs())
        ctx["busiest"] = sorted((r for r in rows if r["open_needs"]), key=lambda r: (-r["open_needs"], r["code"]))[:10]
        ctx["blindspot_counts"] = _blindspot_counts()
    return ctx


def _blindspot_counts() -> dict[str, int]:
    from django.db.models import Count, Q

    agg = BlindSpotCase.objects.aggregate(
        total=Count("id"), watching=Count("id", filter=Q(status=BlindSpotCase.Status.WATCHING)),
        linked=Count("id", filter=Q(status=BlindSpotCase.Status.LINKED)))
    return {k: int(v or 0) for k, v in agg.items()}


@login_required
@require_GET
def admin_dashboard(request: AuthedRequest) -> HttpResponse:
    require_centre_admin(request.user)
    if _wants_fragment(request):
        return render(request, "dashboard/page.html#map", _map_context(figures_bundle()["rows"], _figure(request),
                                                                       url_name="dashboard:admin"))
    return render(request, "dashboard/page.html", _context(request, centre=True))


@require_GET
def public_dashboard(request: HttpRequest) -> HttpResponse:
    if _wants_fragment(request):
        return render(request, "dashboard/page.html#map", _map_context(figures_bundle()["rows"], _figure(request),
                                                                       url_name="dashboard:public"))
    return render(request, "dashboard/page.html", _context(request, centre=False))
