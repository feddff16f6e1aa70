"""``python -m kaohe`` = the ``kaohe`` command."""

from kaohe.cli import main

if __name__ == "__main__":
    main()
