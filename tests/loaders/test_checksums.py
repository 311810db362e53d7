"""Check digits against numbers worked out by hand from DESIGN.md section 11, and their one-digit corruptions."""

from __future__ import annotations

import pytest

from loaders.types.checksums import brn_valid, crn_valid, rrn_valid

# (number, valid?) - valid ones computed by hand; e.g. BRN 220-81-62517:
# 2*1+2*3+0*7+8*1+1*3+6*7+2*1+5*3+1*5 = 83, + floor(1*5/10) = 83 -> (10 - 3) % 10 = 7.
BRN = [
    ("2208162517", True), ("1048100432", True), ("1234567891", True), ("3148689010", True),
    ("2208162518", False), ("1048100431", False), ("1234567890", False), ("220816251", False),
    ("22081625170", False), ("220816251A", False),
]
# CRN 110111-1234569: 1+2+0+2+1+2+1+4+3+8+5+12 = 41 -> (10 - 1) % 10 = 9.
CRN = [
    ("1101111234569", True), ("1345110001236", True), ("1101110000010", True),
    ("1101111234560", False), ("1345110001237", False), ("110111123456", False),
]
# RRN 850101-1234566: 16+15+0+5+0+7+8+18+6+12+20+30 = 137; 137 % 11 = 5 -> (11 - 5) % 10 = 6.
RRN = [
    ("8501011234566", True), ("0002294123457", True), ("9912312345671", True),
    ("8501011234567", False), ("0002294123450", False), ("850101123456", False),
]


@pytest.mark.parametrize(("number", "valid"), BRN)
def test_business_registration_number(number: str, valid: bool) -> None:
    assert brn_valid(number) is valid


@pytest.mark.parametrize(("number", "valid"), CRN)
def test_corporate_registration_number(number: str, valid: bool) -> None:
    assert crn_valid(number) is valid


@pytest.mark.parametrize(("number", "valid"), RRN)
def test_resident_registration_number(number: str, valid: bool) -> None:
    assert rrn_valid(number) is valid
