from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Small pages by default: the app runs on cheap phones over weak connections."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
