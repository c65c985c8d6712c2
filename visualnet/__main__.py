import sys

from visualnet.cli import main

if __name__ == "__main__":  # the training process (multiprocessing's spawn) imports this module again
    sys.exit(main())
