"""A hostile logo (#27): the SVG is rebuilt from an allow-list, never published as given.

Each file below once passed the deny-list, or would have: it must now be
refused with one message that names the setting, the file, the element or
attribute and its line, and says what to do; a legitimate logo passes and is
written again by our own serializer with nothing outside the lists.
(The build path, with its ``KESALAHAN:`` line, is tests/test_look.py's.)
"""

from __future__ import annotations

import codecs
import re
from xml.etree import ElementTree

import pytest
from conftest import ROOT
from terbuka.outputs.look import MAX_SVG, LookError, checked_svg
from terbuka.outputs.safe_svg import ATTRIBUTES, ELEMENTS, SVG_NS, XLINK_NS, XML_NS, safe_svg

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8">{}</svg>'
REDO = "hapus lalu simpan ulang"
ONLY = f"{REDO}; logo hanya berisi bentuk, teks dan gradasi"
WHOLE = "gambar harus utuh dalam satu file"
UTF8 = "simpan ulang sebagai SVG polos dengan pengodean UTF-8"

HOSTILE = [
    # clicking the logo ran script: an <a> whose href an animation sets
    (
        SVG.format('<a><set attributeName="href" to="javascript:alert(1)"/><rect width="8" height="8"/></a>'),
        f"memuat <a> (baris 1); {ONLY}",
    ),
    (
        SVG.format('<a>\n<animate attributeName="href" values="javascript:alert(1)"/></a>'),
        f"memuat <a> (baris 1); {ONLY}",
    ),
    (
        SVG.format('<rect width="8" height="8">\n<set attributeName="href" to="javascript:alert(1)"/></rect>'),
        f"memuat javascript: pada atribut to di <set> (baris 2); {REDO}",
    ),
    (
        SVG.format('<rect width="8" height="8"><animate attributeName="fill" values="red;blue"/></rect>'),
        f"memuat <animate> (baris 1); {ONLY}",
    ),
    (SVG.format("\n\n<script>alert(1)</script>"), f"memuat <script> (baris 3); {ONLY}"),
    (
        SVG.format('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'),
        "memuat <script> dari ruang nama lain (http://www.w3.org/1999/xhtml) (baris 1); "
        "hapus lalu simpan ulang sebagai SVG polos",
    ),
    (
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "memuat atribut onload di <svg> (baris 1); hapus",
    ),
    (SVG.format('<rect onClick="alert(1)"/>'), "memuat atribut onClick di <rect> (baris 1); hapus"),
    # CSS that fetches from another origin
    (
        SVG.format("<style>@import url(https://contoh.example/a.css);</style>"),
        'memuat <style> (baris 1); CSS tidak diterima: tulis warna sebagai atribut (fill="#073763") '
        "lalu simpan ulang",
    ),
    (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<?xml-stylesheet href="https://contoh.example/a.css"?>\n' + SVG.format(""),
        "memuat instruksi <?xml-stylesheet?> (baris 2); hapus baris itu lalu simpan ulang sebagai "
        "SVG polos",
    ),
    (
        SVG.format('<rect width="8" height="8" fill="u\\72l(https://contoh.example/a)"/>'),
        f"memuat \\ (escape CSS) pada atribut fill di <rect> (baris 1); {REDO}",
    ),
    (
        SVG.format('<rect fill="url( https://contoh.example/#a )"/>'),
        f"merujuk ke file lain (url( https://contoh.example/#a )) pada atribut fill di <rect> (baris 1); {WHOLE}",
    ),
    (
        SVG.format('<rect fill="url(#g) @import"/>'),
        f"memuat @import pada atribut fill di <rect> (baris 1); {REDO}",
    ),
    (
        SVG.format('<rect fill="expression(alert(1))"/>'),
        f"memuat expression( pada atribut fill di <rect> (baris 1); {REDO}",
    ),
    (
        SVG.format('<rect style="fill:#073763"/>'),
        "memuat atribut style di <rect> (baris 1); CSS tidak diterima: tulis warna dan garis sebagai "
        'atribut (fill="#073763", stroke-width="2") lalu simpan ulang',
    ),
    (
        SVG.format("<foreignObject><p>x</p></foreignObject>"),
        f"memuat <foreignobject> (baris 1); {ONLY}",
    ),
    # links to elsewhere, and <use> even of the file itself
    (
        SVG.format('<image href="https://contoh.example/x.png"/>'),
        f"merujuk ke file lain (https://contoh.example/x.png) pada atribut href di <image> (baris 1); {WHOLE}",
    ),
    (
        SVG.format('<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="https://contoh.example/a.svg#b"/>'),
        f"merujuk ke file lain (https://contoh.example/a.svg#b) pada atribut href di <use> (baris 1); {WHOLE}",
    ),
    (SVG.format('<use href="#a"/>'), f"memuat <use> (baris 1); {ONLY}"),
    (
        SVG.format('<rect href="#a"/>'),
        f"memuat atribut href di <rect> (baris 1); {REDO}",
    ),
    (
        SVG.format('<rect data-x="1"/>'),
        f"memuat atribut data-x di <rect> (baris 1); {REDO}",
    ),
    # what a reader and a browser would read differently
    (
        '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>',
        "memuat DOCTYPE/ENTITY (baris 1); simpan ulang sebagai SVG polos",
    ),
    (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + SVG.format(""),
        "memuat DOCTYPE/ENTITY (baris 2); simpan ulang sebagai SVG polos",
    ),
    (
        '<?xml version="1.0" encoding="ISO-8859-1"?>' + SVG.format(""),
        f"dinyatakan ber-encoding ISO-8859-1 (baris 1); {UTF8}",
    ),
    (
        "<svg><rect/></svg>",
        'bukan file SVG (elemen teratas <svg>, bukan <svg xmlns="http://www.w3.org/2000/svg">)',
    ),
    (
        SVG.format("<g>" * 70 + "</g>" * 70),
        "bertingkat lebih dari 64 lapis (baris 1); sederhanakan kelompoknya (<g>)",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "refused"), HOSTILE)
def test_a_hostile_logo_is_refused_with_one_located_message(tmp_path, text, refused):
    logo = tmp_path / "logo.svg"
    logo.write_text(text, encoding="utf-8")
    with pytest.raises(LookError) as caught:
        checked_svg(logo, "TERBUKA_LOGO")
    assert str(caught.value) == f"TERBUKA_LOGO: logo.svg {refused}"
    assert caught.value.__cause__ is None and caught.value.__suppress_context__  # no traceback


@pytest.mark.parametrize(
    ("data", "refused"),
    [
        (codecs.BOM_UTF16_LE + SVG.format("").encode("utf-16-le"), "tersimpan sebagai UTF-16 atau UTF-32"),
        (codecs.BOM_UTF16_BE + SVG.format("").encode("utf-16-be"), "tersimpan sebagai UTF-16 atau UTF-32"),
        (SVG.format("").encode("utf-16-le"), "tersimpan sebagai UTF-16 atau UTF-32"),  # no BOM
        (SVG.format("").encode("utf-16-be"), "tersimpan sebagai UTF-16 atau UTF-32"),
        (SVG.format("").encode("utf-32"), "tersimpan sebagai UTF-16 atau UTF-32"),
        (
            ('<?xml version="1.0" encoding="UTF-16"?>' + SVG.format("")).encode("utf-16-le"),
            "tersimpan sebagai UTF-16 atau UTF-32",
        ),
        (SVG.format("\n<title>Kota \xe9</title>").encode("latin-1"), "bukan teks UTF-8 (byte ke-72, baris 2)"),
    ],
)  # fmt: skip
def test_a_logo_not_in_utf8_is_refused(tmp_path, data, refused):
    logo = tmp_path / "logo.svg"
    logo.write_bytes(data)
    with pytest.raises(LookError) as caught:
        checked_svg(logo, "TERBUKA_LOGO")
    assert str(caught.value) == f"TERBUKA_LOGO: logo.svg {refused}; {UTF8}"


def test_a_logo_over_the_size_cap_is_refused_before_it_is_read(tmp_path):
    logo = tmp_path / "logo.svg"
    path = f'<path d="{"M0 0L1 1" * (MAX_SVG // 8)}"/>'
    logo.write_text(SVG.format(path), encoding="utf-8")
    with pytest.raises(LookError) as caught:
        checked_svg(logo, "TERBUKA_LOGO")
    assert str(caught.value) == (
        f"TERBUKA_LOGO: {logo} lebih dari {MAX_SVG} byte; sederhanakan gambarnya lalu simpan "
        "ulang sebagai SVG polos"
    )


LEGITIMATE = """\ufeff<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Dibuat dengan Inkscape -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
     width="64" height="64" viewBox="0 0 64 64" version="1.1" id="svg1" class="logo">
  <sodipodi:namedview id="nv" inkscape:zoom="4"><inkscape:page x="0" y="0"/></sodipodi:namedview>
  <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><script/></rdf:RDF></metadata>
  <title>Logo Kota — Pemerintah &amp; Warga</title>
  <defs>
    <linearGradient id="warna"><stop offset="0" stop-color="#0b5394"/><stop offset="1" stop-color="#073763" stop-opacity="0.9"/></linearGradient>
    <linearGradient id="miring" xlink:href="#warna" x1="0" y1="0" x2="64" y2="64" gradientUnits="userSpaceOnUse"/>
    <radialGradient id="cahaya" cx="32" cy="20" r="30" fx="32" fy="10"><stop offset="0" stop-color="#ffffff"/></radialGradient>
    <clipPath id="potong"><circle cx="32" cy="32" r="30"/></clipPath>
  </defs>
  <g inkscape:label="Lapisan 1" inkscape:groupmode="layer" clip-path="url(#potong)" transform="translate(0 0)">
    <rect width="64" height="64" rx="12" fill="url(#miring)"/>
    <circle cx="32" cy="20" r="18" fill="url('#cahaya')" opacity="0.4"/>
    <path d="M14 46V26l18-10 18 10v20z" fill="none" stroke="#ffffff" stroke-width="5" stroke-linejoin="round"/>
    <text x="32" y="60" font-family="Noto Sans" font-size="8" text-anchor="middle" xml:space="preserve">KOTA <tspan font-weight="bold">M&lt;A&gt;DIUN</tspan></text>
  </g>
</svg>
"""


def test_a_legitimate_logo_with_gradients_is_written_anew_with_only_listed_names(tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_text(LEGITIMATE, encoding="utf-8")
    published = checked_svg(logo, "TERBUKA_LOGO")
    text = published.decode("utf-8")  # UTF-8, without the file's BOM or declaration
    assert text.startswith(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="64" height="64" viewBox="0 0 64 64" version="1.1" id="svg1">'
    )
    assert text.endswith("</svg>\n")
    for gone in ("<!--", "<?xml", "\ufeff", "inkscape", "sodipodi", "metadata", "script", "class="):
        assert gone not in text, gone
    root = ElementTree.fromstring(published)
    names = set()
    for element in root.iter():
        space, _, local = element.tag[1:].partition("}")
        assert (space, local in ELEMENTS) == (SVG_NS, True), element.tag
        names.add(local)
        for attribute in element.attrib:
            allowed = attribute in ATTRIBUTES or attribute in (
                f"{{{XML_NS}}}space",
                f"{{{XLINK_NS}}}href",
            )
            assert allowed, (element.tag, attribute)
    assert {"linearGradient", "radialGradient", "stop", "clipPath", "text", "tspan"} <= names
    assert root.find(f".//{{{SVG_NS}}}title").text == "Logo Kota — Pemerintah & Warga"
    assert 'fill="url(#miring)"' in text and "M&lt;A&gt;DIUN" in text
    assert safe_svg(published) == published  # our own output reads back as itself


def test_the_sample_logo_and_icon_are_published_as_they_are():
    for name in ("logo-contoh.svg", "favicon.svg"):
        path = ROOT / "theme/kota" / name
        assert checked_svg(path, "TERBUKA_LOGO") == path.read_bytes()


def test_the_readme_lists_exactly_what_a_logo_may_contain():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### The city's own look") :]
    section = section[: section.index("\n### ", 1)]
    listed = set(re.findall(r"`([\w:-]+)`", section))
    assert listed >= ELEMENTS | ATTRIBUTES | {"xml:space", "xml:lang", "href", "class", "metadata"}
    assert "`url(#id)`" in section and f"{MAX_SVG:,}" in section
