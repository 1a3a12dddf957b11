"""Deliberation: members' notes per sitting, and the recommendations tables draft."""
