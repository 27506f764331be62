from django.urls import path
from rest_framework.routers import SimpleRouter

from bianmin.cases.api.views import (
    CaseViewSet,
    NoticeHtmlView,
    NoticePdfView,
    OpenUrgingsView,
    PublicProgressView,
    step_views,
)

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")

urlpatterns = [
    path("public/cases/<str:number>/", PublicProgressView.as_view(), name="public-case-progress"),
    path("notices/<int:pk>/html/", NoticeHtmlView.as_view(), name="notice-html"),
    path("notices/<int:pk>/pdf/", NoticePdfView.as_view(), name="notice-pdf"),
    path("urgings/", OpenUrgingsView.as_view(), name="urgings"),
    *router.urls,
    # POST /api/v1/cases/{number}/{step}/ for each step of the lifecycle table the counter offers.
    *(
        path(f"cases/<str:number>/{step.value}/", view.as_view(), name=f"case-{step.value}")
        for step, view in step_views().items()
    ),
]
