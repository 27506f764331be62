from django.urls import path

from bianmin.consultations import views

urlpatterns = [
    path("consultations/", views.consultation_list, name="consultations-list"),
    path("consultations/faq/", views.faq_page, name="consultations-faq"),
    path("consultations/faq/<int:pk>/publish/", views.faq_publish, name="consultations-faq-publish"),
    path("consultations/<int:pk>/", views.consultation_page, name="consultations-detail"),
    path("consultations/<int:pk>/<str:step>/", views.consultation_step, name="consultations-step"),
]
