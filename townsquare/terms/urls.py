from django.urls import path

app_name = "terms"
urlpatterns: list = []
