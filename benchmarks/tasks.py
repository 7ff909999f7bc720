"""No-op tasks: the baseline that bench_reminders compares the reminder fan-out with."""

from celery import shared_task


@shared_task(acks_late=True)
def noop_batch(ids: list[int]) -> int:
    """Does nothing: the baseline that bench_reminders compares the reminder fan-out with."""
    return len(ids)


@shared_task(acks_late=True)
def noop_fanout(count: int, batch_size: int) -> int:
    """Fans ``count`` ids out in batches of no-op tasks, like send_due_reminders does."""
    ids = list(range(count))
    for start in range(0, count, batch_size):
        noop_batch.apply_async(args=(ids[start : start + batch_size],))
    return count
