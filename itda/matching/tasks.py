"""Background work of matching (Django tasks API, database backend): each task calls one service."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from itda.matching import services

# The long scheduled runs go to their own queue and worker (see settings.TASK_QUEUES):
# a city's global assignment takes half a minute, and a request posted meanwhile must
# not wait for it to get its proposals.
BATCH_QUEUE = "batch"


@task()
def match_need_task(need_id: int) -> dict[str, Any]:
    run = services.match_need(need_id=need_id)
    return {"run": run.pk, "proposals": run.n_proposals}


@task()
def match_profile_task(profile_id: int) -> dict[str, Any]:
    run = services.match_profile(profile_id=profile_id)
    return {"run": run.pk, "proposals": run.n_proposals}


@task(queue_name=BATCH_QUEUE)
def match_global_task() -> dict[str, Any]:
    run = services.match_global()
    return {"run": run.pk, **run.figures}


@task()
def refill_slot(slot_id: int) -> int:
    return services.slot_refill(slot_id=slot_id)


@task()
def expire_proposals_task() -> int:
    return services.proposals_expire()


@task()
def escalate_slots_task() -> int:
    return services.slots_escalate()


@task()
def reminders_task() -> int:
    return services.reminders_send()


@task()
def digest_task() -> int:
    from itda.notifications.services import digest_send

    return digest_send()


@task(queue_name=BATCH_QUEUE)
def learn_task() -> dict[str, Any]:
    return services.model_learn()


@task()
def reap_stale_task() -> int:
    from itda.matching.reaper import reap_stale

    return reap_stale()


@task()
def warm_indexes_task() -> int:
    """Build the engine's vocabulary and every district's index in the worker ahead of need."""
    from itda.matching.adapter import indexes
    from itda.places.models import District

    return sum(len(indexes.for_district(d).profiles) for d in District.objects.all())
