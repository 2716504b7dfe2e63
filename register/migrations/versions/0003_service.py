"""The documentation and follow-up service (web/): coordinator accounts, the
sign-in attempts that limit guessing, the service's own settings (the
session secret, shared by every server on one register), the workshops a
coordinator plans before their results come, and the links (tokens) teams
and action owners open.

Revision ID: 3
Revises: 2
"""

import sqlalchemy as sa
from alembic import op

revision = "3"
down_revision = "2"
branch_labels = None
depends_on = None

meta = sa.table("meta", sa.column("schema", sa.Integer))


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("hash", sa.Text, nullable=False),
        sa.Column("stamp", sa.String(32), nullable=False),
        sa.Column("created", sa.String(32), nullable=False),
    )
    op.create_table(
        "sign_in_attempts",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("since", sa.Float, nullable=False),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(50), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "planned",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("deck", sa.String(200), nullable=False),
        sa.Column("language", sa.String(20), nullable=False),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("organisation", sa.Text, nullable=False),
        sa.Column("leader", sa.Text, nullable=False),
        sa.Column("target_group", sa.Text, nullable=False),
        sa.Column("locked", sa.Boolean, nullable=False),
        sa.Column("number", sa.Integer, nullable=True),
        sa.Column("draft", sa.Text, nullable=False),
        sa.Column("submitted", sa.String(32), nullable=False),
    )
    op.create_table(
        "links",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("planned", sa.String(32), nullable=False, index=True),
        sa.Column("workshop", sa.Integer, nullable=True, index=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("deck", sa.String(200), nullable=False),
        sa.Column("language", sa.String(20), nullable=False),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("revoked", sa.String(32), nullable=False),
    )
    op.execute(meta.update().values(schema=3))


def downgrade() -> None:
    for name in ("links", "planned", "settings", "sign_in_attempts", "accounts"):
        op.drop_table(name)
    op.execute(meta.update().values(schema=2))
