"""meetings, deliberation, ballots, trust, council and evidence

Revision ID: 35d6ec0c6147
Revises: 58bd039c361d
Create Date: 2026-11-25 18:15:55.318714

"""
from alembic import op
import sqlalchemy as sa

import facilitate.models.base


# revision identifiers, used by Alembic.
revision = '35d6ec0c6147'
down_revision = '58bd039c361d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_chain_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain_head'))
    )
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_email', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=True),
    sa.Column('target', sa.String(length=255), nullable=False),
    sa.Column('before', sa.Text(), nullable=False),
    sa.Column('after', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('entry_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry')),
    sa.UniqueConstraint('entry_hash', name=op.f('uq_audit_entry_entry_hash')),
    sa.UniqueConstraint('seq', name=op.f('uq_audit_entry_seq'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_assembly_id'), ['assembly_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_created_at'), ['created_at'], unique=False)

    op.create_table('council',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('term_months', sa.Integer(), nullable=False),
    sa.Column('rotation_interval_months', sa.Integer(), nullable=False),
    sa.Column('allow_overstay', sa.Boolean(), nullable=False),
    sa.Column('quota_rules', sa.JSON(), nullable=False),
    sa.Column('quota_tolerance', sa.Integer(), nullable=False),
    sa.Column('assemblies_per_year', sa.Integer(), nullable=False),
    sa.Column('min_panel_size', sa.Integer(), nullable=False),
    sa.Column('max_panel_size', sa.Integer(), nullable=False),
    sa.Column('min_meetings', sa.Integer(), nullable=False),
    sa.Column('meeting_window_months', sa.Integer(), nullable=False),
    sa.Column('election_blackout_months', sa.Integer(), nullable=False),
    sa.Column('support_threshold', sa.Integer(), nullable=False),
    sa.Column('min_member_proposers', sa.Integer(), nullable=False),
    sa.Column('handover_within_days', sa.Integer(), nullable=False),
    sa.Column('response_within_months', sa.Integer(), nullable=False),
    sa.Column('review_within_months', sa.Integer(), nullable=False),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council'))
    )
    with op.batch_alter_table('council', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_slug'), ['slug'], unique=True)

    op.create_table('backup_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_backup_code_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_backup_code'))
    )
    with op.batch_alter_table('backup_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_backup_code_user_id'), ['user_id'], unique=False)

    op.create_table('council_election',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['council.id'], name=op.f('fk_council_election_council_id_council'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_election'))
    )
    op.create_table('council_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('minutes_published', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['council.id'], name=op.f('fk_council_meeting_council_id_council'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_meeting'))
    )
    with op.batch_alter_table('council_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_meeting_council_id'), ['council_id'], unique=False)

    op.create_table('council_rotation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('leaving', sa.Integer(), nullable=False),
    sa.Column('drawn', sa.Integer(), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('quotas_used', sa.JSON(), nullable=False),
    sa.Column('record', sa.JSON(), nullable=True),
    sa.Column('run_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['council.id'], name=op.f('fk_council_rotation_council_id_council'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_by_id'], ['user.id'], name=op.f('fk_council_rotation_run_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_rotation')),
    sa.UniqueConstraint('council_id', 'held_on', name=op.f('uq_council_rotation_council_id'))
    )
    with op.batch_alter_table('council_rotation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_rotation_council_id'), ['council_id'], unique=False)

    op.create_table('council_staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['council.id'], name=op.f('fk_council_staff_council_id_council'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_council_staff_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_staff')),
    sa.UniqueConstraint('council_id', 'user_id', name=op.f('uq_council_staff_council_id'))
    )
    with op.batch_alter_table('council_staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_staff_user_id'), ['user_id'], unique=False)

    op.create_table('council_topic',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('source', sa.Enum('residents', 'parliamentary_group', 'government', 'council_members', name='topicsource', native_enum=False, length=30), nullable=False),
    sa.Column('proposed_by', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('gathering', 'submitted', 'chosen', 'convened', 'declined', name='topicstatus', native_enum=False, length=30), nullable=False),
    sa.Column('mandate', sa.Text(), nullable=False),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['council.id'], name=op.f('fk_council_topic_council_id_council'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_topic'))
    )
    with op.batch_alter_table('council_topic', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_topic_council_id'), ['council_id'], unique=False)

    op.create_table('approach',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.Enum('meeting', 'phone', 'email', 'letter', 'event', 'social', 'other', name='approachchannel', native_enum=False, length=20), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('representative', sa.String(length=200), nullable=False),
    sa.Column('on_behalf_of', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('is_meeting', sa.Boolean(), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('reporter_role', sa.String(length=20), nullable=False),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_approach_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reported_by_id'], ['user.id'], name=op.f('fk_approach_reported_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_approach'))
    )
    with op.batch_alter_table('approach', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_approach_assembly_id'), ['assembly_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_approach_organisation'), ['organisation'], unique=False)

    op.create_table('ballot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('mode', sa.Enum('sequential', 'together', name='ballotmode', native_enum=False, length=20), nullable=False),
    sa.Column('status', sa.Enum('draft', 'open', 'closed', name='ballotstatus', native_enum=False, length=20), nullable=False),
    sa.Column('closes_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('opened_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('published_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_ballot_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_ballot_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot'))
    )
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_assembly_id'), ['assembly_id'], unique=False)

    op.create_table('campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_campaign_assembly_id_assembly'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign'))
    )
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_assembly_id'), ['assembly_id'], unique=False)

    op.create_table('council_assembly',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=True),
    sa.Column('convened_on', sa.Date(), nullable=False),
    sa.Column('meeting_dates', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_council_assembly_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['council_id'], ['council.id'], name=op.f('fk_council_assembly_council_id_council'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['council_topic.id'], name=op.f('fk_council_assembly_topic_id_council_topic'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_assembly')),
    sa.UniqueConstraint('assembly_id', name=op.f('uq_council_assembly_assembly_id'))
    )
    with op.batch_alter_table('council_assembly', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_assembly_council_id'), ['council_id'], unique=False)

    op.create_table('council_ballot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('question', sa.String(length=300), nullable=False),
    sa.Column('secret', sa.Boolean(), nullable=False),
    sa.Column('closed_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['council.id'], name=op.f('fk_council_ballot_council_id_council'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['council_meeting.id'], name=op.f('fk_council_ballot_meeting_id_council_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_ballot'))
    )
    with op.batch_alter_table('council_ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_ballot_council_id'), ['council_id'], unique=False)

    op.create_table('council_candidate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('source', sa.Enum('assembly', 'pilot', 'parliamentary_group', 'lottery', name='candidatesource', native_enum=False, length=30), nullable=False),
    sa.Column('source_assembly_id', sa.Integer(), nullable=True),
    sa.Column('appointed', sa.Boolean(), nullable=False),
    sa.Column('opted_in_on', sa.Date(), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['council_id'], ['council.id'], name=op.f('fk_council_candidate_council_id_council'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_assembly_id'], ['assembly.id'], name=op.f('fk_council_candidate_source_assembly_id_assembly'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_council_candidate_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_candidate'))
    )
    with op.batch_alter_table('council_candidate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_candidate_council_id'), ['council_id'], unique=False)

    op.create_table('council_topic_support',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['topic_id'], ['council_topic.id'], name=op.f('fk_council_topic_support_topic_id_council_topic'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_topic_support')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_council_topic_support_token_hash')),
    sa.UniqueConstraint('topic_id', 'email', name=op.f('uq_council_topic_support_topic_id'))
    )
    with op.batch_alter_table('council_topic_support', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_topic_support_topic_id'), ['topic_id'], unique=False)

    op.create_table('evidence_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('accepting', sa.Boolean(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=True),
    sa.Column('themes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_evidence_settings_assembly_id_assembly'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_settings')),
    sa.UniqueConstraint('assembly_id', name=op.f('uq_evidence_settings_assembly_id'))
    )
    op.create_table('expert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('affiliation', sa.String(length=200), nullable=False),
    sa.Column('bio', sa.Text(), nullable=False),
    sa.Column('perspective', sa.String(length=80), nullable=False),
    sa.Column('proposed_by', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('interests_funding', sa.Text(), nullable=False),
    sa.Column('interests_employment', sa.Text(), nullable=False),
    sa.Column('interests_advocacy', sa.Text(), nullable=False),
    sa.Column('interests_other', sa.Text(), nullable=False),
    sa.Column('interests_declared_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_expert_assembly_id_assembly'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expert'))
    )
    with op.batch_alter_table('expert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expert_assembly_id'), ['assembly_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expert_email'), ['email'], unique=False)

    op.create_table('agenda_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sitting_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.Time(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['sitting_id'], ['sitting.id'], name=op.f('fk_agenda_item_sitting_id_sitting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_item'))
    )
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_sitting_id'), ['sitting_id'], unique=False)

    op.create_table('amendment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('proposed', 'accepted', 'rejected', name='amendmentstatus', native_enum=False, length=30), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('proposed_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_by_body', sa.String(length=20), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_amendment_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user.id'], name=op.f('fk_amendment_proposed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_amendment_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_amendment'))
    )
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('ballot_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('method', sa.Enum('yes_no', 'scale', 'approval', 'ranking', name='itemmethod', native_enum=False, length=20), nullable=False),
    sa.Column('threshold', sa.Enum('simple', 'two_thirds', 'four_fifths', name='threshold', native_enum=False, length=20), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('waiting', 'open', 'closed', name='itemstatus', native_enum=False, length=20), nullable=False),
    sa.Column('opened_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('eligible_count', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballot.id'], name=op.f('fk_ballot_item_ballot_id_ballot'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_ballot_item_recommendation_id_recommendation'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_item')),
    sa.UniqueConstraint('ballot_id', 'position', name=op.f('uq_ballot_item_ballot_id'))
    )
    with op.batch_alter_table('ballot_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_item_ballot_id'), ['ballot_id'], unique=False)

    op.create_table('council_ballot_option',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=True),
    sa.Column('tally', sa.Integer(), nullable=False),
    sa.Column('won', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['ballot_id'], ['council_ballot.id'], name=op.f('fk_council_ballot_option_ballot_id_council_ballot'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['council_topic.id'], name=op.f('fk_council_ballot_option_topic_id_council_topic'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_ballot_option'))
    )
    with op.batch_alter_table('council_ballot_option', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_ballot_option_ballot_id'), ['ballot_id'], unique=False)

    op.create_table('council_follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('convened_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('handover', 'response', 'review', name='stepkind', native_enum=False, length=30), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['convened_id'], ['council_assembly.id'], name=op.f('fk_council_follow_up_convened_id_council_assembly'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_follow_up')),
    sa.UniqueConstraint('convened_id', 'kind', name=op.f('uq_council_follow_up_convened_id'))
    )
    with op.batch_alter_table('council_follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_follow_up_convened_id'), ['convened_id'], unique=False)

    op.create_table('council_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('rotation_id', sa.Integer(), nullable=True),
    sa.Column('seat', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('left_reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['council_candidate.id'], name=op.f('fk_council_term_candidate_id_council_candidate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['council_id'], ['council.id'], name=op.f('fk_council_term_council_id_council'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rotation_id'], ['council_rotation.id'], name=op.f('fk_council_term_rotation_id_council_rotation'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_term'))
    )
    with op.batch_alter_table('council_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_term_council_id'), ['council_id'], unique=False)

    op.create_table('expert_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sitting_id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['expert_id'], ['expert.id'], name=op.f('fk_expert_assignment_expert_id_expert'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sitting_id'], ['sitting.id'], name=op.f('fk_expert_assignment_sitting_id_sitting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expert_assignment')),
    sa.UniqueConstraint('sitting_id', 'expert_id', name=op.f('uq_expert_assignment_sitting_id'))
    )
    with op.batch_alter_table('expert_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expert_assignment_expert_id'), ['expert_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expert_assignment_sitting_id'), ['sitting_id'], unique=False)

    op.create_table('material',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('sitting_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('expert_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_material_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['expert_id'], ['expert.id'], name=op.f('fk_material_expert_id_expert'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sitting_id'], ['sitting.id'], name=op.f('fk_material_sitting_id_sitting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_material_uploaded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_material'))
    )
    with op.batch_alter_table('material', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_material_assembly_id'), ['assembly_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_material_sitting_id'), ['sitting_id'], unique=False)

    op.create_table('note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('sitting_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.Enum('private', 'table', 'plenary', name='notevisibility', native_enum=False, length=20), nullable=False),
    sa.Column('table_number', sa.Integer(), nullable=True),
    sa.Column('is_table_record', sa.Boolean(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_note_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_note_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sitting_id'], ['sitting.id'], name=op.f('fk_note_sitting_id_sitting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note'))
    )
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_assembly_id'), ['assembly_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_note_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_note_sitting_id'), ['sitting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_note_table_number'), ['table_number'], unique=False)

    op.create_table('question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sitting_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'], name=op.f('fk_question_answered_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_question_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sitting_id'], ['sitting.id'], name=op.f('fk_question_sitting_id_sitting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question'))
    )
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_sitting_id'), ['sitting_id'], unique=False)

    op.create_table('recommendation_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_event_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_recommendation_event_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation_event'))
    )
    with op.batch_alter_table('recommendation_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_event_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('recommendation_sitting',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('sitting_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_sitting_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sitting_id'], ['sitting.id'], name=op.f('fk_recommendation_sitting_sitting_id_sitting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'sitting_id', name=op.f('pk_recommendation_sitting'))
    )
    op.create_table('submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('submitter_type', sa.Enum('individual', 'organisation', 'public_body', 'company', 'campaign', name='submittertype', native_enum=False, length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('funding', sa.Text(), nullable=False),
    sa.Column('lobbies', sa.Boolean(), nullable=True),
    sa.Column('publication', sa.Enum('named', 'anonymous', 'private', name='publication', native_enum=False, length=20), nullable=False),
    sa.Column('theme', sa.String(length=120), nullable=False),
    sa.Column('stance', sa.Enum('for', 'against', 'mixed', 'information', name='stance', native_enum=False, length=20), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('signature', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'accepted', 'rejected', 'duplicate', name='submissionstatus', native_enum=False, length=20), nullable=False),
    sa.Column('reason', sa.Enum('off_topic', 'abusive', 'personal_data', 'unlawful', 'commercial', 'spam', name='rejectionreason', native_enum=False, length=20), nullable=True),
    sa.Column('moderation_note', sa.Text(), nullable=False),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('published_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('moderated_by_id', sa.Integer(), nullable=True),
    sa.Column('moderated_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_submission_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_submission_campaign_id_campaign'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['submission.id'], name=op.f('fk_submission_duplicate_of_id_submission'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['user.id'], name=op.f('fk_submission_moderated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission')),
    sa.UniqueConstraint('assembly_id', 'number', name=op.f('uq_submission_assembly_id'))
    )
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_assembly_id'), ['assembly_id'], unique=False)
        batch_op.create_index('ix_submission_assembly_status', ['assembly_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_submission_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_submission_organisation'), ['organisation'], unique=False)

    op.create_table('table_facilitator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sitting_id', sa.Integer(), nullable=False),
    sa.Column('table_no', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['sitting_id'], ['sitting.id'], name=op.f('fk_table_facilitator_sitting_id_sitting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_table_facilitator_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_table_facilitator')),
    sa.UniqueConstraint('sitting_id', 'table_no', name=op.f('uq_table_facilitator_sitting_id'))
    )
    with op.batch_alter_table('table_facilitator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_table_facilitator_sitting_id'), ['sitting_id'], unique=False)

    op.create_table('ballot_option',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['ballot_item.id'], name=op.f('fk_ballot_option_item_id_ballot_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_ballot_option_recommendation_id_recommendation'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_option'))
    )
    with op.batch_alter_table('ballot_option', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_option_item_id'), ['item_id'], unique=False)

    op.create_table('ballot_paper',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.String(length=500), nullable=False),
    sa.Column('cast_on', sa.Date(), nullable=False),
    sa.Column('receipt_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['ballot_item.id'], name=op.f('fk_ballot_paper_item_id_ballot_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_paper')),
    sa.UniqueConstraint('receipt_hash', name=op.f('uq_ballot_paper_receipt_hash'))
    )
    with op.batch_alter_table('ballot_paper', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_paper_item_id'), ['item_id'], unique=False)

    op.create_table('citation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=True),
    sa.Column('note_id', sa.Integer(), nullable=True),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('material_id', sa.Integer(), nullable=True),
    sa.Column('comment', sa.String(length=300), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(recommendation_id IS NOT NULL) OR (note_id IS NOT NULL)', name=op.f('ck_citation_cites_from')),
    sa.CheckConstraint('(submission_id IS NOT NULL) OR (material_id IS NOT NULL)', name=op.f('ck_citation_cites_what')),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_citation_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_citation_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['material_id'], ['material.id'], name=op.f('fk_citation_material_id_material'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['note_id'], ['note.id'], name=op.f('fk_citation_note_id_note'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_citation_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_citation_submission_id_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citation'))
    )
    with op.batch_alter_table('citation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citation_assembly_id'), ['assembly_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_citation_material_id'), ['material_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_citation_note_id'), ['note_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_citation_recommendation_id'), ['recommendation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_citation_submission_id'), ['submission_id'], unique=False)

    op.create_table('council_ballot_participation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['ballot_id'], ['council_ballot.id'], name=op.f('fk_council_ballot_participation_ballot_id_council_ballot'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['option_id'], ['council_ballot_option.id'], name=op.f('fk_council_ballot_participation_option_id_council_ballot_option'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['term_id'], ['council_term.id'], name=op.f('fk_council_ballot_participation_term_id_council_term'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_ballot_participation')),
    sa.UniqueConstraint('ballot_id', 'term_id', name=op.f('uq_council_ballot_participation_ballot_id'))
    )
    with op.batch_alter_table('council_ballot_participation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_ballot_participation_ballot_id'), ['ballot_id'], unique=False)

    op.create_table('council_topic_cosigner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['term_id'], ['council_term.id'], name=op.f('fk_council_topic_cosigner_term_id_council_term'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['council_topic.id'], name=op.f('fk_council_topic_cosigner_topic_id_council_topic'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_topic_cosigner')),
    sa.UniqueConstraint('topic_id', 'term_id', name=op.f('uq_council_topic_cosigner_topic_id'))
    )
    with op.batch_alter_table('council_topic_cosigner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_topic_cosigner_topic_id'), ['topic_id'], unique=False)

    op.create_table('minority_statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_minority_statement_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['ballot_item.id'], name=op.f('fk_minority_statement_item_id_ballot_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minority_statement'))
    )
    with op.batch_alter_table('minority_statement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minority_statement_item_id'), ['item_id'], unique=False)

    op.create_table('question_support',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_question_support_question_id_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_question_support_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_support')),
    sa.UniqueConstraint('question_id', 'user_id', name=op.f('uq_question_support_question_id'))
    )
    with op.batch_alter_table('question_support', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_support_question_id'), ['question_id'], unique=False)

    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sitting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('checked_in_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('checked_in_by_id', sa.Integer(), nullable=True),
    sa.Column('allowance_paid_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['checked_in_by_id'], ['user.id'], name=op.f('fk_attendance_checked_in_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_attendance_member_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sitting_id'], ['sitting.id'], name=op.f('fk_attendance_sitting_id_sitting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('sitting_id', 'member_id', name=op.f('uq_attendance_sitting_id'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_sitting_id'), ['sitting_id'], unique=False)

    op.create_table('member_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('contacted_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('new_status', sa.Enum('selected', 'contacted', 'confirmed', 'declined', 'withdrawn', name='memberstatus', native_enum=False, length=20), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_member_note_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_member_note_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_note'))
    )
    with op.batch_alter_table('member_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_note_member_id'), ['member_id'], unique=False)

    op.create_table('table_seat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sitting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('table_no', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_table_seat_member_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sitting_id'], ['sitting.id'], name=op.f('fk_table_seat_sitting_id_sitting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_table_seat')),
    sa.UniqueConstraint('sitting_id', 'member_id', name=op.f('uq_table_seat_sitting_id'))
    )
    with op.batch_alter_table('table_seat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_table_seat_sitting_id'), ['sitting_id'], unique=False)

    op.create_table('travel_claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('sitting_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('paid_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['assembly.id'], name=op.f('fk_travel_claim_assembly_id_assembly'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_travel_claim_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_travel_claim_member_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sitting_id'], ['sitting.id'], name=op.f('fk_travel_claim_sitting_id_sitting'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_travel_claim'))
    )
    with op.batch_alter_table('travel_claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_travel_claim_assembly_id'), ['assembly_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_travel_claim_member_id'), ['member_id'], unique=False)

    op.create_table('voter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('voted_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['ballot_item.id'], name=op.f('fk_voter_item_id_ballot_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_voter_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voter')),
    sa.UniqueConstraint('item_id', 'member_id', name='uq_voter_item_member')
    )
    with op.batch_alter_table('voter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voter_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_voter_member_id'), ['member_id'], unique=False)

    with op.batch_alter_table('assembly', schema=None) as batch_op:
        batch_op.add_column(sa.Column('response_due_days', sa.Integer(), nullable=False, server_default='60'))
        batch_op.add_column(sa.Column('review_due_months', sa.Integer(), nullable=False, server_default='12'))

    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('authenticated_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=False, server_default=sa.func.current_timestamp()))

    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signin_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('signin_token_expires_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_member_signin_token_hash'), ['signin_token_hash'])

    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evidence', sa.Text(), nullable=False, server_default=''))

    with op.batch_alter_table('sitting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('topic', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('allowance_cents', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('table_size', sa.Integer(), nullable=False, server_default='7'))
        batch_op.add_column(sa.Column('cancelled_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_enabled_at', facilitate.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('require_two_factor', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('require_two_factor')
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_enabled_at')
        batch_op.drop_column('totp_secret')

    with op.batch_alter_table('sitting', schema=None) as batch_op:
        batch_op.drop_column('cancelled_at')
        batch_op.drop_column('table_size')
        batch_op.drop_column('allowance_cents')
        batch_op.drop_column('topic')

    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_column('evidence')

    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_member_signin_token_hash'), type_='unique')
        batch_op.drop_column('signin_token_expires_at')
        batch_op.drop_column('signin_token_hash')

    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_column('authenticated_at')

    with op.batch_alter_table('assembly', schema=None) as batch_op:
        batch_op.drop_column('review_due_months')
        batch_op.drop_column('response_due_days')

    with op.batch_alter_table('voter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voter_member_id'))
        batch_op.drop_index(batch_op.f('ix_voter_item_id'))

    op.drop_table('voter')
    with op.batch_alter_table('travel_claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_travel_claim_member_id'))
        batch_op.drop_index(batch_op.f('ix_travel_claim_assembly_id'))

    op.drop_table('travel_claim')
    with op.batch_alter_table('table_seat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_table_seat_sitting_id'))

    op.drop_table('table_seat')
    with op.batch_alter_table('member_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_note_member_id'))

    op.drop_table('member_note')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_sitting_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_member_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('question_support', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_support_question_id'))

    op.drop_table('question_support')
    with op.batch_alter_table('minority_statement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minority_statement_item_id'))

    op.drop_table('minority_statement')
    with op.batch_alter_table('council_topic_cosigner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_topic_cosigner_topic_id'))

    op.drop_table('council_topic_cosigner')
    with op.batch_alter_table('council_ballot_participation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_ballot_participation_ballot_id'))

    op.drop_table('council_ballot_participation')
    with op.batch_alter_table('citation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citation_submission_id'))
        batch_op.drop_index(batch_op.f('ix_citation_recommendation_id'))
        batch_op.drop_index(batch_op.f('ix_citation_note_id'))
        batch_op.drop_index(batch_op.f('ix_citation_material_id'))
        batch_op.drop_index(batch_op.f('ix_citation_assembly_id'))

    op.drop_table('citation')
    with op.batch_alter_table('ballot_paper', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_paper_item_id'))

    op.drop_table('ballot_paper')
    with op.batch_alter_table('ballot_option', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_option_item_id'))

    op.drop_table('ballot_option')
    with op.batch_alter_table('table_facilitator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_table_facilitator_sitting_id'))

    op.drop_table('table_facilitator')
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_organisation'))
        batch_op.drop_index(batch_op.f('ix_submission_campaign_id'))
        batch_op.drop_index('ix_submission_assembly_status')
        batch_op.drop_index(batch_op.f('ix_submission_assembly_id'))

    op.drop_table('submission')
    op.drop_table('recommendation_sitting')
    with op.batch_alter_table('recommendation_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_event_recommendation_id'))

    op.drop_table('recommendation_event')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_sitting_id'))

    op.drop_table('question')
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_table_number'))
        batch_op.drop_index(batch_op.f('ix_note_sitting_id'))
        batch_op.drop_index(batch_op.f('ix_note_author_id'))
        batch_op.drop_index(batch_op.f('ix_note_assembly_id'))

    op.drop_table('note')
    with op.batch_alter_table('material', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_material_sitting_id'))
        batch_op.drop_index(batch_op.f('ix_material_assembly_id'))

    op.drop_table('material')
    with op.batch_alter_table('expert_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expert_assignment_sitting_id'))
        batch_op.drop_index(batch_op.f('ix_expert_assignment_expert_id'))

    op.drop_table('expert_assignment')
    with op.batch_alter_table('council_term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_term_council_id'))

    op.drop_table('council_term')
    with op.batch_alter_table('council_follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_follow_up_convened_id'))

    op.drop_table('council_follow_up')
    with op.batch_alter_table('council_ballot_option', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_ballot_option_ballot_id'))

    op.drop_table('council_ballot_option')
    with op.batch_alter_table('ballot_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_item_ballot_id'))

    op.drop_table('ballot_item')
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amendment_recommendation_id'))

    op.drop_table('amendment')
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_item_sitting_id'))

    op.drop_table('agenda_item')
    with op.batch_alter_table('expert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expert_email'))
        batch_op.drop_index(batch_op.f('ix_expert_assembly_id'))

    op.drop_table('expert')
    op.drop_table('evidence_settings')
    with op.batch_alter_table('council_topic_support', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_topic_support_topic_id'))

    op.drop_table('council_topic_support')
    with op.batch_alter_table('council_candidate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_candidate_council_id'))

    op.drop_table('council_candidate')
    with op.batch_alter_table('council_ballot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_ballot_council_id'))

    op.drop_table('council_ballot')
    with op.batch_alter_table('council_assembly', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_assembly_council_id'))

    op.drop_table('council_assembly')
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_assembly_id'))

    op.drop_table('campaign')
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_assembly_id'))

    op.drop_table('ballot')
    with op.batch_alter_table('approach', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_approach_organisation'))
        batch_op.drop_index(batch_op.f('ix_approach_assembly_id'))

    op.drop_table('approach')
    with op.batch_alter_table('council_topic', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_topic_council_id'))

    op.drop_table('council_topic')
    with op.batch_alter_table('council_staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_staff_user_id'))

    op.drop_table('council_staff')
    with op.batch_alter_table('council_rotation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_rotation_council_id'))

    op.drop_table('council_rotation')
    with op.batch_alter_table('council_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_meeting_council_id'))

    op.drop_table('council_meeting')
    op.drop_table('council_election')
    with op.batch_alter_table('backup_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_backup_code_user_id'))

    op.drop_table('backup_code')
    with op.batch_alter_table('council', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_slug'))

    op.drop_table('council')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_assembly_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_action'))

    op.drop_table('audit_entry')
    op.drop_table('audit_chain_head')
