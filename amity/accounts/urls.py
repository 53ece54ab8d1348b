from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("login/code/", views.LoginCodeView.as_view(), name="login_code"),
    path("two-factor/", views.TwoFactorView.as_view(), name="two_factor"),
]
