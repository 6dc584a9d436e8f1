"""Merging the compiled SSC Species Report's PDFs with pikepdf (qpdf).

Free of Django on purpose: the compilation runs it in a freshly spawned process that imports
only this module (and the Django-free ssc_reports.pdf.tagging), so that merging hundreds of
parts adds nothing to the memory of the processes that render them or hold the database work.

The parts are tagged PDFs (PDF/UA-1). Merging keeps every part's structure tree under the
front matter's one /Document element (each part's /Document becomes a /Part titled with the
group's name): the parts' structure-parent keys (/StructParents of pages, /StructParent of
annotations) are shifted past the keys already used and their parent trees joined into one.

Page numbers: every part page draws its footer through the form XObject
`/SSCPageNumber<n>` (ssc_reports.pdf.tagging). Merging replaces it by the page's number in the
compiled report, set in the font, size, colour and position of the stand-alone footer: the
glyphs come from `sample`, a one-page PDF whose footer reads "0123456789", laid out by
WeasyPrint with the stand-alone report's stylesheet. The cached parts are not re-rendered.
"""

import contextlib
import io
import os
import tempfile
from pathlib import Path

from ssc_reports.pdf.tagging import PAGE_NUMBER_XOBJECT, number_tree_items

SAMPLE_DIGITS = "0123456789"


class MergeError(Exception):
    pass


def page_count(data) -> int:
    import pikepdf

    with pikepdf.open(io.BytesIO(data) if isinstance(data, bytes) else data) as pdf:
        return len(pdf.pages)


def _outline_items(items, page_index: dict, offset: int) -> list:
    """Copies of a part's bookmarks `items`, pointing at its pages shifted by `offset`."""
    from pikepdf import Array, OutlineItem, PageLocation

    copies = []
    for item in items:
        destination = item.destination  # WeasyPrint writes explicit [page /XYZ x y 0]
        children = _outline_items(item.children, page_index, offset)
        if not isinstance(destination, Array) or len(destination) < 2:
            copies.extend(children)  # no usable destination: keep its children
            continue
        page = page_index.get(destination[0].objgen)
        if page is None:
            copies.extend(children)
            continue
        location = {}
        if str(destination[1]) == "/XYZ" and len(destination) >= 4:
            location = {"page_location": PageLocation.XYZ}
            for name, index in (("left", 2), ("top", 3)):
                with contextlib.suppress(TypeError, ValueError):
                    location[name] = float(destination[index])
        copy = OutlineItem(str(item.title), page + offset, **location)
        copy.children.extend(children)
        copies.append(copy)
    return copies


def _widths(font) -> tuple[dict, float]:
    """Glyph widths (per mille of the font size) of a Type0 font's descendant, and its default."""
    descendant = font.DescendantFonts[0]
    default = float(descendant.get("/DW", 1000))
    widths = {}
    array = list(descendant.get("/W", []))
    index = 0
    while index < len(array):
        first = int(array[index])
        following = array[index + 1]
        if isinstance(following, int | float) or not hasattr(following, "__len__"):
            last, width = int(following), float(array[index + 2])
            for code in range(first, last + 1):
                widths[code] = width
            index += 3
        else:
            for offset, width in enumerate(following):
                widths[first + offset] = float(width)
            index += 2
    return widths, default


class PageNumbers:
    """Form XObjects printing a page number as the stand-alone report's footer does."""

    def __init__(self, document, sample: bytes):
        import pikepdf

        self.document = document
        self.sample = pikepdf.Pdf.open(io.BytesIO(sample))
        page = self.sample.pages[0]
        self.operations = list(pikepdf.parse_content_stream(page))
        self.show = max(
            i for i, (_, operator) in enumerate(self.operations) if str(operator) == "TJ"
        )
        self.matrix = max(
            i
            for i, (_, operator) in enumerate(self.operations[: self.show])
            if str(operator) == "Tm"
        )
        font_name = next(
            operands[0]
            for operands, operator in reversed(self.operations[: self.show])
            if str(operator) == "Tf"
        )
        self.size = float(
            next(
                operands[1]
                for operands, operator in reversed(self.operations[: self.show])
                if str(operator) == "Tf"
            )
        )
        codes = b"".join(
            bytes(item)
            for item in self.operations[self.show][0][0]
            if isinstance(item, pikepdf.String)
        )
        if len(codes) != 2 * len(SAMPLE_DIGITS):
            raise MergeError("the page-number sample does not show one glyph per digit")
        self.codes = {digit: codes[2 * i : 2 * i + 2] for i, digit in enumerate(SAMPLE_DIGITS)}
        self.widths, self.default_width = _widths(page.Resources.Font[font_name])
        tm = self.operations[self.matrix][0]
        self.right = float(tm[4]) + self._width(SAMPLE_DIGITS)
        self.bbox = [float(value) for value in page.MediaBox]
        self.resources = document.copy_foreign(page.Resources)

    def _width(self, text: str) -> float:
        total = 0.0
        for digit in text:
            code = int.from_bytes(self.codes[digit], "big")
            total += self.widths.get(code, self.default_width)
        return total * self.size / 1000

    def form(self, number: int):
        import pikepdf

        text = str(number)
        operations = list(self.operations)
        tm = list(self.operations[self.matrix][0])
        tm[4] = round(self.right - self._width(text), 4)
        operations[self.matrix] = pikepdf.ContentStreamInstruction(tm, pikepdf.Operator("Tm"))
        glyphs = pikepdf.String(b"".join(self.codes[d] for d in text))
        operations[self.show] = pikepdf.ContentStreamInstruction(
            [pikepdf.Array([glyphs])], pikepdf.Operator("TJ")
        )
        form = pikepdf.Stream(self.document, pikepdf.unparse_content_stream(operations))
        form.Type = pikepdf.Name.XObject
        form.Subtype = pikepdf.Name.Form
        form.BBox = pikepdf.Array(self.bbox)
        form.Resources = self.resources
        return form

    def close(self):
        self.sample.close()


class StructureMerger:
    """Joins the parts' structure trees to the front matter's (see the module's docstring)."""

    def __init__(self, document):
        import pikepdf

        self.root = document.Root.get("/StructTreeRoot")
        if self.root is None:
            self.element = None
            return
        kids = self.root.K
        self.element = kids[0] if isinstance(kids, pikepdf.Array) else kids
        self.items = number_tree_items(self.root.ParentTree)
        self.next_key = max((key for key, _ in self.items), default=-1) + 1

    def add(self, document, source, pages, title: str) -> None:
        import pikepdf

        part_root = source.Root.get("/StructTreeRoot")
        if self.element is None or part_root is None:
            return
        copied = document.copy_foreign(part_root)
        items = number_tree_items(copied.ParentTree)
        shift = self.next_key
        self.items.extend((key + shift, value) for key, value in items)
        self.next_key += max((key for key, _ in items), default=-1) + 1
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + shift
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + shift
        kids = copied.K if isinstance(copied.K, pikepdf.Array) else [copied.K]
        for kid in kids:
            kid.P = self.element
            if kid.get("/S") == "/Document":
                kid.S = pikepdf.Name.Part
                kid.T = pikepdf.String(title)
            self.element.K.append(kid)

    def finish(self) -> None:
        import pikepdf

        if self.element is None:
            return
        nums = pikepdf.Array()
        for key, value in sorted(self.items, key=lambda item: item[0]):
            nums.append(key)
            nums.append(value)
        self.root.ParentTree = pikepdf.Dictionary(Nums=nums)
        self.root.ParentTreeNextKey = self.next_key


def _stamp_page_numbers(pages, first_number: int, numbers: PageNumbers) -> None:
    for index, page in enumerate(pages):
        xobjects = page.obj.get("/Resources", {}).get("/XObject")
        name = f"{PAGE_NUMBER_XOBJECT}{index}"
        if xobjects is not None and name in xobjects:
            xobjects[name] = numbers.form(first_number + index)


def merge_parts(
    front: bytes,
    parts: list[tuple],
    output: str,
    title: str,
    sample: bytes | None = None,
    dividers: dict | None = None,
) -> int:
    """Merge front matter and parts into `output` (atomically). Returns the page count.

    `parts`: (path, start page 1-based, kind, kind's heading, group name) in document order.
    Bookmarks: the front matter's, then one per kind, one per group under its kind, and the
    group's own bookmarks (its sections) under the group. `sample`: the page-number sample
    (see the module's docstring); without it the parts keep their own page numbers.
    `dividers`: kind -> a PDF put before the kind's first group (its bookmark points there).
    Structure trees are merged (StructureMerger); the pages are labelled 1, 2, 3..."""
    import pikepdf
    from pikepdf import Name, OutlineItem

    output = Path(output)
    document = pikepdf.Pdf.open(io.BytesIO(front))
    sources = []
    numbers = PageNumbers(document, sample) if sample else None
    structure = StructureMerger(document)
    try:
        with document.open_outline() as outline:
            kind_items = {}
            for path, start_page, kind, kind_label, group_name in parts:
                if kind not in kind_items and dividers and kind in dividers:
                    divider = pikepdf.Pdf.open(io.BytesIO(dividers[kind]))
                    sources.append(divider)
                    offset = len(document.pages)
                    document.pages.extend(divider.pages)
                    pages = document.pages[offset:]
                    structure.add(document, divider, pages, kind_label)
                    if numbers is not None:
                        _stamp_page_numbers(pages, offset + 1, numbers)
                    kind_items[kind] = OutlineItem(kind_label, offset)
                    outline.root.append(kind_items[kind])
                source = pikepdf.Pdf.open(path)
                sources.append(source)
                offset = len(document.pages)
                if offset + 1 != start_page:
                    raise MergeError(f"{group_name} starts on an unexpected page")
                page_index = {page.obj.objgen: i for i, page in enumerate(source.pages)}
                with source.open_outline() as part_outline:
                    items = _outline_items(part_outline.root, page_index, offset)
                document.pages.extend(source.pages)
                pages = document.pages[offset:]
                structure.add(document, source, pages, group_name)
                if numbers is not None:
                    _stamp_page_numbers(pages, start_page, numbers)
                if kind not in kind_items:
                    kind_items[kind] = OutlineItem(kind_label, offset)
                    outline.root.append(kind_items[kind])
                group_item = OutlineItem(group_name, offset)
                group_item.children.extend(items)
                kind_items[kind].children.append(group_item)
        with document.open_metadata(set_pikepdf_as_editor=False) as metadata:
            metadata["dc:title"] = title
            metadata["dc:creator"] = ["IUCN Species Survival Commission"]
        document.docinfo[Name.Title] = title
        document.docinfo[Name.Author] = "IUCN Species Survival Commission"
        document.Root.PageMode = Name.UseOutlines
        document.Root.PageLabels = pikepdf.Dictionary(
            Nums=pikepdf.Array([0, pikepdf.Dictionary(S=Name.D)])
        )
        structure.finish()
        pages = len(document.pages)
        output.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=output.parent, prefix=f".{output.name}.", suffix=".tmp"
        )
        os.close(handle)
        try:
            document.save(temporary)
            with open(temporary, "rb+") as stream:
                os.fsync(stream.fileno())
            os.replace(temporary, output)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    finally:
        if numbers is not None:
            numbers.close()
        document.close()
        for source in sources:
            source.close()
    return pages
