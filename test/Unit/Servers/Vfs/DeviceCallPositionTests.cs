using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Vfs;

// Device calls at a position (the RAM disk, hello) and calls waiting for a
// restarted driver: the position is fixed when first sent (a call sent
// again asks for the same bytes) and moves the open file past what the
// driver moved; terminals have none. Waits end after their period.
public class DeviceCallPositionTests
{
    private static readonly DeviceEntry Ram = new("ram", "memory", 2, false);
    private static readonly DeviceEntry Console = new("console", "tty", 0, true);

    [Test]
    public void ASeekableDeviceReadsAtTheFilePositionAndMovesIt()
    {
        var file = new OpenFile(OpenFileKind.Device, "/dev/ram", true, true) { Device = Ram, Position = 100 };
        var call = new DeviceCall(1, Ram, DriverRequest.Read, 5, 50) { File = file };
        Assert.That(call.PositionToSend(), Is.EqualTo(100));
        file.Position = 7; // another call moved the shared file meanwhile
        Assert.That(call.PositionToSend(), Is.EqualTo(100), "sent again after a restart: the same bytes");
        call.Advance(50);
        Assert.That(file.Position, Is.EqualTo(150));
    }

    [Test]
    public void TerminalsHaveNoPosition()
    {
        var file = new OpenFile(OpenFileKind.Device, "/dev/console", true, true) { Device = Console, Position = 3 };
        var call = new DeviceCall(1, Console, DriverRequest.Read, 5, 50) { File = file };
        Assert.That(Console.Seekable, Is.False);
        Assert.That(call.PositionToSend(), Is.Zero);
        call.Advance(10);
        Assert.That(file.Position, Is.EqualTo(3));
    }

    [Test]
    public void NothingMovedLeavesThePosition()
    {
        var file = new OpenFile(OpenFileKind.Device, "/dev/ram", true, true) { Device = Ram, Position = 65536 };
        var call = new DeviceCall(1, Ram, DriverRequest.Read, 5, 50) { File = file };
        call.PositionToSend();
        call.Advance(0);
        Assert.That(file.Position, Is.EqualTo(65536));
    }

    [Test]
    public void WaitsForARestartEndAfterTheirTick()
    {
        var calls = new DeviceCalls();
        var early = new DeviceCall(1, Ram, DriverRequest.Read, 5, 10) { WaitTick = 3 };
        var late = new DeviceCall(2, Ram, DriverRequest.Write, 6, 10) { WaitTick = 4 };
        var sent = new DeviceCall(3, Console, DriverRequest.Read, 7, 10) { InFlight = true, DriverEndpoint = 70 };
        calls.Add(early);
        calls.Add(late);
        calls.Add(sent);
        Assert.That(calls.Overdue(2, out bool waiting), Is.Empty);
        Assert.That(waiting, Is.True);
        Assert.That(calls.Overdue(3, out waiting), Is.EqualTo(new[] { early }));
        Assert.That(waiting, Is.True, "the later call still waits");
        Assert.That(calls.Overdue(4, out waiting), Is.EquivalentTo(new[] { early, late }));
        Assert.That(waiting, Is.False);
    }
}
