import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import uscc

from zhiliang.enterprises.uscc import clean_uscc, make_uscc, org_code_check

VALID = "91110000600037341L"


def test_valid_code_passes():
    assert clean_uscc(VALID) == VALID


def test_full_width_and_lower_case_are_normalised():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in VALID.lower())
    assert clean_uscc(full_width) == VALID
    assert clean_uscc(" 9111 0000-6000 3734 1l ") == VALID


def test_wrong_check_character_names_the_right_one():
    with pytest.raises(ValidationError) as exc:
        clean_uscc(VALID[:-1] + "M")
    assert exc.value.code == "uscc_checksum"
    assert "L" in exc.value.messages[0] and "M" in exc.value.messages[0]


@pytest.mark.parametrize(
    "value, code",
    [
        ("9111000060003734", "uscc_length"),
        ("91110000600037341L0", "uscc_length"),
        ("A1110000600037341L", "uscc_format"),
        ("9111000060003734IL", "uscc_format"),  # I is never used
        ("", "uscc_length"),
    ],
)
def test_malformed_codes_say_what_is_wrong(value, code):
    with pytest.raises(ValidationError) as exc:
        clean_uscc(value)
    assert exc.value.code == code


def test_generated_codes_are_valid_and_carry_the_county():
    code = make_uscc("320412", "MA1XY2K3")
    assert uscc.is_valid(code) and code[2:8] == "320412"
    # The organisation code (chars 9-17) carries its own GB 11714 check character.
    assert code[16] == org_code_check(code[8:16])


def test_org_code_check_known_value():
    # GB 11714's example D2143569-X, by hand: D=13; 13·3+2·7+1·9+4·10+3·5+5·8+6·4+9·2 = 199;
    # 199 mod 11 = 1; 11 − 1 = 10 → "X".
    assert org_code_check("D2143569") == "X"
