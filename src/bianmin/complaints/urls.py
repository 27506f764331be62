from django.urls import path

from bianmin.complaints import views_complaints, views_opinions

urlpatterns = [
    path("complaints/", views_complaints.complaint_list, name="complaints-list"),
    path("complaints/new/", views_complaints.complaint_new, name="complaints-new"),
    path("complaints/<int:pk>/", views_complaints.complaint_page, name="complaints-detail"),
    path("complaints/<int:pk>/reply.pdf", views_complaints.reply_notice_pdf, name="complaints-reply-pdf"),
    path(
        "complaints/<int:pk>/reply-notice/",
        views_complaints.reply_notice_page,
        name="complaints-reply-notice",
    ),
    path("complaints/<int:pk>/<str:step>/", views_complaints.complaint_step, name="complaints-step"),
    path("opinions/", views_opinions.opinion_list, name="complaints-opinions"),
    path("opinions/new/", views_opinions.opinion_new, name="complaints-opinion-new"),
    path("opinions/<int:pk>/", views_opinions.opinion_page, name="complaints-opinion"),
    path("opinions/<int:pk>/<str:step>/", views_opinions.opinion_step, name="complaints-opinion-step"),
]
