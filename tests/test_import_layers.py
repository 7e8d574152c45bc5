"""The apps depend on each other one way (.importlinter): a cycle, or an import that points back
up, fails here as well as in `make test`'s lint-imports step."""

from pathlib import Path

from importlinter import configuration
from importlinter.application.use_cases import lint_imports

CONFIG = Path(__file__).resolve().parents[1] / ".importlinter"


def test_apps_import_each_other_only_downwards_and_never_in_a_cycle(capsys):
    configuration.configure()  # what the lint-imports command does first
    kept = lint_imports(config_filename=str(CONFIG), cache_dir=None, no_logo=True)
    assert kept, capsys.readouterr().out
