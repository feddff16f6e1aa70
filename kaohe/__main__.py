"""``python -m kaohe`` = the ``kaohe`` command."""

from kaohe.cli.main import main

if __name__ == "__main__":  # spawned worker processes import this module without running it
    main()
