"""wts.lib.images: the PNG copy of an SVG keeps the SVG's proportions, whatever gives them."""

import io

import pytest
from PIL import Image

from wts.lib.images import ImageError, svg_aspect_ratio, svg_to_png

SVG = '<svg xmlns="http://www.w3.org/2000/svg" {}><rect x="0" y="0" width="100%" height="100%" fill="#c00"/></svg>'


@pytest.mark.parametrize("attributes, ratio", [
    ('viewBox="0 0 200 100"', 2.0),
    ('viewBox="10,10,50,100" width="999" height="1"', 0.5),  # the viewBox wins
    ('width="3cm" height="40mm"', 0.75),
    ('width="72pt" height="96px"', 1.0),
    ('', 1.0),
])
def test_the_aspect_ratio_comes_from_the_viewbox_else_the_size_else_square(attributes, ratio):
    assert svg_aspect_ratio(SVG.format(attributes).encode()) == pytest.approx(ratio)


def test_an_svg_becomes_a_png_of_the_asked_height_and_resolution():
    picture = Image.open(io.BytesIO(svg_to_png(SVG.format('viewBox="0 0 200 100"').encode(), height_cm=1.27, dpi=200)))
    assert picture.size == (200, 100) and picture.mode == "RGBA"
    assert picture.getpixel((100, 50)) == (204, 0, 0, 255)
    assert [round(d) for d in picture.info["dpi"]] == [200, 200]


def test_an_svg_that_draws_nothing_is_an_error():
    with pytest.raises(ImageError):
        svg_to_png(SVG.format('viewBox="0 0 0 0"').replace("<rect", "<g").encode(), height_cm=1)
