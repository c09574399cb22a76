"""Gwangju's 96 dong polygons as SVG path strings, projected once per process.

The projection is equirectangular with longitudes scaled by cos(mean latitude): at a city's
size the distortion is invisible, and it needs no map library or tile server.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

GEOJSON = Path(__file__).resolve().parent.parent / "places" / "data" / "gwangju_admdong_2025.geojson"
WIDTH = 640.0
MIN_STEP_PX = 0.7  # points closer than this to the last kept one add bytes, not shape


@dataclass(frozen=True)
class DongShape:
    code: str
    name: str
    district: str
    path: str
    cx: float
    cy: float


@dataclass(frozen=True)
class CityShape:
    width: float
    height: float
    dongs: tuple[DongShape, ...]


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    coords = geometry["coordinates"]
    polygons = [coords] if geometry["type"] == "Polygon" else coords
    return [ring for poly in polygons for ring in poly]


@cache
def city_shape() -> CityShape:
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    lons = [p[0] for feat in features for ring in _rings(feat["geometry"]) for p in ring]
    lats = [p[1] for feat in features for ring in _rings(feat["geometry"]) for p in ring]
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = WIDTH / ((max_lon - min_lon) * kx)
    height = (max_lat - min_lat) * scale

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - min_lon) * kx * scale, (max_lat - lat) * scale

    shapes = []
    for feat in features:
        props = feat["properties"]
        parts = []
        for ring in _rings(feat["geometry"]):
            kept: list[tuple[float, float]] = []
            for lon, lat in ring:
                x, y = xy(lon, lat)
                if kept and abs(x - kept[-1][0]) < MIN_STEP_PX and abs(y - kept[-1][1]) < MIN_STEP_PX:
                    continue
                kept.append((x, y))
            if len(kept) < 3:
                continue
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z")
        cx, cy = xy(props["lon"], props["lat"])
        shapes.append(DongShape(code=props["adm_cd10"], name=props["emd_nm"], district=props["sgg_nm"],
                                path="".join(parts), cx=round(cx, 1), cy=round(cy, 1)))
    return CityShape(width=WIDTH, height=round(height, 1), dongs=tuple(shapes))
