"""Who took part in sittings and ballots, against the panel's quotas."""
