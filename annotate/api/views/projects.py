"""Projects, members, label schemas and the caller's own profile."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from annotate.models import LabelSchema, Membership, Project, Role
from annotate.selectors.api import (
    active_user,
    label_schemas_for,
    memberships_of,
    projects_with_role,
)
from annotate.services import projects as project_service

from ..permissions import StaffWrites
from ..serializers.projects import (
    LabelSchemaCreateSerializer,
    LabelSchemaSerializer,
    MembershipSerializer,
    MembershipWriteSerializer,
    ProjectCreateSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
)
from .base import ProjectView, schema_only


class ProjectListView(generics.ListAPIView):
    """The projects you belong to; site administrators create projects."""

    permission_classes = [IsAuthenticated, StaffWrites]
    serializer_class = ProjectSerializer

    def get_queryset(self):
        if schema_only(self):
            return Project.objects.none()
        return projects_with_role(self.request.user)

    @extend_schema(request=ProjectCreateSerializer, responses={201: ProjectDetailSerializer})
    def post(self, request, *args, **kwargs):
        """Create a project (staff only); the creator becomes its lead."""
        form = ProjectCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        project = project_service.create_project(
            schema=data.pop("label_schema"), created_by=request.user, **data
        )
        shown = projects_with_role(request.user).get(pk=project.pk)
        return Response(ProjectDetailSerializer(shown).data, status=status.HTTP_201_CREATED)


class ProjectDetailView(ProjectView):
    """One project, with its guideline."""

    serializer_class = ProjectDetailSerializer

    def get(self, request, *args, **kwargs):
        """The project, if you are a member."""
        shown = projects_with_role(request.user).get(pk=self.project.pk)
        return Response(self.get_serializer(shown).data)


class MemberListView(ProjectView, generics.ListAPIView):
    """The project's members and their roles (leads only)."""

    project_action = "manage"
    serializer_class = MembershipSerializer

    def get_queryset(self):
        if schema_only(self):
            return Membership.objects.none()
        return memberships_of(self.project)


class MemberDetailView(ProjectView):
    """Give a user a role in the project, or take them out of it (leads only; audited)."""

    project_action = "manage"
    serializer_class = MembershipSerializer

    @extend_schema(request=MembershipWriteSerializer, responses={200: MembershipSerializer})
    def put(self, request, slug, username):
        """Set the user's role (creating the membership if needed)."""
        form = MembershipWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        membership = project_service.set_membership(
            self.project, active_user(username), form.validated_data["role"], actor=request.user
        )
        return Response(MembershipSerializer(membership).data)

    @extend_schema(responses={204: None})
    def delete(self, request, slug, username):
        """Remove the user from the project; their annotations stay."""
        project_service.remove_membership(self.project, active_user(username), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LabelSchemaListView(generics.ListAPIView):
    """Label schemas of your projects; site administrators create schemas."""

    permission_classes = [IsAuthenticated, StaffWrites]
    serializer_class = LabelSchemaSerializer

    def get_queryset(self):
        if schema_only(self):
            return LabelSchema.objects.none()
        return label_schemas_for(self.request.user)

    @extend_schema(request=LabelSchemaCreateSerializer, responses={201: LabelSchemaSerializer})
    def post(self, request, *args, **kwargs):
        """Create a schema with its labels (staff only; audited)."""
        form = LabelSchemaCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        schema = project_service.create_label_schema(
            form.validated_data["name"],
            form.label_specs(),
            actor=request.user,
            description=form.validated_data["description"],
        )
        shown = label_schemas_for(request.user).get(pk=schema.pk)
        return Response(LabelSchemaSerializer(shown).data, status=status.HTTP_201_CREATED)


class LabelSchemaDetailView(generics.RetrieveAPIView):
    """One label schema with its labels."""

    serializer_class = LabelSchemaSerializer
    lookup_url_kwarg = "schema_id"

    def get_queryset(self):
        if schema_only(self):
            return LabelSchema.objects.none()
        return label_schemas_for(self.request.user)


ME_RESPONSE = inline_serializer(
    "Me",
    {
        "username": serializers.CharField(),
        "is_staff": serializers.BooleanField(),
        "projects": inline_serializer(
            "MyProject",
            {
                "slug": serializers.CharField(),
                "name": serializers.CharField(),
                "role": serializers.ChoiceField(choices=Role.choices),
            },
            many=True,
        ),
    },
)


class MeView(APIView):
    """Who you are (as the API sees your token or session) and your role per project."""

    @extend_schema(responses={200: ME_RESPONSE})
    def get(self, request):
        """Your username and your projects with your role in each."""
        projects = projects_with_role(request.user).order_by("slug")
        return Response(
            {
                "username": request.user.username,
                "is_staff": request.user.is_staff,
                "projects": [{"slug": p.slug, "name": p.name, "role": p.my_role} for p in projects],
            }
        )
