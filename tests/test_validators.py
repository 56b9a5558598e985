"""Outside validators on the built site, and a dataset written to break it."""

import json
import subprocess

from bs4 import BeautifulSoup
from conftest import ROOT, build_site, minimal_files, page, write_dataset

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


def nu_html_checker(folder) -> list[str]:
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_every_page_of_the_sample_site_is_valid_html(sample_site):
    assert nu_html_checker(sample_site) == []


HOSTILE = {
    "script": "<script>alert('x')</script> Dinas",
    "attribute": '" onmouseover="alert(1)" data-x="',
    "url": "javascript:alert(document.cookie)",
    "rtl": "\u202eKecamatan\u202c \u200bTaman\u200d",
    "emoji": "Dinas 🚧 Jalan Rusak 🙂",
    "formula": '=HYPERLINK("http://contoh","klik")',
    "plus": "+62 351 123",
    "minus": "-2+3",
    "at": "@SUM(A1:A9)",
    "long": "Sangat " * 60 + "Panjang",
}


def hostile_files() -> dict[str, str]:
    files = minimal_files()

    def quoted(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    files["opd.csv"] += (
        f"9.99.0.00.0.00.09.0000,opd-jahat,{quoted(HOSTILE['script'])},{quoted(HOSTILE['formula'])},"
        f"Lainnya,,{quoted(HOSTILE['url'])}\n"
    )
    files["program.csv"] += f"2026,9.99.0.00.0.00.09.0000,9.99.02,{quoted(HOSTILE['attribute'])}\n"
    for i, text in enumerate(HOSTILE.values(), start=1):
        files["kegiatan.csv"] += (
            f"2026,9.99.0.00.0.00.09.0000,9.99.02,9.99.02.2.01,{quoted(HOSTILE['rtl'])},"
            f"9.99.02.2.01.{i:04d},{quoted(text)},{1000 * i},{10 * i},5,{quoted(HOSTILE['emoji'])},,\n"
        )
    return files


def test_hostile_text_stays_text_everywhere(tmp_path):
    output = tmp_path / "output"
    result = build_site(write_dataset(tmp_path / "data", hostile_files()), output, "publishconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert nu_html_checker(output) == []
    for html_file in output.rglob("*.html"):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", html_file
        for tag in soup.find_all(True):
            assert not any(a.startswith("on") for a in tag.attrs), (html_file, tag.name)
            for attr in ("href", "src"):
                assert not str(tag.get(attr, "")).lower().startswith("javascript:"), html_file
    unit = page(output, "opd/opd-jahat/")
    assert unit.h1.get_text(" ", strip=True).startswith(HOSTILE["script"])
    text = unit.get_text(" ", strip=True)
    for key in ("rtl", "long", "minus", "at"):
        assert HOSTILE[key] in text
    assert HOSTILE["url"] in text  # an address cell: shown as text, never a link
    chart = unit.find("figure", id="grafik-program").find("img")
    assert chart["alt"].startswith("Diagram batang pagu dan realisasi per program =HYPERLINK")
    catalog = page(output, "data/")
    json.loads(catalog.find("script", type="application/ld+json").string)  # still valid JSON
    api = json.loads((output / "api/v1/opd/opd-jahat.json").read_text(encoding="utf-8"))
    assert api["nama_opd"] == HOSTILE["script"] and api["singkatan"] == HOSTILE["formula"]
    csv_text = (output / "data/opd.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text
