using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Pm.Table;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Pm;

// ps's view: the kernel's processes with PM's pids, then the zombies.
[TestFixture]
public sealed class ProcessListTests
{
    [Test]
    public void MergesPidsStatesAndZombies()
    {
        var table = new ProcessTable();
        ProcessRecord init = table.AdoptInit(70, "init")!;
        ProcessRecord child = table.Fork(init, 71);
        child.Name = "child";
        ProcessRecord gone = table.Fork(init, 72);
        table.Ended(gone, 9, new System.Collections.Generic.List<WaitCompletion>());
        var kernel = new[]
        {
            new KernelProcess { Endpoint = 5, Flags = 0, Label = "pm", MemoryBytes = 8192 },
            new KernelProcess { Endpoint = 70, Flags = ProcessList.FlagSending | ProcessList.FlagReceiving, Label = "init" },
            new KernelProcess { Endpoint = 71, Flags = ProcessList.FlagReceiving, Label = "user" },
            new KernelProcess { Endpoint = 9, Flags = 0, Label = "ds" },
            new KernelProcess { Endpoint = 10, Flags = ProcessList.FlagStopped, Label = "tty" },
        };
        var rows = ProcessList.Merge(table, kernel, kernel.Length, self: 5);
        Assert.That(rows, Has.Count.EqualTo(6));
        Assert.That((rows[0].Pid, rows[0].Name, rows[0].State, rows[0].MemoryBytes), Is.EqualTo((0, "pm", PmProcessState.Running, 8192UL)));
        Assert.That((rows[1].Pid, rows[1].State), Is.EqualTo((1, PmProcessState.Sending)));
        Assert.That((rows[2].Pid, rows[2].Parent, rows[2].Name, rows[2].State), Is.EqualTo((child.Pid, 1, "child", PmProcessState.Receiving)));
        Assert.That((rows[3].Pid, rows[3].State), Is.EqualTo((0, PmProcessState.Ready)));
        Assert.That(rows[4].State, Is.EqualTo(PmProcessState.Stopped));
        Assert.That((rows[5].Pid, rows[5].State, rows[5].Parent), Is.EqualTo((gone.Pid, PmProcessState.Zombie, 1)));
        Assert.That(PmProcessState.Name(rows[5].State), Is.EqualTo("zombie"));
    }
}
