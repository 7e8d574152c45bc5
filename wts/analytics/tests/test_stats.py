import pytest

from wts.analytics.stats import quantile, size_band, size_band_bounds


def test_quantiles_interpolate_like_excel_percentile_inc():
    values = [4, 1, 3, 2]
    assert quantile(values, 0.25) == pytest.approx(1.75)
    assert quantile(values, 0.5) == pytest.approx(2.5)
    assert quantile(values, 0) == 1 and quantile(values, 1) == 4
    assert quantile([7], 0.75) == 7


@pytest.mark.parametrize("lgo, band", [(0, "xs"), (5, "xs"), (6, "s"), (15, "m"), (20, "l"), (21, "xl"), (99, "xl")])
def test_size_bands_cover_every_count_without_gaps(lgo, band):
    assert size_band(lgo) == band
    low, high = size_band_bounds(band)
    assert low <= lgo and (high is None or lgo <= high)
