"""docs/deploy.md says what the password hasher costs on the login POST and how to size it, for
the hasher production really uses (a Django upgrade that changes the iterations makes this fail
until the figures are measured again with bench/password_hasher.py)."""

from pathlib import Path

from django.contrib.auth.hashers import PBKDF2PasswordHasher

ROOT = Path(__file__).resolve().parents[1]


def test_deploy_doc_states_the_hashers_cost_for_the_iterations_in_use(settings):
    doc = (ROOT / "docs" / "deploy.md").read_text()
    section = doc.split("## 11. What a login costs")[1]
    assert f"{PBKDF2PasswordHasher.iterations:,} iterations" in section
    assert "login POST" in section and "How to size it" in section
    assert "bench/password_hasher.py" in section and (ROOT / "bench" / "password_hasher.py").exists()
