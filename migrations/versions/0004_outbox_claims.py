"""outbox claims: one sender per message

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 23:50:00

The finish action delivers a new notice in the background while the outbox worker may be
retrying: `claimed_until` lets exactly one of them send a message at a time.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('claimed_until')
