"""Every document the system renders fetches nothing outside the project's own files, and an
uploaded emblem is bounded in size, proportions, memory and time (issue 25, finding 1).

A local HTTP server stands in for "a stranger's address": the tests assert it is never asked.
"""

import ast
import io
import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.urls import reverse

from wts.documents.models import Emblem
from wts.lib.images import ImageError, svg_to_png
from wts.lib.pdf_fonts import font_faces, html_to_pdf

ROOT = Path(__file__).resolve().parents[1] / "wts"


@pytest.fixture
def stranger():
    """An HTTP server that counts the requests it gets and answers none of them quickly."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "font/ttf")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def hostile_svgs(base: str) -> dict[str, bytes]:
    rect = '<rect width="10" height="10" fill="#c00"/>'
    svg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">{}</svg>'
    return {
        "font-face": svg.format(f'<style>@font-face{{font-family:x;src:url({base}/font.ttf)}}</style>'
                                f'<text font-family="x" y="5">ก</text>{rect}'),
        "import": svg.format(f"<style>@import url({base}/a.css);</style>{rect}"),
        "dev-zero": svg.format(f"<style>@font-face{{font-family:x;src:url(file:///dev/zero)}}</style>{rect}"),
        "style-attribute": svg.format(f'<rect width="10" height="10" style="fill:url({base}/p.svg#x)"/>'),
        "image": svg.format(f'<image xlink:href="{base}/i.png" width="10" height="10"/>{rect}'),
        "stylesheet-pi": f'<?xml-stylesheet href="{base}/s.css"?>' + svg.format(rect),
    }


def weasyprint_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if name in {"HTML", "CSS"}:
                yield node


def test_every_weasyprint_render_in_the_project_passes_the_project_fetcher():
    calls = []
    for path in ROOT.rglob("*.py"):
        source = path.read_text()
        if "tests" in path.relative_to(ROOT).parts or "weasyprint" not in source:  # what the system renders
            continue
        for call in weasyprint_calls(ast.parse(source)):
            keywords = {k.arg: k.value for k in call.keywords}
            fetcher = keywords.get("url_fetcher")
            calls.append(path.name)
            assert isinstance(fetcher, ast.Call) and getattr(fetcher.func, "id", "") == "ProjectFetcher", (
                f"{path}:{call.lineno} renders without wts.lib.pdf_fetcher.ProjectFetcher")
    assert len(calls) >= 2  # html_to_pdf and the SVG drawing: the scan found what it looks for


def test_a_document_that_names_outside_addresses_renders_without_fetching_them(stranger, tmp_path):
    base, hits = stranger
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    html = (f"<style>{font_faces()} @font-face {{ font-family: X; src: url({base}/x.ttf) }}"
            f" @import url({base}/a.css); body {{ font-family: Sarabun, X }}</style>"
            f'<link rel="stylesheet" href="{base}/b.css"><link rel="stylesheet" href="{secret.as_uri()}">'
            f'<link rel="stylesheet" href="file:///dev/zero"><link rel="stylesheet" href="ftp://127.0.0.1/x.css">'
            f'<img src="{base}/i.png"><img src="https://127.0.0.1:1/i.png"><p>สำนักงาน</p>')
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF") and hits == []


@pytest.mark.parametrize("kind", list(hostile_svgs("http://x")))
def test_drawing_a_hostile_svg_fetches_nothing_even_past_the_upload_filter(stranger, kind):
    base, hits = stranger
    try:
        svg_to_png(hostile_svgs(base)[kind].encode(), height_cm=1, dpi=96)
    except ImageError:
        pass  # refused is fine too; fetching is not
    assert hits == []


def _upload(client, name, data):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("documents:emblem"), {"image": upload})


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(hostile_svgs("http://x")))
def test_an_emblem_that_names_an_outside_address_is_refused_in_thai_and_nothing_is_fetched(world, stranger, kind):
    base, hits = stranger
    response = _upload(world.client_for(world.dept_admin), "emblem.svg", hostile_svgs(base)[kind].encode())
    assert response.status_code == 400
    assert "รับเฉพาะไฟล์ภาพ PNG หรือ SVG ที่ไม่มีสคริปต์หรือลิงก์ภายนอก" in response.content.decode()
    assert hits == [] and Emblem.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("view_box", ["0 0 1000 1", "0 0 100 1", "0 0 1 1000"])
def test_an_emblem_of_extreme_proportions_is_refused_in_thai_before_anything_is_drawn(world, view_box):
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}"><rect width="1000" height="1000"/></svg>'
    response = _upload(world.client_for(world.dept_admin), "wide.svg", svg.encode())
    assert response.status_code == 400 and "วาดภาพจากไฟล์ SVG นี้ไม่ได้" in response.content.decode()
    assert Emblem.objects.count() == 0


def png_header_only(width: int, height: int) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    # A few kilobytes of zeros that would inflate to width × height × 3 bytes.
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 1_000_000)) + chunk(b"IEND", b""))


@pytest.mark.django_db
def test_a_png_emblem_of_too_many_pixels_is_refused_in_thai_from_its_header(world):
    response = _upload(world.client_for(world.dept_admin), "bomb.png", png_header_only(60_000, 60_000))
    assert response.status_code == 400
    assert "ภาพมีขนาดใหญ่เกินไป (ไม่เกิน 3,000 × 3,000 จุด)" in response.content.decode()
    assert Emblem.objects.count() == 0


@pytest.mark.django_db
def test_a_broken_png_emblem_is_refused_in_thai(world):
    response = _upload(world.client_for(world.dept_admin), "broken.png", png_header_only(20, 20)[:40])
    assert response.status_code == 400 and "เปิดไฟล์ภาพ PNG นี้ไม่ได้" in response.content.decode()


def test_the_svg_drawing_process_limits_its_own_memory(monkeypatch):
    """The child refuses to grow past its address-space limit: here set below what WeasyPrint needs
    to start, so the drawing fails as an ImageError in the parent, never a MemoryError."""
    import wts.lib.images as images

    monkeypatch.setenv("WTS_SVG_DRAW_ADDRESS_SPACE_BYTES", str(64 * 1024 * 1024))
    with pytest.raises(ImageError):
        images.svg_to_png(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>',
                          height_cm=1)
