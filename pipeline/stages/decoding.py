"""Bytes to text: find the encoding of a raw article, or reject it.

News files are UTF-8, UTF-8 with a byte order mark, UTF-16 with one, or a
legacy Windows-1252 / Latin-1 file. A general detector guesses short
Windows-1252 files wrongly (a lone `£` read as cp932), so the order is fixed:
byte order mark, strict UTF-8, then Windows-1252 with Latin-1 for the five
bytes Windows-1252 leaves undefined. Bytes that are no text are rejected.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control bytes that never occur in a text file (tab, line feed, form feed,
# carriage return and escape do).
BINARY_BYTES = bytes([*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x1B), *range(0x1C, 0x20)])
NOT_BINARY = bytes(b for b in range(256) if b not in BINARY_BYTES)
MAX_BINARY_SHARE = 0.01


class Rejected(Exception):
    """The input is not an article the pipeline can clean; the message says why."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode_article(data: bytes) -> Decoded:
    """Decode raw article bytes, naming the encoding found.

    >>> decode_article("S\\u00e3o Paulo".encode("cp1252"))
    Decoded(text='São Paulo', encoding='windows-1252')
    """
    if not data.strip():
        raise Rejected("empty file: no text to clean")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding).removeprefix("\ufeff"), encoding)
            except UnicodeDecodeError as err:
                raise Rejected(f"byte order mark says {encoding} but the bytes do not decode: {err.reason} at byte {err.start}") from None
    reject_binary(data)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return Decoded(decode_windows_1252(data), "windows-1252")


def reject_binary(data: bytes) -> None:
    """Raise `Rejected` when the bytes hold control codes no text file has."""
    sample = data[:65536]
    binary = len(sample.translate(None, NOT_BINARY))
    if b"\x00" in sample or binary > MAX_BINARY_SHARE * len(sample):
        raise Rejected(f"binary data, not text: {binary} control bytes in the first {len(sample)} bytes")


def decode_windows_1252(data: bytes) -> str:
    """Windows-1252, reading its five undefined bytes as Latin-1 does.

    >>> decode_windows_1252(b"\\x93hi\\x94 \\x81")
    '“hi” \\x81'
    """
    return data.decode("cp1252", errors="latin1_fallback")


def _latin1_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    return err.object[err.start:err.end].decode("latin-1"), err.end


codecs.register_error("latin1_fallback", _latin1_fallback)
