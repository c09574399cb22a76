"""Background work of activities (Django tasks API): long certificates are rendered here."""

from __future__ import annotations

from django_tasks import task

from itda.activities import services


@task()
def certificate_render_task(certificate_id: int, base_url: str) -> int:
    cert = services.certificate_render(certificate_id=certificate_id, base_url=base_url, notify=True)
    return cert.pk
