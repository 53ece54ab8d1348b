from amity.core.formatting import django_formats

globals().update(django_formats("zh-hans"))
