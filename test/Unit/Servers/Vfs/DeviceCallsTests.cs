using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Vfs;

// One call per driver and request type in flight, the rest queued; a
// reply matches by endpoint and type; an exiting caller's calls vanish.
[TestFixture]
public sealed class DeviceCallsTests
{
    private static readonly DeviceEntry Console = new("console", "tty", 0, true);
    private static readonly DeviceEntry Null = new("null", "memory", 0, false);

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
        Assert.That(calls.NextToSend("tty", DriverRequest.Read), Is.SameAs(first));
        first.InFlight = true;
        first.DriverEndpoint = 70;
        Assert.That(calls.NextToSend("tty", DriverRequest.Read), Is.Null, "one read in flight at a time");
        Assert.That(calls.NextToSend("tty", DriverRequest.Write), Is.SameAs(write), "a write is not held behind a read");

        Assert.That(calls.Match(70, DriverRequest.Write), Is.Null);
        Assert.That(calls.Match(71, DriverRequest.Read), Is.Null, "a stranger's reply matches nothing");
        Assert.That(calls.Match(70, DriverRequest.Read), Is.SameAs(first));
        calls.Remove(first);
        Assert.That(calls.NextToSend("tty", DriverRequest.Read), Is.SameAs(second));
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
        Assert.That(calls.NextToSend("memory", DriverRequest.Write), Is.Null);
        Assert.That(calls.NextToSend("memory", DriverRequest.Read), Is.SameAs(other));
    }
}
