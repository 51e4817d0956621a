"""DTOs: the frozen dataclasses that leave ``app/`` (ORM objects never do).

One module per area; import from the module that owns a name, e.g.
``from app.dto.payments import Receipt``. Amounts are integer fen; the UI formats them.
"""
