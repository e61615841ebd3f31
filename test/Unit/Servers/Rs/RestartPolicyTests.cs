using Minix3.Cosmos.Servers.Rs.Table;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Rs;

[TestFixture]
public sealed class RestartPolicyTests
{
    [Test]
    public void QuickFailuresBackOffWithADoublingDelay()
    {
        var policy = new RestartPolicy(limit: 5, windowSeconds: 60);
        long[] expected = { 0, 100, 200, 400, 800 };
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.That(policy.Failed(10 * i, out long delay), Is.True);
            Assert.That(delay, Is.EqualTo(expected[i]), $"failure {i + 1}");
            Assert.That(policy.Repetition, Is.EqualTo(i + 1));
        }
    }

    [Test]
    public void AnInstanceThatRanAWhileIsRestartedAtOnce()
    {
        var policy = new RestartPolicy(limit: 10, windowSeconds: 60);
        Assert.That(policy.Failed(0, out _), Is.True);
        Assert.That(policy.Failed(50, out long quick), Is.True);
        Assert.That(quick, Is.EqualTo(100));
        Assert.That(policy.Failed(4_050, out long later), Is.True, "four seconds later: not a crash loop");
        Assert.That(later, Is.Zero);
        Assert.That(policy.Repetition, Is.EqualTo(3), "the window still counts every failure");
    }

    [Test]
    public void AFailureBeyondTheLimitWithinTheWindowStopsTheComponent()
    {
        var policy = new RestartPolicy(limit: 3, windowSeconds: 60);
        for (int i = 0; i < 3; i++)
            Assert.That(policy.Failed(i * 10, out _), Is.True);
        Assert.That(policy.Failed(40, out _), Is.False);
        Assert.That(policy.Repetition, Is.EqualTo(4));
    }

    [Test]
    public void FailuresOutsideTheWindowAreForgotten()
    {
        var policy = new RestartPolicy(limit: 2, windowSeconds: 10);
        Assert.That(policy.Failed(0, out _), Is.True);
        Assert.That(policy.Failed(5_000, out _), Is.True);
        Assert.That(policy.Failed(20_000, out long delay), Is.True, "the first two are older than the window");
        Assert.That(delay, Is.Zero);
        Assert.That(policy.Repetition, Is.EqualTo(1));
    }

    [Test]
    public void NoRestartsAllowedMeansTheFirstFailureStops()
    {
        var policy = new RestartPolicy(limit: 0, windowSeconds: 60);
        Assert.That(policy.Failed(0, out _), Is.False);
    }

    [Test]
    public void TheDelayIsCapped()
    {
        var policy = new RestartPolicy(limit: 100, windowSeconds: 3600);
        long delay = 0;
        for (int i = 0; i < 40; i++)
            policy.Failed(i, out delay);
        // 40 failures 1 ms apart: quick, so the delay grew to the cap.
        Assert.That(delay, Is.EqualTo(RestartPolicy.MaxDelayMs));
    }

    [Test]
    public void AfterForgetAComponentStoppedAtItsLimitHasItsWholeBudgetAgain()
    {
        var policy = new RestartPolicy(limit: 2, windowSeconds: 60);
        Assert.That(policy.Failed(0, out _) && policy.Failed(1000, out _), Is.True);
        Assert.That(policy.Failed(2000, out _), Is.False, "stopped at its limit");

        policy.Forget();   // service up

        Assert.That(policy.Repetition, Is.Zero);
        Assert.That(policy.Failed(3000, out long delay), Is.True, "a failure right after up is the first, not the fourth");
        Assert.That((policy.Repetition, delay), Is.EqualTo((1, 0L)));
        Assert.That(policy.Failed(4000, out _), Is.True);
        Assert.That(policy.Failed(5000, out _), Is.False);
    }
}
