using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vm;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Vm;

// vm's bookkeeping of device windows: filled from the bottom per process,
// empty again for the slot's next process and after an exec.
[NonParallelizable]
public class DeviceWindowsTests
{
    [Test]
    public void AWindowFillsUpAndIsEmptyForTheSlotsNextProcessAndAfterExec()
    {
        int first = Endpoint.From(7, 1).Value, next = Endpoint.From(7, 2).Value, other = Endpoint.From(8, 1).Value;
        DeviceWindows.Forget(first);
        DeviceWindows.Forget(other);
        Assert.That(DeviceWindows.Used(first), Is.Zero);
        DeviceWindows.Add(first, 0x1000);
        DeviceWindows.Add(first, 0x2000);
        Assert.That(DeviceWindows.Used(first), Is.EqualTo(0x3000));
        Assert.That(DeviceWindows.Used(other), Is.Zero, "per process");
        Assert.That(DeviceWindows.Used(next), Is.Zero, "another generation in the slot starts empty");
        DeviceWindows.Add(next, 0x1000);
        Assert.That(DeviceWindows.Used(next), Is.EqualTo(0x1000), "and does not inherit the old one's use");
        DeviceWindows.Forget(next);
        Assert.That(DeviceWindows.Used(next), Is.Zero, "exec empties it");
        Assert.That(DeviceWindows.Base + DeviceWindows.Size, Is.LessThanOrEqualTo(UserSpace.Limit));
    }
}
