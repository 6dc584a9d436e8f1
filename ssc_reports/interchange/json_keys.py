"""JSON that names a key twice in one object is refused: `json` keeps the last value silently,
so a document could say one thing to a reader and another to the importer."""

import json


class DuplicateKeysError(ValueError):
    """`paths`: the JSON path of every key given more than once, in document order."""

    def __init__(self, paths: list[str]):
        super().__init__(", ".join(paths))
        self.paths = paths


class _Object(dict):
    """A JSON object, remembering the keys it was given more than once."""

    duplicates: tuple[str, ...] = ()


def _pairs(pairs):
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen, duplicates = set(), []
        for key, _value in pairs:
            if key in seen and key not in duplicates:
                duplicates.append(key)
            seen.add(key)
        obj.duplicates = tuple(duplicates)
    return obj


def _child(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _duplicate_paths(value, path: str = "") -> list[str]:
    found = []
    stack = [(value, path)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, _Object):
            found.extend(_child(where, key) for key in node.duplicates)
            stack.extend((item, _child(where, key)) for key, item in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend(
                (item, f"{where}[{index}]") for index, item in reversed(list(enumerate(node)))
            )
    return found


def loads_unique_keys(text: str, **kwargs):
    """json.loads, raising DuplicateKeysError if any object anywhere repeats a key."""
    seen_duplicate = False

    def hook(pairs):
        nonlocal seen_duplicate
        obj = _pairs(pairs)
        seen_duplicate |= bool(obj.duplicates)
        return obj

    document = json.loads(text, object_pairs_hook=hook, **kwargs)
    if seen_duplicate:
        raise DuplicateKeysError(_duplicate_paths(document))
    return document
