from django.urls import path

from townsquare.front.views import terms as views

app_name = "terms"
urlpatterns = [
    path("terms/", views.terms, name="terms"),
    path("guidelines/", views.guidelines, name="guidelines"),
]
