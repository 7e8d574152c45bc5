from django.contrib import admin

from wts.core.admin import DepartmentAdminOnly

from .models import District, Province


@admin.register(Province)
class ProvinceAdmin(DepartmentAdminOnly, admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "region"]
    search_fields = ["code", "name_th", "name_en"]
    readonly_fields = ["code", "name_th", "name_en"]

    def has_add_permission(self, request, *args):
        return False


@admin.register(District)
class DistrictAdmin(DepartmentAdminOnly, admin.ModelAdmin):
    list_display = ["code", "name_th", "province", "pao_count", "municipality_count", "sao_count",
                    "positions_framework", "positions_filled"]
    list_filter = ["province"]
    search_fields = ["code", "name_th", "name_en"]
    readonly_fields = ["code", "name_th", "name_en", "province"]
    list_editable = ["pao_count", "municipality_count", "sao_count", "positions_framework", "positions_filled"]

    def has_add_permission(self, request, *args):
        return False
