from django.urls import path

from townsquare.terms import views

app_name = "terms"
urlpatterns = [
    path("terms/", views.terms, name="terms"),
    path("guidelines/", views.guidelines, name="guidelines"),
]
