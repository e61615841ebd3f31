using Minix3.Cosmos.Bench;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Bench;

// The bench's restart latencies (bench/CrashLatencies.cs): each kill
// paired with the successor's first frame (or request), from constructed
// time stamps.
[TestFixture]
public class CrashLatenciesTests
{
    [Test]
    public void EachKillIsPairedWithTheFirstInstanceStartedAfterIt()
    {
        // The boot instance's first frame at 50; kills at 1000 and 5000,
        // successors' first frames at 1700 and 5300.
        var latencies = CrashLatencies.Pair(new long[] { 5000, 1000 }, new long[] { 50, 5300, 1700 });
        Assert.That(latencies, Is.EqualTo(new double[] { 700, 300 }));
    }

    [Test]
    public void AKillBeforeTheSuccessorDidAnythingHasNoLatency()
    {
        // Kills at 1000 and 1200; the only first frame after them at 1500:
        // it belongs to the instance started after the second kill.
        var latencies = CrashLatencies.Pair(new long[] { 1000, 1200 }, new long[] { 1500 });
        Assert.That(latencies, Is.EqualTo(new double[] { 300 }));
        Assert.That(CrashLatencies.Pair(new long[] { 1000 }, new long[] { 900 }), Is.Empty, "no frame after the kill");
    }

    [Test]
    public void MedianOfOddAndEvenCounts()
    {
        Assert.That(CrashLatencies.Median(new double[] { 5, 1, 3 }), Is.EqualTo(3));
        Assert.That(CrashLatencies.Median(new double[] { 4, 1, 3, 10 }), Is.EqualTo(3.5));
        Assert.That(CrashLatencies.Median(new double[0]), Is.NaN);
    }
}
