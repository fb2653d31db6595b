"""Untrusted text stays text on a terminal: control characters and escape sequences are shown, never obeyed.

Names, notes and keys come from YAML files that may be sent by others. An ESC sequence in a tool name could
clear the screen, retitle the window or plant an OSC 8 link; a newline in a key could forge a second error line.
Every terminal output goes through `visible` (one place): each control character becomes a visible stand-in of
the same width (U+2400 "control pictures": ␛ for ESC), and bidirectional overrides are shown too.

Imports nothing: plain messages (`validate`, errors) need no Rich; the Rich console that applies it is console.py.
"""

from __future__ import annotations

_BIDI = {0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}


def _stand_in(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls and bidirectional overrides: �


_TABLE = {code: _stand_in(code) for code in [*range(0x20), 0x7F, *range(0x80, 0xA0), *_BIDI]}
_MULTILINE_TABLE = {code: stand_in for code, stand_in in _TABLE.items() if code not in (0x0A, 0x09)}


def visible(text: str, multiline: bool = True) -> str:
    """`text` with every control character made visible; newlines and tabs kept unless `multiline` is False."""
    return text.translate(_MULTILINE_TABLE if multiline else _TABLE)


def one_line(text: str) -> str:
    """A message that stays on one line whatever it quotes (error messages name keys and values from input)."""
    return visible(text, multiline=False)
