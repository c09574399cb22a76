"""Reading a city in parts and in parallel: the same records, the same errors, the same index and results."""

from __future__ import annotations

import itertools
import json
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itda_match.engine import EngineConfig, MatchEngine
from itda_match.features import VolunteerColumns, VolunteerTable, need_profiles
from itda_match.io import (
    InputError,
    iter_jsonl,
    read_city,
    read_needs,
    read_volunteer_columns,
    read_volunteers,
    volunteer_from_dict,
)
from itda_match.taxonomy import default_taxonomy
from itda_match.types import Volunteer

from .strategies import cities
from .test_cli import NEED, VOL

SLOW = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def record(v: Volunteer, intro: str = "") -> dict:
    return {
        "id": v.id, "age_group": v.age_group, "home": {"lat": v.home.lat, "lon": v.home.lon},
        "max_distance_km": v.max_distance_km,
        "availability": [{"weekday": w.weekday, "start": _hhmm(w.start_min), "end": _hhmm(w.end_min)} for w in v.availability],
        "max_hours_per_week": v.max_hours_per_week, "talents": list(v.talents), "interest_fields": list(v.interest_fields),
        "intro": intro, "qualifications": sorted(v.qualifications),
        "history": {"completed": v.history.completed, "declined": v.history.declined, "no_show": v.history.no_show},
    }


INTROS = ["", "퇴직 후 텃밭을 가꿉니다", "운전은 못해요", "주말에 반찬 봉사를 해요"]


def write_city(path: Path, vols: list[Volunteer]) -> Path:
    # A blank line and a repeated window on the way, as people's files have them.
    lines = []
    for i, v in enumerate(vols):
        r = record(v, INTROS[i % len(INTROS)])
        if i == 1 and r["availability"]:
            r["availability"].append(r["availability"][0])
        lines.append(json.dumps(r, ensure_ascii=False))
        if i == 2:
            lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.just(""), st.just("  "), st.integers(0, 10**6).map(lambda k: json.dumps({"k": k, "s": "가나다" * (k % 4)}))),
             max_size=25),
    st.lists(st.floats(0, 1), max_size=4),
    st.booleans(),
)
def test_parts_cut_anywhere_read_every_line_once(tmp_path_factory: pytest.TempPathFactory, lines: list[str],
                                                 cuts: list[float], crlf: bool) -> None:
    path = tmp_path_factory.mktemp("parts") / "x.jsonl"
    path.write_bytes(("\r\n" if crlf else "\n").join(lines).encode("utf-8"))
    size = path.stat().st_size
    whole = list(iter_jsonl(path))
    bounds = sorted({0, size, *(int(c * size) for c in cuts)})
    joined = [row for a, b in itertools.pairwise(bounds) for row in iter_jsonl(path, part=(a, b))]
    assert joined == whole
    assert [n for n, _ in whole] == [i + 1 for i, x in enumerate(lines) if x.strip()]


@pytest.mark.parametrize("bad", [b"{not json", b'{"s": "\xff\xfe"}'])
def test_a_bad_line_in_a_later_part_is_named_as_in_one_pass(tmp_path: Path, bad: bytes) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"a": 1}\n' * 30 + bad + b"\n" + b'{"a": 2}\n' * 5)
    with pytest.raises(InputError) as one:
        list(iter_jsonl(path))
    size = path.stat().st_size
    with pytest.raises(InputError) as part:
        list(iter_jsonl(path, part=(size // 2, size)))
    assert str(part.value) == str(one.value)
    assert f"{path}:31:" in str(one.value)


@SLOW
@given(cities(max_volunteers=30, max_needs=6))
def test_columns_read_in_parallel_are_those_of_one_pass(tmp_path_factory: pytest.TempPathFactory, city: tuple) -> None:
    vols, _ = city
    path = write_city(tmp_path_factory.mktemp("city") / "v.jsonl", vols)
    # This process already has an analyser; the workers must make their own (see text.kiwi).
    one = read_volunteer_columns(path)
    par = read_volunteer_columns(path, workers=3, min_bytes_per_worker=1)
    assert VolunteerColumns.concat([one]) is one
    _columns_equal(one, par)


@SLOW
@given(cities(max_volunteers=30, max_needs=6))
def test_an_index_built_from_columns_answers_as_one_built_from_records(tmp_path_factory: pytest.TempPathFactory,
                                                                       city: tuple) -> None:
    vols, nds = city
    path = write_city(tmp_path_factory.mktemp("city") / "v.jsonl", vols)
    records = read_volunteers(path)
    cfg = EngineConfig(full_scan_limit=0)
    from_records = MatchEngine(config=cfg).index(records)
    from_columns = MatchEngine(config=cfg).index_columns(read_volunteer_columns(path, workers=2, min_bytes_per_worker=1))
    a, b = from_records.volunteer_table, from_columns.volunteer_table
    assert sorted(a.window_types) == sorted(b.window_types)
    for i in range(a.n):
        assert sorted(set(a.windows_of(i))) == sorted(set(b.windows_of(i)))
    assert from_columns.assign_indexed(nds) == from_records.assign(records, nds)
    assert from_columns.recommend_all(nds, side="need", top=5) == from_records.recommend_all(nds, side="need", top=5)
    assert from_columns.recommend_all(nds, side="volunteer", top=5) == from_records.recommend_all(nds, side="volunteer", top=5)
    # A table read into columns keeps no records: a volunteer asking is answered from a table of their own.
    assert b.volunteers is None
    assert from_columns.recommend_needs(records[0], nds) == from_records.recommend_needs(records[0], nds)


def test_a_volunteer_id_repeated_across_parts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "v.jsonl"
    path.write_text("".join(json.dumps({**VOL, "id": f"v{i}"}) + "\n" for i in [1, 2, 3, 4, 5, 6, 3]), encoding="utf-8")
    with pytest.raises(InputError, match="duplicate volunteer id 'v3'"):
        read_volunteer_columns(path, workers=2, min_bytes_per_worker=1)


def test_a_table_of_records_and_of_their_columns_hold_the_same_index() -> None:
    window = {"weekday": 5, "start": "09:00", "end": "13:00"}
    vols = [volunteer_from_dict({**VOL, "id": f"v{i}", "availability": [window] * (i % 2 + 1)}) for i in range(4)]
    tx = default_taxonomy()
    a, b = VolunteerTable(vols, tx), VolunteerTable.from_columns(VolunteerColumns.of(vols, tx), tx)
    assert a.window_types == b.window_types == [(5, 540, 780)]
    assert [x.tolist() for x in a.by_window] == [x.tolist() for x in b.by_window] == [[0, 1, 2, 3]]
    assert np.array_equal(a.skill, b.skill)
    assert np.array_equal(a.interest, b.interest)


def _forms(texts: list[str]) -> list[list[str]]:
    from itda_match.text import kiwi

    return [[t.form for t in toks] for toks in kiwi().tokenize(texts)]


def test_a_forked_process_analyses_with_an_analyser_of_its_own() -> None:
    import multiprocessing as mp

    texts = ["자식 프로세스에서 읽는 글", "둘째 글도 함께"]
    here = _forms(texts)  # this process's analyser exists (and runs batches on its threads)
    with mp.get_context("fork").Pool(1) as pool:
        # With the parent's analyser the batch would wait for ever on threads the fork left behind.
        assert pool.apply_async(_forms, (texts,)).get(timeout=60) == here


NEED_TITLES = ["독거 어르신 밑반찬 조리", "주말 농장 일손 돕기", "초등학생 수학 공부방", "", "벽지 도배 도와주세요"]


def _city_files(tmp_path: Path, n_vol: int = 40, n_need: int = 12) -> tuple[Path, Path]:
    vpath, npath = tmp_path / "v.jsonl", tmp_path / "n.jsonl"
    vpath.write_text("".join(json.dumps({**VOL, "id": f"v{i}", "talents": [["반찬 만들기", "수학 과외", "집수리"][i % 3]],
                                         "intro": INTROS[i % len(INTROS)]}, ensure_ascii=False) + "\n" for i in range(n_vol)),
                     encoding="utf-8")
    npath.write_text("".join(json.dumps({**NEED, "id": f"n{j}", "title": NEED_TITLES[j % len(NEED_TITLES)] or "도움",
                                         "field": None if j % 2 else "생활편의"}, ensure_ascii=False) + "\n"
                             for j in range(n_need)), encoding="utf-8")
    return vpath, npath


@pytest.mark.parametrize("workers", [2, 3])
def test_a_city_read_in_parallel_is_the_city_read_in_one_pass(tmp_path: Path, workers: int) -> None:
    vpath, npath = _city_files(tmp_path)
    cols, needs, profiles = read_city(vpath, npath, workers=workers, min_bytes_per_worker=1)
    one, one_needs, none = read_city(vpath, npath)
    assert none is None
    assert profiles is not None
    _columns_equal(cols, one)
    assert needs == one_needs == read_needs(npath)
    made = need_profiles(read_needs(npath), default_taxonomy())
    assert np.array_equal(profiles[0], made[0])
    assert np.array_equal(profiles[1], made[1])
    # Skills from texts pooled across parts are those of the records read one by one.
    assert np.array_equal(cols.skill, VolunteerColumns.of(read_volunteers(vpath), default_taxonomy()).skill)


def test_a_bad_volunteer_line_is_reported_before_a_bad_need_line(tmp_path: Path) -> None:
    vpath, npath = _city_files(tmp_path)
    bad_needs = tmp_path / "bad_n.jsonl"
    bad_needs.write_text(npath.read_text(encoding="utf-8") + json.dumps({"id": "n99"}) + "\n", encoding="utf-8")
    bad_vols = tmp_path / "bad_v.jsonl"
    bad_vols.write_text(vpath.read_text(encoding="utf-8") + "{broken\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad_v\.jsonl:41: not valid JSON"):
        read_city(bad_vols, bad_needs, workers=2, min_bytes_per_worker=1)
    with pytest.raises(InputError, match=r"bad_n\.jsonl:13: missing field"):
        read_city(vpath, bad_needs, workers=2, min_bytes_per_worker=1)
    with pytest.raises(InputError, match=r"bad_v\.jsonl:41: not valid JSON"):
        read_city(bad_vols, tmp_path / "missing.jsonl", workers=2, min_bytes_per_worker=1)
    with pytest.raises(InputError, match=r"missing\.jsonl: cannot open"):
        read_city(vpath, tmp_path / "missing.jsonl", workers=2, min_bytes_per_worker=1)


def _good(tmp_path: Path) -> Path:
    path = tmp_path / "good.jsonl"
    path.write_text("".join(json.dumps({**VOL, "id": f"v{i}"}) + "\n" for i in range(20)), encoding="utf-8")
    return path


def _columns_equal(a: VolunteerColumns, b: VolunteerColumns) -> None:
    for f in fields(VolunteerColumns):
        x, y = getattr(a, f.name), getattr(b, f.name)
        assert np.array_equal(x, y) if isinstance(x, np.ndarray) else x == y, f.name


# Lines the typed decoder refuses but a volunteer record allows: columns come from the
# records reader for them, exactly as read_volunteers reads them.
ODD_BUT_VALID = [
    {**VOL, "talents": None, "interest_fields": [], "qualifications": None},
    {**VOL, "history": None, "intro": "텃밭 가꾸기"},
    {k: v for k, v in VOL.items() if k not in ("history", "intro", "talents", "interest_fields", "qualifications")},
    {**VOL, "talents": False, "extra": {"nested": [1, 2]}},
    {**VOL, "history": {"completed": 2.7, "declined": 0}},
    {**VOL, "home": {"lat": 35, "lon": 127}, "max_distance_km": 3, "max_hours_per_week": 2.5},
]


def test_the_fast_reading_accepts_and_builds_what_the_records_reader_does(tmp_path: Path) -> None:
    path = tmp_path / "v.jsonl"
    lines = [json.dumps({**r, "id": f"v{i}"}, ensure_ascii=False) for i, r in enumerate(ODD_BUT_VALID)]
    lines[3] = "  " + lines[3] + "  "
    path.write_text("\n".join([lines[0], "", *lines[1:], "\u3000"]) + "\n", encoding="utf-8")
    tx = default_taxonomy()
    _columns_equal(read_volunteer_columns(path), VolunteerColumns.of(read_volunteers(path), tx))


@pytest.mark.parametrize(
    "change",
    [
        {"age_group": "child"},
        {"home": {"lat": 135.0, "lon": 126.9}},
        {"availability": [{"weekday": 7, "start": "09:00", "end": "13:00"}]},
        {"availability": [{"weekday": True, "start": "09:00", "end": "13:00"}]},
        {"availability": [{"weekday": 2, "start": "13:00", "end": "09:00"}]},
        {"history": {"completed": -1}},
        {"history": {"no_show": True}},
        {"max_distance_km": "5"},
        {"talents": "요리"},
        {"intro": None},
        {"id": 7},
    ],
)
def test_a_line_the_fast_reading_refuses_is_explained_as_the_records_reader_does(tmp_path: Path, change: dict) -> None:
    path = tmp_path / "v.jsonl"
    path.write_text(
        "".join(json.dumps({**VOL, "id": f"v{i}", **(change if i == 3 else {})}) + "\n" for i in range(6)), encoding="utf-8"
    )
    with pytest.raises(InputError) as records:
        read_volunteers(path)
    with pytest.raises(InputError) as columns:
        read_volunteer_columns(path)
    assert str(columns.value) == str(records.value)
    assert f"{path}:4: " in str(columns.value)


def test_the_fast_reading_knows_every_age_group() -> None:
    from typing import get_args, get_type_hints

    from itda_match.io import _VolunteerRec
    from itda_match.types import AGE_GROUPS

    assert get_args(get_type_hints(_VolunteerRec)["age_group"]) == AGE_GROUPS
