"""The follow-up: each action's history of statuses (not started, under
way, done, dropped), with a date and a note.

Revision ID: 2
Revises: 1
"""

import sqlalchemy as sa
from alembic import op

revision = "2"
down_revision = "1"
branch_labels = None
depends_on = None

meta = sa.table("meta", sa.column("schema", sa.Integer))


def upgrade() -> None:
    op.create_table(
        "action_statuses",
        sa.Column("action", sa.String(40), sa.ForeignKey("actions.id"), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("recorded", sa.String(32), nullable=False),
    )
    op.execute(meta.update().values(schema=2))


def downgrade() -> None:
    op.drop_table("action_statuses")
    op.execute(meta.update().values(schema=1))
