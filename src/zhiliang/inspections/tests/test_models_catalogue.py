"""The product catalogue (enterprises/data/products.yaml), `zhiliang load-products`, and the
synthetic enterprises' products and risk classes."""

import re
from collections import Counter

import pytest
from django.core.management import call_command

from zhiliang.enterprises.models import Enterprise, EnterpriseProduct, Product

pytestmark = pytest.mark.django_db


def test_catalogue_has_the_13_categories_and_food(catalogue):
    categories = Product.objects.filter(parent__isnull=True)
    assert categories.count() == 14
    names = set(categories.values_list("name", flat=True))
    assert {"家用电器及电器附件", "食品相关产品", "农业生产资料", "工业生产资料", "食品"} <= names
    leaves = Product.objects.filter(parent__isnull=False)
    assert 80 <= leaves.count() <= 150
    food = leaves.filter(parent__code="14")
    assert food.count() > 10 and all(p.is_food and p.requires_licence for p in food)
    assert not leaves.exclude(parent__code="14").filter(is_food=True).exists()
    # Spot checks against the CCC and production-licence catalogues.
    assert catalogue["0101"].requires_ccc and not catalogue["0101"].requires_licence
    assert catalogue["1104"].requires_licence and not catalogue["1104"].requires_ccc  # 水泥
    assert catalogue["0601"].requires_licence  # 食品用塑料包装容器工具
    assert catalogue["0401"].requires_ccc  # 电动自行车


def test_load_products_command_is_idempotent(catalogue, capsys, tmp_path):
    call_command("load_products")
    assert "0 added, 0 corrected" in capsys.readouterr().out
    Product.objects.filter(code="0101").update(name="冰箱")
    call_command("load_products")
    assert "0 added, 1 corrected" in capsys.readouterr().out
    assert Product.objects.get(code="0101").name == "电冰箱"
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        'categories:\n  - code: "99"\n    name: 地方目录\n    products:\n'
        '      - {code: "9901", name: 紫砂壶}\n',
        encoding="utf-8",
    )
    call_command("load_products", str(extra))
    assert "2 added" in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No such file"):
        call_command("load_products", str(tmp_path / "missing.yaml"))


def test_generated_enterprises_make_products_of_their_industry(regions, catalogue):
    from zhiliang.demo.generate import generate, products_by_division

    result = generate(scale="district", seed=2, limit=3000, progress=False, history=False)
    assert result["products_made"] == EnterpriseProduct.objects.count() > 0
    mapping = products_by_division()
    rows = EnterpriseProduct.objects.values_list(
        "enterprise_id", "enterprise__industry__code", "product_id", "product__is_food"
    )
    per_enterprise = Counter()
    for ent, division, product, is_food in rows:
        assert product in mapping[division]
        if division in ("51", "52"):
            assert is_food
        else:
            assert "13" <= division <= "43"  # manufacturing
        per_enterprise[ent] += 1
    assert set(per_enterprise.values()) <= {1, 2, 3}
    makers = Enterprise.objects.filter(industry__code__in=["34", "38", "39"]).count()
    assert makers and all(
        per_enterprise[e] >= 1
        for e in Enterprise.objects.filter(industry__code__in=["38", "39"]).values_list(
            "id", flat=True
        )
    )
    # No class drawn at random: the default until classes are computed from records.
    assert set(Enterprise.objects.values_list("risk_class", flat=True)) == {"B"}
    # A firm makes what its name says: no e-bikes at a ship-parts maker (#13).
    from zhiliang.demo.words import MAKES, SUFFIXES

    ending = re.compile("(" + "|".join(MAKES) + ")(" + "|".join(s for s, _w in SUFFIXES) + ")$")
    made = EnterpriseProduct.objects.values_list("enterprise__name", "product__name")
    for name, product in made:
        word = ending.search(name)  # the word before the suffix, not one the trade name forms
        assert not word or any(k in product for k in MAKES[word[1]]), (name, product)
    assert not EnterpriseProduct.objects.filter(enterprise__name__contains="船舶配件").exists()
    assert EnterpriseProduct.objects.filter(enterprise__name__contains="电动车").exists()
