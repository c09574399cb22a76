"""The itda-match command line: a thin wrapper over the engine's Python API (verbs assign, recommend, classify, learn)."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence

from .classify import classify_many
from .engine import EngineConfig, MatchEngine
from .io import (
    InputError,
    outcome_from_dict,
    read_city,
    read_needs,
    read_records,
    read_volunteers,
    text_record_from_dict,
    write_jsonl,
)
from .learn import PreferenceModel
from .types import Need, Volunteer


def _model(path: str | None) -> PreferenceModel | None:
    if path is None:
        return None
    try:
        return PreferenceModel.load(path)
    except OSError as e:
        raise InputError(f"{path}: cannot read model: {e.strerror}") from None
    except (ValueError, KeyError, TypeError) as e:
        raise InputError(f"{path}: {e}") from None


def _read_city(a: argparse.Namespace) -> tuple[list[Volunteer], list[Need]]:
    return read_volunteers(a.volunteers), read_needs(a.needs)


def _workers(a: argparse.Namespace) -> int:
    workers = getattr(a, "workers", None)
    return max(1, workers if workers is not None else min(4, len(os.sched_getaffinity(0))))


def _read_indexed_city(a: argparse.Namespace, config: EngineConfig) -> tuple[MatchEngine, list[Need]]:
    """An engine indexing the volunteers and the needs, read in parallel (see io.read_city)."""
    model = _model(a.model)
    cols, needs, profiles = read_city(a.volunteers, a.needs, workers=_workers(a))
    assert needs is not None
    return MatchEngine(model, config=config).index_needs(needs, profiles).index_columns(cols), needs


def _assign(a: argparse.Namespace) -> None:
    engine, needs = _read_indexed_city(a, EngineConfig(workers=_workers(a)))
    rows = engine.assign_indexed(needs)
    write_jsonl(
        a.out,
        (
            {"need_id": r.need_id, "slot": r.slot, "volunteer_id": r.volunteer_id, "score": r.score,
             "reasons": list(r.reasons)}
            for r in rows
        ),
    )


def _recommend(a: argparse.Namespace) -> None:
    engine, needs = _read_indexed_city(a, EngineConfig())
    ranked = engine.recommend_all(needs, side=a.side, top=a.top)
    if a.side == "need":
        write_jsonl(a.out, ({"need_id": k, "volunteer_ids": [r.id for r in rs]} for k, rs in ranked))
    else:
        write_jsonl(a.out, ({"volunteer_id": k, "need_ids": [r.id for r in rs]} for k, rs in ranked))


def _classify(a: argparse.Namespace) -> None:
    recs = read_records(a.needs, text_record_from_dict)
    fields = classify_many([text for _, text in recs])
    write_jsonl(a.out, ({"need_id": rid, "field": f, "confidence": c} for (rid, _), (f, c) in zip(recs, fields, strict=True)))


def _learn(a: argparse.Namespace) -> None:
    vols, needs = _read_city(a)
    outcomes = read_records(a.outcomes, outcome_from_dict)
    engine = MatchEngine(_model(a.model))
    model = engine.learn(vols, needs, outcomes, seed=a.seed)
    model.save(a.model_out)
    print(f"learned from {model.n_samples_} answered proposals ({model.positive_rate_:.1%} accepted) -> {a.model_out}",
          file=sys.stderr)


def _workers_help(what: str) -> str:
    return (
        f"processes that {what} in parallel; the result is the same for any number "
        "(default: the cores this process may use, at most 4; a small city always uses one)"
    )


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="itda-match", description="itda's volunteer matching engine")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("assign", help="propose volunteers for every slot of every need")
    p.add_argument("--volunteers", required=True)
    p.add_argument("--needs", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--model")
    p.add_argument("--workers", type=int, default=None, help=_workers_help("read a large city's volunteers and score its needs"))
    p = sub.add_parser("recommend", help="ranked volunteers per need, or needs per volunteer")
    p.add_argument("--side", choices=["need", "volunteer"], required=True)
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--volunteers", required=True)
    p.add_argument("--needs", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--model")
    p.add_argument("--workers", type=int, default=None, help=_workers_help("read a large city's volunteers"))
    p = sub.add_parser("classify", help="the upper service field of each need-like record")
    p.add_argument("--needs", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("learn", help="fit the preference model to answered proposals")
    p.add_argument("--volunteers", required=True)
    p.add_argument("--needs", required=True)
    p.add_argument("--outcomes", required=True)
    p.add_argument("--model-out", required=True)
    p.add_argument("--model", help="start from this model's prior instead of the defaults")
    p.add_argument("--seed", type=int, default=0)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    a = build_parser().parse_args(argv)
    # A verb is one batch over records that live until it ends and hold no cycles worth
    # collecting: the cyclic collector would only rescan a large city's millions of
    # objects (and, in forked workers, touch their pages). Reference counting still
    # frees what is dropped.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        {"assign": _assign, "recommend": _recommend, "classify": _classify, "learn": _learn}[a.cmd](a)
    except InputError as e:
        print(f"itda-match: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"itda-match: error: {e.filename}: {e.strerror}", file=sys.stderr)
        return 2
    finally:
        # Called in-process (tests), the caller gets its collector back as it was.
        if was_enabled:
            gc.enable()
    return 0


if __name__ == "__main__":
    sys.exit(main())
