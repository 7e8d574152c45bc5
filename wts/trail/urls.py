from django.urls import path

from . import views

# The pages keep the audit: namespace (and /audit/ URLs) they had inside wts.audit.
app_name = "audit"
urlpatterns = [
    path("", views.search, name="search"),
    path("district/<str:code>/", views.district_timeline, name="district_timeline"),
]
