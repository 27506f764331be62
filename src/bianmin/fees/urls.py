from django.urls import path

from bianmin.fees import views

urlpatterns = [
    path("fees/", views.window, name="fees-window"),
    path("fees/raise/", views.raise_payable, name="fees-raise"),
    path("fees/payables/<int:pk>/", views.payable, name="fees-payable"),
    path("fees/payables/<int:pk>/<str:step>/", views.payable_step, name="fees-payable-step"),
    path("fees/receipts/<int:pk>/", views.receipt, name="fees-receipt"),
    path("fees/receipts/<int:pk>/pdf/", views.receipt_pdf, name="fees-receipt-pdf"),
    path("fees/day/", views.day, name="fees-day"),
    path("fees/day/close/", views.close_day, name="fees-day-close"),
    path("fees/entries/", views.entries, name="fees-entries"),
]
