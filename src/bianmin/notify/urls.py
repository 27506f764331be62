from django.urls import path

from bianmin.notify import views

urlpatterns = [
    path("notify/", views.outbox, name="notify-outbox"),
    path("notify/messages/<int:pk>/", views.message_page, name="notify-message"),
    path("notify/messages/<int:pk>/retry/", views.message_retry, name="notify-retry"),
    path("notify/templates/", views.templates, name="notify-templates"),
    path("notify/templates/<str:kind>/", views.template_edit, name="notify-template"),
    path("notify/opt-outs/", views.opt_outs, name="notify-opt-outs"),
    path("notify/inbox/", views.inbox, name="notify-inbox"),
    path("notify/inbox/read-all/", views.inbox_read_all, name="notify-inbox-read-all"),
    path("notify/inbox/<int:pk>/read/", views.inbox_read, name="notify-inbox-read"),
    path("notify/letters/", views.letters, name="notify-letters"),
    path("notify/letters.pdf", views.letters_pdf, name="notify-letters-pdf"),
    path("notify/letters/printed/", views.letters_printed, name="notify-letters-printed"),
]
