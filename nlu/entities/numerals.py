"""Chinese numerals (一百二十, 三千五, 两万, 壹佰) and small number words, parsed to integers."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
CN_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG: dict[str, int] = {"万": 10_000, "亿": 100_000_000}

# character class for regexes: every character a Chinese numeral can be written with
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "".join(CN_BIG)

EN_UNITS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
EN_SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000}
# counts in relative times ("three days ago", "a couple of weeks ago"): the units above zero
EN_NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "a couple of": 2,
    "couple of": 2,
    **{word: value for word, value in EN_UNITS.items() if value},
}
# a regex alternation of the words an English number is written with
EN_NUMBER_WORD = "|".join(sorted([*EN_UNITS, *EN_SCALES, "a", "and"], key=len, reverse=True))


def parse_en_int(text: str) -> int | None:
    """The value of an English number in words (forty, fifty-five, a hundred and twenty)."""
    total = 0
    current = 0
    seen = False
    for word in text.lower().replace("-", " ").split():
        if word == "and":
            continue
        if word == "a":
            current = 1
        elif word in EN_UNITS:
            current += EN_UNITS[word]
            seen = True
        elif word in EN_SCALES:
            current = (current or 1) * EN_SCALES[word]
            if word == "thousand":
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def parse_cn_int(text: str) -> int | None:
    """The value of a Chinese numeral such as 一百二十 or 三千五; None when it is not one."""
    if not text:
        return None
    total = 0
    section = 0
    number: int | None = None
    last_unit = 0
    prev_was_digit = False
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
            # "一二" is a digit string, not a numeral; "一百零五" has 零 as a placeholder
            if prev_was_digit and number not in (None, 0):
                return None
            number = digit
            prev_was_digit = True
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            section += (1 if number is None else number) * unit
            number = None
            last_unit = unit
            prev_was_digit = False
        elif ch in CN_BIG:
            big = CN_BIG[ch]
            section += number or 0
            if section == 0:
                section = 1
            total += section * big
            section = 0
            number = None
            last_unit = big
            prev_was_digit = False
        else:
            return None
    if number is not None:
        # a trailing digit after a unit is shorthand: 三千五 = 3500, 一万二 = 12000, 两百五 = 250
        if last_unit >= 100 and text[-2] not in CN_DIGITS:
            number *= last_unit // 10
        section += number
    return total + section


def parse_small(text: str) -> int | None:
    """An Arabic or Chinese integer as used for days, months and hours (5, 05, 十二, 二十一)."""
    if text.isascii() and text.isdigit():
        return int(text)
    return parse_cn_int(text)


def parse_decimal(text: str) -> Decimal | None:
    """An Arabic number with optional thousands commas and decimals, as a Decimal."""
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def decimal_string(value: Decimal) -> str:
    """A canonical string for an amount: no exponent, no trailing zeros (128.50 → 128.5)."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")
