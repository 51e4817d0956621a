"""Typed errors raised by the rules and services.

The UI shows ``message`` (Simplified Chinese) next to the field named by ``field``,
or in the status bar when there is no field. Every error here is an expected
outcome of a person's input or of concurrency — never a crash.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every expected, user-presentable error."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """One field's value is not acceptable (校验失败)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field

    def __repr__(self) -> str:
        return f"ValidationError({self.field!r}, {self.message!r})"


class ValidationErrors(DomainError):
    """Several fields failed at once; the form marks each of them."""

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__("；".join(e.message for e in errors))
        self.errors = errors

    def by_field(self) -> dict[str, str]:
        return {e.field: e.message for e in self.errors}


class RuleViolation(DomainError):
    """A business rule forbids the operation (业务规则不允许)."""


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

    def __init__(self, message: str, blocked: bool = False) -> None:
        super().__init__(message)
        self.blocked = blocked
