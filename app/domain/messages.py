"""Messages for people (提示文字) that the UI can translate: a template plus its parameters.

A :class:`Message` *is* the Chinese text (a ``str``), so logs, tests and code that compares or
searches messages keep working unchanged. It also remembers how it was made: ``template`` — the
Chinese source text with ``{name}`` placeholders, which doubles as the message's stable code —
and ``params``. The UI looks the template up in its translations (context ``DomainError``) and
fills in the parameters (``ui.i18n.localize``); a parameter that is itself a Message (a field
label, a status, a nested message) is translated the same way.

Raise sites pass the template and the parameters, never a finished f-string::

    raise ValidationError("amount", "{label}不能超过{limit}", label=term(label), limit=format_yuan(limit))

``tools/extract_messages.py`` finds every template and term in ``app/`` with ``ast``;
``tests/test_messages.py`` fails when one has no English translation or a raise site formats
its own text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["Message", "MessageList", "message_from_data", "message_to_data", "term"]


class Message(str):
    """Chinese text that knows its template (``code``) and parameters."""

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, /, **params: object) -> Message:
        if isinstance(template, Message) and not params:
            return template  # already a message: keep its template and parameters
        text = template.format(**params) if params else template
        self = super().__new__(cls, text)
        self.template = str(template)
        self.params = params
        return self

    @property
    def code(self) -> str:
        """Stable identifier of the message: its Chinese template."""
        return self.template

    def __repr__(self) -> str:
        if not self.params:
            return f"Message({self.template!r})"
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"Message({self.template!r}, {args})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.template, dict(self.params)))

    @staticmethod
    def join(parts: Iterable[str], sep: str = "；") -> Message:
        """Several messages shown as one (each still translated on its own)."""
        items = [p if isinstance(p, Message) else Message(p) for p in parts]
        if len(items) == 1:
            return items[0]
        return MessageList(items, sep)


class MessageList(Message):
    """Messages joined by a separator (default the Chinese ``；``); the UI translates each part."""

    parts: tuple[Message, ...]
    sep: str

    def __new__(cls, parts: Iterable[Message], sep: str = "；") -> MessageList:  # type: ignore[misc]
        items = tuple(parts)
        self = str.__new__(cls, sep.join(items))
        self.template = sep.join(p.template for p in items)
        self.params = {}
        self.parts = items
        self.sep = sep
        return self

    def __repr__(self) -> str:
        return f"MessageList({list(self.parts)!r}, {self.sep!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (MessageList, (self.parts, self.sep))


def _rebuild(cls: type[Message], template: str, params: dict[str, object]) -> Message:
    return cls(template, **params)


def term(text: str) -> Message:
    """A Chinese term used as a parameter (a field label such as 客户经理, a status): translated too."""
    return text if isinstance(text, Message) else Message(text)


# --- storing a message (JSON) -------------------------------------------------------------------
# Text that is stored and shown later (a bill's explanation lines) keeps its template, so a
# record written by a Chinese session can be shown in English: store message_to_data(msg)
# next to (or instead of) the Chinese text, and message_from_data() it when reading.


def message_to_data(text: str) -> object:
    """A JSON-able form of ``text``: a plain str stays a str; a Message becomes ``{"t", "p"}``."""
    if isinstance(text, MessageList):
        return {"parts": [message_to_data(p) for p in text.parts], "sep": text.sep}
    if not isinstance(text, Message):
        return str(text)
    if not text.params:
        return {"t": text.template}
    params = {name: _param_data(value) for name, value in text.params.items()}
    return {"t": text.template, "p": params}


def _param_data(value: object) -> object:
    if isinstance(value, Message):
        return message_to_data(value)
    if isinstance(value, int):  # bool too
        return value
    return str(value)  # Decimal, date, …: as the Chinese text showed them


def message_from_data(data: object) -> str:
    """The inverse of :func:`message_to_data` (a Message again, or the plain str)."""
    if isinstance(data, dict):
        if "parts" in data:
            return MessageList([term(message_from_data(p)) for p in data["parts"]], data.get("sep", "；"))
        params = {
            name: message_from_data(v) if isinstance(v, dict) else v for name, v in data.get("p", {}).items()
        }
        return Message(data["t"], **params)
    return str(data)
