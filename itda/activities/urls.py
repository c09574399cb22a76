"""URL routes of activities."""

from django.urls import path

from itda.activities import views

app_name = "activities"
urlpatterns = [
    path("me/", views.my_activities, name="me"),
    path("me/recognition/", views.recognition_update, name="recognition"),
    path("me/certificates/", views.certificate_create, name="certificate_create"),
    path("certificates/<int:pk>/download/", views.certificate_download, name="certificate_download"),
    path("verify/<str:code>/", views.certificate_verify, name="verify"),
    path("scan/<str:token>/", views.scan, name="scan"),
    path("review/", views.review, name="review"),
    path("slots/<int:pk>/", views.slot_attendance, name="slot"),
    path("slots/<int:pk>/qr/<str:purpose>/", views.slot_qr, name="slot_qr"),
    path("bookings/<int:pk>/confirm/", views.booking_confirm, name="booking_confirm"),
    path("bookings/<int:pk>/no-show/", views.booking_no_show, name="booking_no_show"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/approve/", views.session_approve, name="session_approve"),
    path("sessions/<int:pk>/reject/", views.session_reject, name="session_reject"),
    path("sessions/<int:pk>/correct/", views.session_correct, name="session_correct"),
    path("sessions/<int:pk>/dispute/", views.session_dispute, name="session_dispute"),
    path("sessions/<int:pk>/claim/", views.claim_create, name="claim"),
    path("insurance/", views.insurance_roster, name="insurance"),
    path("insurance/export/", views.insurance_export, name="insurance_export"),
    path("1365/", views.exchange, name="exchange"),
    path("1365/export/", views.exchange_export, name="exchange_export"),
    path("1365/import/", views.exchange_import, name="exchange_import"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
]
