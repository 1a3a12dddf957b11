"""members, sittings, recommendations and responses

Revision ID: 58bd039c361d
Revises: 3f0907f97470
Create Date: 2026-11-25 17:47:33.409667

"""
from alembic import op
import sqlalchemy as sa

import facilitate.models.base


# revision identifiers, used by Alembic.
revision = '58bd039c361d'
down_revision = '3f0907f97470'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('recommendation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('table_number', sa.Integer(), nullable=True),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'final', 'merged', 'withdrawn', name='recommendationstatus', native_enum=False, length=30), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_recommendation_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_recommendation_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['recommendation.id'], name=op.f('fk_recommendation_merged_into_id_recommendation'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation'))
    )
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_assembly_id'), ['assembly_id'], unique=False)

    op.create_table('sitting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('plenary', 'learning', 'hearing', 'deliberation', 'decision', name='sittingkind', native_enum=False, length=20), nullable=False),
    sa.Column('starts_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('checkin_code', sa.String(length=12), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_sitting_assembly_id_assembly'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sitting'))
    )
    with op.batch_alter_table('sitting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sitting_assembly_id'), ['assembly_id'], unique=False)

    op.create_table('authority_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('accepted', 'accepted_in_part', 'rejected', 'under_consideration', name='responsestatus', native_enum=False, length=30), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('responded_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_authority_response_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_authority_response_recorded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authority_response')),
    sa.UniqueConstraint('recommendation_id', name=op.f('uq_authority_response_recommendation_id'))
    )
    op.create_table('recommendation_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('change_note', sa.String(length=300), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_recommendation_version_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_version_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation_version')),
    sa.UniqueConstraint('recommendation_id', 'number', name=op.f('uq_recommendation_version_recommendation_id'))
    )
    with op.batch_alter_table('recommendation_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_version_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('implementation_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_implementation_update_recorded_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['response_id'], ['authority_response.id'], name=op.f('fk_implementation_update_response_id_authority_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_implementation_update'))
    )
    with op.batch_alter_table('implementation_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_implementation_update_response_id'), ['response_id'], unique=False)

    op.create_table('member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('seat_id', sa.Integer(), nullable=False),
    sa.Column('registrant_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('selected', 'contacted', 'confirmed', 'declined', 'withdrawn', name='memberstatus', native_enum=False, length=20), nullable=False),
    sa.Column('invite_token_hash', sa.String(length=64), nullable=True),
    sa.Column('invited_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('responded_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('calendar_token', sa.String(length=64), nullable=True),
    sa.Column('public_name_consent', sa.Boolean(), nullable=False),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_member_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registrant_id'], ['registrant.id'], name=op.f('fk_member_registrant_id_registrant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['seat_id'], ['panel_seat.id'], name=op.f('fk_member_seat_id_panel_seat'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_member_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member')),
    sa.UniqueConstraint('calendar_token', name=op.f('uq_member_calendar_token')),
    sa.UniqueConstraint('invite_token_hash', name=op.f('uq_member_invite_token_hash')),
    sa.UniqueConstraint('registrant_id', name=op.f('uq_member_registrant_id')),
    sa.UniqueConstraint('seat_id', name=op.f('uq_member_seat_id'))
    )
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_assembly_id'), ['assembly_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_member_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_user_id'))
        batch_op.drop_index(batch_op.f('ix_member_assembly_id'))

    op.drop_table('member')
    with op.batch_alter_table('implementation_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_implementation_update_response_id'))

    op.drop_table('implementation_update')
    with op.batch_alter_table('recommendation_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_version_recommendation_id'))

    op.drop_table('recommendation_version')
    op.drop_table('authority_response')
    with op.batch_alter_table('sitting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sitting_assembly_id'))

    op.drop_table('sitting')
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_assembly_id'))

    op.drop_table('recommendation')
