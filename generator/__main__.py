from .cli import run

# Guarded: worker processes (generator/parallel.py) import the main module without running it.
if __name__ == "__main__":
    run()
