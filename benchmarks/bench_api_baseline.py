"""The API's baseline: the simplest public list endpoint against the bare floor.

GET /healthz runs the whole stack (gunicorn, WSGI, Django's middleware) but no database and no
DRF; GET /api/v1/pourashavas/ adds DRF, a query and serialization of the demo pourashavas.
list/bare is what one simple database-backed DRF endpoint costs relative to the stack itself.
"""

from benchmarks.harness import Context, Result

LIST_PATH = "/api/v1/pourashavas/"


def run(ctx: Context) -> list[Result]:
    floor = ctx.http_floor()
    listed = ctx.http(f"GET {LIST_PATH}", LIST_PATH)
    ctx.relative(listed, floor)
    listed.notes.append(f"{ctx.facts.get('pourashavas', '?')} pourashavas in the database")
    return [floor, listed]
