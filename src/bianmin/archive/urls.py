from django.urls import path

from bianmin.archive import views

urlpatterns = [
    path("archive/", views.box_list, name="archive-boxes"),
    path("archive/labels/", views.box_labels, name="archive-labels"),
    path("archive/boxes/<int:pk>/", views.box_page, name="archive-box"),
    path("archive/boxes/<int:pk>/catalog/", views.box_catalog, name="archive-box-catalog"),
    path("archive/boxes/<int:pk>/close/", views.box_close, name="archive-box-close"),
    path("archive/records/<int:pk>/", views.record_page, name="archive-record"),
    path("archive/records/<int:pk>/borrow/", views.record_borrow, name="archive-record-borrow"),
    path("archive/records/<int:pk>/move/", views.record_move, name="archive-record-move"),
    path("archive/cases/<str:number>/", views.case_record, name="archive-case"),
    path("archive/loans/", views.loan_list, name="archive-loans"),
    path("archive/loans/<int:pk>/<str:step>/", views.loan_step, name="archive-loan-step"),
    path("archive/disposals/", views.disposal_list, name="archive-disposals"),
    path("archive/disposals/<int:pk>/", views.disposal_page, name="archive-disposal"),
    path("archive/disposals/<int:pk>/<str:step>/", views.disposal_step, name="archive-disposal-step"),
    path("archive/retention/", views.retention_page, name="archive-retention"),
]
