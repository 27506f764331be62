from django.urls import path

from bianmin.submissions import views, views_print

urlpatterns = [
    path("submissions/", views.index, name="submissions-index"),
    path(
        "submissions/report/<str:org_code>/<str:kind>/<str:period>/",
        views.report_page,
        name="submissions-report",
    ),
    path("submissions/<int:pk>/", views.detail, name="submissions-detail"),
    path("submissions/<int:pk>/submit/", views.submit, name="submissions-submit"),
    path("submissions/<int:pk>/correct/", views.correct, name="submissions-correct"),
    path("submissions/<int:pk>/print/", views_print.print_page, name="submissions-print"),
    path("submissions/<int:pk>/pdf/", views_print.pdf, name="submissions-pdf"),
    path("submissions/<int:pk>/xlsx/", views_print.xlsx, name="submissions-xlsx"),
]
