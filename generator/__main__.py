from .cli import main

# Guarded: worker processes (generator/parallel.py) import the main module without running it.
if __name__ == "__main__":
    main()
