# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_translates_every_term(self):
        """Every term the addon exports today has a zh_CN translation."""
        po = polib.pofile(
            get_module_path("order_logistics_tracking") + "/i18n/zh_CN.po"
        )
        done = {entry.msgid for entry in po if entry.msgstr and not entry.obsolete}
        reader = TranslationModuleReader(self.env.cr, ["order_logistics_tracking"])
        terms = {term[4] for term in reader}
        self.assertEqual(sorted(terms - done), [])
