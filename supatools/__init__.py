"""supatools: migrate, audit Row Level Security and preflight credentials for Supabase."""

__version__ = "0.1.0"
