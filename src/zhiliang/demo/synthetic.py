"""Synthetic enterprises: how many go where, and one row at a time, deterministically.

Nothing here touches the database; `zhiliang.demo.generate` feeds these rows to it.
Each county draws from its own random stream seeded by (seed, county code), so a
county's rows do not depend on which other counties are generated or in what order.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from zhiliang.demo import words
from zhiliang.enterprises.uscc import ALPHABET, make_uscc

SCALES = ("district", "city", "province")
# 常州市's county-level units at district scale, by rough real size.
CHANGZHOU = {
    "320412": 20_000,  # 武进区
    "320411": 12_000,  # 新北区
    "320481": 7_000,  # 溧阳市
    "320402": 6_000,  # 天宁区
    "320404": 6_000,  # 钟楼区
    "320413": 5_000,  # 金坛区
}
# Rough shares of 江苏省's registered enterprises by prefecture city.
JIANGSU = {
    "3205": 22.0,  # 苏州
    "3201": 14.0,  # 南京
    "3202": 10.0,  # 无锡
    "3206": 8.5,  # 南通
    "3204": 7.5,  # 常州
    "3203": 7.0,  # 徐州
    "3209": 6.0,  # 盐城
    "3210": 5.0,  # 扬州
    "3212": 4.5,  # 泰州
    "3211": 4.0,  # 镇江
    "3208": 4.0,  # 淮安
    "3213": 3.8,  # 宿迁
    "3207": 3.5,  # 连云港
}
PROVINCE_TOTAL = 3_000_000
FIRST_DAY, LAST_DAY = date(1990, 1, 1), date(2025, 12, 31)
# Organisation codes issued since 2016 start with MA; older ones are digits.
NEW_CODES_FROM = date(2016, 1, 1)
# How many catalogue products a maker makes (1–3), and the share of retailers and
# wholesalers that sell catalogue food.
PRODUCTS_PER_MAKER = ((1, 60), (2, 30), (3, 10))
FOOD_SELLER_SHARE = 0.25


def scope_code(scale: str) -> str:
    return "32" if scale == "province" else "3204"


def apportion(weights: dict[str, float], total: int) -> dict[str, int]:
    """Split `total` by weight with the largest-remainder rule, so the parts add up."""
    whole = sum(weights.values())
    exact = {k: total * w / whole for k, w in weights.items()}
    counts = {k: int(v) for k, v in exact.items()}
    short = total - sum(counts.values())
    for k in sorted(exact, key=lambda k: (counts[k] - exact[k], k))[:short]:
        counts[k] += 1
    return counts


def county_counts(scale: str, townships_per_county: dict[str, int], limit=None) -> dict[str, int]:
    """Enterprises per county code. `townships_per_county` covers every county in scope;
    outside 常州市 a county's weight is its number of townships (a proxy for its size)."""
    if scale == "district":
        weights, total = dict(CHANGZHOU), sum(CHANGZHOU.values())
    elif scale == "city":
        weights, total = dict(CHANGZHOU), 10 * sum(CHANGZHOU.values())
    elif scale == "province":
        weights, total = {}, PROVINCE_TOTAL
        for city, n in apportion(JIANGSU, PROVINCE_TOTAL).items():
            if city == "3204":
                inner = dict(CHANGZHOU)
            else:
                inner = {c: t + 3 for c, t in townships_per_county.items() if c[:4] == city}
            for county, share in apportion(inner, n).items():
                weights[county] = share
    else:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    return apportion(weights, limit if limit is not None else total)


@dataclass(frozen=True)
class Place:
    region_id: int
    code: str
    name: str


class _Weighted:
    def __init__(self, pairs):
        self.values = [v for v, _w in pairs]
        self.cum = list(accumulate(w for _v, w in pairs))

    def pick(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cum)[0]


_INDUSTRIES = _Weighted([((code, names), w) for code, w, names in words.INDUSTRY_MIX])
_SIZES_C = _Weighted(words.SIZES_MANUFACTURING)
_SIZES = _Weighted(words.SIZES_OTHER)
_STATUSES = _Weighted(words.STATUSES)
_SUFFIXES = _Weighted(words.SUFFIXES)
_SURNAMES = _Weighted([(s, 1 / (i + 8)) for i, s in enumerate(words.SURNAMES)])
_PRODUCT_COUNT = _Weighted(PRODUCTS_PER_MAKER)
MANUFACTURING = {code for code, _w, _n in words.INDUSTRY_MIX if "13" <= code <= "43"}


class _Codes:
    """Unique organisation-code bodies: an affine permutation of a counter, so no set of
    used codes is kept in memory, and the codes look scattered rather than sequential."""

    def __init__(self, rng: random.Random, size: int, coprime: tuple[int, ...]):
        self.size, self.n = size, 0
        self.step = rng.randrange(size // 3, size)
        while any(self.step % p == 0 for p in coprime):
            self.step += 1
        self.offset = rng.randrange(size)

    def next(self) -> int:
        value = (self.step * self.n + self.offset) % self.size
        self.n += 1
        return value


def _base31(value: int, width: int) -> str:
    out = []
    for _ in range(width):
        value, digit = divmod(value, 31)
        out.append(ALPHABET[digit])
    return "".join(reversed(out))


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(words.GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2, 2))))
    return _SURNAMES.pick(rng) + given


def place_prefix(city_name: str, county_name: str) -> str:
    """How names start: 常州市武进区…, but 溧阳市… and 沛县… stand alone, and so do
    development zones whose name already carries the city (徐州经济技术开发区)."""
    if county_name.endswith("区") and not county_name.startswith(city_name.removesuffix("市")):
        return city_name + county_name
    return county_name


def _day(rng: random.Random, low: date, high: date, skew: float = 1.0) -> date:
    # skew < 1 leans towards `high`: most registered enterprises are young.
    span = (high - low).days
    return low + timedelta(days=int(span * rng.random() ** skew))


def enterprise_rows(
    *,
    seed: int,
    city_name: str,
    county: Place,
    townships: list[Place],
    count: int,
    industry_ids: dict[str, int],
    products_by_division: dict[str, list[int]] | None = None,
    products_by_word: dict[tuple[str, str], list[int]] | None = None,
):
    """Yield `count` dicts of Enterprise field values for one county, lazily.

    With `products_by_division` (industry division → catalogue product ids), each row also
    carries `_products`: the products the enterprise makes (or, for traders, sells). Products
    come from a second stream, so the other fields do not change. No risk class is set (the
    default B): classes are computed from records, and the records of the demo follow each
    enterprise's hidden propensity (`zhiliang.demo.propensity`)."""
    rng = random.Random(f"zhiliang-demo:{seed}:{county.code}")
    rng2 = random.Random(f"zhiliang-demo-products:{seed}:{county.code}")
    new_codes = _Codes(rng, 31**6, (31,))
    old_codes = _Codes(rng, 10**8, (2, 5))
    prefix = place_prefix(city_name, county.name)
    for _ in range(count):
        established = _day(rng, FIRST_DAY, LAST_DAY, skew=0.4)
        if established >= NEW_CODES_FROM:
            body = "MA" + _base31(new_codes.next(), 6)
        else:
            body = f"{old_codes.next():08d}"
        code, names = _INDUSTRIES.pick(rng)
        word = rng.choice(names)
        manufacturer = code in MANUFACTURING
        where = rng.choice(townships) if townships and rng.random() < 0.9 else county
        trade = rng.choice(words.TRADE_CHARS) + rng.choice(words.TRADE_CHARS)
        suffix = _SUFFIXES.pick(rng)
        if suffix == "厂" and not manufacturer:
            suffix = "有限公司"
        head = "江苏" if rng.random() < 0.15 else prefix
        row = {
            "uscc": make_uscc(county.code, body),
            "name": f"{head}{trade}{word}{suffix}",
            "region_id": where.region_id,
            "address": f"{county.name}{where.name if where is not county else ''}"
            f"{rng.choice(words.ROADS)}{rng.randint(1, 999)}号",
            "industry_id": industry_ids[code],
            "size_class": (_SIZES_C if manufacturer else _SIZES).pick(rng),
            "legal_representative": person_name(rng),
            "established_on": established,
            "status": _STATUSES.pick(rng),
            "chief_quality_officer": "",
            "cqo_trained_on": None,
            "contact_phone": "",
        }
        if manufacturer and rng.random() < 0.15:
            row["chief_quality_officer"] = person_name(rng)
            if rng.random() < 0.8:
                row["cqo_trained_on"] = _day(rng, max(established, date(2012, 1, 1)), LAST_DAY)
        if rng.random() < 0.4:
            row["contact_phone"] = f"1{rng.randint(3, 9)}{rng.randrange(10**9):09d}"
        if products_by_division is not None:
            choices = (products_by_word or {}).get((code, word))
            if choices is None:
                choices = products_by_division.get(code)
            row["_products"] = _products(rng2, choices, manufacturer)
        yield row


def _products(rng: random.Random, choices, manufacturer: bool) -> list[int]:
    if not choices or (not manufacturer and rng.random() >= FOOD_SELLER_SHARE):
        return []
    return sorted(rng.sample(choices, min(_PRODUCT_COUNT.pick(rng), len(choices))))
