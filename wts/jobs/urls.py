from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("downloads/", views.downloads, name="downloads"),
    path("schedule/", views.schedule, name="schedule"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/progress/", views.progress, name="progress"),
    path("<uuid:pk>/download/", views.download, name="download"),
    path("<uuid:pk>/retry/", views.retry, name="retry"),
]
