from django.urls import path

from bianmin.disclosure.api.views import PublicDisclosureView

urlpatterns = [
    path("public/disclosure/<str:org>/", PublicDisclosureView.as_view(), name="public-disclosure"),
]
