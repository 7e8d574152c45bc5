from django.contrib import admin

from wts.lib.admin import DepartmentAdminOnly, ReadOnlyAdmin

from .actions import FIGURE_FIELDS, do_update_district_figures
from .models import District, Province


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_th", "name_en", "region"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(District)
class DistrictAdmin(DepartmentAdminOnly, admin.ModelAdmin):
    """Only the context figures change here, each save through the geography action (audited)."""

    writes_through_actions = True
    list_display = ["code", "name_th", "province", *FIGURE_FIELDS]
    list_filter = ["province"]
    search_fields = ["code", "name_th", "name_en"]
    readonly_fields = ["code", "name_th", "name_en", "province"]
    fields = [*readonly_fields, *FIGURE_FIELDS]
    list_editable = list(FIGURE_FIELDS)

    def has_add_permission(self, request, *args):
        return False

    def save_model(self, request, obj, form, change):
        do_update_district_figures(obj, {name: form.cleaned_data[name] for name in FIGURE_FIELDS if name in
                                         form.cleaned_data}, acting_user=request.user)
