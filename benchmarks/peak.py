"""The machine's own float32 throughput, as each framework reaches it: one JSON line.

A large matrix product is as close to the CPU's limit as either framework gets; a convolution of the
size lab 08 trains (batch 128, 28x28, 32 -> 32 channels, 3x3) is the limit for convolutional work. The
driver divides each workload's achieved GFLOP/s by these.

    python benchmarks/peak.py --framework tensorflow      # or pytorch, from .venv-bench
"""
import argparse
import json
import statistics
import time

MATMUL_N = 2048
FRAMEWORK = None
CONV = {"batch": 128, "size": 28, "channels": 32, "kernel": 3}


def best_rate(op, flops, repeats=7):
    op()                                            # warm up (allocation, kernel selection)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        op()
        times.append(time.perf_counter() - start)
    return flops / statistics.median(times) / 1e9


def conv_flops():
    c = CONV
    return 2 * c["batch"] * c["size"] ** 2 * c["channels"] ** 2 * c["kernel"] ** 2


def tensorflow_rates():
    import labs_utils  # noqa: F401  (the course's TensorFlow settings, oneDNN included)
    import tensorflow as tf

    a = tf.random.normal((MATMUL_N, MATMUL_N))
    x = tf.random.normal((CONV["batch"], CONV["size"], CONV["size"], CONV["channels"]))
    k = tf.random.normal((CONV["kernel"], CONV["kernel"], CONV["channels"], CONV["channels"]))
    return (best_rate(lambda: tf.linalg.matmul(a, a).numpy(), 2 * MATMUL_N ** 3),
            best_rate(lambda: tf.nn.conv2d(x, k, 1, "SAME").numpy(), conv_flops()), tf.__version__)


def pytorch_rates():
    import torch

    a = torch.randn(MATMUL_N, MATMUL_N)
    x = torch.randn(CONV["batch"], CONV["channels"], CONV["size"], CONV["size"])
    k = torch.randn(CONV["channels"], CONV["channels"], CONV["kernel"], CONV["kernel"])
    with torch.no_grad():
        return (best_rate(lambda: a @ a, 2 * MATMUL_N ** 3),
                best_rate(lambda: torch.nn.functional.conv2d(x, k, padding=1), conv_flops()), torch.__version__)


def probe():
    """One small convolution, for ONEDNN_VERBOSE=1 to name the instruction set oneDNN dispatched."""
    if FRAMEWORK == "tensorflow":
        import labs_utils  # noqa: F401
        import tensorflow as tf

        tf.nn.conv2d(tf.ones((1, 8, 8, 4)), tf.ones((3, 3, 4, 4)), 1, "SAME").numpy()
    else:
        import torch

        torch.nn.functional.conv2d(torch.ones(8, 16, 32, 32), torch.ones(16, 16, 3, 3))   # big enough for oneDNN


def main():
    global FRAMEWORK
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--framework", choices=["tensorflow", "pytorch"], required=True)
    parser.add_argument("--probe-isa", action="store_true", help="run one small convolution only")
    args = parser.parse_args()
    FRAMEWORK = args.framework
    if args.probe_isa:
        return probe()
    matmul, conv, version = tensorflow_rates() if args.framework == "tensorflow" else pytorch_rates()
    print(json.dumps({"framework": args.framework, "version": version,
                      "matmul_gflops": round(matmul, 1), "conv_gflops": round(conv, 1)}))


if __name__ == "__main__":
    main()
