from django.urls import path

from bianmin.feedback import views_evaluator, views_ratings, views_stats

urlpatterns = [
    path("ratings/", views_ratings.rating_list, name="feedback-ratings"),
    path("ratings/stats/", views_stats.stats_page, name="feedback-stats"),
    path("ratings/evaluators/", views_evaluator.devices, name="feedback-devices"),
    path("ratings/evaluators/<int:pk>/<str:step>/", views_evaluator.device_step, name="feedback-device-step"),
    path("ratings/request/<str:number>/", views_ratings.request_rating, name="feedback-request"),
    path("ratings/<int:pk>/", views_ratings.rating_page, name="feedback-rating"),
    path("ratings/<int:pk>/notice.pdf", views_ratings.rectification_notice, name="feedback-notice"),
    path("ratings/<int:pk>/<str:step>/", views_ratings.rating_step, name="feedback-rating-step"),
]
