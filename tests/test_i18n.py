"""Korean is the default language and English the second: the English catalog is complete and
the pages, forms and messages switch to it by Accept-Language, the language cookie or set_language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from itda.needs.models import Need
from itda.places.models import District, Dong, ServiceField
from tests import factories as f

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")  # %(name)s and str.format's {name}
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+")


# --- a tiny .po reader (no dependency) --------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(token: str) -> str:
    body = token.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int | None, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def po_entries(path: Path) -> list[Entry]:
    """Every entry of a .po file (the header first): flags, msgctxt, msgid, plural, msgstr(s)."""
    entries: list[Entry] = []
    for block in re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8").strip()):
        entry, current, seen = Entry(), "", False
        index: int | None = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags = {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', line):
                current, value = match.group(1), _unquote(match.group(3))
                index = int(match.group(2)) if match.group(2) is not None else None
                seen = seen or current == "msgid"
                _append(entry, current, index, value, new=True)
            elif line.startswith('"') and current:
                _append(entry, current, index, _unquote(line), new=False)
        if seen:
            entries.append(entry)
    return entries


def _append(entry: Entry, key: str, index: int | None, value: str, *, new: bool) -> None:
    if key == "msgstr":
        entry.msgstr[index] = ("" if new else entry.msgstr[index]) + value
    elif key == "msgid":
        entry.msgid = ("" if new else entry.msgid) + value
    elif key == "msgctxt":
        entry.msgctxt = ("" if new else entry.msgctxt or "") + value
    else:
        entry.msgid_plural = ("" if new else entry.msgid_plural or "") + value


@pytest.fixture(scope="session", autouse=True)
def compiled_messages() -> None:
    """The Makefile compiles the catalog before the tests; compile it here too if it is missing
    or older than the .po, so this file also runs on its own."""
    if not MO_PATH.exists() or MO_PATH.stat().st_mtime < PO_PATH.stat().st_mtime:
        call_command("compilemessages", locale=["en"], ignore_patterns=[".venv/*", "itda_match/*"],
                     verbosity=0)
        # Forget catalogs loaded before the .mo existed.
        translation.trans_real._translations = {}  # type: ignore[attr-defined]
        translation.trans_real._default = None  # type: ignore[attr-defined]


# --- the catalog --------------------------------------------------------------------------------


def test_every_msgid_has_an_english_translation_and_none_is_fuzzy() -> None:
    entries = po_entries(PO_PATH)
    header, messages = entries[0], entries[1:]
    assert header.msgid == ""
    assert "fuzzy" not in header.flags
    assert "Language: en" in header.msgstr[None]
    assert len(messages) > 500
    assert [e.msgid for e in messages if not all(e.msgstr.values())] == []
    assert [e.msgid for e in messages if "fuzzy" in e.flags] == []
    for e in messages:
        if e.msgid_plural is not None:
            assert sorted(e.msgstr, key=str) == [0, 1], e.msgid
        # Placeholders survive translation (msgfmt checks python-format too; this is the quick look).
        wanted = set(PLACEHOLDER.findall(e.msgid))
        for text in e.msgstr.values():
            assert set(PLACEHOLDER.findall(text)) == wanted, e.msgid
            assert not HANGUL.search(text), e.msgid


def test_the_catalog_translates_at_run_time() -> None:
    with translation.override("en"):
        assert translation.gettext("회원가입") == "Sign up"
        assert translation.pgettext("weekday", "화") == "Tue"
    with translation.override("ko"):
        assert translation.gettext("회원가입") == "회원가입"


# --- pages ----------------------------------------------------------------------------------------


def _data_words() -> list[str]:
    """Korean that comes from the database (place names, fields, people's own text), not the UI."""
    words: list[str] = []
    words += District.objects.values_list("name", flat=True)
    words += Dong.objects.values_list("name", flat=True)
    words += ServiceField.objects.values_list("name", flat=True)
    for need in Need.objects.select_related("organization", "created_by"):
        words += [need.title, need.description, need.place_label]
        if need.organization:
            words.append(need.organization.name)
    return sorted({w for w in words if w}, key=len, reverse=True)


_TRANSLATE_TAG = re.compile(r"""{%\s*trans(?:late)?\s+(?P<q>["'])(?P<text>.*?)(?P=q)""")
_BLOCK_TAG = re.compile(r"{%\s*blocktrans(?:late)?\b.*?%}(?P<body>.*?){%\s*endblocktrans(?:late)?\s*%}", re.S)


def _uncatalogued_fragments() -> list[str]:
    """Korean of template strings newer than the catalog (makemessages has not seen them yet).

    The catalog test above checks what is in the .po; the page checks tolerate strings that are
    marked for translation but not yet extracted, so adding a template string does not fail the
    suite before the next `makemessages`. Hard-coded (unmarked) Korean still fails them.
    """
    catalog = {e.msgid for e in po_entries(PO_PATH)} | {e.msgid_plural for e in po_entries(PO_PATH)}
    texts: set[str] = set()
    roots = [Path(settings.BASE_DIR) / "templates", *(Path(settings.BASE_DIR) / "itda").glob("*/templates")]
    for root in roots:
        for template in root.rglob("*.html"):
            source = template.read_text(encoding="utf-8")
            texts.update(m.group("text").replace("%", "%%") for m in _TRANSLATE_TAG.finditer(source))
            for m in _BLOCK_TAG.finditer(source):
                for part in re.split(r"{%\s*plural\s*%}", m.group("body")):
                    texts.add(re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", part.replace("%", "%%")))
    fragments: set[str] = set()
    for text in texts - catalog:
        fragments.update(p.replace("%%", "%") for p in re.split(r"%\(\w+\)s", text) if HANGUL.search(p))
    return sorted(fragments, key=len, reverse=True)


def _ui_korean(html: str) -> list[str]:
    """Hangul left in a page once the database's own Korean has been taken out."""
    text = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    for word in [*_data_words(), *_uncatalogued_fragments()]:
        text = text.replace(word, "")
    return HANGUL.findall(text)


@pytest.fixture
def open_need(db: None) -> Need:
    organization = f.OrganizationFactory.create(name="햇살복지관")
    return f.NeedFactory.create(
        requester_kind=Need.RequesterKind.ORGANIZATION, organization=organization,
        place_label="햇살복지관 앞", urgency=2,
    )


PAGES = [
    ("core:home", "Ask for help"),
    ("needs:list", "Find help requests"),
    ("accounts:signup", "Sign up"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "english"), PAGES)
def test_pages_are_korean_by_default(open_need: Need, name: str, english: str) -> None:
    html = Client().get(reverse(name)).content.decode()
    assert '<html lang="ko"' in html
    assert english not in html
    assert _ui_korean(html)  # the check below would notice Korean chrome
    if name == "accounts:signup":
        assert "회원가입" in html


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "english"), PAGES)
def test_pages_are_english_with_accept_language(open_need: Need, name: str, english: str) -> None:
    response = Client(headers={"accept-language": "en-US,en;q=0.9"}).get(reverse(name))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en"' in html
    assert english in html
    assert _ui_korean(html) == []


@pytest.mark.django_db
def test_the_language_cookie_and_set_language_switch_to_english(open_need: Need) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("needs:list")).content.decode()
    assert "Find help requests" in html
    assert _ui_korean(html) == []

    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("accounts:signup")})
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("accounts:signup")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get(reverse("accounts:signup")).content.decode()
    assert "Sign up" in html
    assert "Mobile phone (optional)" in html
    assert _ui_korean(html) == []

    client.post(reverse("set_language"), {"language": "ko", "next": "/"})
    assert "회원가입" in client.get(reverse("accounts:signup")).content.decode()


@pytest.mark.django_db
def test_the_need_detail_and_dates_follow_the_language(open_need: Need) -> None:
    english = Client(headers={"accept-language": "en"}).get(reverse("needs:detail", args=[open_need.pk]))
    korean = Client().get(reverse("needs:detail", args=[open_need.pk]))
    assert "Urgent" in english.content.decode()  # a choice label from the model
    assert "긴급" in korean.content.decode()
    assert _ui_korean(english.content.decode()) == []


# --- forms and messages ----------------------------------------------------------------------


@pytest.mark.django_db
def test_form_errors_are_english_when_the_language_is_english() -> None:
    data = {
        "username": "ab", "display_name": "Kim", "password1": "gwangju-itda-77",
        "password2": "gwangju-itda-78", "roles": [], "consent_personal_required": "on",
    }
    english = Client(headers={"accept-language": "en"}).post(reverse("accounts:signup"), data)
    errors = english.context["form"].errors
    assert errors["username"] == [
        "Please make your user ID 4–30 characters using only letters, digits, _ . -"]
    assert errors["password2"] == ["The two passwords do not match."]
    assert errors["roles"] == ["Please choose volunteer, requester or both."]
    assert errors["consent_terms"] == ["You must agree to the terms of use to sign up."]
    html = english.content.decode()
    assert "The two passwords do not match." in html
    assert _ui_korean(html) == []

    korean = Client().post(reverse("accounts:signup"), data)
    assert korean.context["form"].errors["password2"] == ["두 비밀번호가 같지 않습니다."]


@pytest.mark.django_db
def test_shared_validators_and_view_messages_are_english(open_need: Need) -> None:
    from itda.core.validators import RRN_MESSAGE

    user = f.UserFactory.create()
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    response = client.post(reverse("needs:create"), f.need_form_data(title="Kim 900101-1234567"))
    html = response.content.decode()
    assert RRN_MESSAGE not in html
    assert "You cannot enter a resident registration number." in html

    response = client.post(reverse("needs:create"), f.need_form_data(title="Kitchen light"), follow=True)
    assert "Your request has been posted." in response.content.decode()
