"""A server loads the engine's Korean reading when it starts, not on the first need posted."""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time
from typing import Any

import pytest

from itda.matching import adapter


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_the_server_entry_points_start_the_warm_up(module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[str] = []
    monkeypatch.setattr(adapter, "start_engine_warm_up", lambda: started.append(module))
    # Run the module's code once, whether or not an earlier test imported it.
    mod = importlib.reload(sys.modules[module]) if module in sys.modules else importlib.import_module(module)
    assert started == [module]
    assert callable(mod.application)


def test_a_request_during_the_warm_up_waits_for_it_and_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = adapter.engine.classify

    def counting(text: str, **kw: Any) -> tuple[str, float]:
        calls.append(text)
        return real(text, **kw)

    monkeypatch.setattr(adapter, "_warmed", threading.Event())
    monkeypatch.setattr(adapter.engine, "classify", counting)
    thread = adapter.start_engine_warm_up()
    assert thread.daemon
    assert thread.name == "itda-engine-warm-up"
    # Called while the thread may still be loading: it waits on the lock, then reads.
    assert adapter.suggest_field_code("사과 따기 일손이 필요해요. 과수원에서 수확을 도와주세요") == "0600"
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert adapter._warmed.is_set()
    # The engine was loaded once (one warm-up read) besides the request's own read.
    assert calls.count("봉사") == 1
    adapter.warm_engine()
    assert calls.count("봉사") == 1


def test_a_process_forked_during_the_warm_up_loads_on_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    # A preloading server may fork its workers while the warm-up holds the lock.
    monkeypatch.setattr(adapter, "_warmed", threading.Event())
    monkeypatch.setattr(adapter.engine, "classify", lambda text, **kw: ("기타", 0.2))
    with adapter._warm_lock:
        pid = os.fork()
        if pid == 0:  # the child: must not wait for the parent's lock
            adapter.warm_engine()
            os._exit(0 if adapter._warmed.is_set() else 1)
        deadline = time.monotonic() + 20
        status = None
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            pytest.fail("the forked process waited for its parent's warm-up")
    assert status is not None
    assert os.waitstatus_to_exitcode(status) == 0
