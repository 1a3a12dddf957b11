"""recruitment: registrants, letters, outbox

Revision ID: d2eb6617ebe6
Revises: 221efd3f81ad
Create Date: 2026-11-25 17:12:42.486567

"""
from alembic import op
import sqlalchemy as sa

import facilitate.models.base


# revision identifiers, used by Alembic.
revision = 'd2eb6617ebe6'
down_revision = '221efd3f81ad'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('letter_draw',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('source_filename', sa.String(length=255), nullable=False),
    sa.Column('source_sha256', sa.String(length=64), nullable=False),
    sa.Column('source_rows', sa.Integer(), nullable=False),
    sa.Column('requested', sa.Integer(), nullable=False),
    sa.Column('drawn', sa.Integer(), nullable=False),
    sa.Column('seed', sa.String(length=64), nullable=False),
    sa.Column('stratify_column', sa.String(length=80), nullable=False),
    sa.Column('strata', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_letter_draw_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_letter_draw_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_draw'))
    )
    with op.batch_alter_table('letter_draw', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_draw_assembly_id'), ['assembly_id'], unique=False)

    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_outbox_message_assembly_id_assembly'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_message_assembly_id'), ['assembly_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_recipient'), ['recipient'], unique=False)

    op.create_table('letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('draw_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('postcode', sa.String(length=20), nullable=False),
    sa.Column('area', sa.String(length=120), nullable=False),
    sa.Column('household_key', sa.String(length=64), nullable=False),
    sa.Column('registrations_allowed', sa.Integer(), nullable=False),
    sa.Column('registrations_used', sa.Integer(), nullable=False),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('erased_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_letter_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['draw_id'], ['letter_draw.id'], name=op.f('fk_letter_draw_id_letter_draw'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter')),
    sa.UniqueConstraint('code', name=op.f('uq_letter_code'))
    )
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_assembly_id'), ['assembly_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letter_draw_id'), ['draw_id'], unique=False)

    op.create_table('registrant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('status', sa.Enum('registered', 'withdrawn', 'selected', name='registrantstatus', native_enum=False, length=20), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('postcode', sa.String(length=20), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('household_key', sa.String(length=64), nullable=False),
    sa.Column('address_key', sa.String(length=64), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('available', sa.Boolean(), nullable=False),
    sa.Column('availability_note', sa.String(length=500), nullable=False),
    sa.Column('needs_access', sa.Boolean(), nullable=False),
    sa.Column('needs_childcare', sa.Boolean(), nullable=False),
    sa.Column('needs_interpreting', sa.String(length=80), nullable=False),
    sa.Column('dietary', sa.String(length=200), nullable=False),
    sa.Column('other_needs', sa.String(length=500), nullable=False),
    sa.Column('consent_version', sa.String(length=20), nullable=False),
    sa.Column('consent_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('duplicate_note', sa.String(length=300), nullable=False),
    sa.Column('manage_token_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('erased_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_registrant_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_registrant_letter_id_letter'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registrant')),
    sa.UniqueConstraint('manage_token_hash', name=op.f('uq_registrant_manage_token_hash')),
    sa.UniqueConstraint('reference', name=op.f('uq_registrant_reference'))
    )
    with op.batch_alter_table('registrant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registrant_address_key'), ['address_key'], unique=False)
        batch_op.create_index('ix_registrant_assembly_status', ['assembly_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_registrant_email'), ['email'], unique=False)

    op.create_table('registrant_answer',
    sa.Column('registrant_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('value_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['registrant_id'], ['registrant.id'], name=op.f('fk_registrant_answer_registrant_id_registrant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['value_id'], ['quota_value.id'], name=op.f('fk_registrant_answer_value_id_quota_value'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('registrant_id', 'category_id', name=op.f('pk_registrant_answer'))
    )
    with op.batch_alter_table('registrant_answer', schema=None) as batch_op:
        batch_op.create_index('ix_registrant_answer_value', ['value_id'], unique=False)

    with op.batch_alter_table('assembly', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invitation_only', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('registrations_per_code', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('minimum_age', sa.Integer(), nullable=False, server_default='16'))
        batch_op.add_column(sa.Column('residence_area', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('excluded_offices', sa.String(length=500), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('privacy_notice', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('privacy_notice_version', sa.String(length=20), nullable=False, server_default='1'))



def downgrade():
    with op.batch_alter_table('assembly', schema=None) as batch_op:
        batch_op.drop_column('privacy_notice_version')
        batch_op.drop_column('privacy_notice')
        batch_op.drop_column('excluded_offices')
        batch_op.drop_column('residence_area')
        batch_op.drop_column('minimum_age')
        batch_op.drop_column('registrations_per_code')
        batch_op.drop_column('invitation_only')

    with op.batch_alter_table('registrant_answer', schema=None) as batch_op:
        batch_op.drop_index('ix_registrant_answer_value')

    op.drop_table('registrant_answer')
    with op.batch_alter_table('registrant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registrant_email'))
        batch_op.drop_index('ix_registrant_assembly_status')
        batch_op.drop_index(batch_op.f('ix_registrant_address_key'))

    op.drop_table('registrant')
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_draw_id'))
        batch_op.drop_index(batch_op.f('ix_letter_assembly_id'))

    op.drop_table('letter')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_message_recipient'))
        batch_op.drop_index(batch_op.f('ix_outbox_message_assembly_id'))

    op.drop_table('outbox_message')
    with op.batch_alter_table('letter_draw', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_draw_assembly_id'))

    op.drop_table('letter_draw')
