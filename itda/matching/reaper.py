"""The stale-task reaper: work left 'running' by a crashed worker is failed and queued again.

A match run writes its proposals in one transaction, so a crash leaves none half-made; what
is left is the bookkeeping: the task result and the run row still say 'running'.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from itda.matching.models import MatchRun

STALE_AFTER = timedelta(minutes=30)


class StaleTaskError(RuntimeError):
    """The worker running this task stopped before finishing it."""


def reap_stale(*, older_than: timedelta = STALE_AFTER) -> int:
    cutoff = timezone.now() - older_than
    reaped = 0
    # Rows another reaper is handling are skipped (locked), so no task is queued twice; the
    # result is failed and its task queued again in one transaction, both or neither.
    with transaction.atomic():
        stale = list(DBTaskResult.objects.select_for_update(skip_locked=True)
                     .filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff))
        for result in stale:
            task = result.task
            worker = result.worker_ids[-1] if result.worker_ids else "?"
            result.set_failed(StaleTaskError(f"worker {worker} stopped"))
            args, kwargs = result.args_kwargs["args"], result.args_kwargs["kwargs"]
            task.enqueue(*args, **kwargs)
            reaped += 1
    MatchRun.objects.filter(status=MatchRun.Status.RUNNING, started_at__lt=cutoff).update(
        status=MatchRun.Status.FAILED, finished_at=timezone.now(), error="stale: the worker stopped mid-run",
    )
    return reaped
