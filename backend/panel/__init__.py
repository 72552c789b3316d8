"""The clerk panel's platform: base admin classes that scope and audit by construction, the
admin site (home page per role, language switch) and what services plug into it."""
