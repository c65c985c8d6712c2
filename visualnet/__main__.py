import sys

try:
    from visualnet.cli import main
except KeyboardInterrupt:  # Ctrl+C while the CLI itself is still being imported, before main() can catch it
    sys.stderr.write("visualnet: interrupted\n")
    sys.exit(130)

if __name__ == "__main__":  # the training process (multiprocessing's spawn) imports this module again
    sys.exit(main())
