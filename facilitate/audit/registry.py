"""The routes whose every successful use must leave an entry in the audit log.

A route belongs here when it publishes, draws, erases, answers for the authority, moderates,
convenes, or hands personal data to someone. The unit of work checks each successful request
to one of them wrote an entry (an error in tests, a logged error in production), and
tests/test_audit_registry.py fails when a route whose name says it does such a thing is
missing here.
"""

#: Forms (POST) whose success must be audited.
ACTIONS: frozenset[str] = frozenset(
    {
        # The assembly's life and its quotas.
        "assemblies.create",
        "assemblies.edit",
        "assemblies.change_status",
        "quotas.add_category",
        "quotas.add_value",
        "quotas.compute",
        "quotas.delete_category",
        "quotas.delete_value",
        "quotas.import_csv",
        "quotas.update_category",
        # Recruitment, the draw and the panel.
        "letters.draw",
        "letters.wave_draw",
        "letters.two_stage_draw",
        "pool.erase",
        "pool.set_status",
        "pool.correct",
        "pool.upload_postcodes",
        "registration.register_by_staff",
        "registration.add_question",
        "registration.edit_question",
        "registration.remove_question",
        "registration.set_support",
        "pool.not_duplicate",
        "pool.merge_duplicate",
        # Expert session media: the expert's agreement decides what the public sees.
        "sittings.set_media_agreement",
        "selection.start",
        "selection.relax",
        "selection.replace",
        "selection.cancel",
        "members.replace",
        # Ballots and their results.
        "ballots.open_ballot",
        "ballots.close_item",
        "ballots.close_ballot",
        "ballots.publish",
        # Member surveys: opening and closing them, moderating their written answers.
        "surveys.open_survey",
        "surveys.close_survey",
        "surveys.moderate",
        # The authority's answers and what became of them.
        "responses.edit",
        "responses.add_update",
        # Evidence and experts the members and the public see.
        "evidence.moderate",
        "evidence.moderate_campaign",
        "experts.publish",
        # Members' requests to hear experts or evidence: the organisers' answers, publishing.
        "evidence_requests.answer",
        "evidence_requests.publish",
        # The standing council.
        "council_manage.rotate",
        "council_manage.accept_relaxation",
        "council_manage.decline_relaxation",
        "council_manage.open_ballot",
        "council_manage.start_ballot",
        "council_manage.close_ballot",
        "council_manage.mandate",
        "council_manage.convene",
        "council_manage.end_term",
        "council_manage.edit_candidate",
        "council_manage.withdraw_candidate",
        # Messages to residents and members.
        "messaging.compose",
        # A translation marked current is what members vote on and the public reads.
        "languages.edit",
        "languages.council_edit",
        # Team and sign-in security.
        "admin.revoke_invitation",
        "auth.two_factor_setup",
        "auth.disable_two_factor",
        "auth.new_backup_codes",
    }
)

#: Downloads (GET) of personal data: each one is recorded with who took it.
DOWNLOADS: frozenset[str] = frozenset(
    {
        "pool.export",
        "evidence.export",
        "letters.export_csv",
        "letters.print_letters",
        "selection.panel_csv",
        "sittings.export_payments",
        "audit.assembly_csv",
        "audit.all_csv",
        "evaluation.export_csv",
        "evaluation.export_json",
    }
)

AUDITED = ACTIONS | DOWNLOADS
