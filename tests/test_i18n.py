# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The shipped zh_CN translations are complete and keep every placeholder."""

import re

import pytest
from conftest import ADDONS, REPO

polib = pytest.importorskip("polib")

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdf]|%[sdf]|\{[a-z_0-9]*\}")


@pytest.mark.parametrize("addon", ADDONS)
def test_po_covers_the_pot(addon):
    pot = polib.pofile(str(REPO / addon / "i18n" / f"{addon}.pot"))
    po = polib.pofile(str(REPO / addon / "i18n" / "zh_CN.po"))
    translated = {(e.msgctxt, e.msgid) for e in po if e.msgstr and not e.obsolete}
    missing = [e.msgid for e in pot if (e.msgctxt, e.msgid) not in translated]
    assert missing == []
    assert po.metadata["Language"] == "zh_CN"


@pytest.mark.parametrize("addon", ADDONS)
def test_translations_keep_placeholders(addon):
    po = polib.pofile(str(REPO / addon / "i18n" / "zh_CN.po"))
    for entry in po:
        if entry.msgstr:
            assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
                PLACEHOLDER.findall(entry.msgstr)
            ), entry.msgid
