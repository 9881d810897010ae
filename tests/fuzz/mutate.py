"""Mutations of real files: byte flips, truncations, splices, damaged ZIP members, invalid XML,
a damaged PDF cross-reference table, and for session files a page of zeros or a damaged header.

Every mutator takes the original bytes and a seeded ``random.Random`` and returns new bytes, so
a run is reproducible from its seed. ``MUTATORS`` lists which mutators apply to which format.
Standard library only.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable

Mutator = Callable[[bytes, random.Random], bytes]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def splice(data: bytes, rng: random.Random) -> bytes:
    """A piece of the file put in place of another piece of it."""
    if len(data) < 4:
        return data + data
    a, b = sorted(rng.sample(range(len(data)), 2))
    c = rng.randrange(len(data))
    return data[:a] + data[c : c + (b - a)] + data[b:]


def insert_junk(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 4096)) + data[at:]


def _zip_members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return [(info, z.read(info)) for info in z.infolist()]
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, NotImplementedError):
        return None


def _zip(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info, body in members:
            z.writestr(info.filename, body)
    return buf.getvalue()


def zip_member(data: bytes, rng: random.Random) -> bytes:
    """One member of a ZIP (DOCX) dropped, emptied, replaced by junk or by another member."""
    members = _zip_members(data)
    if not members:
        return flip_bytes(data, rng)
    i = rng.randrange(len(members))
    info, _body = members[i]
    how = rng.randrange(4)
    if how == 0:
        del members[i]
    elif how == 1:
        members[i] = (info, b"")
    elif how == 2:
        members[i] = (info, rng.randbytes(rng.randint(1, 2048)))
    else:
        members[i] = (info, members[rng.randrange(len(members))][1])
    return _zip(members)


def invalid_xml(data: bytes, rng: random.Random) -> bytes:
    """An XML member of a ZIP (or the file itself) made invalid: a tag cut, a stray ``<``,
    an entity that is not defined, a huge attribute."""
    members = _zip_members(data)
    if members:
        xml = [i for i, (info, _) in enumerate(members) if info.filename.endswith(".xml")]
        if not xml:
            return zip_member(data, rng)
        i = rng.choice(xml)
        members[i] = (members[i][0], invalid_xml(members[i][1], rng))
        return _zip(members)
    tags = [m.start() for m in re.finditer(rb"<", data)]
    at = rng.choice(tags) if tags else rng.randrange(len(data) + 1)
    how = rng.randrange(4)
    if how == 0:
        return data[:at] + data[at + rng.randint(1, 40) :]
    if how == 1:
        return data[:at] + b"<<" + data[at:]
    if how == 2:
        return data[:at] + b"&undefined;" + data[at:]
    return data[:at] + b'<w:t a="' + b"x" * 100_000 + b'">' + data[at:]


def pdf_xref(data: bytes, rng: random.Random) -> bytes:
    """The cross-reference table, ``startxref`` or the trailer damaged."""
    how = rng.randrange(4)
    if how == 0:
        m = list(re.finditer(rb"startxref\s+(\d+)", data))
        if m:
            g = m[-1]
            return data[: g.start(1)] + str(rng.randrange(10**7)).encode() + data[g.end(1) :]
    if how == 1:
        m = list(re.finditer(rb"\d{10} \d{5} [nf]", data))
        if m:
            g = rng.choice(m)
            return data[: g.start()] + rng.randbytes(len(g.group(0))) + data[g.end() :]
    if how == 2:
        return data.replace(b"trailer", b"trai1er", 1)
    # An object's length that lies.
    m = list(re.finditer(rb"/Length (\d+)", data))
    if m:
        g = rng.choice(m)
        return data[: g.start(1)] + str(rng.randrange(10**6)).encode() + data[g.end(1) :]
    return flip_bytes(data, rng)


def zero_page(data: bytes, rng: random.Random) -> bytes:
    """A 4 KiB page of zeros in the middle (a torn or lost write of a database page)."""
    if len(data) <= 4096:
        return bytes(len(data))
    page = rng.randrange(len(data) // 4096)
    return data[: page * 4096] + bytes(4096) + data[(page + 1) * 4096 :]


def header(data: bytes, rng: random.Random) -> bytes:
    """Bytes of the first 100 (a file's header and magic) changed."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if out:
            out[rng.randrange(min(100, len(out)))] ^= 1 << rng.randrange(8)
    return bytes(out)


GENERIC: tuple[Mutator, ...] = (flip_bytes, truncate, splice, insert_junk, header)
MUTATORS: dict[str, tuple[Mutator, ...]] = {
    ".pdf": (*GENERIC, pdf_xref, pdf_xref),
    ".docx": (*GENERIC, zip_member, zip_member, invalid_xml, invalid_xml),
    ".html": (*GENERIC, invalid_xml),
    ".htm": (*GENERIC, invalid_xml),
    ".txt": GENERIC,
    ".concord": (*GENERIC, zero_page, zero_page),
}
