"""Figures written for people, the Indonesian way."""

import datetime as dt
from decimal import Decimal

import pytest
from terbuka.core import formatting as f


@pytest.mark.parametrize(
    ("sen", "text"),
    [
        (123456789000, "Rp 1.234.567.890"),
        (123456789050, "Rp 1.234.567.890,50"),
        (0, "Rp 0"),
        (5, "Rp 0,05"),
    ],
)
def test_rupiah_is_exact(sen, text):
    assert f.rupiah(sen) == text


@pytest.mark.parametrize(
    ("sen", "text"),
    [
        (1_234_000_000_000, "Rp 12,3 miliar"),
        (1_500_000_000_000_000, "Rp 15,0 triliun"),
        (2_550_000_000, "Rp 25,5 juta"),
        (99_950, "Rp 1.000"),
    ],
)
def test_rupiah_short(sen, text):
    assert f.rupiah_short(sen) == text


def test_percent_rounds_half_up():
    assert f.percent(Decimal("82.45")) == "82,5%"
    assert f.percent(82.25) == "82,3%"
    assert f.percent(None) == "–"


def test_long_date_in_indonesian():
    assert f.long_date(dt.date(2024, 3, 17)) == "17 Maret 2024"


def test_exact_number_keeps_every_digit():
    assert f.exact_number(Decimal("1234567.125")) == "1.234.567,125"
