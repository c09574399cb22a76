"""Background work of matching: every task calls its service, work enqueued on commit runs
only after the commit, and the scheduler enqueues the periodic jobs at their times."""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from itda.accounts.models import User
from itda.matching import adapter, services, tasks
from itda.matching.management.commands import itda_scheduler
from itda.matching.models import MatchRun, Proposal
from itda.needs.models import Need, Slot
from itda.needs.services import PrivateSpec, SlotSpec, need_create, need_status_set
from itda.notifications.models import Notification
from itda.places.models import Dong
from itda.volunteers.models import VolunteerProfile
from itda.volunteers.services import volunteer_profile_save
from tests import factories as f

RunCallbacks = Callable[..., Any]


@pytest.fixture(autouse=True)
def fresh_engine(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.ITDA_MATCH_MODEL_PATH = str(tmp_path / "match_model.json")
    adapter.indexes.clear()
    yield
    adapter.indexes.clear()


def local_at(days: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


def fitting_volunteer(start: datetime) -> VolunteerProfile:
    """Free all day on the slot's weekday (slots here are 10:00-12:00 local)."""
    profile = f.VolunteerProfileFactory.create()
    f.AvailabilityFactory.create(profile=profile, weekday=timezone.localtime(start).weekday(),
                                 start=time(8), end=time(14))
    return profile


@pytest.fixture
def need(need: Need) -> Need:
    """The shared fixture's need, its slot moved to 10:00-12:00 local three days ahead."""
    need.slots.update(start=local_at(3, 10), end=local_at(3, 12))
    return need


def post_need(owner: User, dong: Dong, start: datetime, *, publish: bool = True) -> Need:
    need, _ = need_create(
        actor=owner, field=f.field("0200"), title="형광등 교체 도와주세요",
        description="부엌 형광등이 나갔는데 사다리가 없어요. 전등 교체가 필요해요.", dong=dong,
        slots=[SlotSpec(start, start + timedelta(hours=2), 1)],
        private=PrivateSpec("광주광역시 동구 충장로 5", "정요청", "01012341234"),
        publish=publish, submission_key=uuid.uuid4(),
    )
    return need


# ---------------------------------------------------------------- tasks call their services

@pytest.mark.django_db
def test_the_need_task_runs_the_engine_and_reports_the_run(need: Need) -> None:
    fitting_volunteer(need.slots.get().start)
    result = tasks.match_need_task.enqueue(need.pk)
    assert result.status == TaskResultStatus.SUCCESSFUL
    run = MatchRun.objects.get(need=need)
    assert result.return_value == {"run": run.pk, "proposals": 1}
    assert Proposal.objects.filter(slot__need=need, run=run).count() == 1


@pytest.mark.django_db
def test_a_failing_task_fails_its_result_and_its_run(need: Need, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(**kwargs: Any) -> int:
        raise RuntimeError("engine down")

    monkeypatch.setattr(services, "slot_refill", boom)
    result = tasks.match_need_task.enqueue(need.pk)
    assert result.status == TaskResultStatus.FAILED
    assert "engine down" in result.errors[0].traceback
    assert MatchRun.objects.get(need=need).status == MatchRun.Status.FAILED


@pytest.mark.django_db
def test_the_refill_and_global_tasks(need: Need) -> None:
    slot = need.slots.get()
    fitting_volunteer(slot.start)
    fitting_volunteer(slot.start)
    assert tasks.refill_slot.enqueue(slot.pk).return_value == 2
    assert tasks.refill_slot.enqueue(slot.pk).return_value == 0  # everyone is being asked already
    result = tasks.match_global_task.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    run = MatchRun.objects.get(kind=MatchRun.Kind.GLOBAL)
    figures = result.return_value
    assert figures is not None
    assert figures["run"] == run.pk
    assert figures["open_seats"] == 0  # the pending proposals cover the seats


@pytest.mark.django_db
def test_the_global_run_asks_no_one_for_a_seat_offered_meanwhile(need: Need, monkeypatch: pytest.MonkeyPatch) -> None:
    # The global run works on its own worker: while its engine runs, the other worker may
    # ask someone for the same seat (a new request's run, a refill).
    slot = need.slots.get()
    Slot.objects.filter(pk=slot.pk).update(headcount=1)
    fitting_volunteer(slot.start)
    other = f.VolunteerProfileFactory.create()
    real = services.engine.MatchEngine.assign

    def assign_while_the_other_worker_asks(self: Any, volunteers: Any, needs: Any) -> Any:
        out = real(self, volunteers, needs)
        assert out  # the engine does propose the fitting volunteer for the seat
        Proposal.objects.create(slot=slot, volunteer=other, expires_at=slot.start)
        return out

    monkeypatch.setattr(services.engine.MatchEngine, "assign", assign_while_the_other_worker_asks)
    run = services.match_global()
    assert run.n_proposals == 0
    assert list(Proposal.objects.filter(slot=slot).values_list("volunteer", flat=True)) == [other.pk]


@pytest.mark.django_db
def test_the_profile_task(owner: User, home_dong: Dong) -> None:
    start = local_at(3, 10)
    need = post_need(owner, home_dong, start)
    profile = fitting_volunteer(start)
    result = tasks.match_profile_task.enqueue(profile.pk).return_value
    assert result is not None
    assert result["proposals"] == 1
    assert Proposal.objects.get(volunteer=profile).slot.need == need


@pytest.mark.django_db
def test_the_time_driven_tasks(need: Need, camp_manager: User) -> None:
    slot = need.slots.get()
    profile = fitting_volunteer(slot.start)
    Proposal.objects.create(slot=slot, volunteer=profile, expires_at=timezone.now() - timedelta(minutes=1))
    assert tasks.expire_proposals_task.enqueue().return_value == 1
    Slot.objects.filter(pk=slot.pk).update(start=timezone.now() + timedelta(hours=20),
                                           end=timezone.now() + timedelta(hours=22))
    assert tasks.escalate_slots_task.enqueue().return_value == 1
    assert Notification.objects.filter(user=camp_manager, kind=Notification.Kind.ESCALATION).count() == 1
    assert tasks.reminders_task.enqueue().return_value == 0
    assert tasks.digest_task.enqueue().return_value == 0
    learnt = tasks.learn_task.enqueue().return_value
    assert learnt is not None
    assert learnt["fitted"] is False
    assert tasks.reap_stale_task.enqueue().return_value == 0


# ---------------------------------------------------------------- enqueued on commit

@pytest.mark.django_db
def test_matching_waits_for_the_commit(owner: User, home_dong: Dong,
                                       django_capture_on_commit_callbacks: RunCallbacks) -> None:
    start = local_at(3, 10)
    fitting_volunteer(start)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        need = post_need(owner, home_dong, start)
    assert not MatchRun.objects.exists()  # nothing ran inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()
    assert MatchRun.objects.get(need=need).n_proposals == 1


@pytest.mark.django_db
def test_a_draft_is_matched_when_it_is_published(owner: User, home_dong: Dong,
                                                 django_capture_on_commit_callbacks: RunCallbacks) -> None:
    start = local_at(3, 10)
    fitting_volunteer(start)
    with django_capture_on_commit_callbacks(execute=True):
        need = post_need(owner, home_dong, start, publish=False)
    assert not MatchRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        need_status_set(actor=owner, need=need, status=Need.Status.OPEN)
    assert MatchRun.objects.get(need=need).n_proposals == 1


@pytest.mark.django_db
def test_a_profile_save_proposes_open_needs(need: Need, django_capture_on_commit_callbacks: RunCallbacks) -> None:
    user = f.UserFactory.create(display_name="새봉사")
    slot = need.slots.get()
    wd = timezone.localtime(slot.start).weekday()
    with django_capture_on_commit_callbacks(execute=True):
        profile = volunteer_profile_save(
            user=user, age_group="adult", home_dong=need.dong, max_distance_km=5, max_hours_per_week=4,
            talents="전등 교체, 형광등 수리", intro="", qualifications=[], is_active=True,
            interest_fields=[], availability=[(wd, time(0), time(23, 59))],
        )
    run = MatchRun.objects.get(kind=MatchRun.Kind.PROFILE, volunteer=profile)
    assert run.status == MatchRun.Status.DONE
    assert Proposal.objects.get(volunteer=profile).slot == slot


@pytest.mark.django_db(transaction=True)
def test_a_committed_need_is_matched_for_real(owner: User, home_dong: Dong) -> None:
    """Without the test transaction: the immediate backend runs the task after the real commit."""
    start = local_at(3, 10)
    fitting_volunteer(start)
    with transaction.atomic():
        need = post_need(owner, home_dong, start)
        assert not MatchRun.objects.exists()
    assert MatchRun.objects.get(need=need).status == MatchRun.Status.DONE
    assert Proposal.objects.filter(slot__need=need).count() == 1


# ---------------------------------------------------------------- the scheduler

@pytest.mark.django_db
def test_the_scheduler_enqueues_every_job_once() -> None:
    out = StringIO()
    call_command("itda_scheduler", "--once", stdout=out)
    names = [line.removeprefix("enqueued ") for line in out.getvalue().splitlines()]
    assert names == [n for n, _, _ in itda_scheduler.INTERVALS + itda_scheduler.DAILY]
    assert {"expire", "reap", "escalate", "global", "learn", "digest", "reminders"} <= set(names)


@pytest.fixture
def one_tick(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Run the scheduler's loop once: its sleep sends the stop signal it listens to."""
    enqueued: list[str] = []
    saved = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)

    class Recorder:
        def __init__(self, name: str) -> None:
            self.name = name

        def enqueue(self) -> None:
            enqueued.append(self.name)

    monkeypatch.setattr(itda_scheduler, "INTERVALS", [(n, Recorder(n), s) for n, _, s in itda_scheduler.INTERVALS])
    monkeypatch.setattr(itda_scheduler, "DAILY", [(n, Recorder(n), h) for n, _, h in itda_scheduler.DAILY])
    monkeypatch.setattr(itda_scheduler.time, "sleep", lambda _: os.kill(os.getpid(), signal.SIGTERM))
    yield enqueued
    signal.signal(signal.SIGTERM, saved[0])
    signal.signal(signal.SIGINT, saved[1])


@pytest.mark.parametrize(("hour", "daily"), [
    (2, []), (9, ["learn", "digest"]), (19, ["learn", "digest", "reminders"]),
])
def test_the_scheduler_loop_runs_the_daily_jobs_from_their_hour(one_tick: list[str], hour: int,
                                                                daily: list[str]) -> None:
    with time_machine.travel(local_at(0, hour), tick=False):
        call_command("itda_scheduler", "--tick", "0", stdout=StringIO())
    assert one_tick == [n for n, _, _ in itda_scheduler.INTERVALS] + daily


def test_long_runs_have_a_queue_and_a_demo_worker_of_their_own() -> None:
    # A city's global assignment takes half a minute: on the one worker that also makes a
    # new request's proposals, the request would wait for it (seen in the demo: 33 s).
    import re

    from django.conf import settings
    from django_tasks.base import Task

    from itda.activities import tasks as activity_tasks

    every = [t for mod in (tasks, activity_tasks) for t in vars(mod).values() if isinstance(t, Task)]
    assert {t.name for t in every if t.queue_name == tasks.BATCH_QUEUE} == {"match_global_task", "learn_task"}
    assert tasks.match_need_task.queue_name == tasks.refill_slot.queue_name == "default"
    assert {t.queue_name for t in every} <= set(settings.TASK_QUEUES)
    demo = (Path(settings.BASE_DIR) / "Makefile").read_text(encoding="utf-8").split("\ndemo:")[1].split("\n\n")[0]
    served = {"default"} | set(re.findall(r"db_worker --queue-name (\w+)", demo))
    assert served == set(settings.TASK_QUEUES)
