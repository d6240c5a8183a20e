"""Projects, their members and label schemas."""

from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from annotate.core.labels import LabelSpec
from annotate.models import Label, LabelSchema, Membership, Project, Role


class ProjectSerializer(serializers.ModelSerializer):
    """A project as listed; ``my_role`` is the caller's role in it."""

    my_role = serializers.ChoiceField(choices=Role.choices, read_only=True, allow_null=True)
    guideline_version = serializers.CharField(read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "slug",
            "name",
            "language",
            "label_schema",
            "overlap",
            "show_suggestions",
            "prelabel_on_import",
            "guideline_version",
            "created_at",
            "my_role",
        ]
        read_only_fields = fields


class ProjectDetailSerializer(ProjectSerializer):
    """A project with its guideline text."""

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "guideline"]
        read_only_fields = fields


class ProjectCreateSerializer(serializers.Serializer):
    """What services.projects.create_project needs."""

    name = serializers.CharField(max_length=200)
    slug = serializers.SlugField(max_length=80)
    language = serializers.ChoiceField(choices=Project.Language.choices, default="fr")
    label_schema = serializers.PrimaryKeyRelatedField(
        queryset=LabelSchema.objects.all(), required=False, allow_null=True, default=None
    )
    overlap = serializers.IntegerField(min_value=1, max_value=20, default=2)
    show_suggestions = serializers.BooleanField(default=True)
    prelabel_on_import = serializers.BooleanField(default=True)


class MembershipSerializer(serializers.ModelSerializer):
    """A member of a project and their role."""

    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Membership
        fields = ["username", "role", "created_at"]
        read_only_fields = fields


class MembershipWriteSerializer(serializers.Serializer):
    """The role to give a member."""

    role = serializers.ChoiceField(choices=Role.choices)


class LabelSerializer(serializers.ModelSerializer):
    """One label of a schema."""

    class Meta:
        model = Label
        fields = ["name", "description", "key", "colour", "exclusive", "order"]
        read_only_fields = fields


class LabelSchemaSerializer(serializers.ModelSerializer):
    """A label schema with its labels in display order."""

    labels = LabelSerializer(many=True, read_only=True)

    class Meta:
        model = LabelSchema
        fields = ["id", "name", "description", "created_at", "labels"]
        read_only_fields = fields


class LabelSpecSerializer(serializers.Serializer):
    """One label of a schema to create."""

    name = serializers.SlugField(max_length=50)
    key = serializers.CharField(min_length=1, max_length=1, trim_whitespace=False)
    colour = serializers.RegexField(r"^#[0-9a-fA-F]{6}$", default="#888888")
    exclusive = serializers.BooleanField(default=False)
    description = serializers.CharField(allow_blank=True, default="", max_length=2000)

    def to_spec(self, data: dict) -> LabelSpec:
        """The validated label as the core's LabelSpec."""
        return LabelSpec(
            data["name"], data["key"], data["exclusive"], data["colour"], data["description"]
        )


class LabelSchemaCreateSerializer(serializers.Serializer):
    """What services.projects.create_label_schema needs."""

    name = serializers.CharField(
        max_length=100,
        validators=[UniqueValidator(LabelSchema.objects.all(), message="This name is taken.")],
    )
    description = serializers.CharField(allow_blank=True, default="", max_length=2000)
    labels = LabelSpecSerializer(many=True, allow_empty=False, max_length=50)

    def label_specs(self) -> list[LabelSpec]:
        """The validated labels as LabelSpecs, in the order given."""
        spec = LabelSpecSerializer()
        return [spec.to_spec(item) for item in self.validated_data["labels"]]
