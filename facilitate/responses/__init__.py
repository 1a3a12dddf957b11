"""The authority's response to each recommendation, its implementation, and the deadlines."""
