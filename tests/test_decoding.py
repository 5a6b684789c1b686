import codecs

import pytest

from pipeline.engine import clean_bytes
from pipeline.stages.decoding import Rejected, decode_article

TEXT = "São Paulo café costs £3 — “fine”\n"


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),  # with its byte order mark
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("cp1252"), "windows-1252"),
])
def test_each_encoding_is_found_and_decoded(data, encoding):
    assert decode_article(data) == (decode_article(data).__class__(TEXT, encoding))


def test_lone_pound_sign_in_windows_1252_is_not_misread():
    assert decode_article(b"Price: \xa35\n").text == "Price: £5\n"


def test_bytes_windows_1252_leaves_undefined_are_read_as_latin_1():
    assert decode_article(b"caf\xe9 \x81\n").text == "café \x81\n"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file: no text to clean"),
    (b"  \n\t\n", "empty file: no text to clean"),
    (b"\x00\x01\x02\x03PNG\x00\x00", "binary data, not text: 6 control bytes in the first 9 bytes"),
])
def test_what_is_no_text_is_rejected_with_its_reason(data, reason):
    with pytest.raises(Rejected, match=f"^{reason}$"):
        decode_article(data)


def test_decoding_is_logged_when_the_bytes_were_not_utf8():
    result = clean_bytes("Title\n\nCost £3.\n".encode("cp1252"))
    first = result.cleaned.changes[0]
    assert (first.stage, first.kind, first.reason) == ("decode_article", "encoding", "bytes decoded as windows-1252, written as UTF-8")
    assert result.encoding == "windows-1252"


def test_text_of_invisible_characters_only_is_rejected():
    assert clean_bytes("\u200b\u200b\n".encode()).rejected == "no text left once invisible and control characters were removed"
