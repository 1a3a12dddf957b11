"""accounts, assemblies and quotas

Revision ID: 221efd3f81ad
Revises: 
Create Date: 2026-11-25 17:03:22.461906

"""
from alembic import op
import sqlalchemy as sa

import facilitate.models.base


# revision identifiers, used by Alembic.
revision = '221efd3f81ad'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('can_organise', sa.Boolean(), nullable=False),
    sa.Column('is_active_account', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user'))
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_email'), ['email'], unique=True)

    op.create_table('assembly',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('remit', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('panel_size', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'recruiting', 'selecting', 'sitting', 'voting', 'published', 'answered', 'closed', name='assemblystatus', native_enum=False, length=20), nullable=False),
    sa.Column('recruitment_opens_on', sa.Date(), nullable=True),
    sa.Column('recruitment_closes_on', sa.Date(), nullable=True),
    sa.Column('selection_on', sa.Date(), nullable=True),
    sa.Column('first_sitting_on', sa.Date(), nullable=True),
    sa.Column('last_sitting_on', sa.Date(), nullable=True),
    sa.Column('handover_on', sa.Date(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_assembly_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assembly'))
    )
    with op.batch_alter_table('assembly', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assembly_slug'), ['slug'], unique=True)

    op.create_table('login_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('user_agent', sa.String(length=255), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_login_session_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_session'))
    )
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_session_user_id'), ['user_id'], unique=False)

    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('capability', sa.String(length=20), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=True),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_invitation_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user.id'], name=op.f('fk_invitation_invited_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_hash'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_email'), ['email'], unique=False)

    op.create_table('membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('organiser', 'facilitator', 'expert', 'member', name='role', native_enum=False, length=20), nullable=False),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_membership_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_membership_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership')),
    sa.UniqueConstraint('user_id', 'assembly_id', 'role', name=op.f('uq_membership_user_id'))
    )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_assembly_id'), ['assembly_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_user_id'), ['user_id'], unique=False)

    op.create_table('quota_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_quota_category_assembly_id_assembly'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quota_category')),
    sa.UniqueConstraint('assembly_id', 'name', name=op.f('uq_quota_category_assembly_id'))
    )
    with op.batch_alter_table('quota_category', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quota_category_assembly_id'), ['assembly_id'], unique=False)

    op.create_table('status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.Enum('draft', 'recruiting', 'selecting', 'sitting', 'voting', 'published', 'answered', 'closed', name='assemblystatus', native_enum=False, length=20), nullable=True),
    sa.Column('to_status', sa.Enum('draft', 'recruiting', 'selecting', 'sitting', 'voting', 'published', 'answered', 'closed', name='assemblystatus', native_enum=False, length=20), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_status_change_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user.id'], name=op.f('fk_status_change_changed_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_change'))
    )
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_change_assembly_id'), ['assembly_id'], unique=False)

    op.create_table('quota_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('population_share', sa.Float(), nullable=True),
    sa.Column('min_seats', sa.Integer(), nullable=False),
    sa.Column('max_seats', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['quota_category.id'], name=op.f('fk_quota_value_category_id_quota_category'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quota_value')),
    sa.UniqueConstraint('category_id', 'name', name=op.f('uq_quota_value_category_id'))
    )
    with op.batch_alter_table('quota_value', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quota_value_category_id'), ['category_id'], unique=False)



def downgrade():
    with op.batch_alter_table('quota_value', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quota_value_category_id'))

    op.drop_table('quota_value')
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_change_assembly_id'))

    op.drop_table('status_change')
    with op.batch_alter_table('quota_category', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quota_category_assembly_id'))

    op.drop_table('quota_category')
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_user_id'))
        batch_op.drop_index(batch_op.f('ix_membership_assembly_id'))

    op.drop_table('membership')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_email'))

    op.drop_table('invitation')
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_session_user_id'))

    op.drop_table('login_session')
    with op.batch_alter_table('assembly', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assembly_slug'))

    op.drop_table('assembly')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_email'))

    op.drop_table('user')
