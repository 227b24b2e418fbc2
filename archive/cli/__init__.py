"""``difang``: main.py (the entry point), one module per subcommand in commands/, the shared
options (args.py) and the state a command works on (context.py)."""
