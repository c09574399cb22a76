"""Enqueue matching's periodic tasks: expiry, escalation, global assignment, digests, learning."""

from __future__ import annotations

import signal
import time
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from itda.matching import tasks

# (name, task, interval in seconds) for the frequent jobs.
INTERVALS: list[tuple[str, Any, int]] = [
    ("warm", tasks.warm_indexes_task, 600),
    ("expire", tasks.expire_proposals_task, 60),
    ("reap", tasks.reap_stale_task, 300),
    ("escalate", tasks.escalate_slots_task, 600),
    ("global", tasks.match_global_task, 3600),
]
# (name, task, local hour) for the daily jobs.
DAILY: list[tuple[str, Any, int]] = [
    ("learn", tasks.learn_task, 3),
    ("digest", tasks.digest_task, 8),
    ("reminders", tasks.reminders_task, 18),
]


class Command(BaseCommand):
    help = "매칭의 주기 작업(제안 만료, 인원 부족 알림, 전체 배정, 요약 메일, 학습)을 작업 큐에 넣습니다."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="enqueue every job once and exit")
        parser.add_argument("--tick", type=float, default=10.0, help="seconds between checks")

    def handle(self, *args: Any, once: bool = False, tick: float = 10.0, **options: Any) -> None:
        if once:
            for name, task, _ in INTERVALS + DAILY:
                task.enqueue()
                self.stdout.write(f"enqueued {name}")
            return
        stop = {"now": False}

        def _stop(*_: Any) -> None:
            stop["now"] = True

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        last: dict[str, float] = {}
        last_day: dict[str, datetime] = {}

        def enqueue(name: str, task: Any) -> None:
            task.enqueue()
            self.stdout.write(f"{timezone.localtime():%H:%M:%S} enqueued {name}")

        while not stop["now"]:
            now = time.monotonic()
            local = timezone.localtime()
            for name, task, every in INTERVALS:
                if now - last.get(name, -1e9) >= every:
                    enqueue(name, task)
                    last[name] = now
            for name, task, hour in DAILY:
                done = last_day.get(name)
                if local.hour >= hour and (done is None or done.date() != local.date()):
                    enqueue(name, task)
                    last_day[name] = local
            time.sleep(tick)
