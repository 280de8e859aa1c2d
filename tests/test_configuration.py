"""The deployment contract: every environment variable the code reads is listed in .env.example."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READ_PATTERN = re.compile(
    r"""(?:os\.environ\.get|os\.environ\[|env_bool|env_list)\(?\s*["']([A-Z_][A-Z0-9_]*)["']"""
)


def variables_read_by_the_code() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "titresto").rglob("*.py"):
        if "/tests/" not in str(path):
            names |= set(READ_PATTERN.findall(path.read_text()))
    return names - {"DJANGO_SETTINGS_MODULE", "RUN_MAIN"}


def test_every_environment_variable_is_documented_in_env_example() -> None:
    documented = set(re.findall(r"^([A-Z_][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M))

    assert variables_read_by_the_code() - documented == set()
