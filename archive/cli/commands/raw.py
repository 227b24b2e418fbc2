"""``difang raw ID``: the page exactly as it was served, read back from its WARC record."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from archive.cli.args import output_file
from archive.cli.context import CommandError, Context, NotFound
from pipelines.text import decode_html
from query.source import RawCapture
from storage.content_encoding import EncodingError

NAME = "raw"
HELP = "the original bytes of an article's page from the WARC (or --text to read it)"
# C0 and C1 controls but tab and newline: what a terminal acts on (ESC sequences retitle windows,
# rewrite the screen, or on some terminals answer back into the input)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with every control character a terminal would act on shown as ``\\xNN``."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="article id")
    parser.add_argument("-o", "--output", type=output_file, metavar="FILE", help="write to FILE instead of stdout")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--text", action="store_true",
                      help="decode for display (undo gzip, detect the charset) instead of raw bytes")
    what.add_argument("--warc", action="store_true",
                      help="the whole WARC record as stored (a .warc.gz of one record)")
    what.add_argument("--headers", action="store_true", help="the HTTP status line and headers")


def capture_of(ctx: Context, record_id: str) -> RawCapture:
    """The response record an indexed article was extracted from (also the web UI's)."""
    row = ctx.index.get(record_id)
    if row is None:
        raise NotFound(f"no article {record_id!r} in the index")
    if not row["raw_warc"]:
        raise NotFound(f"article {record_id!r} has no raw pointer")
    return ctx.archive.raw({"warc": row["raw_warc"], "offset": row["raw_offset"], "length": row["raw_length"]})


def run(args: argparse.Namespace, ctx: Context) -> int:
    capture = capture_of(ctx, args.id)
    if args.text or args.headers:
        if args.headers:
            lines = [f"{capture.status} {capture.url}", *(f"{k}: {v}" for k, v in capture.headers)]
            text = "\n".join(lines) + "\n"
        else:
            try:
                text = decode_html(capture.body(), capture.header("Content-Type")).text
            except EncodingError as exc:  # a bomb, or a damaged body: --warc or the raw bytes still work
                raise CommandError(f"article {args.id!r}: {exc.kind}: {exc}") from None
        if not args.output and ctx.out.isatty():
            text = visible(text)
        data = text.encode("utf-8")
    else:
        data = capture.record if args.warc else capture.payload
        if not args.output and ctx.out.isatty():
            raise CommandError("not writing raw bytes to a terminal: use -o FILE, a pipe, or --text")
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        ctx.out.flush()
        binary = getattr(ctx.out, "buffer", sys.stdout.buffer)
        binary.write(data)
        binary.flush()
    return 0
