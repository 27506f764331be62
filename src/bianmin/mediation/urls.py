from django.urls import path

from bianmin.mediation import views

urlpatterns = [
    path("mediation/", views.mediation_list, name="mediation-list"),
    path("mediation/new/", views.register_page, name="mediation-register"),
    path("mediation/<int:pk>/", views.mediation_page, name="mediation-detail"),
    path("mediation/<int:pk>/print/", views.agreement_print, name="mediation-agreement"),
    path("mediation/<int:pk>/agreement.pdf", views.agreement_pdf, name="mediation-agreement-pdf"),
    path("mediation/sessions/<int:pk>/minutes-file/", views.minutes_file, name="mediation-minutes-file"),
    path("mediation/<int:pk>/<str:step>/", views.mediation_step, name="mediation-step"),
]
