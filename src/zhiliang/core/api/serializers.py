from rest_framework import serializers

from zhiliang.core.models import ApiToken, Organization, Region


class RegionSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", read_only=True, default=None)
    level_name = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "level_name", "parent_code"]


class OrganizationSerializer(serializers.ModelSerializer):
    region_code = serializers.SlugRelatedField(
        source="region", slug_field="code", queryset=Region.objects.all()
    )
    region_name = serializers.CharField(source="region.name", read_only=True)

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
            "is_active",
        ]

    def get_fields(self):
        # Only what the user may see can be chosen: other ids read as "does not exist".
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        scope = getattr(user, "jurisdiction", None)
        fields["region_code"].queryset = (
            Region.objects.subtree(scope.code) if scope else Region.objects.none()
        )
        fields["parent"].queryset = Organization.objects.visible_to(user)
        return fields


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
