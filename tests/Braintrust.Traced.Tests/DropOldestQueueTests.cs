using Braintrust.Traced.Shipping;

namespace Braintrust.Traced.Tests;

/// <summary>The shipper's lock-free queue: what a caller's rows go through before the worker writes them.</summary>
public sealed class DropOldestQueueTests
{
    [Test]
    public void Below_capacity_nothing_is_lost_and_order_is_kept()
    {
        var queue = new DropOldestQueue<Item>(8);
        for (var i = 0; i < 8; i++)
        {
            Assert.That(queue.Enqueue(new Item(0, i)), Is.False, "no drop while there is room");
        }

        Assert.That(Drain(queue).Select(item => item.Sequence), Is.EqualTo(Enumerable.Range(0, 8)));
        Assert.That(queue.DroppedCount, Is.Zero);
        Assert.That(queue.EnqueuedCount, Is.EqualTo(8));
        Assert.That(queue.DequeuedCount, Is.EqualTo(8));
    }

    [Test]
    public void Overflow_drops_the_oldest_items_and_counts_them()
    {
        var queue = new DropOldestQueue<Item>(4);
        for (var i = 0; i < 10; i++)
        {
            queue.Enqueue(new Item(0, i));
        }

        Assert.That(queue.DroppedCount, Is.EqualTo(6));
        Assert.That(queue.Count, Is.EqualTo(4));
        Assert.That(Drain(queue).Select(item => item.Sequence), Is.EqualTo(new[] { 6, 7, 8, 9 }), "the newest survive");
        Assert.That(queue.DequeuedCount, Is.EqualTo(10), "dropped items count as having left the queue");
    }

    [Test]
    public void The_ring_is_reused_lap_after_lap()
    {
        var queue = new DropOldestQueue<Item>(3);
        var received = new List<int>();
        for (var i = 0; i < 100; i++)
        {
            queue.Enqueue(new Item(0, i));
            if (i % 2 == 1)
            {
                received.AddRange(Drain(queue).Select(item => item.Sequence));
            }
        }

        Assert.That(received, Is.EqualTo(Enumerable.Range(0, 100)));
        Assert.That(queue.DroppedCount, Is.Zero);
    }

    [Test]
    public async Task Concurrent_producers_lose_nothing_below_capacity_and_keep_each_producers_order()
    {
        const int producers = 4;
        const int perProducer = 20_000;
        var queue = new DropOldestQueue<Item>(producers * perProducer);
        using var start = new Barrier(producers);
        var tasks = Enumerable.Range(0, producers).Select(p => Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perProducer; i++)
            {
                queue.Enqueue(new Item(p, i));
            }
        })).ToArray();

        // The consumer drains while the producers run, so cells are freed and reused under contention.
        var received = new List<Item>();
        while (!tasks.All(t => t.IsCompleted) || queue.Count > 0)
        {
            if (queue.TryDequeue(out var item))
            {
                received.Add(item!);
            }
        }

        await Task.WhenAll(tasks);
        received.AddRange(Drain(queue));
        Assert.That(queue.DroppedCount, Is.Zero);
        Assert.That(received, Has.Count.EqualTo(producers * perProducer));
        foreach (var producer in received.GroupBy(item => item.Producer))
        {
            Assert.That(producer.Select(item => item.Sequence), Is.EqualTo(Enumerable.Range(0, perProducer)), $"producer {producer.Key} in order");
        }
    }

    [Test]
    public async Task Concurrent_producers_overflowing_account_for_every_item_exactly_once()
    {
        const int producers = 4;
        const int perProducer = 50_000;
        var queue = new DropOldestQueue<Item>(64);
        using var start = new Barrier(producers + 1);
        var tasks = Enumerable.Range(0, producers).Select(p => Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perProducer; i++)
            {
                queue.Enqueue(new Item(p, i));
            }
        })).ToArray();

        var received = new List<Item>();
        start.SignalAndWait();
        while (!tasks.All(t => t.IsCompleted))
        {
            if (queue.TryDequeue(out var item))
            {
                received.Add(item!);
            }
        }

        await Task.WhenAll(tasks);
        received.AddRange(Drain(queue));
        Assert.That(received.Count + queue.DroppedCount, Is.EqualTo(producers * perProducer), "each item is either received or counted as dropped");
        Assert.That(received.Distinct().Count(), Is.EqualTo(received.Count), "no item is received twice");
        Assert.That(queue.DroppedCount, Is.Positive, "a 64-slot queue under four producers overflows");
        foreach (var producer in received.GroupBy(item => item.Producer))
        {
            var sequence = producer.Select(item => item.Sequence).ToList();
            Assert.That(sequence, Is.Ordered, $"producer {producer.Key}'s surviving items keep their order");
        }
    }

    private static List<Item> Drain(DropOldestQueue<Item> queue)
    {
        var items = new List<Item>();
        while (queue.TryDequeue(out var item))
        {
            items.Add(item!);
        }

        return items;
    }

    private sealed record Item(int Producer, int Sequence);
}
