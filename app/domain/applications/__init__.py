"""Service applications (业务受理): the pure rules, docs/rules.md#service-applications.

* :mod:`.catalogue` — the business-type catalogue as data (``resources/applications/catalogue.json``);
* :mod:`.fields` — a type's own fields and the 一证受理 document check;
* :mod:`.machine` — statuses, stages and the allowed transitions;
* :mod:`.preconditions` — why an application cannot be accepted, every reason at once;
* :mod:`.rules` — the figures those checks use, configurable;
* :mod:`.effects` — what completing one changes on the customer.

Working days, promised dates and deadline colours are in :mod:`app.domain.workdays`.
"""

from __future__ import annotations

from app.domain.applications.catalogue import (
    ApplicationCatalogue,
    BusinessType,
    CompletionEffect,
    DocumentSpec,
    FieldSpec,
    load_default_catalogue,
    parse_catalogue,
)
from app.domain.applications.effects import CustomerChanges, completion_changes
from app.domain.applications.fields import DocumentCheck, document_check, id_number_checks, parse_fields
from app.domain.applications.machine import ApplicationState, allowed_actions, apply_action, initial_state
from app.domain.applications.preconditions import (
    CustomerSnapshot,
    DateSpan,
    PreconditionsNotMet,
    Reason,
    ReasonCode,
    check_preconditions,
    require_preconditions,
)
from app.domain.applications.rules import ApplicationRules, parse_application_rules

__all__ = [
    "ApplicationCatalogue",
    "ApplicationRules",
    "ApplicationState",
    "BusinessType",
    "CompletionEffect",
    "CustomerChanges",
    "CustomerSnapshot",
    "DateSpan",
    "DocumentCheck",
    "DocumentSpec",
    "FieldSpec",
    "PreconditionsNotMet",
    "Reason",
    "ReasonCode",
    "allowed_actions",
    "apply_action",
    "check_preconditions",
    "completion_changes",
    "document_check",
    "id_number_checks",
    "initial_state",
    "load_default_catalogue",
    "parse_application_rules",
    "parse_catalogue",
    "parse_fields",
    "require_preconditions",
]
