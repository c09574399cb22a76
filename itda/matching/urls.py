"""URL routes of matching."""

from django.urls import path

from itda.matching import views

app_name = "matching"
urlpatterns = [
    path("proposals/", views.my_proposals, name="my_proposals"),
    path("proposals/<int:pk>/accept/", views.proposal_accept, name="accept"),
    path("proposals/<int:pk>/decline/", views.proposal_decline, name="decline"),
    path("proposals/<int:pk>/confirm/", views.proposal_confirm, name="confirm"),
    path("proposals/<int:pk>/reject/", views.proposal_reject, name="reject"),
    path("slots/<int:slot_pk>/apply/", views.slot_apply, name="apply"),
    path("slots/<int:slot_pk>/candidates/", views.candidates, name="candidates"),
    path("slots/<int:slot_pk>/invite/", views.invite, name="invite"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/feedback/", views.booking_feedback, name="feedback"),
    path("stats/", views.stats, name="stats"),
]
