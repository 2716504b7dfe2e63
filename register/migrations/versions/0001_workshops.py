"""The first schema: workshops, what they placed and typed, their actions,
and the deck records their words come from.

Revision ID: 1
Revises:
"""

import uuid
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "1"
down_revision = None
branch_labels = None
depends_on = None


def _child(name: str, *columns: sa.Column[Any]) -> None:
    op.create_table(
        name,
        sa.Column("workshop", sa.Integer, sa.ForeignKey("workshops.number"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        *columns,
    )


def upgrade() -> None:
    meta = op.create_table(
        "meta",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("register", sa.String(32), nullable=False),
        sa.Column("schema", sa.Integer, nullable=False),
        sa.Column("next_number", sa.Integer, nullable=False),
    )
    # the register's own id, born with it: follow-up sheets name it, so they add back only here
    op.bulk_insert(meta, [{"id": 1, "register": uuid.uuid4().hex, "schema": 1, "next_number": 1}])
    op.create_table(
        "workshops",
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("identity", sa.String(64), nullable=False, unique=True),
        sa.Column("forms", sa.JSON, nullable=False),
        sa.Column("added", sa.String(32), nullable=False),
        sa.Column("deck", sa.String(200), nullable=False, index=True),
        sa.Column("versions", sa.JSON, nullable=False),
        sa.Column("language", sa.String(20), nullable=False),
        sa.Column("date", sa.String(10), nullable=False, index=True),
        sa.Column("date_typed", sa.Text, nullable=False),
        sa.Column("organisation", sa.Text, nullable=False),
        sa.Column("unit", sa.Text, nullable=False, index=True),
        sa.Column("leader", sa.Text, nullable=False),
        sa.Column("participants", sa.Integer, nullable=True),
        sa.Column("participants_typed", sa.Text, nullable=False),
        sa.Column("target_group", sa.Text, nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("files", sa.JSON, nullable=False),
        sa.Column("cards", sa.JSON, nullable=False),
    )
    _child("placements", sa.Column("card", sa.String(200), nullable=False), sa.Column("column", sa.String(20), nullable=False))
    _child("tokens", sa.Column("card", sa.String(200), nullable=False), sa.Column("token", sa.String(20), nullable=False))
    _child("own_methods", sa.Column("name", sa.Text, nullable=False), sa.Column("description", sa.Text, nullable=False))
    _child("notes", sa.Column("field", sa.String(200), nullable=False), sa.Column("text", sa.Text, nullable=False))
    _child("unplaced", sa.Column("column", sa.String(20), nullable=False), sa.Column("text", sa.Text, nullable=False))
    op.create_table(
        "actions",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("workshop", sa.Integer, sa.ForeignKey("workshops.number"), nullable=False, index=True),
        sa.Column("row", sa.Integer, nullable=False),
        *(
            sa.Column(key, sa.Text, nullable=False)
            for key in ("goal", "method", "responsible", "resources", "timetable", "measure", "implementation")
        ),
        sa.Column("due", sa.String(10), nullable=False),
    )
    op.create_table(
        "decks",
        sa.Column("deck", sa.String(200), primary_key=True),
        sa.Column("version", sa.String(40), primary_key=True),
        sa.Column("language", sa.String(20), primary_key=True),
        sa.Column("record", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for name in ("decks", "actions", "unplaced", "notes", "own_methods", "tokens", "placements", "workshops", "meta"):
        op.drop_table(name)
