using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Vfs;

// One call per driver, minor and request type in flight, the rest queued;
// a reply matches by endpoint, type and minor; an exiting caller's calls vanish.
[TestFixture]
public sealed class DeviceCallsTests
{
    private static readonly DeviceEntry Console = new("console", "tty", 0, true);
    private static readonly DeviceEntry Null = new("null", "memory", 0, false);
    private static readonly DeviceEntry Serial = new("tty00", "tty", 1, true);

    [Test]
    public void CallsQueuePerDriverAndType()
    {
        var calls = new DeviceCalls();
        var first = new DeviceCall(1, Console, DriverRequest.Read, 5, 10);
        var second = new DeviceCall(2, Console, DriverRequest.Read, 6, 10);
        var write = new DeviceCall(3, Console, DriverRequest.Write, 7, 10);
        calls.Add(first);
        calls.Add(second);
        calls.Add(write);
        Assert.That(calls.NextToSend("tty", 0, DriverRequest.Read), Is.SameAs(first));
        first.InFlight = true;
        first.DriverEndpoint = 70;
        Assert.That(calls.NextToSend("tty", 0, DriverRequest.Read), Is.Null, "one read in flight at a time");
        Assert.That(calls.NextToSend("tty", 0, DriverRequest.Write), Is.SameAs(write), "a write is not held behind a read");

        Assert.That(calls.Match(70, DriverRequest.Write, 0), Is.Null);
        Assert.That(calls.Match(71, DriverRequest.Read, 0), Is.Null, "a stranger's reply matches nothing");
        Assert.That(calls.Match(70, DriverRequest.Read, 0), Is.SameAs(first));
        calls.Remove(first);
        Assert.That(calls.NextToSend("tty", 0, DriverRequest.Read), Is.SameAs(second));
    }

    [Test]
    public void ReadsOfTwoMinorsOfOneDriverAreInFlightTogether()
    {
        var calls = new DeviceCalls();
        var console = new DeviceCall(1, Console, DriverRequest.Read, 5, 10) { InFlight = true, DriverEndpoint = 70 };
        var serial = new DeviceCall(2, Serial, DriverRequest.Read, 6, 10);
        calls.Add(console);
        calls.Add(serial);
        Assert.That(calls.NextToSend("tty", 1, DriverRequest.Read), Is.SameAs(serial), "the console's waiting read does not hold the serial line's back");
        serial.InFlight = true;
        serial.DriverEndpoint = 70;
        Assert.That(calls.Match(70, DriverRequest.Read, 1), Is.SameAs(serial));
        Assert.That(calls.Match(70, DriverRequest.Read, 0), Is.SameAs(console));
        Assert.That(calls.Match(70, DriverRequest.Read, 2), Is.Null, "a reply for a minor nobody asked matches nothing");
        Assert.That(calls.QueueHeads(), Has.Count.EqualTo(2));
    }

    [Test]
    public void AnExitingCallerLeavesQueuedCallsAndAbandonsOnesInFlight()
    {
        var calls = new DeviceCalls();
        var held = new DeviceCall(1, Console, DriverRequest.Read, 5, 10) { InFlight = true, DriverEndpoint = 70 };
        var queued = new DeviceCall(1, Null, DriverRequest.Write, 6, 10);
        var other = new DeviceCall(2, Null, DriverRequest.Read, 7, 10);
        calls.Add(held);
        calls.Add(queued);
        calls.Add(other);
        var inFlight = calls.CancelCaller(1);
        Assert.That(inFlight, Is.EqualTo(new[] { held }));
        Assert.That(held.Abandoned, Is.True);
        Assert.That(calls.Count, Is.EqualTo(2), "the held read stays until the driver answers it");
        Assert.That(calls.NextToSend("memory", 0, DriverRequest.Write), Is.Null);
        Assert.That(calls.NextToSend("memory", 0, DriverRequest.Read), Is.SameAs(other));
    }
}

// A restarted driver: calls in flight to its old endpoint go back to the
// queue (to be sent to the new one), abandoned ones are dropped.
[TestFixture]
public sealed class DeviceRestartTests
{
    [Test]
    public void CallsInFlightToAnOldEndpointAreQueuedAgain()
    {
        var tty = new DeviceEntry("console", "tty", 0, true);
        var calls = new DeviceCalls();
        var read = new DeviceCall(1, tty, DriverRequest.Read, 5, 10) { InFlight = true, DriverEndpoint = 70 };
        var gone = new DeviceCall(2, tty, DriverRequest.Write, 6, 10) { InFlight = true, DriverEndpoint = 70, Abandoned = true };
        var current = new DeviceCall(3, tty, DriverRequest.Write, 7, 10) { InFlight = true, DriverEndpoint = 134 };
        calls.Add(read);
        calls.Add(gone);
        calls.Add(current);

        var taken = calls.Requeue("tty", 134);
        Assert.That(taken, Is.EquivalentTo(new[] { read, gone }));
        Assert.That(read.InFlight, Is.False);
        Assert.That(current.InFlight, Is.True, "a call to the live endpoint stays");
        Assert.That(calls.Count, Is.EqualTo(2), "the abandoned call is dropped");
        Assert.That(calls.NextToSend("tty", 0, DriverRequest.Read), Is.SameAs(read), "the read is sent again");
        Assert.That(calls.Requeue("tty", 134), Is.Empty, "nothing more to take back");
    }
}

// A driver the reincarnation server stopped: every call of it is taken
// out to be failed at once, in flight or queued; other drivers' stay.
[TestFixture]
public sealed class DeviceDownTests
{
    [Test]
    public void EveryCallOfADriverThatIsDownIsTakenOut()
    {
        var hello = new DeviceEntry("hello", "hello", 0, false);
        var zero = new DeviceEntry("zero", "memory", 1, false);
        var calls = new DeviceCalls();
        var inFlight = new DeviceCall(1, hello, DriverRequest.Read, 5, 10) { InFlight = true, DriverEndpoint = 70 };
        var waiting = new DeviceCall(2, hello, DriverRequest.Read, 6, 10) { WaitTick = 3 };
        var abandoned = new DeviceCall(3, hello, DriverRequest.Write, 7, 10) { InFlight = true, DriverEndpoint = 70, Abandoned = true };
        var other = new DeviceCall(4, zero, DriverRequest.Read, 8, 10) { InFlight = true, DriverEndpoint = 71 };
        calls.Add(inFlight);
        calls.Add(waiting);
        calls.Add(abandoned);
        calls.Add(other);

        Assert.That(calls.TakeDriver("hello"), Is.EqualTo(new[] { inFlight, waiting, abandoned }), "in arrival order");
        Assert.That(calls.Count, Is.EqualTo(1));
        Assert.That(calls.Match(71, DriverRequest.Read, 1), Is.SameAs(other), "another driver's call stays in flight");
        Assert.That(calls.TakeDriver("hello"), Is.Empty);
        Assert.That(calls.Overdue(10, out bool othersWaiting), Is.Empty, "nothing left waiting for hello's successor");
        Assert.That(othersWaiting, Is.False);
    }
}
