"""Alembic's environment, run programmatically by register/store.py: the
connection (already in the register's transaction) comes in the config's
attributes, so no alembic.ini is needed."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
