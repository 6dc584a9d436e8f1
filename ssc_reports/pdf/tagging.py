"""Finishing WeasyPrint's tagged PDFs (PDF/UA-1) with pikepdf, and the page-number footer.

Free of Django on purpose: the compilation's merge (network/merging.py) runs in a freshly
spawned process that imports only pikepdf and these helpers.

WeasyPrint (`pdf_variant="pdf/ua-1"`) writes a structure tree, /Lang, /MarkInfo and the
PDF/UA identification, and marks backgrounds and borders as artifacts. Two things are left to
`finish_tagged_pdf`:

- The text of the running headers and footers (CSS margin boxes) is marked content with an
  MCID whose structure element is not in the tree. It becomes an artifact
  (`/Artifact <</Type /Pagination /Subtype /Header>>`), and its structure elements go.
- The page-number footer is moved out of the page's content into a form XObject of its own,
  `/SSCPageNumber<n>` (n: the page's index), drawn last as a pagination artifact. The
  compilation replaces that XObject by the page's number in the compiled report: the cached
  part keeps its content stream, and the number printed is where the stand-alone one was.
- Link annotations get a /Contents text ("Link to <URL>"), as PDF/UA asks.
- Structure elements with no content at all (the DRAFT mark is a box with a background
  image: an artifact) are dropped.
"""

import io
import re

PAGE_NUMBER_XOBJECT = "/SSCPageNumber"
_MARKED = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_TM_Y = re.compile(rb"([-\d.]+)\s+([-\d.]+)\s+Tm")


def number_tree_items(node) -> list[tuple[int, object]]:
    """(key, value) pairs of a PDF number tree (flat /Nums or nested /Kids)."""
    items = []
    if "/Nums" in node:
        nums = node.Nums
        items.extend((int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2))
    for kid in node.get("/Kids", []):
        items.extend(number_tree_items(kid))
    return items


def reachable_elements(root) -> set:
    """objgens of the structure elements reachable from the structure tree root's /K."""
    import pikepdf

    seen = set()
    stack = list(root.K) if isinstance(root.K, pikepdf.Array) else [root.K]
    while stack:
        element = stack.pop()
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            continue
        if element.is_indirect:
            if element.objgen in seen:
                continue
            seen.add(element.objgen)
        kids = element.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(kids)
        elif isinstance(kids, pikepdf.Dictionary):
            stack.append(kids)
    return seen


def _has_content(element) -> bool:
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return False
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    for kid in kids:
        if isinstance(kid, int):
            return True  # an MCID
        if isinstance(kid, pikepdf.Dictionary) and (
            kid.get("/Type") in ("/MCR", "/OBJR") or _has_content(kid)
        ):
            return True
    return False


def _drop_empty(element) -> None:
    import pikepdf

    kids = element.get("/K")
    if not isinstance(kids, pikepdf.Array):
        return
    kept = []
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            if not _has_content(kid):
                continue
            _drop_empty(kid)
        kept.append(kid)
    if len(kept) != len(kids):
        element.K = pikepdf.Array(kept)


def _page_content(pdf, page) -> bytes:
    import pikepdf

    contents = page.obj.get("/Contents")
    if contents is None:
        return b""
    if isinstance(contents, pikepdf.Array):
        return b"\n".join(stream.read_bytes() for stream in contents)
    return contents.read_bytes()


def finish_tagged_pdf(data: bytes) -> bytes:
    """The tagged PDF `data` with its running headers and footers as artifacts, the
    page-number footer in its own XObject, and no empty structure elements. See above."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return data
        in_tree = reachable_elements(root)
        parent_tree = dict(number_tree_items(root.ParentTree))
        resources_done = {}
        for index, page in enumerate(pdf.pages):
            key = page.get("/StructParents")
            mapping = parent_tree.get(int(key)) if key is not None else None
            if not isinstance(mapping, pikepdf.Array):
                continue
            orphans = {
                mcid
                for mcid, element in enumerate(mapping)
                if isinstance(element, pikepdf.Dictionary)
                and element.is_indirect
                and element.objgen not in in_tree
            }
            if not orphans:
                continue
            content = _page_content(pdf, page)
            height = float(page.MediaBox[3]) / 0.75  # WeasyPrint draws in CSS px, y down
            footer = []

            def artifact(match, orphans=orphans, footer=footer, content=content, height=height):
                mcid = int(match.group(2))
                if mcid not in orphans:
                    return match.group(0)
                tm = _TM_Y.search(content, match.end())
                if tm and float(tm.group(2)) > height / 2:
                    footer.append(match.start())
                    return b"/SSCFooter BMC"
                return b"/Artifact <</Type /Pagination /Subtype /Header>> BDC"

            content = _MARKED.sub(artifact, content)
            footer_parts = []
            if footer:
                pieces = re.split(rb"(/SSCFooter BMC.*?EMC)", content, flags=re.S)
                kept = []
                for piece in pieces:
                    if piece.startswith(b"/SSCFooter BMC"):
                        footer_parts.append(piece[len(b"/SSCFooter BMC") : -3])
                    else:
                        kept.append(piece)
                content = b"".join(kept)
                # The footer drawn last, from the page's default space (WeasyPrint's first two
                # transformations repeated: y down, CSS px).
                prefix = re.match(rb"\s*([^\n]*cm)\s*q\s*([^\n]*cm)", content)
                form = pikepdf.Stream(
                    pdf,
                    b"q "
                    + (prefix.group(1) + b" " + prefix.group(2) if prefix else b"")
                    + b"\n"
                    + b"\n".join(footer_parts)
                    + b"\nQ",
                )
                form.Type = pikepdf.Name.XObject
                form.Subtype = pikepdf.Name.Form
                form.BBox = page.MediaBox
                form.Resources = page.Resources
                name = f"{PAGE_NUMBER_XOBJECT}{index}"
                resources = page.Resources
                if resources.objgen not in resources_done:
                    if "/XObject" not in resources:
                        resources.XObject = pikepdf.Dictionary()
                    resources_done[resources.objgen] = True
                resources.XObject[name] = form
                content = b"q\n" + content + b"\nQ\n"  # back to the page's default space
                content += (
                    b"\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC q "
                    + name.encode()
                    + b" Do Q EMC\n"
                )
            page.Contents = pdf.make_stream(content)
            for mcid in orphans:
                mapping[mcid] = None
        for kid in list(root.K) if isinstance(root.K, pikepdf.Array) else [root.K]:
            _drop_empty(kid)
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                if annotation.get("/Subtype") == "/Link" and "/Contents" not in annotation:
                    uri = annotation.get("/A", {}).get("/URI")
                    annotation.Contents = pikepdf.String(
                        f"Link to {uri}" if uri is not None else "Link within the document"
                    )
        out = io.BytesIO()
        pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
