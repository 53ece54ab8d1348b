"""An article is found in the search box by its title, outlet or tags however many the union keeps,
mistyped too: the search reads the articles' own search column, not the newest rows it scores
(``core.matching.CANDIDATES``, made 3 here); its text is searched word for word beside it."""

from unittest import mock

from django.test import TestCase

from amity.core.testing import search_links
from amity.units.testing import make_unit_tree, make_user

from .factories import ArticleFactory


@mock.patch("amity.core.matching.CANDIDATES", 3)
class OldestArticleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        hai_phong = make_unit_tree()["hai_phong"]
        cls.editor = make_user("hp-editor", unit=hai_phong)
        cls.oldest = ArticleFactory(
            unit=hai_phong, title="Đoàn Kurashiki thăm Hải Phòng", outlet="Báo Hải Phòng", tags="giao lưu, Nhật Bản"
        )
        ArticleFactory.create_batch(4, unit=hai_phong)

    def test_the_oldest_is_found_by_title_outlet_and_tags_without_diacritics_and_with_a_typo(self):
        self.client.force_login(self.editor)
        for query in ("doan kurashiki", "doan kurashky", "bao hai phong", "giao luu nhat ban"):
            with self.subTest(query=query):
                self.assertIn(self.oldest.get_absolute_url(), search_links(self.client, query))
