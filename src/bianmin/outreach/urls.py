from django.urls import path

from bianmin.outreach import views_market, views_register, views_visits

urlpatterns = [
    path("market-days/", views_market.market_day_list, name="outreach-market-days"),
    path("market-days/new/", views_market.market_day_new, name="outreach-market-day-new"),
    path("market-days/schedule/", views_market.schedule_month, name="outreach-market-days-schedule"),
    path("market-days/<int:pk>/", views_market.market_day_page, name="outreach-market-day"),
    path(
        "market-days/<int:pk>/register/",
        views_register.register_case,
        {"kind": "market_day"},
        name="outreach-market-day-register",
    ),
    path("market-days/<int:pk>/<str:step>/", views_market.market_day_step, name="outreach-market-day-step"),
    path("home-visits/", views_visits.home_visit_list, name="outreach-home-visits"),
    path("home-visits/new/", views_visits.home_visit_new, name="outreach-home-visit-new"),
    path("home-visits/<int:pk>/", views_visits.home_visit_page, name="outreach-home-visit"),
    path(
        "home-visits/<int:pk>/register/",
        views_register.register_case,
        {"kind": "home_visit"},
        name="outreach-home-visit-register",
    ),
    path("home-visits/<int:pk>/<str:step>/", views_visits.home_visit_step, name="outreach-home-visit-step"),
]
