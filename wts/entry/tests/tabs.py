"""A tab of the area page as a browser holds it: the form's fields read from the page, typed
into, and posted back whole, the way htmx sends it (for the conflict tests)."""

from html.parser import HTMLParser

from wts.catalog.models import WorkItem

HTMX = {"HX-Request": "true"}


class _Form(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside = False
        self.fields = {}
        self.radios = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "data-save-in-place" in attrs:
            self.inside = True
        elif tag == "input" and self.inside and attrs.get("name") and "disabled" not in attrs:
            if attrs.get("type") == "radio":
                self.radios.setdefault(attrs["name"], [])
                if "checked" in attrs:
                    self.fields[attrs["name"]] = attrs.get("value", "")
            else:
                self.fields[attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


class Tab:
    def __init__(self, world, client, number):
        self.world, self.client, self.number = world, client, number
        self.url = f"/entry/{world.round.fiscal_year}/area/{number}/"
        self.body = ""
        self.status = None
        self.fields = {}

    def _read(self, body):
        parser = _Form()
        parser.feed(body)
        self.body, self.fields = body, parser.fields
        self.radios = parser.radios

    def open(self):
        response = self.client.get(self.url)
        assert response.status_code == 200
        self._read(response.content.decode())
        return self

    def name(self, code):
        return f"item_{WorkItem.objects.get(area__round=self.world.round, code=code).pk}"

    def box(self, code):
        return self.fields[self.name(code)]

    def type(self, code, value):
        self.fields[self.name(code)] = str(value)
        return self

    def choose(self, code, choice):
        self.fields[f"choice_{self.name(code).split('_')[1]}"] = choice
        return self

    def save(self):
        response = self.client.post(self.url, {**self.fields, "save": ""}, headers=HTMX)
        self.status = response.status_code
        self._read(response.content.decode())
        return self
