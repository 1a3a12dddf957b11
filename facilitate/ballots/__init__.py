"""Secret ballots on recommendations: items, voting, tallies, results and receipts."""
