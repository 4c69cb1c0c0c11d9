"""The encoding of an uploaded text file (CSV, TXT): detected, or the file refused.

Accepted: UTF-8 (with or without BOM), UTF-16 (with BOM, or without one when the zero
bytes say which half is which), GB18030 (and so GBK and GB2312) and Big5 (Windows code
page 950). GB18030 decodes almost any byte string, Big5 files included, so "it decodes"
proves nothing: when both GB18030 and Big5 read the bytes, each reading is scored by the
share of its characters that are among that encoding's common ones (GB2312 level 1 and
punctuation; Big5 level 1 and punctuation), and the reading must clearly win. Text that
neither reads plausibly is refused with a message naming the accepted encodings, never
taken with garbled headers.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext

GB, BIG5 = "gb18030", "cp950"
MIN_SCORE = 0.6  # share of common characters a reading must reach
MIN_LEAD = 0.2  # and by how much it must beat the other reading
SAMPLE = 200_000  # characters scored


class UnknownEncoding(Exception):
    @property
    def message(self) -> str:
        return str(self.args[0])


def _(message: str) -> str:
    return gettext(message) if settings.configured else message


def refusal() -> UnknownEncoding:
    return UnknownEncoding(
        _(
            "The encoding of the text file was not recognised. Accepted are UTF-8, "
            "GB18030/GBK, Big5 and UTF-16: save the file in one of them and upload it again."
        )
    )


def _common_gb(ch: str) -> bool:
    try:
        lead = ch.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return 0xA1 <= lead <= 0xA3 or 0xB0 <= lead <= 0xD7


def _common_big5(ch: str) -> bool:
    try:
        encoded = ch.encode(BIG5)
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and (0xA1 <= encoded[0] <= 0xA3 or 0xA4 <= encoded[0] <= 0xC6)


SCORERS = {GB: _common_gb, BIG5: _common_big5}


def score(text: str, encoding: str) -> float:
    """Share of the non-ASCII characters that are common ones in `encoding`."""
    common = SCORERS[encoding]
    wide = [ch for ch in text[:SAMPLE] if not ch.isascii()]
    if not wide:
        return 1.0
    return sum(map(common, wide)) / len(wide)


def _decode(data: bytes, encoding: str, partial: bool) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        # A sample cut in the middle of a character is not an error in the file.
        if partial and exc.start >= len(data) - 3:
            try:
                return data[: exc.start].decode(encoding)
            except UnicodeDecodeError:
                return None
        return None


def _utf16(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    pairs = len(data) // 2
    if pairs < 2:
        return None
    even = data[0 : pairs * 2 : 2].count(0) / pairs
    odd = data[1 : pairs * 2 : 2].count(0) / pairs
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def detect(data: bytes, *, partial: bool = False) -> str:
    """The encoding of `data` (a codec name), or UnknownEncoding.

    `partial`: `data` is the head of a longer file, possibly cut inside a character."""
    utf16 = _utf16(data)
    if utf16 is not None:
        cut = data[: len(data) - len(data) % 2] if partial else data
        if _decode(cut, utf16, partial) is not None:
            return utf16
        raise refusal()
    if b"\x00" in data:  # no text file but UTF-16 holds zero bytes
        raise refusal()
    if _decode(data, "utf-8-sig", partial) is not None:
        return "utf-8-sig"
    readings = {e: t for e in (GB, BIG5) if (t := _decode(data, e, partial)) is not None}
    scores = {e: score(t, e) for e, t in readings.items()}
    if not scores:
        raise refusal()
    best = max(scores, key=scores.get)
    others = [s for e, s in scores.items() if e != best]
    if scores[best] < MIN_SCORE or (others and scores[best] - others[0] < MIN_LEAD):
        raise refusal()
    return best


def decode(data: bytes) -> str:
    """The text of a whole file, or UnknownEncoding."""
    return data.decode(detect(data))
