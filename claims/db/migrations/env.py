"""Alembic environment: the engine comes from ``claims.db.migrate``, never from an ini file."""

from __future__ import annotations

from alembic import context

from claims.db.models import Base

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # A batch migration rebuilds a SQLite table by copy-and-drop; with foreign keys on, dropping
        # the old table would cascade into every child row. The pragma only works outside a
        # transaction, so it goes to the driver's connection before SQLAlchemy begins one.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=sqlite)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    finally:
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
