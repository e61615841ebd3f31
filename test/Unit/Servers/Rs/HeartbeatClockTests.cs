using Minix3.Cosmos.Servers.Rs.Table;
using NUnit.Framework;
using Verdict = Minix3.Cosmos.Servers.Rs.Table.HeartbeatClock.Verdict;

namespace Minix3.Cosmos.Unit.Servers.Rs;

// RS's heartbeat timing (src/Servers/Rs/Table/HeartbeatClock.cs), driven
// the way RS drives it: Check at every alarm, Answered when a ping's answer
// arrives. Times in ms on a 10 ms clock (100 Hz), as RS sees them.
[TestFixture]
public sealed class HeartbeatClockTests
{
    private const long Tick = 10;

    // A component that has started and answered its first ping at `start`:
    // the grid begins there.
    private static HeartbeatClock Running(long start, long period)
    {
        var clock = new HeartbeatClock();
        clock.Started(start, period);
        Assert.That(clock.Check(start, period, 1), Is.EqualTo(Verdict.Ping), "the first ping goes at once");
        clock.Answered(start, period);
        return clock;
    }

    [Test]
    public void TheFirstPingGoesAtOnceAndTheGridBeginsAtItsAnswer()
    {
        var clock = new HeartbeatClock();
        clock.Started(5_000, 1_000);
        Assert.That(clock.Starting, Is.True);
        Assert.That(clock.Check(5_000, 1_000, 1), Is.EqualTo(Verdict.Ping));
        clock.Answered(5_040, 1_000);
        Assert.That(clock.Starting, Is.False);
        Assert.That(clock.NextPingMs, Is.EqualTo(6_040));
        Assert.That(clock.Check(6_030, 1_000, 1), Is.EqualTo(Verdict.Wait));
        Assert.That(clock.Check(6_040, 1_000, 1), Is.EqualTo(Verdict.Ping));
        Assert.That(clock.AwaitingAnswer, Is.True);
        Assert.That(clock.NextPingMs, Is.EqualTo(7_040));
    }

    // Probing a device may take longer than a period: a new instance has
    // StartupMs to answer its first ping, then it is given up.
    [Test]
    public void AStartingComponentHasTheStartupTimeToAnswerAndNoMore()
    {
        var clock = new HeartbeatClock();
        clock.Started(1_000, 1_000);
        Assert.That(clock.Check(1_000, 1_000, 1), Is.EqualTo(Verdict.Ping));
        for (long now = 1_000 + Tick; now < 1_000 + HeartbeatClock.StartupMs; now += Tick)
            Assert.That(clock.Check(now, 1_000, 1), Is.EqualTo(Verdict.Wait), $"at {now} ms");
        Assert.That(clock.Check(1_000 + HeartbeatClock.StartupMs, 1_000, 1), Is.EqualTo(Verdict.Dead));

        var slow = new HeartbeatClock();
        slow.Started(0, 1_000);
        slow.Check(0, 1_000, 1);
        Assert.That(slow.Check(HeartbeatClock.StartupMs - Tick, 1_000, 1), Is.EqualTo(Verdict.Wait));
        slow.Answered(HeartbeatClock.StartupMs - Tick, 1_000);
        Assert.That(slow.Check(HeartbeatClock.StartupMs, 1_000, 1), Is.EqualTo(Verdict.Wait), "answered in time: running");
    }

    [Test]
    public void AComponentThatAnswersIsPingedForEver()
    {
        HeartbeatClock clock = Running(0, 500);
        for (long now = 500; now < 60_000; now += 500)
        {
            Assert.That(clock.Check(now, 500, 1), Is.EqualTo(Verdict.Ping), $"at {now} ms");
            clock.Answered(now + 480, 500);   // late, but within the period
        }
    }

    [Test]
    public void NoPeriodMeansNoPings()
    {
        var clock = new HeartbeatClock();
        clock.Started(0, 0);
        Assert.That(clock.NextPingMs, Is.EqualTo(long.MaxValue));
        Assert.That(clock.Check(1_000_000, 0, 1), Is.EqualTo(Verdict.Wait));
    }

    // The promise, for every moment a component may stop
    // answering: with misses=1 RS gives up on it at most two periods after
    // its last answer (and so after the loop began), and never before one
    // period has passed without an answer.
    [Test]
    public void WithOneMissAComponentThatStopsIsFoundWithinTwoPeriods()
    {
        const long Period = 1_000;
        for (long stop = 0; stop < 3 * Period; stop += Tick)
        {
            HeartbeatClock clock = Running(0, Period);
            long lastAnswer = 0, found = -1;
            for (long now = Tick; now < 10 * Period && found < 0; now += Tick)
            {
                Verdict verdict = clock.Check(now, Period, 1);
                if (verdict == Verdict.Dead)
                    found = now;
                else if (verdict == Verdict.Ping && now < stop)
                {
                    clock.Answered(now, Period);  // answered at once while it still runs
                    lastAnswer = now;
                }
            }
            Assert.That(found, Is.GreaterThan(stop), $"stopping at {stop} ms");
            Assert.That(found - lastAnswer, Is.LessThanOrEqualTo(2 * Period), $"stopping at {stop} ms: silent {found - lastAnswer} ms");
            Assert.That(found - stop, Is.LessThanOrEqualTo(2 * Period), $"stopping at {stop} ms");
            Assert.That(found - lastAnswer, Is.GreaterThanOrEqualTo(Period), "a full period to answer");
            Assert.That(clock.LastAnswerMs, Is.EqualTo(lastAnswer));
        }
    }

    [Test]
    public void MoreMissesGiveMorePings()
    {
        HeartbeatClock clock = Running(0, 200);
        Assert.That(clock.Check(200, 200, 3), Is.EqualTo(Verdict.Ping));
        Assert.That(clock.Check(400, 200, 3), Is.EqualTo(Verdict.Ping), "one miss");
        Assert.That(clock.Check(600, 200, 3), Is.EqualTo(Verdict.Ping), "two misses");
        Assert.That(clock.Misses, Is.EqualTo(2));
        Assert.That(clock.Check(800, 200, 3), Is.EqualTo(Verdict.Dead), "the third");
        Assert.That(clock.Misses, Is.EqualTo(3));
    }

    [Test]
    public void AnAnswerToAnyOutstandingPingClearsTheMisses()
    {
        HeartbeatClock clock = Running(0, 200);
        clock.Check(200, 200, 2);
        clock.Check(400, 200, 2);
        Assert.That(clock.Misses, Is.EqualTo(1));
        clock.Answered(450, 200);
        Assert.That(clock.Misses, Is.Zero);
        Assert.That(clock.AwaitingAnswer, Is.False);
        Assert.That(clock.Check(600, 200, 2), Is.EqualTo(Verdict.Ping));
        Assert.That(clock.Check(800, 200, 2), Is.EqualTo(Verdict.Ping), "one miss again, not two");
    }

    // RS's alarm can come late (RS busy); the pings stay on their grid, so
    // lateness never adds up, and after a long stall there is one ping, not
    // a burst of the missed ones.
    [Test]
    public void ALateCheckDoesNotMoveTheGridAndAStallDoesNotBurst()
    {
        HeartbeatClock clock = Running(0, 1_000);
        Assert.That(clock.Check(1_030, 1_000, 1), Is.EqualTo(Verdict.Ping));
        Assert.That(clock.NextPingMs, Is.EqualTo(2_000), "still on the grid");
        clock.Answered(1_040, 1_000);
        Assert.That(clock.Check(7_500, 1_000, 1), Is.EqualTo(Verdict.Ping));
        Assert.That(clock.NextPingMs, Is.EqualTo(8_500), "a period after the stalled check");
        Assert.That(clock.Check(7_510, 1_000, 1), Is.EqualTo(Verdict.Wait));
    }

    [Test]
    public void AVerdictIsGivenOncePerPeriodAndARestartForgetsIt()
    {
        HeartbeatClock clock = Running(0, 500);
        clock.Check(500, 500, 1);
        Assert.That(clock.Check(1_000, 500, 1), Is.EqualTo(Verdict.Dead));
        Assert.That(clock.Check(1_010, 500, 1), Is.EqualTo(Verdict.Wait), "RS is ending it: not again at once");
        Assert.That(clock.Check(1_500, 500, 1), Is.EqualTo(Verdict.Dead), "still there a period later: again");

        clock.Started(1_600, 500);
        Assert.That(clock.Misses, Is.Zero);
        Assert.That(clock.AwaitingAnswer, Is.False);
        Assert.That(clock.LastAnswerMs, Is.EqualTo(1_600), "its start counts as a sign of life");
        Assert.That(clock.Check(1_600, 500, 1), Is.EqualTo(Verdict.Ping), "the new instance is pinged at once");
    }
}
