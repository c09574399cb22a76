"""The itda-match command-line contract, verb by verb (run through main(argv) and one real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from itda_match import classify
from itda_match.cli import main

VOL = {
    "id": "v1", "age_group": "adult", "home": {"lat": 35.15, "lon": 126.85}, "max_distance_km": 5,
    "availability": [{"weekday": 5, "start": "09:00", "end": "13:00"}], "max_hours_per_week": 4,
    "talents": ["반찬 만들기"], "interest_fields": ["생활편의"], "intro": "요리를 좋아합니다",
    "qualifications": ["cook_cert"], "history": {"completed": 3, "declined": 1, "no_show": 0},
}
NEED = {
    "id": "n1", "requester_kind": "individual", "org_type": None, "title": "독거 어르신 밑반찬 조리",
    "description": "반찬 만들어 주실 분", "field": "생활편의", "location": {"lat": 35.16, "lon": 126.86},
    "slots": [{"start": "2026-12-12T10:00+09:00", "end": "2026-12-12T12:00+09:00", "headcount": 2}],
    "required_qualifications": [], "eligible_age_groups": ["adult", "senior"], "urgency": 0.5,
}


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def read(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.fixture
def city(tmp_path: Path) -> tuple[Path, Path]:
    far = {**VOL, "id": "v2", "home": {"lat": 35.30, "lon": 126.60}}
    busy = {**VOL, "id": "v3", "availability": [{"weekday": 0, "start": "09:00", "end": "13:00"}]}
    other = {**VOL, "id": "v4", "talents": ["수학 과외"], "intro": "", "interest_fields": ["교육"]}
    return write(tmp_path / "v.jsonl", [VOL, far, busy, other]), write(tmp_path / "n.jsonl", [NEED])


def test_it_assigns_with_reasons(city: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    assert main(["assign", "--volunteers", str(city[0]), "--needs", str(city[1]), "--out", str(out)]) == 0
    rows = read(out)
    assert {r["volunteer_id"] for r in rows} == {"v1", "v4"}  # v2 too far, v3 not free
    for r in rows:
        assert set(r) == {"need_id", "slot", "volunteer_id", "score", "reasons"}
        assert r["need_id"] == "n1"
        assert r["slot"] == 0
        assert 0 <= r["score"] <= 1
        assert r["reasons"]
        assert all(isinstance(x, str) for x in r["reasons"])
    best = max(rows, key=lambda r: r["score"])
    assert best["volunteer_id"] == "v1"
    assert "km 거리" in best["reasons"][0]
    assert "토요일 오전 가능" in best["reasons"][0]


def test_it_recommends_both_sides(city: tuple[Path, Path], tmp_path: Path) -> None:
    rn, rv = tmp_path / "rn.jsonl", tmp_path / "rv.jsonl"
    base = ["--volunteers", str(city[0]), "--needs", str(city[1])]
    assert main(["recommend", "--side", "need", "--top", "2", *base, "--out", str(rn)]) == 0
    assert main(["recommend", "--side", "volunteer", "--top", "3", *base, "--out", str(rv)]) == 0
    assert read(rn) == [{"need_id": "n1", "volunteer_ids": ["v1", "v4"]}]
    by_vol = {r["volunteer_id"]: r["need_ids"] for r in read(rv)}
    assert by_vol == {"v1": ["n1"], "v2": [], "v3": [], "v4": ["n1"]}
    again = tmp_path / "rn2.jsonl"
    assert main(["recommend", "--side", "need", "--top", "2", *base, "--out", str(again), "--workers", "3"]) == 0
    assert read(again) == read(rn)


def test_it_classifies(tmp_path: Path) -> None:
    src = write(tmp_path / "c.jsonl", [{"id": "a", "title": "하천 쓰레기 줍기 플로깅"}, {"id": "b", "title": "초등학생 수학 학습지도", "description": ""}])
    out = tmp_path / "f.jsonl"
    assert main(["classify", "--needs", str(src), "--out", str(out)]) == 0
    rows = read(out)
    assert [r["need_id"] for r in rows] == ["a", "b"]
    assert rows[0]["field"] == "환경ㆍ생태계보호"
    assert rows[1]["field"] == "교육"
    assert all(0 <= r["confidence"] <= 1 for r in rows)


def test_a_file_is_classified_as_each_text_alone(tmp_path: Path) -> None:
    # The verb scores the whole file in one batch; every record gets what classify() gives its text.
    recs = [{"id": str(i), "title": t, "description": d} for i, (t, d) in enumerate([
        ("사과 따기 일손이 필요해요", ""), ("[구립도서관] 서가 정리 및 도서 배가", "오전"),
        ("도와주세요", ""), ("3월 자원봉사 기본교육 (성인)", ""), ("폭우 피해 주택 토사 제거", "복구"),
    ])]
    out = tmp_path / "f.jsonl"
    assert main(["classify", "--needs", str(write(tmp_path / "c.jsonl", recs)), "--out", str(out)]) == 0
    alone = [classify(f"{r['title']} {r['description']}".strip()) for r in recs]
    assert [(r["field"], r["confidence"]) for r in read(out)] == [(f, c) for f, c in alone]
    empty = tmp_path / "e.jsonl"
    assert main(["classify", "--needs", str(write(tmp_path / "none.jsonl", [])), "--out", str(empty)]) == 0
    assert read(empty) == []


def test_it_learns_and_uses_the_model(city: tuple[Path, Path], tmp_path: Path) -> None:
    outcomes = write(tmp_path / "o.jsonl", [
        {"need_id": "n1", "slot": 0, "volunteer_id": "v1", "outcome": "accepted"},
        {"need_id": "n1", "slot": 0, "volunteer_id": "v4", "outcome": "declined"},
        {"need_id": "n1", "slot": 0, "volunteer_id": "v2", "outcome": "invalid"},
    ])
    model = tmp_path / "m.json"
    base = ["--volunteers", str(city[0]), "--needs", str(city[1])]
    assert main(["learn", *base, "--outcomes", str(outcomes), "--model-out", str(model)]) == 0
    saved = json.loads(model.read_text(encoding="utf-8"))
    assert saved["n_samples"] == 2
    assert set(saved["coef"]) >= {"bias", "fit"}
    out = tmp_path / "a.jsonl"
    assert main(["assign", *base, "--out", str(out), "--model", str(model)]) == 0
    assert read(out)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({k: v for k, v in VOL.items() if k != "home"}), "missing field 'home'"),
        (json.dumps({**VOL, "age_group": "child"}), "age_group"),
        (json.dumps({**VOL, "availability": [{"weekday": 9, "start": "09:00", "end": "10:00"}]}), "weekday"),
    ],
)
def test_it_names_file_and_line_of_bad_input(
    city: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, message: str
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(VOL) + "\n" + line + "\n", encoding="utf-8")
    code = main(["assign", "--volunteers", str(bad), "--needs", str(city[1]), "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert code != 0
    assert f"{bad}:2:" in err
    assert message in err


def test_it_rejects_a_need_without_slots_field(city: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path / "n.jsonl", [{k: v for k, v in NEED.items() if k != "slots"}])
    assert main(["recommend", "--side", "need", "--volunteers", str(city[0]), "--needs", str(bad), "--out", str(tmp_path / "x")]) != 0
    assert f"{bad}:1: missing field 'slots'" in capsys.readouterr().err


def test_it_reports_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", "--needs", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "x")]) != 0
    assert "nope.jsonl" in capsys.readouterr().err


def test_console_script_runs_as_a_process(city: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    res = subprocess.run(
        [sys.executable, "-m", "itda_match.cli", "assign", "--volunteers", str(city[0]), "--needs", str(city[1]), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )
    assert res.returncode == 0, res.stderr
    assert read(out)


def test_reading_leaves_the_garbage_collector_as_it_was(city: tuple[Path, Path], tmp_path: Path) -> None:
    import gc

    vols, needs = city
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "v1"}\n', encoding="utf-8")
    assert gc.isenabled()
    assert main(["assign", "--volunteers", str(bad), "--needs", str(needs), "--out", str(tmp_path / "a.jsonl")]) == 2
    assert main(["assign", "--volunteers", str(vols), "--needs", str(needs), "--out", str(tmp_path / "a.jsonl")]) == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_verb_runs_without_the_cyclic_collector(city: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from itda_match import cli

    seen: list[bool] = []
    real = cli.read_city

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "read_city", spy)
    vols, needs = city
    assert main(["assign", "--volunteers", str(vols), "--needs", str(needs), "--out", str(tmp_path / "a.jsonl")]) == 0
    assert seen == [False]
    assert gc.isenabled()
