"""Merging the compiled SSC Species Report's PDFs with pikepdf (qpdf).

Free of Django on purpose: the compilation runs it in a freshly spawned process that imports
only this module, so that merging hundreds of parts adds nothing to the memory of the
processes that render them or hold the database work.
"""

import contextlib
import io
import os
import tempfile
from pathlib import Path


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


def merge_parts(front: bytes, parts: list[tuple], output: str, title: str) -> int:
    """Merge front matter and parts into `output` (atomically). Returns the page count.

    `parts`: (path, start page 1-based, kind, kind's heading, group name) in document order.
    Bookmarks: the front matter's, then one per kind, one per group under its kind, and the
    group's own bookmarks (its sections) under the group."""
    import pikepdf
    from pikepdf import Name, OutlineItem

    output = Path(output)
    document = pikepdf.Pdf.open(io.BytesIO(front))
    sources = []
    try:
        with document.open_outline() as outline:
            kind_items = {}
            for path, start_page, kind, kind_label, group_name in parts:
                source = pikepdf.Pdf.open(path)
                sources.append(source)
                offset = len(document.pages)
                if offset + 1 != start_page:
                    raise MergeError(f"{group_name} starts on an unexpected page")
                page_index = {page.obj.objgen: i for i, page in enumerate(source.pages)}
                with source.open_outline() as part_outline:
                    items = _outline_items(part_outline.root, page_index, offset)
                document.pages.extend(source.pages)
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
        document.close()
        for source in sources:
            source.close()
    return pages
