from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cores.business_id import (
    BusinessIdError,
    check_digit,
    is_valid_business_id,
    make_business_id,
    normalise_business_id,
)


@pytest.mark.parametrize("text", ["0201256-6", "0101263-6", "0124610-9", "1572860-0"])
def test_normalise_business_id__real_ids__are_accepted(text: str) -> None:
    # given a business ID published for a real organisation; when normalised; then it is unchanged
    assert normalise_business_id(text) == text


def test_normalise_business_id__six_digits__gets_leading_zero() -> None:
    # given an old six-digit form; when normalised; then it is padded to seven digits
    assert normalise_business_id(" 201256-6 ") == "0201256-6"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0201256-5", "needs 6"),
        ("0201256", "not of the form"),
        ("02012566", "not of the form"),
        ("A201256-6", "not of the form"),
        ("", "not of the form"),
    ],
)
def test_normalise_business_id__invalid__raises_with_reason(text: str, reason: str) -> None:
    # given a malformed or wrong-check-digit ID; when normalised; then the error says why
    with pytest.raises(BusinessIdError, match=reason):
        normalise_business_id(text)


def test_check_digit__remainder_one__has_no_valid_id() -> None:
    # given a body whose weighted sum leaves remainder 1 (1000004: 7*1 + 2*4 = 15, 15 mod 11 = 4 -> search one)
    body = next(f"{n:07d}" for n in range(1_000_000, 1_000_200) if check_digit(f"{n:07d}") is None)
    # when every check digit is tried; then none is valid
    assert not any(is_valid_business_id(f"{body}-{d}") for d in range(10))


@given(st.integers(min_value=0, max_value=9_999_999))
def test_make_business_id__any_body__is_valid_or_none(body: int) -> None:
    # given any seven-digit body; when its ID is made; then the result validates (or the body has none)
    made = make_business_id(body)
    if made is None:
        assert check_digit(f"{body:07d}") is None
    else:
        assert is_valid_business_id(made)
        # and exactly one check digit is valid
        assert sum(is_valid_business_id(f"{body:07d}-{d}") for d in range(10)) == 1
