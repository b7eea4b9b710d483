#!/usr/bin/env python3
# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Write each addon's README.rst from its readme/*.md fragments.

The fragments are plain paragraphs and lists, which read the same in Markdown
and reStructuredText. Run after editing a fragment: python3 tools/gen_readme.py
"""

import ast
import pathlib
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
SECTIONS = [
    ("DESCRIPTION", None),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("EXTEND", "Extend"),
]


def render(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    title = manifest["name"]
    parts = [
        "=" * len(title),
        title,
        "=" * len(title),
        "",
        manifest["summary"],
        "",
        f"**Version:** {manifest['version']} — **License:** {manifest['license']} — "
        f"**Status:** {manifest['development_status']}",
        "",
        ".. contents::",
        "   :local:",
        "",
    ]
    for fragment, heading in SECTIONS:
        path = addon / "readme" / f"{fragment}.md"
        if not path.exists():
            continue
        if heading:
            parts += [heading, "=" * len(heading), ""]
        parts += [path.read_text().strip(), ""]
    parts += [
        "Credits",
        "=======",
        "",
        f"Authors: {manifest['author']}.",
        "",
        f"Maintainers: {', '.join(manifest['maintainers'])}. Website: "
        f"{manifest['website']}",
        "",
    ]
    return "\n".join(parts)


def main():
    for manifest in sorted(REPO.glob("*/__manifest__.py")):
        addon = manifest.parent
        (addon / "README.rst").write_text(render(addon))
        print(f"wrote {addon.name}/README.rst")
    return 0


if __name__ == "__main__":
    sys.exit(main())
