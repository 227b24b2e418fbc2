"""The bottom layer: configuration (the environment, read in one place), the item and clean-record
types, site definitions and their JSON Schema, output helpers. Imports nothing of ours."""
