"""Public submissions, their moderation and campaigns, citations and the lobbying register."""
