app_name = "geography"
urlpatterns: list = []
