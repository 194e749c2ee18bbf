from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_existing_api_tokens_expire_in_90_days")]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
    ]
