"""screening questions: topics the person wants the study team to answer

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 18:30:00

"Add my question for the study team" keeps the question's topic (a faq id of the trial
definition, never free text) with the screening, so the coordinator sees it in the referral.
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('screenings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('questions', sa.JSON(), nullable=False, server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('screenings', schema=None) as batch_op:
        batch_op.drop_column('questions')
