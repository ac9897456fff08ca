"""What both sides of the MLP benchmarks share (plain Python: it runs in the course's venv and in .venv-bench)."""
import argparse
import json

GRID = {"hidden_layers": [1, 2], "neurons": [32, 128], "learning_rate": [1e-3, 1e-2]}   # lab 02's full grid
WORKLOADS = ["mlp", "small_mlp", "grid"]


def main(run, description):
    """Parse ``DATA.npz --workload W --epochs N``, call ``run`` and print its result as one JSON line."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("data")
    parser.add_argument("--workload", choices=WORKLOADS, required=True)
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(run(args.data, args.workload, args.epochs)))
