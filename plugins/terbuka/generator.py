"""The Pelican generator: loads the data in ``generate_context`` and writes
the data pages in ``generate_output`` (never earlier: Pelican may clean the
output folder after generators are constructed)."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator
from pelican.writers import Writer

from .load import load_cached
from .pages import Page, build_pages


class DataError(Exception):
    """The exports have errors; the report lists them."""

    exitcode = 1


class TerbukaGenerator(Generator):
    def generate_context(self) -> None:
        datadir = Path(self.settings.get("TERBUKA_DATADIR", "data"))
        self.loaded = load_cached(datadir)
        report = self.loaded.report
        if self.loaded.model is None:
            raise DataError(
                f"data di {datadir} punya {len(report.errors)} kesalahan; "
                "jalankan 'make check-data' untuk daftar lengkapnya"
            )
        self.pages: list[Page] = build_pages(self.loaded.model, report)
        self.context["TERBUKA_LATEST_YEAR"] = self.loaded.model.latest_year

    def generate_output(self, writer: Writer) -> None:
        relative = self.settings.get("RELATIVE_URLS", False)
        for page in self.pages:
            writer.write_file(
                page.save_as,
                self.get_template(page.template),
                self.context,
                relative_urls=relative,
                page_url=page.url,
                **page.context,
            )
        self.loaded.report.write_json(Path(self.output_path) / "kualitas-data" / "laporan.json")
