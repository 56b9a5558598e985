"""The schemas are standard Table Schemas, and the shipped frameworks are
faithful copies of the reference files."""

from pathlib import Path

import pytest
from conftest import ROOT
from frictionless import Schema
from terbuka.core.schema import all_schemas

SHARED_REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.mark.parametrize("schema", all_schemas(), ids=lambda s: s.name)
def test_each_schema_is_a_valid_table_schema(schema):
    path = ROOT / "plugins/terbuka/schemas" / f"{schema.name}.json"
    parsed = Schema.from_descriptor(str(path))  # raises on an invalid descriptor
    assert [f.name for f in parsed.fields] == [f.name for f in schema.fields]
    for fk in schema.foreign_keys:
        assert set(fk.fields) <= {f.name for f in schema.fields}


def test_every_column_has_an_indonesian_title_and_description():
    for schema in all_schemas():
        for field in schema.descriptor["fields"]:
            assert field.get("title") and field.get("description"), (schema.name, field["name"])


@pytest.mark.skipif(not SHARED_REFERENCE.is_dir(), reason="shared/reference is not beside the repo")
@pytest.mark.parametrize(
    "name",
    [
        "spbe_2020.csv",
        "pemdi_2026.csv",
        "predikat.csv",
        "rekening_belanja.csv",
        "rekening_belanja_13_2006.csv",
    ],
)
def test_shipped_frameworks_match_the_reference(name):
    shipped = ROOT / "plugins/terbuka/reference" / name
    assert shipped.read_bytes() == (SHARED_REFERENCE / name).read_bytes()


def test_reference_sources_are_named():
    text = (ROOT / "plugins/terbuka/reference/SUMBER.md").read_text(encoding="utf-8")
    assert "Peraturan Menteri PANRB Nomor 59 Tahun 2020" in text
    assert "Nomor 8 Tahun 2026" in text
    assert Path(ROOT / "plugins/terbuka/reference/spbe_2020.csv").is_file()
