"""Reading an import file as a stream of rows, whatever its size.

A file is a ``Source`` (bytes in memory, a path, or a binary file object such as the page's
upload) and reads as a ``Book`` of ``Sheet``s: one for a CSV, one per worksheet for an XLSX.
A sheet yields ``(row number as a spreadsheet shows it, cells as text)`` lazily, so a 200 MB
export is never held in memory as text or as rows: CSV is decoded line by line (UTF-8 never
puts a newline byte inside a character), XLSX goes through openpyxl's read-only mode.

What cannot be read is a ``Fatal`` problem (empty file, old .xls, not UTF-8, damaged XLSX),
raised when the book is opened or, for a bad byte far into a CSV, when the stream reaches it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import BinaryIO

MAX_FILE_BYTES = 200 * 1024 * 1024
HEAD_BYTES = 64 * 1024  # read first: the encoding check and the CSV delimiter

csv.field_size_limit(1 << 28)  # a cell, not the file: cells over 100,000 characters are refused


@dataclass
class Progress:
    """How far an import is: bytes of the file read, data rows read, checked and written.
    ``report`` (if set) is called now and then with the object itself."""

    total_bytes: int = 0
    bytes_read: int = 0
    total_rows: int | None = None  # known for XLSX (the sheet's dimension), else None
    rows_read: int = 0
    rows_checked: int = 0
    rows_written: int = 0
    stage: str = "read"  # read | write | rollups | done
    report: Callable[[Progress], None] | None = None
    _last: float = 0.0

    @property
    def fraction(self) -> float:
        """0..1: bytes for a CSV, rows for an XLSX; the rollup rebuild is the last 5 %."""
        if self.stage == "done":
            return 1.0
        if self.total_rows:
            f = min(1.0, self.rows_read / self.total_rows)
        elif self.total_bytes:
            f = min(1.0, self.bytes_read / self.total_bytes)
        else:
            f = 0.0
        return 0.95 * f + (0.03 if self.stage == "rollups" else 0.0)

    def tick(self, force: bool = False) -> None:
        if self.report is None:
            return
        import time as _time

        now = _time.monotonic()
        if force or now - self._last >= 0.25:
            self._last = now
            self.report(self)


class Source:
    """The file to import: bytes, a path, or a binary file object (read from the start)."""

    def __init__(self, data: bytes | bytearray | memoryview | str | Path | BinaryIO) -> None:
        self._bytes: bytes | memoryview | None = None
        self._path: Path | None = None
        self._file: BinaryIO | None = None
        if isinstance(data, (bytes, bytearray, memoryview)):
            self._bytes = data if isinstance(data, bytes) else memoryview(data)
            self.size = len(self._bytes)
        elif isinstance(data, (str, Path)):
            self._path = Path(data)
            self.size = self._path.stat().st_size
        else:
            self._file = data
            data.seek(0, io.SEEK_END)
            self.size = data.tell()
            data.seek(0)

    def open(self) -> BinaryIO:
        if self._bytes is not None:
            return io.BytesIO(self._bytes)  # shares the buffer until written to
        if self._path is not None:
            return self._path.open("rb")
        assert self._file is not None
        self._file.seek(0)
        return _NoClose(self._file)

    def head(self, n: int = HEAD_BYTES) -> bytes:
        with self.open() as f:
            return f.read(n)

    def sha256(self) -> str:
        h = hashlib.sha256()
        with self.open() as f:
            while block := f.read(1 << 20):
                h.update(block)
        return h.hexdigest()


class _NoClose(io.RawIOBase):
    """A file object the reader may close without closing the caller's upload."""

    def __init__(self, f: BinaryIO) -> None:
        self._f = f

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, pos: int, whence: int = 0) -> int:
        return self._f.seek(pos, whence)

    def tell(self) -> int:
        return self._f.tell()

    def read(self, n: int = -1) -> bytes:
        return self._f.read(n)

    def readinto(self, b) -> int:  # noqa: ANN001
        data = self._f.read(len(b))
        b[: len(data)] = data
        return len(data)

    def readline(self, size: int = -1) -> bytes:
        return self._f.readline(size)

    def __iter__(self):  # noqa: ANN204
        return iter(self._f.readline, b"")


@dataclass
class Sheet:
    """One table of a file. Iterate it for ``(row number, cells)``; ``rows`` is the whole
    sheet as a list, for small things such as the Biểu 06 form."""

    name: str
    fmt: str  # csv | xlsx
    _iter: Callable[[], Iterator[tuple[int, list[str]]]]
    total_rows: int | None = None
    _rows: list | None = field(default=None, repr=False)

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        if self._rows is not None:
            return iter(self._rows)
        return self._iter()

    @property
    def rows(self) -> list[tuple[int, list[str]]]:
        if self._rows is None:
            self._rows = list(self._iter())
        return self._rows


@dataclass
class Book:
    """The sheets of a file (one for CSV). ``close()`` releases an XLSX's zip file."""

    sheets: list[Sheet]
    fmt: str
    progress: Progress
    _close: Callable[[], None] | None = None

    def close(self) -> None:
        if self._close is not None:
            self._close()
            self._close = None


def open_book(
    source: Source,
    file_name: str,
    progress: Progress | None = None,
    max_bytes: int | None = MAX_FILE_BYTES,
) -> Book:
    """The file as a book of sheets; raises Fatal for a file that cannot be read at all.
    ``max_bytes``: the page's upload limit; None on the command line (it streams any size)."""
    from dashboard.importers.core import Fatal, Problem

    progress = progress or Progress()
    progress.total_bytes = source.size
    head = source.head()
    if not head or not head.strip(b" \t\r\n\x00\xef\xbb\xbf") and source.size <= len(head):
        raise Fatal(Problem(None, None, None, "empty_file"))
    if max_bytes is not None and source.size > max_bytes:
        raise Fatal(
            Problem(
                None,
                None,
                None,
                "file_too_big",
                dict(mb=source.size // 2**20, max=max_bytes // 2**20),
            )
        )
    name = (file_name or "").lower()
    if head[:4] == b"PK\x03\x04" or name.endswith((".xlsx", ".xlsm")):
        return _xlsx_book(source, progress)
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or name.endswith(".xls"):
        raise Fatal(Problem(None, None, None, "xls_format"))
    return _csv_book(source, head, progress)


# --- CSV -------------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 text, or Fatal saying which encoding the file seems to be in."""
    from dashboard.importers.core import Fatal, Problem

    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise Fatal(Problem(None, None, None, "not_utf8", dict(guess="UTF-16", line=1)))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        guess = guess_encoding(data)
        raise Fatal(Problem(line, None, None, "not_utf8", dict(guess=guess, line=line))) from None


def guess_encoding(data: bytes) -> str:
    # Vietnamese in Windows-1258 uses combining tone marks 0xCC 0xD2 0xDE 0xEC 0xF2 and the
    # letters ă â đ ê ô ơ ư (0xE3 0xE2 0xF0 0xEA 0xF4 0xF5 0xFD); Latin-1 text rarely does.
    high = [b for b in data if b >= 0x80]
    vn = sum(b in (0xCC, 0xD2, 0xDE, 0xEC, 0xF2, 0xE3, 0xF0, 0xF5, 0xFD, 0xD5, 0xDD) for b in high)
    if high and vn / len(high) > 0.3:
        return "Windows-1258"
    return "Windows-1252 / Latin-1"


def _csv_book(source: Source, head: bytes, progress: Progress) -> Book:
    from dashboard.importers.core import Fatal, Problem

    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise Fatal(Problem(None, None, None, "not_utf8", dict(guess="UTF-16", line=1)))
    # The head, cut at its last newline so no character is split, must be UTF-8 already.
    cut = head if source.size <= len(head) else head[: head.rfind(b"\n") + 1] or head
    sample = decode(cut) if source.size <= len(head) else _decode_prefix(cut)
    delim = sniff_delimiter(sample[:20_000])

    def lines(f: BinaryIO) -> Iterator[str]:
        n = 0
        for raw in f:
            n += 1
            progress.bytes_read += len(raw)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise Fatal(
                    Problem(
                        n,
                        None,
                        None,
                        "not_utf8",
                        dict(guess=guess_encoding(raw + f.read(HEAD_BYTES)), line=n),
                    )
                ) from None
            if n == 1 and text.startswith("\ufeff"):
                text = text[1:]
            yield text

    def rows() -> Iterator[tuple[int, list[str]]]:
        progress.bytes_read = 0
        with source.open() as f:
            reader = csv.reader(lines(f), delimiter=delim)
            n = 0
            try:
                for cells in reader:
                    n += 1
                    if any(c.strip() for c in cells):
                        yield n, cells
            except csv.Error as exc:
                raise Fatal(
                    Problem(n + 1, None, None, "csv_broken", dict(detail=str(exc)))
                ) from None

    return Book([Sheet("", "csv", rows)], "csv", progress)


def sniff_delimiter(sample: str) -> str:
    """Comma, semicolon (Excel in a Vietnamese locale) or tab. The csv sniffer gives up on
    an export whose title lines have fewer cells than its table; then the character that
    appears most often on most lines, outside quotes, wins."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        pass
    import re
    from statistics import median

    lines = [re.sub(r'"[^"]*"', "", ln) for ln in sample.splitlines() if ln.strip()][:60]
    if not lines:
        return ","
    score = {d: median(ln.count(d) for ln in lines) for d in (",", ";", "\t")}
    best = max(score, key=lambda d: (score[d], d == ","))
    return best if score[best] > 0 else ","


def _decode_prefix(data: bytes) -> str:
    from dashboard.importers.core import Fatal, Problem

    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise Fatal(
            Problem(line, None, None, "not_utf8", dict(guess=guess_encoding(data), line=line))
        ) from None


# --- XLSX ------------------------------------------------------------------------------------


def _xlsx_book(source: Source, progress: Progress) -> Book:
    from openpyxl import load_workbook

    from dashboard.importers.core import Fatal, Problem

    def fail(exc: Exception):  # noqa: ANN202
        if isinstance(exc, Fatal):
            return exc
        if isinstance(exc, (zipfile.BadZipFile, zipfile.LargeZipFile)):
            return Fatal(Problem(None, None, None, "xlsx_corrupt", dict(detail=str(exc))))
        detail = f"{type(exc).__name__}: {str(exc)[:120]}"
        return Fatal(Problem(None, None, None, "xlsx_corrupt", dict(detail=detail)))

    f = source.open()
    try:
        wb = load_workbook(f, read_only=True, data_only=True)
        worksheets = list(wb.worksheets)
    except Exception as exc:  # noqa: BLE001 - any parser failure means the same to a user
        f.close()
        raise fail(exc) from None

    def sheet_rows(ws) -> Callable[[], Iterator[tuple[int, list[str]]]]:  # noqa: ANN001
        def rows() -> Iterator[tuple[int, list[str]]]:
            try:
                for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
                    cells = [cell_text(v) for v in values]
                    while cells and cells[-1] == "":
                        cells.pop()
                    if cells:
                        yield n, cells
            except Exception as exc:  # noqa: BLE001
                raise fail(exc) from None

        return rows

    sheets = []
    for ws in worksheets:
        try:
            total = ws.max_row
        except Exception:  # noqa: BLE001 - a sheet without a dimension
            total = None
        sheets.append(Sheet(ws.title, "xlsx", sheet_rows(ws), total))
    if sheets and sheets[0].total_rows:
        progress.total_rows = sheets[0].total_rows

    def close() -> None:
        wb.close()
        f.close()

    return Book(sheets, "xlsx", progress, close)


def cell_text(v) -> str:  # noqa: ANN001
    """A cell as text: Excel date cells as ISO dates, whole floats without ".0"."""
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, time):
        return v.isoformat()
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)
