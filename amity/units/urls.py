from amity.core.urls import object_urls

from . import views
from .models import Unit

app_name = "units"
urlpatterns = object_urls(
    Unit, prefix="units", list_view=views.UnitListView, detail_view=views.UnitDetailView, edit_view=views.UnitEditView
)
