using Minix3.Cosmos.Kernel.Ipc;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Ipc;

// Defect reports are never lost: a report the manager cannot take at once is
// held in the ended component's slot, which stays out of allocation until the
// manager receives it (IpcEngine.Defects).
[TestFixture]
public sealed class DefectReportTests : IpcFixture
{
    // What Termination.End does: the process leaves, then its manager hears of it.
    private void End(Process manager, Process component, long detail)
    {
        Endpoint endpoint = component.Endpoint;
        Ipc.ProcessExited(component);
        Ipc.ReportDefect(manager, component, new Message { Word0 = endpoint.Value, Word1 = (long)DefectClass.Killed, Word3 = detail });
    }

    [Test]
    public void AReportReachesAManagerWaitingForAnyAtOnce()
    {
        Process manager = Start(), component = Start();
        Endpoint endpoint = component.Endpoint;
        AssertBlocked(Receive(manager, Endpoint.Any));

        End(manager, component, 7);

        AssertReleased(manager, Status.Ok);
        Message report = Received(manager);
        Assert.That(report.Source, Is.EqualTo(Endpoint.Kernel.Value));
        Assert.That(report.Type, Is.EqualTo(KernelMessageType.DefectReport));
        Assert.That(report.Word0, Is.EqualTo(endpoint.Value));
        Assert.That(component.ReportHeld, Is.False, "nothing held once delivered");
    }

    [Test]
    public void ABurstWhileTheManagerIsBusyIsHeldAndEveryReportArrives()
    {
        Process manager = Start(), other = Start();
        // The manager waits for another process (a SendRec to DS, say): no report can reach it.
        AssertBlocked(SendRec(manager, other.Endpoint, 1));
        var ended = new System.Collections.Generic.List<int>();
        for (int i = 0; i < 50; i++)
        {
            Process component = Start();
            ended.Add(component.Endpoint.Value);
            End(manager, component, i);
        }
        Assert.That(IpcEngine.PendingDefectCount(manager), Is.EqualTo(50), "far more than any message queue holds");

        var received = new System.Collections.Generic.List<int>();
        for (int i = 0; i < 50; i++)
        {
            AssertCompleted(Receive(manager, Endpoint.Kernel), Status.Ok);
            Message report = Received(manager);
            Assert.That(report.Type, Is.EqualTo(KernelMessageType.DefectReport));
            received.Add((int)report.Word0);
        }
        Assert.That(received, Is.EqualTo(ended), "in the order they ended");
        Assert.That(IpcEngine.PendingDefectCount(manager), Is.Zero);
        AssertBlocked(Receive(manager, Endpoint.Kernel));
    }

    [Test]
    public void AHeldSlotIsNotReusedUntilItsReportIsTaken()
    {
        Process manager = Start(), busy = Start();
        AssertBlocked(SendRec(manager, busy.Endpoint, 1));
        Process component = Start();
        int slot = component.Slot;
        End(manager, component, 0);

        Process next = Start();
        Assert.That(next.Slot, Is.Not.EqualTo(slot), "the held slot is skipped");
        Assert.That(Table.AllocateSlot(slot, Table.NoPrivilege), Is.Null);

        // Reply to the manager's SendRec, then it receives the report.
        Host.TakeTrapResult(busy);
        AssertCompleted(Receive(busy, manager.Endpoint), Status.Ok);
        AssertCompleted(Send(busy, manager.Endpoint, 2), Status.Ok);
        AssertReleased(manager, Status.Ok);
        AssertCompleted(Receive(manager, Endpoint.Any), Status.Ok);
        Assert.That(Received(manager).Type, Is.EqualTo(KernelMessageType.DefectReport));

        Assert.That(Table.AllocateSlot(slot, Table.NoPrivilege), Is.Not.Null, "free again");
    }

    [Test]
    public void ReportsComeAfterTheKernelsNotificationAndBeforeProcessMessages()
    {
        Process manager = Start(), busy = Start(), client = Start();
        AssertBlocked(SendRec(manager, busy.Endpoint, 1));
        Process component = Start();
        End(manager, component, 0);
        AssertCompleted(SendAsync(client, manager.Endpoint, 5), Status.Ok);
        Ipc.NotifyFromKernel(manager, 0, alarm: true);
        Host.TakeTrapResult(busy);
        AssertCompleted(Receive(busy, manager.Endpoint), Status.Ok);
        AssertCompleted(Send(busy, manager.Endpoint, 2), Status.Ok);
        AssertReleased(manager, Status.Ok);

        AssertCompleted(Receive(manager, Endpoint.Any), Status.Ok);
        Assert.That(Received(manager).Type, Is.EqualTo(KernelMessageType.Notification));
        AssertCompleted(Receive(manager, Endpoint.Any), Status.Ok);
        Assert.That(Received(manager).Type, Is.EqualTo(KernelMessageType.DefectReport));
        AssertCompleted(Receive(manager, Endpoint.Any), Status.Ok);
        AssertMessage(Received(manager), client, 5, 0);
    }

    [Test]
    public void AReceiveFromAProcessDoesNotTakeAReport()
    {
        Process manager = Start(), other = Start(), component = Start();
        End(manager, component, 0);

        AssertBlocked(Receive(manager, other.Endpoint));

        Assert.That(IpcEngine.PendingDefectCount(manager), Is.EqualTo(1));
    }

    [Test]
    public void ABadBufferLeavesTheReportHeld()
    {
        Process manager = Start(), component = Start();
        End(manager, component, 0);

        Host.TakeTrapResult(manager);
        AssertCompleted(Ipc.Receive(manager, Endpoint.Any, ReadOnlyBuffer), Status.BadAddress);

        Assert.That(IpcEngine.PendingDefectCount(manager), Is.EqualTo(1));
        AssertCompleted(Receive(manager, Endpoint.Any), Status.Ok);
        Assert.That(Received(manager).Type, Is.EqualTo(KernelMessageType.DefectReport));
    }

    [Test]
    public void AManagerThatEndsReleasesTheSlotsItsReportsHeld()
    {
        Process manager = Start(), component = Start();
        int slot = component.Slot;
        End(manager, component, 0);

        Ipc.ProcessExited(manager);

        Assert.That(Table[slot].ReportHeld, Is.False);
        Assert.That(Table.AllocateSlot(slot, Table.NoPrivilege), Is.Not.Null);
    }
}
