"""Reading an imported CSV file (抄表导入, 账单导入) without trusting it.

The file is streamed: its size is checked before anything is read, its encoding is found in
one pass over 1 MB chunks (UTF-8 with or without BOM, else GBK read as GB 18030), and its rows
are then decoded and parsed as they are read, never the whole text at once. A file over
``import_max_mb`` or with more than ``import_max_rows`` data rows is refused with a message
saying so; a cell over the csv module's field limit (128 KB) or one holding a NUL character
(PostgreSQL refuses those) is a problem of its row, reported like any other.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.config import Settings
from app.domain.errors import Message, ValidationError

#: What an import accepts as its file: the bytes themselves, or (better) a path to stream from.
CsvSource = bytes | str | os.PathLike[str] | BinaryIO

_CHUNK = 1 << 20
_MB = 1024 * 1024


class ImportTooLarge(ValidationError):
    """The file is over the size or row limit: refused as a whole, before it is read through."""


@dataclass(frozen=True)
class CsvLimits:
    max_bytes: int = 20 * _MB
    max_rows: int = 200_000

    @classmethod
    def of(cls, settings: Settings) -> CsvLimits:
        """The PC's limits (settings.toml: import_max_mb, import_max_rows); the caller must pass
        them — no silent default behind its back."""
        return cls(settings.import_max_mb * _MB, settings.import_max_rows)


@dataclass(frozen=True)
class Record:
    """One row of the file: ``line`` where it ends (1 = the header), its cells, and — when it
    could not be read as it is — the problem and the index of the cell concerned (or -1)."""

    line: int
    cells: list[str]
    problem: Message | None = None
    cell: int = -1


def _megabytes(size: int) -> str:
    return f"{size / _MB:.1f}"


class CsvFile:
    """An open import file: ``encoding`` (label), ``sha256`` and ``records()``. Close it (``with``)."""

    def __init__(self, source: CsvSource, limits: CsvLimits) -> None:
        self.limits = limits
        if isinstance(source, bytes | bytearray):
            self._fh: BinaryIO = io.BytesIO(source)
            size = len(source)
        elif isinstance(source, str | os.PathLike):
            self._fh = Path(source).open("rb")  # noqa: SIM115 — closed by close()
            size = os.fstat(self._fh.fileno()).st_size
        else:
            self._fh = source
            size = self._fh.seek(0, io.SEEK_END)
            self._fh.seek(0)
        try:
            if size > limits.max_bytes:
                raise ImportTooLarge(
                    "file",
                    "文件过大（{size} MB），超过导入上限 {limit} MB；请分成几个文件分批导入",
                    size=_megabytes(size),
                    limit=_megabytes(limits.max_bytes),
                )
            self.codec, self.encoding, self.sha256, self._skip = self._detect()
        except BaseException:
            self.close()
            raise

    def _detect(self) -> tuple[str, str, str, int]:
        """(codec, label, sha256 of the bytes, bytes to skip): one pass, a chunk at a time."""
        digest = hashlib.sha256()
        first = self._fh.read(_CHUNK)
        if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise ValidationError(
                "file", "不支持 UTF-16 编码，请在 Excel 中另存为“CSV UTF-8”或“CSV（逗号分隔）”"
            )
        bom = first.startswith(codecs.BOM_UTF8)
        utf8 = codecs.getincrementaldecoder("utf-8")()
        gbk = None if bom else codecs.getincrementaldecoder("gb18030")()
        utf8_ok, gbk_ok = True, gbk is not None
        chunk, final = (first[len(codecs.BOM_UTF8) :] if bom else first), not first
        digest.update(first)
        while True:
            # Both decoders see every chunk: GBK is the answer once UTF-8 fails, however late.
            if utf8_ok:
                try:
                    utf8.decode(chunk, final)
                except UnicodeDecodeError:
                    utf8_ok = False
            if gbk_ok and gbk is not None:
                try:
                    gbk.decode(chunk, final)
                except UnicodeDecodeError:
                    gbk_ok = False
            if final or not (utf8_ok or gbk_ok):
                break
            chunk = self._fh.read(_CHUNK)
            final = not chunk
            digest.update(chunk)
        if utf8_ok:
            return "utf-8", "UTF-8-BOM" if bom else "UTF-8", digest.hexdigest(), len(codecs.BOM_UTF8) * bom
        if bom:
            raise ValidationError("file", "文件以 UTF-8 BOM 开头，但内容不是有效的 UTF-8")
        if gbk_ok:
            return "gb18030", "GBK", digest.hexdigest(), 0
        raise ValidationError("file", "无法识别文件编码，请使用 UTF-8 或 GBK 编码的 CSV 文件")

    def records(self) -> Iterator[Record]:
        """The header (line 1), then every non-blank row; raises ValidationError("file") once
        more than ``max_rows`` data rows were read."""
        self._fh.seek(self._skip)
        text = io.TextIOWrapper(self._fh, encoding=self.codec, newline="")
        first = text.readline()
        delimiter = "\t" if "\t" in first and "," not in first else ","
        reader = csv.reader(itertools.chain([first], text), delimiter=delimiter)
        data_rows, header_done = 0, False
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                too_long = "field larger" in str(exc)
                problem = (
                    Message(
                        "单元格内容过长（超过 {limit} 个字符），无法读取；请检查该行",
                        limit=csv.field_size_limit(),
                    )
                    if too_long
                    else Message("该行不是有效的 CSV 格式，无法读取")
                )
                data_rows += header_done
                header_done = True
                yield Record(reader.line_num, [], problem)
                continue
            line = reader.line_num
            if header_done:
                if not any(c.strip() for c in cells):
                    continue
                data_rows += 1
                if data_rows > self.limits.max_rows:
                    raise ImportTooLarge(
                        "file",
                        "文件的数据行超过 {limit} 行（导入上限），请分成几个文件分批导入",
                        limit=self.limits.max_rows,
                    )
            header_done = True
            bad = next((i for i, c in enumerate(cells) if "\x00" in c), -1)
            if bad >= 0:
                yield Record(
                    line, cells, Message("含有空字符（NUL），文件可能已损坏或不是文本格式的 CSV"), bad
                )
                continue
            yield Record(line, cells)
        text.detach()

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> CsvFile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_csv(source: CsvSource, limits: CsvLimits) -> CsvFile:
    """Open an import file; ValidationError("file", …) when it is too large or not UTF-8/GBK."""
    return CsvFile(source, limits)


__all__ = ["CsvFile", "CsvLimits", "CsvSource", "ImportTooLarge", "Record", "open_csv"]
