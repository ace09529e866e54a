from django.db import models


class Submission(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"submission {self.pk}"


class FloorAnswer(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "question"], name="floor_one_answer")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.question} = {self.level}"
