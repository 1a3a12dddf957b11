"""The draw in the app: feasibility, runs as background jobs, results and the public record."""
