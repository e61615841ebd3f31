using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Rs.Table;

namespace Minix3.Cosmos.Servers.Rs
{
    // RS, the reincarnation server. At start it takes charge of every boot
    // component whose privilege table names rs as its manager; the kernel
    // then sends RS a defect report whenever one of them ends (exit, panic,
    // CPU exception, kill). RS applies the component's restart policy and
    // starts a new instance from the boot image with the same table
    // (Restarter), so the new one has the same label and privileges; clients
    // find it by label (or in DS, key "ep.<label>").
    //
    // Not yet: heartbeats, recovery scripts, complaints, live update and the
    // `service` command (issue 6 continues).
    public static unsafe class Program
    {
        public static int Main()
        {
            var services = new List<Service>();
            Supervision.TakeCharge(services);
            Diagnostics.Print("rs: supervising " + services.Count.ToString() + " components");
            var restarter = new Restarter(services);
            Message message;
            while (true)
            {
                if (Ipc.Receive(Endpoint.Any, &message) != Status.Ok)
                    continue;
                if (message.Source != Endpoint.Kernel.Value)
                    continue;
                if (message.Type == KernelMessageType.DefectReport)
                    restarter.Ended((int)message.Word0, message.Word1, message.Word3);
                else if (message.Type == KernelMessageType.Notification && message.Word2 != 0)
                    restarter.AlarmRang();
            }
        }
    }
}
