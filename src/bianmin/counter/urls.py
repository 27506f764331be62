from django.urls import path

from bianmin.counter import (
    views_cases,
    views_home,
    views_inbox,
    views_intake,
    views_leader,
    views_lists,
    views_network,
    views_notices,
)

urlpatterns = [
    path("", views_home.home, name="counter-home"),
    path("intake/", views_intake.intake, name="counter-intake"),
    path("intake/applicant/", views_intake.applicant, name="counter-intake-applicant"),
    path("online/", views_inbox.inbox, name="counter-online"),
    path("cases/", views_lists.case_list, name="counter-cases"),
    path("station/", views_network.station, name="counter-station"),
    path("leader/", views_leader.leader_day, name="counter-leader"),
    path("leader/review_all/", views_leader.review_all, name="counter-leader-review-all"),
    path("leader/<str:number>/<str:action>/", views_leader.leader_action, name="counter-leader-action"),
    path("network/", views_network.network, name="counter-network"),
    path("go/", views_cases.case_redirect, name="counter-go"),
    path("cases/<str:number>/", views_cases.case_page, name="counter-case"),
    path("cases/<str:number>/reveal_id/", views_cases.reveal_id, name="counter-case-reveal"),
    path("cases/<str:number>/review/", views_inbox.review, name="counter-case-review"),
    path("cases/<str:number>/<str:action>/", views_cases.case_action, name="counter-case-action"),
    path("attachments/<int:pk>/", views_cases.attachment_download, name="counter-attachment"),
    path("notices/<int:pk>/", views_notices.notice_html, name="counter-notice"),
    path("notices/<int:pk>/pdf/", views_notices.notice_pdf_view, name="counter-notice-pdf"),
]
