"""A draw's progress as the progress bar reads it, for assembly and council draws alike."""

from flask import jsonify


def progress_response(run):
    """Return a run's (or council draw's) status, progress and outcome as JSON."""
    return jsonify(
        status=run.status.value,
        progress=run.progress,
        message=run.message,
        error=run.error,
        done=not run.active,
    )
