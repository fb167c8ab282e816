"""Alembic environment: uses the connection handed over by bot.storage.Store.migrate(),
or the URL from PRESCREEN_DB_URL when run as `alembic upgrade head`."""

from alembic import context
from sqlalchemy import create_engine

from bot.config import database_url
from bot.storage import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or database_url(), future=True)
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
