"""The errors the UI may catch: the domain's, plus service-level ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain.errors import (
    AuthenticationFailed,
    ConcurrentEdit,
    DomainError,
    Message,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationError,
    ValidationErrors,
    term,
)

if TYPE_CHECKING:
    from app.dto import CustomerSummary

__all__ = [
    "AuthenticationFailed", "ConcurrentEdit", "DomainError", "DuplicateSuspected", "Message", "NotFound",
    "OverrideRequired", "PermissionDenied", "RuleViolation", "ValidationError", "ValidationErrors", "term",
]


class DuplicateSuspected(DomainError):
    """Likely the same customer exists already (疑似重复建档); the clerk decides."""

    def __init__(self, matches: list[CustomerSummary]) -> None:
        super().__init__("发现{count}个疑似重复的客户档案（证件号相同或姓名与电话相同）", count=len(matches))
        self.matches = matches


class OverrideRequired(DomainError):
    """An ID check failed; only a supervisor's approval with a reason lets it through."""

    def __init__(self, field: str, message: str, /, **params: object) -> None:
        super().__init__(message, **params)
        self.field = field
