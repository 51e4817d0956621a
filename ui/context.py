"""What every screen needs: settings, database, this PC's node, the logged-in actor,
the background task runner, the dialog seam and the change announcements (ui/changes.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.config import Settings
from app.dto.common import Actor, NodeInfo
from ui.changes import ChangeBus
from ui.customer_facing import CustomerFacing
from ui.dialogs import Dialogs
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    # Only a type for annotations: ui/ never imports db/ at run time (tests/test_layers.py).
    from db.engine import Database


@dataclass
class UiContext:
    settings: Settings
    db: Database
    node: NodeInfo
    tasks: TaskRunner
    dialogs: Dialogs = field(default_factory=Dialogs)
    actor: Actor | None = None
    #: writes announce what they changed; open screens decide whether to reload
    changes: ChangeBus = field(default_factory=ChangeBus)
    #: the customer display and the satisfaction rating (ui/customer_facing.py), set by the main
    #: window; None: nothing is shown to the customer and no rating is asked
    customer_display: CustomerFacing | None = None

    @property
    def mode_label(self) -> str:
        return "联网模式" if self.settings.mode == "shared" else "单机模式"
