"""Stage 1 of recruitment: the lottery that decides who receives an invitation letter."""
