"""Standing-assembly mode: a permanent council of drawn members that convenes assemblies."""
