"""The certificate PDF (봉사활동 확인서): an HTML template rendered by WeasyPrint with NanumGothic,
and a QR code that opens the public verification page."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from itda.activities.models import ActivitySession, Certificate
from itda.activities.selectors import approving_centre

# WeasyPrint logs every layout step at INFO, which the site's INFO root logger would print
# for each certificate; its warnings (missing fonts, bad CSS) still come through.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def verify_url(*, certificate: Certificate, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("activities:verify", args=[certificate.verify_code])


def qr_svg(data: str, *, scale: int = 4) -> str:
    """Inline SVG markup of a QR code (for pages) — segno needs no image library."""
    return segno.make(data, error="m").svg_inline(scale=scale, omitsize=True)


def certificate_pdf(*, certificate: Certificate, sessions: Sequence[ActivitySession],
                    base_url: str) -> bytes:
    import weasyprint  # heavy; only the certificate path needs it

    url = verify_url(certificate=certificate, base_url=base_url)
    rows = []
    for s in sessions:
        need = s.slot.need
        rows.append({
            "date": s.activity_date,
            "title": need.title,
            "organization": need.organization.name if need.organization else "주민 요청",
            "place": f"{need.dong.district.name} {need.dong.name}",
            "minutes": s.minutes,
            "centre": approving_centre(need.dong.district.name),
        })
    html = render_to_string("activities/certificate_pdf.html", {
        "c": certificate,
        "holder": certificate.volunteer.user.display_name,
        "rows": rows,
        "verify_url": url,
        "qr": segno.make(url, error="m").svg_data_uri(scale=4),
        "issued": timezone.localtime(certificate.issued_at),
    })
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()
