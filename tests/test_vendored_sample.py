"""The sample kept in tests/data must stay the spec's sample."""

import pytest

from tests.conftest import SHARED_SAMPLES, VENDORED_SAMPLES


@pytest.mark.skipif(not SHARED_SAMPLES.is_dir(), reason="../shared is not beside this checkout")
@pytest.mark.parametrize(
    "name",
    ["ukraine-entretiens-confidentiels.txt", "ukraine-entretiens-confidentiels.gold.jsonl"],
)
def test_the_vendored_sample_is_the_shared_one(name):
    assert (VENDORED_SAMPLES / name).read_bytes() == (SHARED_SAMPLES / name).read_bytes()
