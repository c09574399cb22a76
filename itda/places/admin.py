"""Admin for geography, camps and service fields."""

from django.contrib import admin

from itda.places.models import District, Dong, DongCamp, ServiceField


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "code_1365", "population", "households"]


@admin.register(Dong)
class DongAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "code", "population", "area_km2"]
    list_filter = ["district"]
    search_fields = ["name", "code"]


@admin.register(DongCamp)
class DongCampAdmin(admin.ModelAdmin):
    list_display = ["name", "dong", "opened_on", "is_active"]
    list_filter = ["is_active", "dong__district"]
    autocomplete_fields = ["dong"]


@admin.register(ServiceField)
class ServiceFieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "is_current"]
