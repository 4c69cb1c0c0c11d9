from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zhiliang.core.api.fields import ScopedPrimaryKeyField, ScopedSlugField
from zhiliang.core.models import ApiToken, Organization, Region


class RegionSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", read_only=True, default=None)
    level_name = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "level_name", "parent_code"]


class OrganizationSerializer(serializers.ModelSerializer):
    region_code = ScopedSlugField(Region, source="region", above=False, label=_("region code"))
    region_name = serializers.CharField(source="region.name", read_only=True)
    parent = ScopedPrimaryKeyField(
        Organization, label=_("parent organisation"), required=False, allow_null=True
    )

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "region_code",
            "region_name",
            "parent",
            "regulates_market",
            "is_active",
        ]


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class ApiTokenSerializer(serializers.ModelSerializer):
    key = serializers.CharField(
        read_only=True,
        required=False,  # the schema says: not always there
        help_text="The token itself: in the answer to its creation only.",
    )
    expires = serializers.DateTimeField(read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created", "last_used", "expires", "key"]
        read_only_fields = ["prefix", "created", "last_used"]
