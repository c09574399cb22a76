"""The engine's district indexes notice profile changes by a fingerprint query, so nothing
has to be pushed for them; the learned model likewise by mtime.

One receiver: a need that is cancelled (by its service, or in the admin) releases its
volunteers after the commit, in matching's own transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from itda.needs.models import Need


@receiver(post_save, sender=Need, dispatch_uid="matching_need_cancelled")
def _need_saved(sender: type[Need], instance: Need, created: bool, **kwargs: Any) -> None:
    if created or instance.status != Need.Status.CANCELLED:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "status" not in update_fields:
        return
    from itda.matching.services import need_cancelled

    need_id = instance.pk
    transaction.on_commit(lambda: need_cancelled(need_id=need_id))
