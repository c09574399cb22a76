"""URL routes of community."""

from django.urls import path

from itda.community import views

app_name = "community"
urlpatterns = [
    path("", views.index, name="index"),
    path("camps/new/", views.camp_open, name="camp_open"),
    path("camps/<str:code>/figures/", views.camp_figures, name="camp_figures"),
    path("blindspots/", views.case_list, name="case_list"),
    path("blindspots/new/", views.case_create, name="case_create"),
    path("blindspots/<int:pk>/", views.case_detail, name="case_detail"),
    path("blindspots/<int:pk>/close/", views.case_close, name="case_close"),
    path("blindspots/<int:pk>/to-need/", views.case_to_need, name="case_to_need"),
    path("resources/", views.resource_list, name="resource_list"),
    path("resources/new/", views.resource_create, name="resource_create"),
    path("resources/<int:pk>/", views.resource_detail, name="resource_detail"),
    path("resources/bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("needs/<int:need_pk>/resources/", views.need_resources, name="need_resources"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/support/", views.proposal_support, name="proposal_support"),
    path("proposals/<int:pk>/comment/", views.proposal_comment, name="proposal_comment"),
    path("proposals/<int:pk>/status/", views.proposal_status, name="proposal_status"),
    path("roundtables/", views.roundtable_list, name="roundtable_list"),
    path("roundtables/new/", views.roundtable_create, name="roundtable_create"),
    path("roundtables/<int:pk>/", views.roundtable_detail, name="roundtable_detail"),
    path("roundtables/<int:pk>/register/", views.roundtable_register, name="roundtable_register"),
    path("roundtables/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("agenda/<int:pk>/voting/", views.agenda_voting, name="agenda_voting"),
    path("agenda/<int:pk>/vote/", views.agenda_vote, name="agenda_vote"),
    path("education/", views.course_list, name="course_list"),
    path("education/new/", views.course_create, name="course_create"),
    path("education/<int:pk>/", views.course_detail, name="course_detail"),
    path("education/sessions/<int:pk>/enrol/", views.session_enrol, name="session_enrol"),
    path("education/sessions/<int:pk>/roster/", views.session_roster, name="session_roster"),
    path("pledges/", views.pledges, name="pledges"),
    path("pledges/<int:pk>/withdraw/", views.pledge_withdraw, name="pledge_withdraw"),
]
