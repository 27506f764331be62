from django.urls import path

from bianmin.seals import views

NUMBER = "<str:number>"

urlpatterns = [
    path("seals/", views.registry, name="seals-list"),
    path("seals/use/", views.log_use, name="seals-use"),
    path("seals/requests/", views.request_queue, name="seals-requests"),
    path("seals/requests/<int:pk>/decide/", views.decide, name="seals-decide"),
    path("seals/attempts/", views.attempt_list, name="seals-attempts"),
    path("seals/report/", views.report, name="seals-report"),
    path(f"seals/{NUMBER}/", views.seal_page, name="seals-detail"),
    path(f"seals/{NUMBER}/impression/", views.impression, name="seals-impression"),
    path(f"seals/{NUMBER}/<str:step>/", views.seal_step, name="seals-step"),
]
