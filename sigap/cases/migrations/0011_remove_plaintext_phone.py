# The plaintext copy of the phone number goes; the phone is found through Person.phone_index.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_encrypt_existing_personal_data"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="person",
            name="phone_normalised",
        ),
    ]
