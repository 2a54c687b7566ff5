from rest_framework.permissions import SAFE_METHODS, BasePermission


class IsEditor(BasePermission):
    """Users with the Editors role's article permissions (or superusers)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perms(["articles.add_article", "articles.change_article"]))


class IsEditorOrReadOnly(IsEditor):
    def has_permission(self, request, view):
        # A method the view does not have is a 405 for everyone, not a 401 that invites a login.
        if request.method in SAFE_METHODS or not hasattr(view, request.method.lower()):
            return True
        return super().has_permission(request, view)
