"""Where the monitor finds the ward of the demands of the services in this tree. A service that
owns its object type may register its own source instead (the registry keeps the last one)."""

from backend.monitor.registry import WardSource, register_ward_source


def register_defaults() -> None:
    # Sources naming a model that is not installed are skipped when facts are built.
    register_ward_source(WardSource("holding", model="property.Holding"))
    # A certificate's fee demand names its workflow application by number; the application
    # carries the ward.
    register_ward_source(
        WardSource("certificate_application", model="workflow.Application", id_column="number")
    )
