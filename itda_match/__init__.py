"""itda_match: itda's pure-Python two-way volunteer matching engine (never imports Django).

Public API (stable; the web application and the ``itda-match`` command call only this):

- records in (frozen dataclasses, ``itda_match.types``): ``Volunteer``, ``Need``, ``Slot``,
  ``AvailabilityWindow``, ``History``, ``GeoPoint``; results out: ``Assignment``
  (need_id, slot index, volunteer_id, score, reasons), ``Ranked`` (id, score, reason),
  ``Outcome`` (an answered proposal, for learning);
- ``MatchEngine(model: PreferenceModel | None = None, *, taxonomy=None, config=None,
  assign_config=None)`` with ``.index(volunteers)``, ``.recommend_volunteers(need, top=10)``,
  ``.index_needs(needs)``, ``.recommend_needs(volunteer, needs=None, top=10)``,
  ``.assign(volunteers, needs) -> list[Assignment]``, ``.learn(volunteers, needs, outcomes)``;
- ``classify(text) -> (field label, confidence)``: the 1365 upper service field of a text
  (taxonomy evidence plus ``FieldClassifier``, a word model fitted on labelled 1365 titles
  and shipped as ``itda_match/data/field_model.json``); ``classify_many(texts)`` scores
  many in one batch;
- ``PreferenceModel(l2=..., prior=..., level='prior'|'learned', seed=...)`` with ``.fit(X, y)``, ``.predict_proba(X)``, ``.calibrate(p)``,
  ``.save(path)`` / ``PreferenceModel.load(path)`` (JSON),
  ``PreferenceModel.from_weights(weights)``;
- ``Taxonomy`` / ``default_taxonomy()``: concepts of help, Korean terms, fields
  (product data in ``itda_match/taxonomy_data.py``);
- ``EngineConfig`` / ``AssignConfig``: retrieval, priority and fairness settings with
  documented defaults;
- ``read_volunteers(path)``, ``read_needs(path)``, ``volunteer_from_dict``, ``need_from_dict``
  (``InputError`` names file and line).
"""

from .assign import AssignConfig
from .classify import FieldClassifier, classify, classify_many
from .engine import EngineConfig, MatchEngine
from .io import InputError, need_from_dict, read_needs, read_volunteers, volunteer_from_dict
from .learn import DEFAULT_WEIGHTS, PreferenceModel
from .taxonomy import FIELD_LABELS, Taxonomy, default_taxonomy
from .types import (
    Assignment,
    AvailabilityWindow,
    GeoPoint,
    History,
    Need,
    Outcome,
    Ranked,
    Slot,
    Volunteer,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "FIELD_LABELS",
    "AssignConfig",
    "Assignment",
    "AvailabilityWindow",
    "EngineConfig",
    "FieldClassifier",
    "GeoPoint",
    "History",
    "InputError",
    "MatchEngine",
    "Need",
    "Outcome",
    "PreferenceModel",
    "Ranked",
    "Slot",
    "Taxonomy",
    "Volunteer",
    "classify",
    "classify_many",
    "default_taxonomy",
    "need_from_dict",
    "read_needs",
    "read_volunteers",
    "volunteer_from_dict",
]
