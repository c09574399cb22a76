"""Form helpers shared by every app: RRN refusal on free text and consistent widgets."""

from __future__ import annotations

from typing import Any

from django import forms

from itda.core.validators import validate_no_rrn


class NoRRNFormMixin:
    """Refuses a resident registration number typed into any text field of the form."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                try:
                    validate_no_rrn(value)
                except forms.ValidationError as exc:
                    self.add_error(name, exc)  # type: ignore[attr-defined]
        return cleaned
