"""The realistic municipality generator: ten source systems with noise, planted cases, decoys and truth.

Public surface: `generate(residents, seed, out, gov_code)` and `GeneratorError`; the CLI is
`chungbaek generate` (see docs/generator.md).
"""

from generator.errors import GeneratorError
from generator.generate import Summary, generate

__all__ = ["GeneratorError", "Summary", "generate"]
