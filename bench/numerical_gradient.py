"""The textbook's point in numbers: the numerical gradient gives the same values as backprop at a far higher
cost. Times both on the default session's next batch (as Help → "Numerical gradient vs backprop" does) and
prints the ratio; asserts nothing.

    python bench/numerical_gradient.py [--rounds 5]

Goal (moved here from tests/ui/test_sessions_gui.py): numerical ≥ 10× slower than backprop, with the largest
relative difference < 1e-4.
"""

from __future__ import annotations

import argparse

from visualnet.core.analysis import time_gradients
from visualnet.core.session import Session


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    session = Session()
    trainer = session.trainer
    trainer.run(25)
    results = []
    for _ in range(args.rounds):
        idx = trainer.next_batch_indices()
        results.append(time_gradients(session.net, trainer.x_train[idx], trainer.t_train[idx]))
    worst = min(results, key=lambda r: r["ratio"])
    print(f"batch of {len(idx)}, {worst['parameters']} parameters, {args.rounds} rounds")
    print(f"backprop {worst['backprop_s'] * 1e3:.3f} ms, numerical {worst['numerical_s'] * 1e3:.1f} ms")
    print(f"numerical / backprop: worst {worst['ratio']:,.0f}× (goal ≥ 10); largest relative difference "
          f"{max(r['max_relative_difference'] for r in results):.1e} (goal < 1e-4)")


if __name__ == "__main__":
    main()
