"""Numbers and money as Indonesian exports write them, read exactly."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from terbuka.core.formatting import exact_number
from terbuka.inputs import numbers

D = Decimal


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("1500000", "money", D("1500000")),
        ("1500000.5", "money", D("1500000.5")),
        ("1.500.000", "money", D("1500000")),
        ("1.500.000,50", "money", D("1500000.50")),
        ("Rp 1.500.000,50", "money", D("1500000.50")),
        ("Rp1.500.000", "money", D("1500000")),
        ("rp. 1.500.000", "money", D("1500000")),
        ("-", "money", D("0")),
        ("Rp -", "money", D("0")),
        ("  1.500.000  ", "money", D("1500000")),
        ("1\u00a0500\u00a0000", "money", D("1500000")),
        ("82,5", "percent", D("82.5")),
        ("82.5", "percent", D("82.5")),
        ("82,5%", "percent", D("82.5")),
        ("82,5 %", "percent", D("82.5")),
        ("100", "percent", D("100")),
        ("3,05", "number", D("3.05")),
        ("-12", "number", D("-12")),
    ],
)
def test_each_accepted_style_reads_exactly(text, kind, expected):
    value = numbers.parse_number(text, kind)
    assert value == expected
    assert str(value) == str(expected)  # exact digits, no float on the way


@pytest.mark.parametrize(
    ("text", "kind", "says"),
    [
        ("12,5,0", "money", "bukan angka rupiah (contoh: 1.500.000,50)"),
        ("satu juta", "money", "bukan angka rupiah"),
        ("1.50.000", "money", "bukan angka rupiah"),
        ("82,5%", "money", "bukan angka rupiah"),
        ("Rp 100", "percent", "bukan persen"),
        ("1.500.000,505", "money", "lebih dari 2 angka di belakang koma"),
        ("1.500", "money", "bisa dibaca dua cara: 1.500 atau 1,5"),
    ],
)
def test_malformed_and_ambiguous_values_are_rejected_with_reason(text, kind, says):
    with pytest.raises(numbers.NumberError) as caught:
        numbers.parse_number(text, kind)
    assert says in caught.value.message
    assert f"'{text}'" in caught.value.message


def test_column_style_decides_the_ambiguous_value():
    indonesian = numbers.parse_column(["1.500", "2.000.000"], "money")
    assert indonesian == [D("1500"), D("2000000")]
    plain = numbers.parse_column(["1.500", "2000000.25"], "money")
    assert plain == [D("1.500"), D("2000000.25")]


def test_a_column_mixing_styles_reports_the_minority():
    values = numbers.parse_column(["1.500.000", "2.000.000", "1500000.5"], "money")
    assert values[:2] == [D("1500000"), D("2000000")]
    assert isinstance(values[2], numbers.NumberError)
    assert "memakai titik sebagai desimal" in values[2].message


def test_empty_cells_stay_empty():
    assert numbers.parse_column(["", "5"], "number") == [None, D("5")]


def test_to_sen_is_exact():
    assert numbers.to_sen(D("1234567890123.45")) == 123456789012345


amounts = st.decimals(min_value=0, max_value=10**13, places=2, allow_nan=False)


def _grouped(value: Decimal) -> str:
    return exact_number(value.quantize(D("0.01"))).replace(",00", "")


STYLES = {
    "plain": lambda v: format(v, "f"),
    "indonesian": _grouped,
    "rp-space": lambda v: "Rp " + _grouped(v),
    "rp-tight": lambda v: "Rp" + _grouped(v),
    "padded": lambda v: "  " + _grouped(v) + " ",
}


@given(amount=amounts, style=st.sampled_from(sorted(STYLES)))
def test_any_amount_in_any_style_parses_back_exactly(amount, style):
    text = STYLES[style](amount)
    # A column is read with its neighbours: one unambiguous value of the same
    # style settles values such as "1.500" that alone could be read two ways.
    witness = "1.000.000,50" if style != "plain" else "1000000.50"
    parsed = numbers.parse_column([text, witness], "money")[0]
    assert parsed == amount


@given(
    amount=amounts,
    style=st.sampled_from(sorted(STYLES)),
    position=st.integers(min_value=0, max_value=30),
    junk=st.sampled_from(["x", "..", ",,", ".,", "O", "1/2", "Rp"]),
)
def test_malformed_money_is_always_rejected(amount, style, position, junk):
    text = STYLES[style](amount).strip()
    cut = position % (len(text) + 1)
    broken = text[:cut] + junk + text[cut:]
    if junk == "Rp" and cut == 0:
        broken = "x" + broken  # a leading Rp is allowed; make it junk
    parsed = numbers.parse_column([broken], "money")[0]
    assert isinstance(parsed, numbers.NumberError), broken
    assert f"'{broken}'" in parsed.message
