"""The pure half of the generator: counts per county, determinism, valid codes."""

from collections import Counter

from stdnum.cn import uscc

from zhiliang.core.regions import read_rows
from zhiliang.demo.synthetic import (
    CHANGZHOU,
    PROVINCE_TOTAL,
    Place,
    apportion,
    county_counts,
    enterprise_rows,
    place_prefix,
)

INDUSTRIES = {f"{n:02d}": n for n in range(1, 98)}


def _rows(seed=1, count=2000, code="320412"):
    county = Place(1, code, "武进区")
    towns = [Place(2, code + "001", "湖塘镇"), Place(3, code + "002", "牛塘镇")]
    return list(
        enterprise_rows(
            seed=seed,
            city_name="常州市",
            county=county,
            townships=towns,
            count=count,
            industry_ids=INDUSTRIES,
        )
    )


def test_apportion_adds_up_exactly():
    parts = apportion({"a": 1, "b": 1, "c": 1}, 100)
    assert sum(parts.values()) == 100 and sorted(parts.values()) == [33, 33, 34]


def test_district_and_city_counts_follow_the_changzhou_shares():
    district = county_counts("district", {}, None)
    assert district == CHANGZHOU and sum(district.values()) == 56_000
    city = county_counts("city", {}, None)
    assert city == {code: 10 * n for code, n in CHANGZHOU.items()}
    small = county_counts("district", {}, 300)
    assert sum(small.values()) == 300 and max(small, key=small.get) == "320412"


def test_province_counts_cover_every_jiangsu_county():
    townships = Counter(code[:6] for code, _n, level, _p in read_rows() if level == 4)
    counties = {code: townships[code] for code, _n, level, _p in read_rows() if level == 3}
    jiangsu = {c: n for c, n in counties.items() if c.startswith("32")}
    counts = county_counts("province", jiangsu, None)
    assert sum(counts.values()) == PROVINCE_TOTAL
    assert set(counts) == set(jiangsu) and all(n > 0 for n in counts.values())
    by_city = Counter()
    for code, n in counts.items():
        by_city[code[:4]] += n
    assert len(by_city) == 13
    assert by_city.most_common(1)[0][0] == "3205"  # 苏州
    assert min(by_city, key=by_city.get) == "3207"  # 连云港


def test_rows_are_deterministic_per_seed():
    assert _rows(seed=7, count=200) == _rows(seed=7, count=200)
    assert _rows(seed=7, count=200) != _rows(seed=8, count=200)


def test_usccs_are_valid_unique_and_carry_the_county_code():
    rows = _rows(count=5000)
    codes = [r["uscc"] for r in rows]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert uscc.is_valid(code), code
        assert code[2:8] == "320412"
        assert not set(code[8:17]) & set("IOZSV")


def test_rows_look_like_a_registry():
    rows = _rows(count=5000)
    in_township = sum(r["region_id"] != 1 for r in rows) / len(rows)
    assert 0.85 < in_township < 0.95
    statuses = Counter(r["status"] for r in rows)
    assert (statuses["active"] + statuses["operating"]) / len(rows) > 0.9
    assert all(r["name"].endswith(("公司", "厂")) for r in rows)
    assert sum(r["name"].startswith("常州市武进区") for r in rows) > len(rows) / 2
    for r in rows:
        if r["cqo_trained_on"]:
            assert r["chief_quality_officer"] and r["cqo_trained_on"] >= r["established_on"]
    phones = [r["contact_phone"] for r in rows if r["contact_phone"]]
    assert phones and all(len(p) == 11 and p[0] == "1" and p[1] in "3456789" for p in phones)
    years = Counter(r["established_on"].year for r in rows)
    assert min(years) >= 1990 and max(years) <= 2025
    assert sum(n for y, n in years.items() if y >= 2015) > len(rows) / 2  # skewed recent


def test_place_prefix():
    assert place_prefix("常州市", "武进区") == "常州市武进区"
    assert place_prefix("常州市", "溧阳市") == "溧阳市"
    assert place_prefix("徐州市", "沛县") == "沛县"
    assert place_prefix("徐州市", "徐州经济技术开发区") == "徐州经济技术开发区"
