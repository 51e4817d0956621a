"""Typed errors raised by the rules and services.

The UI shows ``message`` next to the field named by ``field``, or in the status bar when
there is no field. Every error here is an expected outcome of a person's input or of
concurrency — never a crash.

Each error carries a message *template* (Simplified Chinese, the source of truth, with
``{name}`` placeholders) and its parameters, so the UI can show it in the clerk's language::

    ValidationError("amount", "{label}不能超过{limit}", label=term(label), limit=format_yuan(limit))

``message`` (and ``str(error)``) is the formatted Chinese text — a :class:`Message`, so it
also carries ``template`` and ``params``; ``code`` is the template, a stable identifier.
The UI translates through ``ui.i18n.localize(error.message)``. Never pass an f-string or a
concatenation: ``tests/test_messages.py`` rejects it, because it cannot be translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.domain.messages import Message, MessageList, term

__all__ = [
    "AuthenticationFailed",
    "ConcurrentEdit",
    "DatabaseBusy",
    "DatabaseFailure",
    "DomainError",
    "DuplicateSuspected",
    "Message",
    "MessageList",
    "NotFound",
    "OverrideRequired",
    "PermissionDenied",
    "RequestReused",
    "RuleViolation",
    "ValidationError",
    "ValidationErrors",
    "term",
]


def _message(template: str, params: Mapping[str, object]) -> Message:
    if isinstance(template, Message) and params:
        raise TypeError("a Message already has its parameters")
    return Message(template, **params)


class DomainError(Exception):
    """Base of every expected, user-presentable error."""

    message: Message

    def __init__(self, message: str, /, **params: object) -> None:
        text = _message(message, params)
        super().__init__(str(text))
        self.message = text

    @property
    def code(self) -> str:
        """The message template: identifies the error whatever the language shown."""
        return self.message.template

    @property
    def params(self) -> Mapping[str, object]:
        return self.message.params


class ValidationError(DomainError):
    """One field's value is not acceptable (校验失败)."""

    def __init__(self, field: str, message: str, /, **params: object) -> None:
        super().__init__(message, **params)
        self.field = field

    def __repr__(self) -> str:
        return f"ValidationError({self.field!r}, {str(self.message)!r})"


class ValidationErrors(DomainError):
    """Several fields failed at once; the form marks each of them."""

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__(Message.join(e.message for e in errors))
        self.errors = errors

    def by_field(self) -> dict[str, Message]:
        return {e.field: e.message for e in self.errors}


class RuleViolation(DomainError):
    """A business rule forbids the operation (业务规则不允许)."""


class RequestReused(RuleViolation):
    """A request id (idempotency key) already used for a different command: nothing was done
    (payments, adjustments, work orders, applications, registrations)."""


class PermissionDenied(DomainError):
    """The actor's role does not allow the operation (权限不足)."""


class ConcurrentEdit(DomainError):
    """Someone else saved the record after it was opened (记录已被他人修改)."""


class NotFound(DomainError):
    """The record does not exist (记录不存在)."""


class AuthenticationFailed(DomainError):
    """Wrong user name or password, or the account is locked or disabled.

    ``blocked`` is True when the account cannot log in now whatever the password
    (locked by failed attempts, or disabled): the UI then ends the session.
    """

    def __init__(self, message: str, /, *, blocked: bool = False, **params: object) -> None:
        super().__init__(message, **params)
        self.blocked = blocked


class DuplicateSuspected(DomainError):
    """Likely the same customer exists already (疑似重复建档); the clerk decides."""

    def __init__(self, matches: list[Any]) -> None:
        super().__init__("发现{count}个疑似重复的客户档案（证件号相同或姓名与电话相同）", count=len(matches))
        self.matches = matches


class OverrideRequired(DomainError):
    """An ID check failed; only a supervisor's approval with a reason lets it through."""

    def __init__(self, field: str, message: str, /, **params: object) -> None:
        super().__init__(message, **params)
        self.field = field


class DatabaseBusy(DomainError):
    """Another program holds the database's write lock (SQLite: a backup, another counter
    program, a DB browser) beyond the busy timeout. Nothing was written: a retry is safe."""

    def __init__(self) -> None:
        super().__init__("数据库正忙：另一个程序正在写入数据库（例如备份或另一台柜台程序），请稍后重试")


class DatabaseFailure(DomainError):
    """An unexpected database error. Its details are in the log under ``reference`` only."""

    def __init__(self, reference: str) -> None:
        super().__init__(
            "数据库错误（日志编号 {reference}）：刚才的操作可能没有完成，请核对后重试；"
            "如反复出现，请把日志编号告诉系统管理员",
            reference=reference,
        )
        self.reference = reference
