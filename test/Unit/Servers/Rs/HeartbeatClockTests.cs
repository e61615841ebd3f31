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

    [Test]
    public void TheFirstPingComesAFullPeriodAfterTheStart()
    {
        var clock = new HeartbeatClock();
        clock.Started(5_000, 1_000);
        Assert.That(clock.NextPingMs, Is.EqualTo(6_000));
        Assert.That(clock.Check(5_990, 1_000, 1), Is.EqualTo(Verdict.Wait));
        Assert.That(clock.Check(6_000, 1_000, 1), Is.EqualTo(Verdict.Ping));
        Assert.That(clock.AwaitingAnswer, Is.True);
        Assert.That(clock.NextPingMs, Is.EqualTo(7_000));
    }

    [Test]
    public void AComponentThatAnswersIsPingedForEver()
    {
        var clock = new HeartbeatClock();
        clock.Started(0, 500);
        for (long now = 500; now < 60_000; now += 500)
        {
            Assert.That(clock.Check(now, 500, 1), Is.EqualTo(Verdict.Ping), $"at {now} ms");
            clock.Answered(now + 480);   // late, but within the period
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
            var clock = new HeartbeatClock();
            clock.Started(0, Period);
            long lastAnswer = 0, found = -1;
            for (long now = Tick; now < 10 * Period && found < 0; now += Tick)
            {
                Verdict verdict = clock.Check(now, Period, 1);
                if (verdict == Verdict.Dead)
                    found = now;
                else if (verdict == Verdict.Ping && now < stop)
                {
                    clock.Answered(now);  // answered at once while it still runs
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
        var clock = new HeartbeatClock();
        clock.Started(0, 200);
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
        var clock = new HeartbeatClock();
        clock.Started(0, 200);
        clock.Check(200, 200, 2);
        clock.Check(400, 200, 2);
        Assert.That(clock.Misses, Is.EqualTo(1));
        clock.Answered(450);
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
        var clock = new HeartbeatClock();
        clock.Started(0, 1_000);
        Assert.That(clock.Check(1_030, 1_000, 1), Is.EqualTo(Verdict.Ping));
        Assert.That(clock.NextPingMs, Is.EqualTo(2_000), "still on the grid");
        clock.Answered(1_040);
        Assert.That(clock.Check(7_500, 1_000, 1), Is.EqualTo(Verdict.Ping));
        Assert.That(clock.NextPingMs, Is.EqualTo(8_500), "a period after the stalled check");
        Assert.That(clock.Check(7_510, 1_000, 1), Is.EqualTo(Verdict.Wait));
    }

    [Test]
    public void AVerdictIsGivenOncePerPeriodAndARestartForgetsIt()
    {
        var clock = new HeartbeatClock();
        clock.Started(0, 500);
        clock.Check(500, 500, 1);
        Assert.That(clock.Check(1_000, 500, 1), Is.EqualTo(Verdict.Dead));
        Assert.That(clock.Check(1_010, 500, 1), Is.EqualTo(Verdict.Wait), "RS is ending it: not again at once");
        Assert.That(clock.Check(1_500, 500, 1), Is.EqualTo(Verdict.Dead), "still there a period later: again");

        clock.Started(1_600, 500);
        Assert.That(clock.Misses, Is.Zero);
        Assert.That(clock.AwaitingAnswer, Is.False);
        Assert.That(clock.LastAnswerMs, Is.EqualTo(1_600), "its start counts as a sign of life");
        Assert.That(clock.Check(2_100, 500, 1), Is.EqualTo(Verdict.Ping));
    }
}
