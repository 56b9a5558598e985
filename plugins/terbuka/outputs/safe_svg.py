"""A city's logo or tab icon rebuilt from an allow-list, never published as given (#27).

An SVG file is a document: opened on its own at the site's address it can run
script (``<script>``, ``on...=``, an ``<a>`` whose ``href`` an ``<animate>`` or
``<set>`` turns into ``javascript:``), fetch from another origin (``<image>``,
``url(...)`` in CSS, ``<?xml-stylesheet?>``, ``@import``) or read differently
than a checker does (UTF-16, entities). A list of what is forbidden always
misses one, so this module does the reverse:

- the file must be UTF-8 (a UTF-8 BOM is allowed; UTF-16/32, with or without
  BOM, and any byte that is not UTF-8 are refused), with no ``DOCTYPE``, no
  ``ENTITY`` and no processing instruction but the XML declaration;
- every element must be on :data:`ELEMENTS` in the SVG namespace and every
  attribute on :data:`ATTRIBUTES` (or ``xml:space``/``xml:lang``, or
  ``href="#id"`` on a gradient, which takes another gradient's stops);
- no attribute value may hold ``javascript:``, ``vbscript:``, ``@import``,
  ``expression(``, a backslash (a CSS escape such as ``u\\72l(``) or a
  ``url(`` other than ``url(#id)`` of the file itself.

Anything else is refused with one message saying what, where (line) and what
to do, for the city to fix its file; only what cannot be drawn is left out in
silence: comments, ``<metadata>`` with its content, the ``class`` attribute
(there is no stylesheet for it) and the notes of Inkscape and Sodipodi.
The bytes published are then written from the parsed tree by
:func:`safe_svg`, as UTF-8, so nothing of the file reaches the site unread.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from xml.parsers import expat

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# What an editor writes about its own window and layers: dropped, never drawn.
EDITOR_NS = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    }
)
MAX_DEPTH = 64  # nested elements: a logo has a few groups, not a tower

ELEMENTS = frozenset(
    {
        "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "text", "tspan", "defs", "linearGradient", "radialGradient", "stop", "clipPath",
        "title", "desc",
    }
)  # fmt: skip
ATTRIBUTES = frozenset(
    {
        "id", "version", "width", "height", "viewBox", "preserveAspectRatio",
        "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy",
        "d", "points", "transform", "dx", "dy",
        "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap",
        "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
        "stroke-opacity", "opacity", "clip-path", "clip-rule", "clipPathUnits",
        "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform",
        "spreadMethod",
        "font-family", "font-size", "font-weight", "font-style", "text-anchor",
        "letter-spacing",
    }
)  # fmt: skip
XML_ATTRIBUTES = frozenset({"space", "lang"})  # written xml:space, xml:lang
GRADIENTS = frozenset({"linearGradient", "radialGradient"})  # may take href="#id"
DROPPED_ELEMENTS = frozenset({"metadata"})  # with everything inside
DROPPED_ATTRIBUTES = frozenset({"class"})
# In a value, whatever its attribute: script addresses and CSS that loads or computes.
_CODE = ("javascript:", "vbscript:", "@import", "expression(", "\\")
_LOCAL_URL = re.compile(r"""url\((['"]?)#[\w.:-]+\1\)""")
_LOCAL_HREF = re.compile(r"#[\w.:-]+")
_UTF16_32_BOMS = (
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_VALUE_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\t": "&#9;",
        "\n": "&#10;",
        "\r": "&#13;",
    }
)
_SAVE_PLAIN = "simpan ulang sebagai SVG polos"
_SAVE_UTF8 = "simpan ulang sebagai SVG polos dengan pengodean UTF-8"


class UnsafeSvgError(Exception):
    """Why an SVG is refused, in Indonesian, to follow the file's name in a message."""


@dataclass
class _Element:
    name: str  # as written back (the SVG namespace is the default one)
    attributes: list[tuple[str, str]]
    children: list[_Element | str] = field(default_factory=list)


def _value_problem(value: str) -> str | None:
    """What is wrong with an attribute value, or None."""
    squeezed = "".join(value.split()).lower()  # "java script:" is still a script
    for code in _CODE:
        if code in squeezed:
            return "memuat " + ("\\ (escape CSS)" if code == "\\" else code)
    if "url(" in _LOCAL_URL.sub("", squeezed):
        return f"merujuk ke file lain ({value[:60]})"
    return None


class _Reader:
    """One pass of expat over the file, refusing at the first thing off the lists."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate(encoding="UTF-8", namespace_separator=" ")
        self.parser.ordered_attributes = True
        self.parser.XmlDeclHandler = self._declaration
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype
        self.parser.ProcessingInstructionHandler = self._instruction
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.root: _Element | None = None
        self.stack: list[_Element] = []
        self.skipping = 0  # depth inside an element left out (metadata, editor notes)
        self.xlink = False  # an xlink:href is kept: the root declares the prefix

    def _refuse(self, what: str, todo: str) -> UnsafeSvgError:
        return UnsafeSvgError(f"{what} (baris {self.parser.CurrentLineNumber}); {todo}")

    def _declaration(self, _version: str, encoding: str | None, _standalone: int) -> None:
        if encoding is not None and encoding.lower() not in ("utf-8", "utf8"):
            raise self._refuse(f"dinyatakan ber-encoding {encoding[:20]}", _SAVE_UTF8)

    def _doctype(self, *_details: object) -> None:
        raise self._refuse("memuat DOCTYPE/ENTITY", _SAVE_PLAIN)

    def _instruction(self, target: str, _data: str) -> None:
        raise self._refuse(
            f"memuat instruksi <?{target[:30]}?>", f"hapus baris itu lalu {_SAVE_PLAIN}"
        )

    def _start(self, name: str, flat: list[str]) -> None:
        if self.skipping:
            self.skipping += 1
            return
        space, _, local = name.rpartition(" ")
        if space in EDITOR_NS or (space == SVG_NS and local in DROPPED_ELEMENTS):
            self.skipping = 1
            return
        if self.root is None and (space, local) != (SVG_NS, "svg"):
            raise UnsafeSvgError(
                f'bukan file SVG (elemen teratas <{local[:30]}>, bukan <svg xmlns="{SVG_NS}">)'
            )
        if len(self.stack) >= MAX_DEPTH:
            raise self._refuse(
                f"bertingkat lebih dari {MAX_DEPTH} lapis", "sederhanakan kelompoknya (<g>)"
            )
        element = _Element(local, self._attributes(local, flat))
        if space != SVG_NS:
            raise self._refuse(
                f"memuat <{local[:30]}> dari ruang nama lain ({space[:60] or 'tanpa ruang nama'})",
                f"hapus lalu {_SAVE_PLAIN}",
            )
        if local not in ELEMENTS:
            todo = (
                'CSS tidak diterima: tulis warna sebagai atribut (fill="#073763") lalu simpan ulang'
                if local.lower() == "style"
                else "hapus lalu simpan ulang; logo hanya berisi bentuk, teks dan gradasi"
            )
            raise self._refuse(f"memuat <{local.lower()[:30]}>", todo)
        element.attributes = self._kept(local, flat)
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def _attributes(self, element: str, flat: list[str]) -> list[tuple[str, str]]:
        """Every attribute's value checked (before the element: say the link or script)."""
        pairs = list(zip(flat[::2], flat[1::2], strict=True))
        for name, value in pairs:
            space, _, local = name.rpartition(" ")
            if space in EDITOR_NS:
                continue
            where = f"pada atribut {local[:30]} di <{element[:30]}>"
            problem = _value_problem(value)
            if problem is None and local in ("href", "src") and not _LOCAL_HREF.fullmatch(value):
                problem = f"merujuk ke file lain ({value[:60]})"
            if problem is not None and problem.startswith("merujuk"):
                raise self._refuse(f"{problem} {where}", "gambar harus utuh dalam satu file")
            if problem is not None:
                raise self._refuse(f"{problem} {where}", "hapus lalu simpan ulang")
            if local.lower().startswith("on"):
                raise self._refuse(f"memuat atribut {local[:30]} di <{element[:30]}>", "hapus")
        return pairs

    def _kept(self, element: str, flat: list[str]) -> list[tuple[str, str]]:
        """The attributes written back, by name, once their values have passed."""
        kept = []
        for name, value in zip(flat[::2], flat[1::2], strict=True):
            space, _, local = name.rpartition(" ")
            if space in EDITOR_NS or (not space and local in DROPPED_ATTRIBUTES):
                continue
            if not space and local in ATTRIBUTES:
                kept.append((local, value))
            elif space == XML_NS and local in XML_ATTRIBUTES:
                kept.append((f"xml:{local}", value))
            elif local == "href" and space in ("", XLINK_NS) and element in GRADIENTS:
                self.xlink = self.xlink or space == XLINK_NS
                kept.append(("xlink:href" if space else "href", value))
            elif not space and local == "style":
                raise self._refuse(
                    f"memuat atribut style di <{element}>",
                    'CSS tidak diterima: tulis warna dan garis sebagai atribut (fill="#073763", '
                    'stroke-width="2") lalu simpan ulang',
                )
            else:
                written = f"{{{space[:60]}}}{local[:30]}" if space else local[:30]
                raise self._refuse(
                    f"memuat atribut {written} di <{element}>", "hapus lalu simpan ulang"
                )
        return kept

    def _end(self, _name: str) -> None:
        if self.skipping:
            self.skipping -= 1
        else:
            self.stack.pop()

    def _text(self, text: str) -> None:
        if self.skipping or not self.stack:
            return
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += text
        else:
            children.append(text)


def _write(element: _Element, out: list[str], declarations: str = "") -> None:
    out.append(f"<{element.name}{declarations}")
    out.extend(f' {name}="{value.translate(_VALUE_ESCAPES)}"' for name, value in element.attributes)
    if not element.children:
        out.append("/>")
        return
    out.append(">")
    for child in element.children:
        if isinstance(child, str):
            out.append(child.translate(_TEXT_ESCAPES))
        else:
            _write(child, out)
    out.append(f"</{element.name}>")


def safe_svg(data: bytes) -> bytes:
    """The SVG rewritten from what :data:`ELEMENTS` and :data:`ATTRIBUTES` allow.

    Raises :class:`UnsafeSvgError` for a file that is not UTF-8 SVG or holds
    anything off the lists. A file ending with a line break is written with one.
    """
    if data.startswith(_UTF16_32_BOMS) or b"\x00" in data:
        raise UnsafeSvgError(f"tersimpan sebagai UTF-16 atau UTF-32; {_SAVE_UTF8}")
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnsafeSvgError(
            f"bukan teks UTF-8 (byte ke-{exc.start + 1}, baris {line}); {_SAVE_UTF8}"
        ) from None
    reader = _Reader()
    try:
        reader.parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise UnsafeSvgError(f"bukan SVG yang terbaca ({exc})") from None
    if reader.root is None:
        raise UnsafeSvgError(f'bukan file SVG (tidak ada <svg xmlns="{SVG_NS}">)')
    declarations = f' xmlns="{SVG_NS}"' + (f' xmlns:xlink="{XLINK_NS}"' if reader.xlink else "")
    out: list[str] = []
    _write(reader.root, out, declarations)
    return ("".join(out) + ("\n" if data.endswith(b"\n") else "")).encode("utf-8")
