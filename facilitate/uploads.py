"""Uploads stay in memory: no registrant or address file ever touches the disk."""

import io

from flask import Request


class MemoryUploadRequest(Request):
    """Keep every uploaded file in memory (MAX_CONTENT_LENGTH bounds its size)."""

    def _get_file_stream(
        self, total_content_length, content_type, filename=None, content_length=None
    ):
        return io.BytesIO()
