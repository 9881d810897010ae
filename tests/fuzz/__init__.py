"""Mutation fuzzing of everything that reads outside bytes: loaders, compare, session files."""
