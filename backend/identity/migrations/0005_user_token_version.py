from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0004_user_full_name_bn"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="token_version",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="Raised when the password changes, the account is deactivated or a "
                "role is withdrawn: login tokens carrying an older version are refused at once.",
            ),
        ),
    ]
