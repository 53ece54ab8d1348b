"""The ground floor imports one way: an import inside a function in core, audit, geo or units must
say why it cannot sit at the top of its module (``lint-imports`` checks the direction itself)."""

import importlib.util
from pathlib import Path

from django.test import SimpleTestCase

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "function_imports.py"
spec = importlib.util.spec_from_file_location("function_imports", SCRIPT)
function_imports = importlib.util.module_from_spec(spec)
spec.loader.exec_module(function_imports)

GROUND = ("core", "audit", "geo", "units")


class GroundFloorImportsTest(SimpleTestCase):
    def test_function_level_imports_give_their_reason(self):
        unexplained = []
        for path in function_imports.sources():
            if path.relative_to(function_imports.ROOT).parts[0] not in GROUND:
                continue
            lines = path.read_text().splitlines()
            for node in function_imports.function_imports(path):
                if "#" not in lines[node.end_lineno - 1]:
                    unexplained.append(f"{path.relative_to(function_imports.ROOT)}:{node.lineno}")
        self.assertEqual(unexplained, [], "move these imports to the top of their module, or say why they wait")

    def test_the_script_finds_an_import_inside_a_function(self):
        module = function_imports.ROOT / "core" / "apps.py"
        found = function_imports.function_imports(module)
        self.assertEqual([node.module for node in found], ["amity.core", "amity.core.money"])
