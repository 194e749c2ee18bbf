from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "sigap.learning"
    verbose_name = _("Capacity building")

    def ready(self) -> None:
        from sigap.learning.actions.content import LESSON_FILE_FOLDER
        from sigap.lib.storage import register_stored_files

        # Lessons' images and documents (manage.py check_files, backup).
        register_stored_files(LESSON_FILE_FOLDER, "learning.Lesson", "file_path")
        # Giving a case to a worker without the case-management competency warns whoever assigned it.
        from sigap.cases.extensions import CaseExtension, register
        from sigap.learning.competency import case_management_warning

        register(CaseExtension("learning", assignment_warning=case_management_warning))
