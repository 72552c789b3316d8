"""The certificates JSON API: applications, issued certificates, the clerks' queue."""
