"""Letters and reports are templates, not Thai sentences in Python (docs/architecture.md, issue 14)."""

import ast
import re
from pathlib import Path

THAI = re.compile(r"[\u0e00-\u0e7f]")
# A title or a label fits in this; a sentence of a letter or a note of the report does not.
LONGEST_LABEL = 100


def test_no_thai_sentence_is_written_in_the_documents_python_code():
    package = Path(__file__).resolve().parent.parent
    sentences = []
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        for node in ast.walk(tree):
            if id(node) not in docstrings and isinstance(node, ast.Constant) and isinstance(node.value, str) and THAI.search(node.value):
                if len(node.value) > LONGEST_LABEL:
                    sentences.append(f"{path.name}:{node.lineno}: {node.value[:40]}…")
    assert not sentences, sentences
