from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import SimpleRouter

from bianmin.cases.api.views import (
    CaseActionView,
    CaseViewSet,
    NoticeHtmlView,
    NoticePdfView,
    PublicProgressView,
)

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("public/cases/<str:number>/", PublicProgressView.as_view(), name="public-case-progress"),
    path("notices/<int:pk>/html/", NoticeHtmlView.as_view(), name="notice-html"),
    path("notices/<int:pk>/pdf/", NoticePdfView.as_view(), name="notice-pdf"),
    *router.urls,
    path("cases/<str:number>/<str:action_name>/", CaseActionView.as_view(), name="case-action"),
]
