from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.CreateModel(
            name="Submission",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.CreateModel(
            name="FloorAnswer",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("question", models.PositiveSmallIntegerField()),
                ("level", models.PositiveSmallIntegerField()),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=models.deletion.CASCADE,
                        related_name="answers",
                        to="floor.submission",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("submission", "question"), name="floor_one_answer"
                    )
                ]
            },
        ),
    ]
