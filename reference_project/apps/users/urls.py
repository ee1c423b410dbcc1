"""URL routes of the user endpoints."""

from django.urls import path

from apps.users.views import UserDetailApi, UserListApi, UserMeApi, UserRegisterApi

app_name = "users"

urlpatterns = [
    path("", UserListApi.as_view(), name="list"),
    path("register/", UserRegisterApi.as_view(), name="register"),
    path("me/", UserMeApi.as_view(), name="me"),
    path("<int:user_id>/", UserDetailApi.as_view(), name="detail"),
]
