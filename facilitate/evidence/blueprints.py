"""The evidence area's blueprints, registered together by the app."""

from facilitate.evidence.lobbying_views import bp as lobbying_bp
from facilitate.evidence.public_views import bp as evidence_public_bp
from facilitate.evidence.views import bp as evidence_bp

BLUEPRINTS = (evidence_public_bp, evidence_bp, lobbying_bp)
