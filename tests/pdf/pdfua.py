"""A checker of the machine-checkable part of PDF/UA-1 (ISO 14289-1), with pikepdf.

There is no veraPDF here. `pdfua_problems(data)` returns what fails, [] when nothing does:

- catalogue: /MarkInfo /Marked true, a /Lang, /ViewerPreferences /DisplayDocTitle true, the
  PDF/UA identification (pdfuaid:part 1) and a dc:title in the XMP metadata;
- a structure tree: every structure type a standard one, headings never skipping a level
  downwards, every /Figure with an alternative text (/Alt or /ActualText);
- content: every text-showing and painting-of-an-image operator inside marked content, either
  an /Artifact or marked with an MCID that the page's parent-tree entry maps to a structure
  element in the tree, on that page (form XObjects are followed);
- annotations: every Link annotation has a /StructParent that maps to a /Link element
  pointing at it, and a /Contents text;
- fonts: every font embedded.
"""

import io
import re

import pikepdf

STANDARD_TYPES = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI",
    "Index", "NonStruct", "Private", "H", "H1", "H2", "H3", "H4", "H5", "H6", "P", "L",
    "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span",
    "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT",
    "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form",
}  # fmt: skip
TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}


def number_tree(node) -> dict:
    items = {}
    if "/Nums" in node:
        nums = node.Nums
        for i in range(0, len(nums), 2):
            items[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        items.update(number_tree(kid))
    return items


def structure_elements(root) -> list:
    """Every structure element reachable from the root, depth first in document order."""
    elements, seen = [], set()

    def walk(node):
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            return
        if node.objgen in seen:
            return
        seen.add(node.objgen)
        elements.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid)

    kids = root.K
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        walk(kid)
    return elements


def _page_of(element):
    while element is not None and isinstance(element, pikepdf.Dictionary):
        if "/Pg" in element:
            return element.Pg.objgen
        element = element.get("/P")
    return None


def _check_content(pdf, stream_owner, resources, mapping, in_tree, page, problems, stack):
    for operands, operator in pikepdf.parse_content_stream(stream_owner):
        op = str(operator)
        if op in ("BMC", "BDC"):
            tag = str(operands[0])
            mcid = None
            if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                mcid = operands[1].get("/MCID")
            stack.append((tag, None if mcid is None else int(mcid)))
            if mcid is not None and tag != "/Artifact":
                element = mapping.get(int(mcid)) if mapping is not None else None
                if element is None:
                    problems.append(f"page {page + 1}: MCID {mcid} not in the parent tree")
                elif element.objgen not in in_tree:
                    problems.append(f"page {page + 1}: MCID {mcid} maps outside the tree")
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op in TEXT_OPERATORS or op == "Do":
            if op == "Do":
                xobject = resources.get("/XObject", {}).get(str(operands[0]))
                if xobject is not None and xobject.get("/Subtype") == "/Form":
                    if any(tag == "/Artifact" for tag, _ in stack):
                        continue
                    _check_content(
                        pdf,
                        xobject,
                        xobject.get("/Resources", resources),
                        mapping,
                        in_tree,
                        page,
                        problems,
                        stack,
                    )
                    continue
            if not stack:
                problems.append(f"page {page + 1}: {op} outside marked content")


def pdfua_problems(data: bytes) -> list[str]:
    problems = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        if root.get("/MarkInfo", {}).get("/Marked") is not True:
            problems.append("catalogue: /MarkInfo /Marked is not true")
        if not str(root.get("/Lang", "")).strip():
            problems.append("catalogue: no /Lang")
        if root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
            problems.append("catalogue: /DisplayDocTitle is not true")
        xmp = str(pdf.open_metadata())
        if not re.search(r'pdfuaid:part(="1"|>1<)', xmp):
            problems.append("metadata: no PDF/UA identification (pdfuaid:part 1)")
        if "<dc:title>" not in xmp:
            problems.append("metadata: no dc:title")
        tree = root.get("/StructTreeRoot")
        if tree is None:
            return [*problems, "no structure tree"]
        elements = structure_elements(tree)
        in_tree = {element.objgen for element in elements}
        level = 0
        for element in elements:
            kind = str(element.S)[1:]
            if kind not in STANDARD_TYPES and kind not in tree.get("/RoleMap", {}):
                problems.append(f"structure: non-standard type {kind}")
            if kind == "Figure" and not (
                str(element.get("/Alt", "")).strip() or str(element.get("/ActualText", ""))
            ):
                problems.append(
                    f"structure: a Figure on page object {_page_of(element)} has no /Alt"
                )
            if re.fullmatch(r"H[1-6]", kind):
                number = int(kind[1])
                if number > level + 1 and level:
                    problems.append(f"structure: heading H{number} follows H{level}")
                level = number
        parent_tree = number_tree(tree.ParentTree)
        for index, page in enumerate(pdf.pages):
            key = page.obj.get("/StructParents")
            mapping = parent_tree.get(int(key)) if key is not None else None
            mapping = (
                {i: e for i, e in enumerate(mapping) if isinstance(e, pikepdf.Dictionary)}
                if isinstance(mapping, pikepdf.Array)
                else None
            )
            _check_content(
                pdf, page, page.obj.get("/Resources", {}), mapping, in_tree, index, problems, []
            )
            for annotation in page.obj.get("/Annots", []):
                if annotation.get("/Subtype") != "/Link":
                    continue
                if not str(annotation.get("/Contents", "")).strip():
                    problems.append(f"page {index + 1}: a Link annotation has no /Contents")
                parent = annotation.get("/StructParent")
                element = parent_tree.get(int(parent)) if parent is not None else None
                if element is None or element.objgen not in in_tree or element.S != "/Link":
                    problems.append(f"page {index + 1}: a Link annotation is not in the tree")
        fonts = set()
        for page in pdf.pages:
            for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
                fonts.add(font.objgen)
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.get("/FontDescriptor", {})
                if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    problems.append(f"fonts: {font.get('/BaseFont')} is not embedded")
    return problems


def _without_artifacts(pdf, owner, seen) -> None:
    """Drop the artifacts' marked content from `owner`'s content and its form XObjects'."""
    kept, depth = [], 0
    for operands, operator in pikepdf.parse_content_stream(owner):
        op = str(operator)
        if depth:
            if op in ("BMC", "BDC"):
                depth += 1
            elif op == "EMC":
                depth -= 1
            continue
        if op in ("BMC", "BDC") and str(operands[0]) == "/Artifact":
            depth = 1
            continue
        kept.append(pikepdf.ContentStreamInstruction(operands, operator))
    data = pikepdf.unparse_content_stream(kept)
    if isinstance(owner, pikepdf.Page):
        owner.obj.Contents = pdf.make_stream(data)
        resources = owner.obj.get("/Resources", {})
    else:
        owner.write(data)
        resources = owner.get("/Resources", {})
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            _without_artifacts(pdf, xobject, seen)


def structure_text(data: bytes) -> str:
    """The text of the document without its artifacts (what the structure tree holds), page
    by page separated by form feeds."""
    import pypdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        seen = set()
        for page in pdf.pages:
            _without_artifacts(pdf, page, seen)
        out = io.BytesIO()
        pdf.save(out)
    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    return "\f".join(page.extract_text() for page in reader.pages)
