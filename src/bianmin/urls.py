from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from bianmin.security.views import TokenView

api_v1: list[URLPattern | URLResolver] = [
    # Before the apps' URLs: the token endpoint goes through the login lockout (django-axes).
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("", include("bianmin.workdays.api.urls")),
    path("", include("bianmin.catalog.api.urls")),
    path("", include("bianmin.orgs.api.urls")),
    path("", include("bianmin.cases.api.urls")),
    path("", include("bianmin.outreach.api.urls")),
    path("", include("bianmin.attendance.api.urls")),
    path("", include("bianmin.duty.api.urls")),
    path("", include("bianmin.supervision.api.urls")),
    path("", include("bianmin.performance.api.urls")),
    path("", include("bianmin.complaints.api.urls")),
    path("", include("bianmin.feedback.api.urls")),
    path("", include("bianmin.reports.api.urls")),
    path("", include("bianmin.disclosure.api.urls")),
    path("", include("bianmin.bulletins.api.urls")),
    path("", include("bianmin.consultations.api.urls")),
    path("", include("bianmin.appointments.api.urls")),
    path("", include("bianmin.submissions.api.urls")),
    path("", include("bianmin.queue.api.urls")),
    path("", include("bianmin.notify.api.urls")),
    path("", include("bianmin.fees.api.urls")),
    path("", include("bianmin.seals.api.urls")),
    path("", include("bianmin.mediation.api.urls")),
    path("", include("bianmin.archive.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the docs need no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("counter/", include("bianmin.counter.urls")),
    path("counter/", include("bianmin.outreach.urls")),
    path("counter/", include("bianmin.bulletins.urls")),
    path("counter/", include("bianmin.consultations.urls")),
    path("counter/", include("bianmin.attendance.urls")),
    path("counter/", include("bianmin.duty.urls")),
    path("counter/", include("bianmin.complaints.urls")),
    path("counter/", include("bianmin.supervision.urls")),
    path("counter/", include("bianmin.performance.urls")),
    path("counter/", include("bianmin.feedback.urls")),
    path("counter/", include("bianmin.reports.urls")),
    path("counter/", include("bianmin.submissions.urls")),
    path("counter/", include("bianmin.appointments.urls")),
    path("counter/", include("bianmin.queue.urls")),
    path("counter/", include("bianmin.notify.urls")),
    path("counter/", include("bianmin.fees.urls")),
    path("counter/", include("bianmin.seals.urls")),
    path("counter/", include("bianmin.mediation.urls")),
    path("counter/", include("bianmin.archive.urls")),
    path("evaluator/", include("bianmin.feedback.urls_evaluator")),
    path("", include("bianmin.duty.urls_public")),
    path("", include("bianmin.disclosure.urls")),
    path("", include("bianmin.bulletins.urls_public")),
    path("", include("bianmin.appointments.urls_public")),
    path("", include("bianmin.reports.urls_screen")),
    path("", include("bianmin.queue.urls_public")),
    path("", include("bianmin.hall.urls")),
]

# Under /api/ these answer the API's JSON {"code", "detail"}; elsewhere Django's pages.
handler400 = "bianmin.lib.api.bad_request"
handler403 = "bianmin.lib.api.permission_denied"
handler404 = "bianmin.lib.api.page_not_found"
handler500 = "bianmin.lib.api.server_error"
