from django.urls import path

from amity.core.urls import object_urls

from . import views
from .models import Article

app_name = "press"

urlpatterns = [
    path("articles/<int:pk>/facts/", views.ArticleFactsView.as_view(), name="article_facts"),
    path("articles/<int:pk>/read/", views.ArticleReadView.as_view(), name="article_read"),
    path("facts/<int:pk>/decide/", views.FactDecideView.as_view(), name="fact_decide"),
    path("facts/<int:pk>/record/", views.FactRecordView.as_view(), name="fact_record"),
    *object_urls(
        Article,
        prefix="articles",
        list_view=views.ArticleListView,
        detail_view=views.ArticleDetailView,
        edit_view=views.ArticleEditView,
    ),
]
