"""Members ask for experts, perspectives or evidence; organisers answer; the public reads."""
