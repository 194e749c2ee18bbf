from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sigap.cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from sigap.cases.actions.records import ATTACHMENT_FOLDER
        from sigap.lib.storage import register_stored_files

        # Case attachments, consent scans and evidence files (manage.py check_files, backup).
        register_stored_files(
            ATTACHMENT_FOLDER, "cases.Attachment", "storage_name", encrypted=True, sha256_field="sha256"
        )
        # The case page's own sections and timeline labels, registered the way every app adds its own.
        from sigap.cases.extensions import CaseExtension, register
        from sigap.cases.sections import CASE_SECTIONS, OVERVIEW_ITEMS
        from sigap.cases.views.case import TIMELINE_LABELS

        register(
            CaseExtension(
                "cases", sections=CASE_SECTIONS, overview_items=OVERVIEW_ITEMS, timeline_labels=TIMELINE_LABELS
            )
        )
