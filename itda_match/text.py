"""Korean text analysis with kiwipiepy: content morphemes, compound nouns and embedding neighbours."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

# Tags that carry meaning for matching help and talents: nouns, verb and adjective
# stems (irregular variants are tagged e.g. "VV-I"), roots, foreign words and numbers
# written in hanja. Particles, endings and suffixes are dropped.
_CONTENT_PREFIXES = ("NNG", "NNP", "VV", "VA", "XR", "SL", "SH")
_NOUN_TAGS = ("NNG", "NNP", "XR", "SL", "SH")
# Adverbs that say what help is wanted: 홀로 계신 어르신 and 혼자 사시는 분 are people living
# alone, the people company and visits are for.
_CONTENT_ADVERBS = frozenset(["홀로", "혼자"])
_SPLIT = re.compile(r"[\s,./()\[\]{}<>「」『』【】\"'“”‘’·ㆍ~!?★☆◆■※:;|+&_-]+")


# Morphemes that deny what comes before them in a statement about oneself.
_NEGATORS = frozenset(
    [("없", "VA"), ("않", "VX"), ("못", "MAG"), ("안", "MAG"), ("불가", "NNG"), ("불", "XPN"), ("모르", "VV"), ("서투르", "VA")]
)
# Words about the ability rather than the activity: in 요리 경험 없음 or 운전은 자신 없어요
# the denial reaches back past them (and past adverbs such as 잘 or 전혀) to the activity.
_ABILITY_WORDS = frozenset(["경험", "자신", "자격", "자격증", "능력", "실력", "경력"])
# The adverbs kept as content (혼자, 홀로) do not stop it either: 운전은 혼자 못해요.


_KIWI: dict[int, Any] = {}  # by process id


def kiwi() -> Any:
    """The process-wide Kiwi analyser, created on first use (loading takes about a second).

    A forked process gets its own: the parent's analyser runs batches on worker threads
    that do not exist in the child, so using it there would wait for ever. The parent's
    stays referenced (never destroyed in the child, which would also wait on them).
    """
    k = _KIWI.get(os.getpid())
    if k is None:
        from kiwipiepy import Kiwi

        # Only single words are analysed (see words), so the dictionary of multi-word
        # expressions could only read a few proper nouns written solid (맨발공원) as
        # one name; left out, the analyser starts in 1.2 s instead of 2.6 s. The typo
        # dictionary serves only analyses asked to correct typos, which these are not:
        # without it Kiwi is ready 0.2 s sooner and reads the same (20,180 words of the
        # taxonomy, the 1365 records and the bench city compared).
        k = _KIWI[os.getpid()] = Kiwi(load_multi_dict=False, load_typo_dict=False)
    return k


@dataclass(frozen=True, slots=True)
class WordAnalysis:
    """Content morphemes of one space-separated word, and its noun compounds."""

    morphemes: tuple[tuple[str, str], ...]  # (form, tag)
    compounds: tuple[str, ...]  # adjacent nouns joined: 밑반찬+나눔 -> 밑반찬나눔
    ends_with_noun: bool
    starts_with_noun: bool
    nouns_only: bool  # every token a free noun (놀이, 기술+센터), not 년+지도사
    negates: bool = False  # says "not" or "cannot": 없음, 못해요, 안 해요, 불가, 몰라요


def words(text: str) -> list[str]:
    """Space and punctuation separated words (eojeol) of a text."""
    return [w for w in _SPLIT.split(text) if w]


def _norm_form(form: str, tag: str) -> str:
    return form.lower() if tag == "SL" else form


# Kiwi's analyses of the words the taxonomy is built from, written by
# scripts/build_word_cache.py: building the taxonomy then needs no Kiwi (3.4 s -> 0.02 s),
# and Kiwi loads only when a text holds a word that is not in the file.
SHIPPED_WORDS = Path(__file__).with_name("data") / "word_analyses.json"
WORDS_FORMAT = "itda_match.word_analyses/1"


def analyser_versions() -> dict[str, str]:
    """The installed analyser and model: another version may read a word differently."""
    out = {}
    for pkg in ("kiwipiepy", "kiwipiepy_model"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = ""
    return out


def analysis_to_json(a: WordAnalysis) -> list[Any]:
    """The analysis's fields in order (JSON writes the tuples as lists)."""
    return list(astuple(a))


def analysis_from_json(e: list[Any]) -> WordAnalysis:
    morphs, compounds, *flags = e
    return WordAnalysis(tuple((str(f), str(t)) for f, t in morphs), tuple(map(str, compounds)), *map(bool, flags))


def load_shipped_words(path: Path = SHIPPED_WORDS) -> dict[str, WordAnalysis]:
    """The shipped analyses, or none when the file is missing or was written by another analyser."""
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(d, dict) or d.get("format") != WORDS_FORMAT or d.get("analyser") != analyser_versions():
        return {}
    try:
        return {w: analysis_from_json(e) for w, e in d["words"].items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        return {}  # a damaged file costs only time: Kiwi reads the words again


class _WordCache:
    """Word analyses by word, filled one word at a time or in batches (Kiwi runs a batch in parallel).

    The first miss also takes in the shipped analyses (`SHIPPED_WORDS`), so a word found
    there never starts Kiwi.
    """

    limit = 500_000

    def __init__(self) -> None:
        self.known: dict[str, WordAnalysis] = {}
        self._shipped = False

    def _take_shipped(self) -> None:
        self._shipped = True
        for w, a in load_shipped_words().items():
            self.known.setdefault(w, a)

    def get(self, word: str) -> WordAnalysis:
        a = self.known.get(word)
        if a is None:
            if not self._shipped:
                self._take_shipped()
                return self.get(word)
            a = _from_tokens(kiwi().tokenize(word))
            self._put(word, a)
        return a

    def prime(self, ws: list[str]) -> None:
        if not self._shipped:
            self._take_shipped()
        todo = sorted({w for w in ws if w not in self.known})
        if not todo:
            return
        for w, toks in zip(todo, kiwi().tokenize(todo), strict=True):
            self._put(w, _from_tokens(toks))

    def _put(self, word: str, a: WordAnalysis) -> None:
        if len(self.known) >= self.limit:
            self.known.clear()  # a crude bound; real vocabularies stay far below it
            self._shipped = False
        self.known[word] = a


_WORDS = _WordCache()  # cheap to create: Kiwi itself loads on first use


@contextmanager
def kiwi_readings() -> Iterator[dict[str, WordAnalysis]]:
    """Within the block, words are analysed afresh by Kiwi (the shipped file unused) and
    collected in the dict yielded; the process's cache is back as it was afterwards.

    What scripts/build_word_cache.py records while it builds a taxonomy.
    """
    global _WORDS
    fresh = _WordCache()
    fresh._shipped = True  # Kiwi's own reading, not the file's
    saved, _WORDS = _WORDS, fresh
    analyze.cache_clear()
    try:
        yield fresh.known
    finally:
        _WORDS = saved
        analyze.cache_clear()


def analyze_word(word: str) -> WordAnalysis:
    """Analyse one word; cached, because volunteer texts reuse a small vocabulary."""
    return _WORDS.get(word)


def prime_words(texts: list[str]) -> None:
    """Analyse every new word of many texts in one parallel Kiwi batch (speeds up bulk loads)."""
    ws: list[str] = []
    for t in texts:
        ws.extend(words(t))
    _WORDS.prime(ws)


def _from_tokens(toks: Any) -> WordAnalysis:
    morphs: list[tuple[str, str]] = []
    compounds: list[str] = []
    run: list[str] = []
    last_is_noun = False
    first_is_noun = bool(toks) and toks[0].tag.startswith(_NOUN_TAGS)
    for t in toks:
        tag = t.tag
        is_noun = tag.startswith(_NOUN_TAGS)
        if tag.startswith(_CONTENT_PREFIXES) or (tag == "MAG" and t.form in _CONTENT_ADVERBS):
            morphs.append((_norm_form(t.form, tag), tag.split("-")[0]))
        if is_noun:
            run.append(_norm_form(t.form, tag))
        else:
            if len(run) >= 2:
                compounds.extend(_subruns(run))
            run = []
        last_is_noun = is_noun
    if len(run) >= 2:
        compounds.extend(_subruns(run))
    nouns_only = bool(toks) and all(t.tag in ("NNG", "NNP") for t in toks)
    negates = any((t.form, t.tag.split("-")[0]) in _NEGATORS for t in toks)
    return WordAnalysis(tuple(morphs), tuple(compounds), last_is_noun, first_is_noun, nouns_only, negates)


def _subruns(run: list[str]) -> list[str]:
    out = []
    for i in range(len(run)):
        for j in range(i + 2, min(len(run), i + 4) + 1):
            out.append("".join(run[i:j]))
    return out


@dataclass(frozen=True, slots=True)
class TextAnalysis:
    """Everything the taxonomy matcher needs to know about a text."""

    words: tuple[str, ...]
    forms: frozenset[str]  # content morpheme forms and compounds
    morphemes: tuple[tuple[str, str], ...]


@lru_cache(maxsize=100_000)
def analyze(text: str, *, statement: bool = False) -> TextAnalysis:
    """Content morphemes of a text plus its noun compounds, also across a space (집 수리).

    A `statement` about oneself (a talent, an intro) leaves out what it denies: 차량 없음,
    운전 못해요, 요리는 잘 못해요, 컴퓨터 경험 없음. A request is read whole, since a need
    often says what is missing (일손이 없어요, 차가 없어서 병원 가기 힘들어요).
    """
    ws = tuple(words(text))
    if statement:
        ws = _without_denied(ws)
    forms: set[str] = set()
    morphs: list[tuple[str, str]] = []
    prev: WordAnalysis | None = None
    for w in ws:
        a = analyze_word(w)
        morphs.extend(a.morphemes)
        forms.update(f for f, _ in a.morphemes)
        forms.update(a.compounds)
        # Korean writes compounds with or without a space (집 수리 / 집수리); join a
        # noun-final word with a noun-initial next word so both spellings meet.
        if prev is not None and prev.ends_with_noun and a.starts_with_noun and prev.morphemes and a.morphemes:
            forms.add(prev.morphemes[-1][0] + a.morphemes[0][0])
        prev = a
    return TextAnalysis(ws, frozenset(forms), tuple(morphs))


def _without_denied(ws: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a statement minus each denial and the activity it denies."""
    analyses = [analyze_word(w) for w in ws]
    if not any(a.negates for a in analyses):
        return ws
    drop: set[int] = set()
    for i, a in enumerate(analyses):
        if not a.negates:
            continue
        drop.add(i)
        if any(t[0] in "NXS" and f not in _ABILITY_WORDS and (f, t) not in _NEGATORS for f, t in a.morphemes):
            continue  # the activity is in the same word: 운전못함
        j = i - 1
        while j >= 0 and not analyses[j].negates:
            drop.add(j)
            if any(f not in _ABILITY_WORDS and f not in _CONTENT_ADVERBS for f, _ in analyses[j].morphemes):
                break
            j -= 1
    return tuple(w for i, w in enumerate(ws) if i not in drop)


def is_noun_run(word: str) -> bool:
    """Whether kiwi reads the whole word as free nouns only (놀이, 기술센터), not 년+지도사."""
    a = analyze_word(word)
    return a.nouns_only and "".join(f for f, _ in a.morphemes) == word


@lru_cache(maxsize=50_000)
def similar_morphemes(form: str, tag: str, top_n: int = 20) -> tuple[tuple[str, float], ...]:
    """Neighbours of a morpheme in kiwipiepy's built-in CoNgram embedding space."""
    try:
        res = kiwi().most_similar_morphemes((form, tag), top_n=top_n)
    except (ValueError, RuntimeError, KeyError):
        return ()
    return tuple((_norm_form(m.form, m.tag), float(m.score)) for m in res)
