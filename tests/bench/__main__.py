"""`make bench`: every benchmark, each printing its figures beside a baseline from the same run.

Each runs in its own process (they set Django up on their own throwaway databases).
Pass names to run a subset: python -m tests.bench agreement export
"""

import subprocess
import sys

BENCHMARKS = {
    "agreement": "tests.bench.bench_agreement",
    "prelabel": "tests.bench.bench_prelabel",
    "annotation": "tests.bench.bench_annotation",
    "export": "tests.bench.bench_export",
}


def main(names: list[str]) -> int:
    failed = []
    for name in names or list(BENCHMARKS):
        print(f"\n== {name} ==", flush=True)
        if subprocess.run([sys.executable, "-m", BENCHMARKS[name]], check=False).returncode:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
