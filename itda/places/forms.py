"""Form fields for places: dong choice grouped by district, service-field choice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itda.places.models import Dong, ServiceField

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise


DONG_PLACEHOLDER = _("동을 선택하세요")


def dong_choices(empty_label: str | StrPromise | None = DONG_PLACEHOLDER) -> list[Any]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for dong in Dong.objects.select_related("district").order_by("district__code", "name"):
        groups.setdefault(dong.district.name, []).append((str(dong.pk), dong.name))
    choices: list[Any] = [("", empty_label)] if empty_label else []
    choices.extend((district, dongs) for district, dongs in groups.items())
    return choices


class DongChoiceField(forms.TypedChoiceField):
    """A select of the 96 dongs grouped by district that cleans to a Dong."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("동"))
        kwargs.setdefault("error_messages", {"invalid_choice": _("목록에서 동을 선택해 주세요.")})
        super().__init__(choices=dong_choices, coerce=self._coerce, **kwargs)

    @staticmethod
    def _coerce(value: str) -> Dong:
        dong = Dong.objects.select_related("district").filter(pk=int(value)).first()
        if dong is None:
            raise forms.ValidationError(_("목록에서 동을 선택해 주세요."))
        return dong

    def prepare_value(self, value: Any) -> Any:
        return value.pk if isinstance(value, Dong) else value


def upper_fields() -> Any:
    return ServiceField.objects.filter(parent__isnull=True).order_by("code")
