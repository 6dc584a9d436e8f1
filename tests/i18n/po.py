"""A small reader of gettext .po files, enough for the tests: entries with their context,
msgid, plural, translations and flags."""

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(text for text in self.msgstr.values())


def read_po(path: Path) -> list[Entry]:
    """Every entry of the file, the header (msgid "") included."""
    entries: list[Entry] = []
    entry = Entry()
    started = False
    current = None  # (attribute, plural index)

    def finish():
        nonlocal entry, started
        if started:
            entries.append(entry)
        entry, started = Entry(), False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            started = True
            continue
        if line.startswith("#,"):
            if started and current and current[0] == "msgstr":
                finish()
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            if started and current and current[0] == "msgstr":
                finish()
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            value = ast.literal_eval(line)
            name, index = current
            if name == "msgstr":
                entry.msgstr[index] += value
            else:
                setattr(entry, name, (getattr(entry, name) or "") + value)
            continue
        if keyword in ("msgctxt", "msgid") and started and current and current[0] == "msgstr":
            finish()
        started = True
        value = ast.literal_eval(rest)
        if keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if "[" in keyword else 0
            entry.msgstr[index] = value
            current = ("msgstr", index)
        else:
            setattr(entry, keyword, value)
            current = (keyword, None)
    finish()
    return entries


def messages(path: Path) -> list[Entry]:
    """The file's messages: no header, no obsolete entry."""
    return [e for e in read_po(path) if e.msgid and not e.obsolete]
